"""The app shell: start-up, login, server-side session, language, navigation by role, error boundary.

How other areas plug in (see ``PAGE_REGISTRY``):

- a page is a file in ``riskmodel/ui/pages/`` that defines ``render()`` and ends with
  ``if __name__ == "__main__": render()`` (Streamlit executes page files as ``__main__``);
- ``render()`` starts with ``ctx = shell.page_context("leader")`` (the roles allowed), which re-reads the
  user's role from the database and stops the page for anyone else;
- the shell lists a registry entry per page (file, roles, title key, icon, section); an entry whose
  file does not exist yet is skipped, so pages can land independently.

Why a server-side session: ``st.session_state`` only holds an opaque random token; the token maps to
a username in a process-wide registry and the role is read from the database on every run. Changing
session keys (a "role" key, a user id) therefore grants nothing, and a deactivated account or a
changed role takes effect on the next click.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from riskmodel.errors import NotFoundError, RiskModelError
from riskmodel.i18n import LANGUAGES, t
from riskmodel.services.context import Actor
from riskmodel.store import Store, get_store
from riskmodel.ui.components.text import LANG_KEY, labeled, lang, role_label, tr

log = logging.getLogger("riskmodel.ui")

UI_DIR = Path(__file__).resolve().parent
PAGES_DIR = UI_DIR / "pages"
APP_DIR = UI_DIR.parents[1]  # where app.py lives; st.Page paths are relative to it
SESSION_KEY = "_rm_session_token"
LANG_SWITCH_KEY = "shell_lang_switch"
ASSESSMENT_PARAM = "a"  # query parameter naming the selected assessment
SELECTED_ASSESSMENT_KEY = "selected_assessment_id"


# --- page registry ------------------------------------------------------------------------------
@dataclass(frozen=True)
class PageSpec:
    """One page of the app: which roles see it and how it appears in the navigation."""

    file: str  # file name in riskmodel/ui/pages/
    roles: tuple[str, ...]
    title_key: str  # catalog key of the navigation title (ui.nav.*)
    icon: str
    section_key: str  # catalog key of the navigation section
    layout: str = "centered"  # "wide" for dashboards
    hidden: bool = False  # reachable by link/switch_page only

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file

    @property
    def url_path(self) -> str:
        return self.file.removesuffix(".py")

    @property
    def app_relative(self) -> str:
        """The path ``st.Page`` / ``st.switch_page`` / ``AppTest.switch_page`` use."""
        return f"riskmodel/ui/pages/{self.file}"

    def exists(self) -> bool:
        return self.path.is_file()


# The first visible page of a role is its start page. Pages of other areas are listed already and
# appear as soon as their file exists (leader_* by the dashboard helper, network_view by the network area).
PAGE_REGISTRY: tuple[PageSpec, ...] = (
    PageSpec("expert_home.py", ("expert",), "ui.nav.expert_home", ":material/assignment:", "ui.nav.section.expert"),
    PageSpec("expert_rating.py", ("expert",), "ui.nav.expert_rating", ":material/edit_note:", "ui.nav.section.expert"),
    PageSpec(
        "organizer_projects.py",
        ("organizer",),
        "ui.nav.organizer_projects",
        ":material/folder_open:",
        "ui.nav.section.organizer",
    ),
    PageSpec(
        "organizer_assessment.py",
        ("organizer",),
        "ui.nav.organizer_assessment",
        ":material/fact_check:",
        "ui.nav.section.organizer",
        layout="wide",
    ),
    PageSpec(
        "leader_dashboard.py",
        ("leader",),
        "ui.nav.leader_dashboard",
        ":material/dashboard:",
        "ui.nav.section.leader",
        layout="wide",
    ),
    PageSpec(
        "leader_assessment.py",
        ("leader",),
        "ui.nav.leader_assessment",
        ":material/insights:",
        "ui.nav.section.leader",
        layout="wide",
    ),
    PageSpec(
        "network_view.py",
        ("organizer", "leader"),
        "ui.nav.network_view",
        ":material/hub:",
        "ui.nav.section.analysis",
        layout="wide",
    ),
    PageSpec("admin_users.py", ("admin",), "ui.nav.admin_users", ":material/group:", "ui.nav.section.admin"),
    PageSpec(
        "admin_questionnaires.py",
        ("admin",),
        "ui.nav.admin_questionnaires",
        ":material/library_books:",
        "ui.nav.section.admin",
        layout="wide",
    ),
    PageSpec(
        "admin_audit.py",
        ("admin",),
        "ui.nav.admin_audit",
        ":material/verified_user:",
        "ui.nav.section.admin",
        layout="wide",
    ),
)


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in navigation order (only those whose file exists)."""
    return [p for p in PAGE_REGISTRY if role in p.roles and p.exists()]


