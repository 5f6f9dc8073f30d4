"""Server-side sessions of the app: an opaque token in ``st.session_state``, timeouts, ends (ASVS V3).

``st.session_state`` only holds a random token; the token maps to (database, user id, username, session
epoch, login time, last activity) in a registry in the server process. On every run the user is re-read
from the database (role, active flag, session epoch), so editing session keys grants nothing, a changed
role applies at the next click, and a deactivation or a password reset — which raise the user's
``session_epoch`` in the database — ends his sessions on every app instance at their next run.

Timeouts (``services.settings``): a session unused for ``RISKMODEL_SESSION_IDLE_MINUTES`` (30) or older than
``RISKMODEL_SESSION_MAX_HOURS`` (12) ends; the login page then says why. Every end is in the audit trail.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass, field

import streamlit as st

from riskmodel.services import auth, settings
from riskmodel.services.context import Actor
from riskmodel.store import Store
from riskmodel.ui.components.text import LANG_KEY, lang

log = logging.getLogger("riskmodel.ui")

SESSION_KEY = "_rm_session_token"
ENDED_KEY = "_rm_session_ended"  # why the last session ended (idle / expired / ended), for the login page


def clock() -> float:
    """Seconds since the epoch (a function so tests can move time)."""
    return time.time()


@dataclass
class Entry:
    url: str
    user_id: int
    username: str
    epoch: int
    created: float = field(default_factory=clock)
    last_seen: float = field(default_factory=clock)


class SessionRegistry:
    """Opaque token → session entry. Lives in the server process only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, Entry] = {}

    def open(self, url: str, actor: Actor, epoch: int) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._entries[token] = Entry(url, int(actor.user_id or 0), actor.username, epoch)
        return token

    def get(self, token: str) -> Entry | None:
        with self._lock:
            return self._entries.get(token)

    def close(self, token: str) -> Entry | None:
        with self._lock:
            return self._entries.pop(token, None)

    def forget_expired(self, now: float, max_age_s: float) -> None:
        with self._lock:
            for token in [t for t, e in self._entries.items() if now - e.created > max_age_s]:
                self._entries.pop(token, None)


@st.cache_resource(show_spinner=False)
def registry() -> SessionRegistry:
    return SessionRegistry()


def _end_reason(entry: Entry, user: auth.SessionUser | None) -> str | None:
    cfg = settings.current()
    now = clock()
    if user is None or not user.active or user.id != entry.user_id:
        return "ended"
    if user.session_epoch != entry.epoch:
        return "ended"  # password reset, deactivation or second factor reset since login
    if now - entry.created > cfg.session_max_hours * 3600:
        return "expired"
    if now - entry.last_seen > cfg.session_idle_minutes * 60:
        return "idle"
    return None


def current(store: Store) -> Actor | None:
    """The logged-in user of this browser session, fresh from the database, or None (session ended)."""
    token = st.session_state.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    entry = registry().get(token)
    if entry is None or entry.url != store.url:
        st.session_state.pop(SESSION_KEY, None)
        return None
    user = auth.session_user(store, entry.username)
    reason = _end_reason(entry, user)
    if reason is not None:
        end(store, reason, actor=user.actor if user is not None else None)
        return None
    entry.last_seen = clock()
    return user.actor if user else None


def start(store: Store, actor: Actor, epoch: int) -> None:
    """Open a session for ``actor`` after a complete login; a fresh token each time (no session fixation)."""
    old = st.session_state.get(SESSION_KEY)
    if isinstance(old, str):
        registry().close(old)
    st.session_state[SESSION_KEY] = registry().open(store.url, actor, epoch)
    st.session_state.pop(ENDED_KEY, None)
    registry().forget_expired(clock(), settings.current().session_max_hours * 3600)
    log.info("login %s (%s)", actor.username, actor.role)


def start_for(store: Store, actor: Actor) -> None:
    """``start`` with the user's current session epoch read from the database."""
    user = auth.session_user(store, actor.username)
    start(store, actor, user.session_epoch if user else 0)


def renew_epoch(epoch: int) -> None:
    """After the user changed his own password: this session continues under the new epoch."""
    token = st.session_state.get(SESSION_KEY)
    entry = registry().get(token) if isinstance(token, str) else None
    if entry is not None:
        entry.epoch = epoch


def end(store: Store, reason: str = "logout", *, actor: Actor | None = None) -> None:
    """End this browser session (logout, or a timeout), note it in the audit trail, keep the language."""
    token = st.session_state.get(SESSION_KEY)
    entry = registry().close(token) if isinstance(token, str) else None
    if entry is not None:
        who = actor or Actor(username=entry.username, role="", user_id=entry.user_id)
        try:
            auth.record_logout(store, who, reason)
        except Exception:  # a logout must never fail for want of an audit entry
            log.exception("could not record the logout of %s", entry.username)
    keep = {LANG_KEY: lang()}
    for key in list(st.session_state.keys()):
        st.session_state.pop(key, None)
    st.session_state.update(keep)
    if reason != "logout":
        st.session_state[ENDED_KEY] = reason
