"""Optional single sign-on through Streamlit's ``st.login`` (OIDC), configured in ``.streamlit/secrets.toml``.

Roles stay local: an identity provider's login maps to the active local account whose username equals the
e-mail address (or the ``preferred_username`` claim); without one the user is told so.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from riskmodel.services import auth
from riskmodel.services.context import Actor
from riskmodel.store import Store


def configured() -> bool:
    """True when ``[auth]`` is configured in ``.streamlit/secrets.toml``."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 — no secrets file at all
        return False


def providers() -> list[str | None]:
    try:
        section = st.secrets["auth"]
    except Exception:  # noqa: BLE001
        return []
    names = [k for k, v in section.items() if isinstance(v, Mapping)]
    return names or [None]


def logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # noqa: BLE001
        return False


def identity() -> list[str]:
    names: list[str] = []
    for claim in ("email", "preferred_username"):
        try:
            value = st.user.get(claim)
        except Exception:  # noqa: BLE001
            value = None
        if isinstance(value, str) and value and value not in names:
            names.append(value)
    return names


def local_account(store: Store) -> tuple[Actor, int] | None:
    """The active local account (and its session epoch) of the identity provider's login, or None."""
    if not logged_in():
        return None
    for name in identity():
        user = auth.session_user(store, name)
        if user is not None and user.active:
            return user.actor, user.session_epoch
    return None


def sign_in(store: Store) -> Actor | None:
    """Open a session for the identity provider's login when a local account matches; the actor or None."""
    from riskmodel.ui import session

    found = local_account(store)
    if found is None:
        return None
    session.start(store, *found)
    auth.record_login(store, found[0], "oidc")
    return found[0]