def spec_of(file: str) -> PageSpec:
    for spec in PAGE_REGISTRY:
        if spec.file == file:
            return spec
    raise KeyError(file)


# --- start-up -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class BootInfo:
    url: str
    demo: bool  # the database holds the demo portfolio
    seeded_now: bool  # this process seeded it (empty database on first start)


@st.cache_resource(show_spinner=False)
def _bootstrap(url: str) -> BootInfo:
    """Create/migrate the database (``get_store``) and seed the demo portfolio when it is empty."""
    from riskmodel.services import ui_support

    store = get_store(url)
    seeded = ui_support.seed_demo_if_empty(store)
    return BootInfo(url=store.url, demo=ui_support.has_demo_data(store), seeded_now=seeded)


def current_store() -> Store:
    """The process-wide store of the configured URL (``RISKMODEL_DATABASE_URL`` or the SQLite default)."""
    return get_store()


# --- server-side sessions -----------------------------------------------------------------------
@dataclass
class _Entry:
    url: str
    username: str
    created: float = field(default_factory=time.time)


class SessionRegistry:
    """Opaque token → (database URL, username). Lives in the server process only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}

    def open(self, url: str, username: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._entries[token] = _Entry(url, username)
        return token

    def get(self, token: str) -> _Entry | None:
        with self._lock:
            return self._entries.get(token)

    def close(self, token: str) -> None:
        with self._lock:
            self._entries.pop(token, None)


@st.cache_resource(show_spinner=False)
def session_registry() -> SessionRegistry:
    return SessionRegistry()


def _actor_for_username(store: Store, username: str) -> Actor | None:
    from riskmodel.services import auth

    try:
        user = auth.get_user(store, username)
    except NotFoundError:
        return None
    if not user.get("active", False):
        return None
    return Actor(
        username=user["username"], role=user["role"], user_id=user["id"], display_name=user.get("display_name")
    )


def current_actor(store: Store | None = None) -> Actor | None:
    """The logged-in user, re-read from the database (role and active flag), or None."""
    store = store or current_store()
    token = st.session_state.get(SESSION_KEY)
    if isinstance(token, str):
        entry = session_registry().get(token)
        if entry is not None and entry.url == store.url:
            actor = _actor_for_username(store, entry.username)
            if actor is not None:
                return actor
            session_registry().close(token)
        st.session_state.pop(SESSION_KEY, None)
    if _oidc_configured():
        return _oidc_actor(store)
    return None


def login(store: Store, actor: Actor) -> None:
    """Start a session for ``actor`` (after a successful authentication)."""
    st.session_state[SESSION_KEY] = session_registry().open(store.url, actor.username)
    log.info("login %s (%s)", actor.username, actor.role)


def logout() -> None:
    token = st.session_state.get(SESSION_KEY)
    if isinstance(token, str):
        session_registry().close(token)
    keep = {LANG_KEY: lang()}
    for key in list(st.session_state.keys()):
        st.session_state.pop(key, None)
    st.session_state.update(keep)
    if _oidc_configured() and _oidc_logged_in():
        st.logout()


# --- optional OIDC (st.login) -------------------------------------------------------------------
def _oidc_configured() -> bool:
    """True when ``[auth]`` is configured in ``.streamlit/secrets.toml``."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 — no secrets file at all
        return False


def _oidc_providers() -> list[str | None]:
    try:
        section = st.secrets["auth"]
    except Exception:  # noqa: BLE001
        return []
    names = [k for k, v in section.items() if isinstance(v, Mapping)]
    return names or [None]


def _oidc_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # noqa: BLE001
        return False


def _oidc_identity() -> list[str]:
    names: list[str] = []
    for claim in ("email", "preferred_username"):
        try:
            value = st.user.get(claim)
        except Exception:  # noqa: BLE001
            value = None
        if isinstance(value, str) and value and value not in names:
            names.append(value)
    return names


def _oidc_actor(store: Store) -> Actor | None:
    """Map an OIDC login to the local account with the same username (e-mail); roles stay local."""
    if not _oidc_logged_in():
        return None
    for name in _oidc_identity():
        actor = _actor_for_username(store, name)
        if actor is not None:
            login(store, actor)
            return actor
    return None


# --- page context and guards --------------------------------------------------------------------
@dataclass(frozen=True)
class PageContext:
    """What a page needs: the store, the acting user (role fresh from the database) and the language."""

    store: Store
    actor: Actor
    lang: str

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)


def page_context(*roles: str) -> PageContext:
    """Call first in every page's ``render()``: stops the page unless the user has one of ``roles``."""
    store = current_store()
    actor = current_actor(store)
    if actor is None:
        st.warning(tr("ui.shell.login_required"))
        st.stop()
    if roles and actor.role not in roles:
        log.warning("forbidden page for %s (%s); needs %s", actor.username, actor.role, "/".join(roles))
        st.error(tr("ui.shell.forbidden"))
        st.stop()
    return PageContext(store=store, actor=actor, lang=lang())


def selected_assessment_id() -> int | None:
    """The assessment chosen on another page (query parameter ``a`` first, then the session)."""
    raw = st.query_params.get(ASSESSMENT_PARAM)
    if raw is None:
        raw = st.session_state.get(SELECTED_ASSESSMENT_KEY)
    try:
        return int(raw) if raw is not None else None
    except (TypeError, ValueError):
        return None


def select_assessment(assessment_id: int | None) -> None:
    """Remember the chosen assessment (session + URL, so the page can be bookmarked and reloaded)."""
    if assessment_id is None:
        st.session_state.pop(SELECTED_ASSESSMENT_KEY, None)
        st.query_params.pop(ASSESSMENT_PARAM, None)
        return
    st.session_state[SELECTED_ASSESSMENT_KEY] = int(assessment_id)
    st.query_params[ASSESSMENT_PARAM] = str(int(assessment_id))


def go(file: str, assessment_id: int | None = None) -> None:
    """Switch to another registered page (e.g. ``go("leader_assessment.py", 12)``)."""
    spec = spec_of(file)
    if assessment_id is not None:
        st.session_state[SELECTED_ASSESSMENT_KEY] = int(assessment_id)
        st.switch_page(spec.app_relative, query_params={ASSESSMENT_PARAM: str(int(assessment_id))})
    st.switch_page(spec.app_relative)


def guarded(fn: Callable[[], Any]) -> Any:
    """Error boundary: a domain error shows its message in the session's language; anything else a
    short message with a reference id (the traceback goes to the log), never a traceback."""
    try:
        return fn()
    except RiskModelError as exc:
        st.error(exc.message(lang()))
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.exception("unexpected error in the app, reference %s", ref)
        st.error(t("common.error.unexpected", lang(), ref=ref))
    return None


# --- widgets of the shell -----------------------------------------------------------------------
def _on_lang_change() -> None:
    value = st.session_state.get(LANG_SWITCH_KEY)
    if value in LANGUAGES:
        st.session_state[LANG_KEY] = value


def language_switch(container: Any = None) -> None:
    """Chinese/English radio; the choice is kept in the session (``st.session_state['lang']``)."""
    target = container or st
    target.radio(
        tr("ui.shell.language"),
        options=list(LANGUAGES),
        index=list(LANGUAGES).index(lang()),
        format_func=labeled(LANGUAGES, lambda code: t(f"ui.shell.language_name.{code}", lang())),
        key=LANG_SWITCH_KEY,
        horizontal=True,
        on_change=_on_lang_change,
    )


def _demo_banner(boot: BootInfo) -> None:
    if boot.demo:
        st.info(tr("ui.shell.demo_banner"), icon=":material/science:")


def _sidebar(actor: Actor) -> None:
    with st.sidebar:
        st.markdown(f"**{actor.display_name or actor.username}**")
        st.caption(tr("ui.shell.signed_in_as", username=actor.username, role=role_label(actor.role)))
        language_switch(st.sidebar)
        if st.button(tr("ui.shell.logout"), key="shell_logout", icon=":material/logout:"):
            logout()
            st.rerun()


def _login_page() -> None:
    """Local account login (and OIDC buttons when configured)."""
    from riskmodel.services import auth, ui_support

    store = current_store()
    language_switch()
    st.title(tr("ui.app.title"))
    st.caption(tr("ui.app.subtitle"))
    with st.form("login_form", border=True):
        st.subheader(tr("ui.login.heading"))
        username = st.text_input(tr("ui.login.username"), key="login_username", autocomplete="username")
        password = st.text_input(
            tr("ui.login.password"), key="login_password", type="password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(tr("ui.login.submit"), key="login_submit", type="primary", width="stretch")
    if submitted:
        failures = int(st.session_state.get("_login_failures", 0))
        if failures >= 5:
            time.sleep(min(5.0, 0.5 * failures))  # slows down guessing within one session
        actor = auth.authenticate(store, username, password)
        if actor is None:
            st.session_state["_login_failures"] = failures + 1
            st.error(tr("ui.login.failed"))
        else:
            st.session_state.pop("_login_failures", None)
            login(store, actor)
            st.rerun()
    if _oidc_configured():
        st.divider()
        if _oidc_logged_in():
            st.warning(tr("ui.login.oidc_no_account", identity=", ".join(_oidc_identity()) or "?"))
            if st.button(tr("ui.shell.logout"), key="login_oidc_logout"):
                st.logout()
        else:
            for i, provider in enumerate(_oidc_providers()):
                label = tr("ui.login.oidc_button", provider=provider or tr("ui.login.oidc_default"))
                if st.button(label, key=f"login_oidc_{i}", width="stretch"):
                    st.login(provider) if provider else st.login()
    accounts = ui_support.demo_accounts(store)
    if accounts:
        with st.expander(tr("ui.login.demo_accounts"), expanded=True, key="login_demo_expander"):
            st.caption(tr("ui.login.demo_password", password=ui_support.demo_password() or "—"))
            st.dataframe(
                [
                    {
                        tr("ui.login.col_username"): a["username"],
                        tr("ui.login.col_role"): role_label(a["role"]),
                        tr("ui.login.col_name"): a.get("display_name") or "",
                    }
                    for a in accounts
                ],
                hide_index=True,
                key="login_demo_accounts",
                width="stretch",
            )


def build_navigation(actor: Actor) -> tuple[dict[str, list[Any]], list[tuple[Any, PageSpec]]]:
    """The pages of ``actor``'s role grouped by section (what ``st.navigation`` receives), and each
    ``st.Page`` with its registry entry."""
    sections: dict[str, list[Any]] = {}
    pairs: list[tuple[Any, PageSpec]] = []
    for i, spec in enumerate(pages_for(actor.role)):
        page = st.Page(
            spec.app_relative,
            title=tr(spec.title_key),
            icon=spec.icon,
            url_path=spec.url_path,
            default=(i == 0),
            visibility="hidden" if spec.hidden else "visible",
        )
        sections.setdefault(tr(spec.section_key), []).append(page)
        pairs.append((page, spec))
    return sections, pairs


def main() -> None:
    """Entry point used by ``app.py``."""
    st.session_state.setdefault(LANG_KEY, lang())
    st.set_page_config(page_title=tr("ui.app.title"), page_icon=":material/balance:", layout="centered")
    boot = guarded(lambda: _bootstrap(current_store().url))
    if boot is None:
        st.stop()
    actor = guarded(current_actor)
    if actor is None:
        pg = st.navigation(
            [st.Page(_login_page, title=tr("ui.login.nav"), icon=":material/login:", url_path="login", default=True)],
            position="hidden",
        )
        _demo_banner(boot)
        guarded(pg.run)
        return
    sections, pairs = build_navigation(actor)
    if not sections:
        _sidebar(actor)
        st.error(tr("ui.shell.no_pages", role=role_label(actor.role)))
        return
    pg = st.navigation(sections)
    # the start page is served at the app root (url_path ""), so match the page object, not its URL
    spec = next((s for page, s in pairs if page is pg or page._script_hash == pg._script_hash), None)
    if spec is not None and spec.layout != "centered":
        st.set_page_config(layout=spec.layout)
    _sidebar(actor)
    _demo_banner(boot)
    guarded(pg.run)
