"""The app shell: start-up, navigation by role, page context, language, error boundary. Login, sessions
(with timeouts), single sign-on and the first-run page: ``ui/login.py``, ``session.py``, ``oidc.py``, ``first_run.py``.

How other areas plug in (see ``PAGE_REGISTRY``):

- a page is a file in ``riskmodel/ui/pages/`` that defines ``render()`` and ends with
  ``if __name__ == "__main__": render()`` (Streamlit executes page files as ``__main__``);
- ``render()`` starts with ``ctx = shell.page_context("leader")`` (the roles allowed), which re-reads the
  user's role from the database and stops the page for anyone else;
- the shell lists a registry entry per page (file, roles, title key, icon, section); an entry whose
  file does not exist yet is skipped, so pages can land independently.

Every registered page's address exists before login too: following a link to it shows the login page
with "请先登录" and, after the login, the page itself; a page of another role leads to the start page —
never Streamlit's English "Page not found".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import streamlit as st

from riskmodel.services.context import Actor
from riskmodel.store import Store, get_store
from riskmodel.ui import first_run, oidc, session
from riskmodel.ui import login as login_page
from riskmodel.ui.components.context import PageContext as PageContext
from riskmodel.ui.components.language import LANG_SWITCH_KEY as LANG_SWITCH_KEY
from riskmodel.ui.components.language import language_switch
from riskmodel.ui.components.selection import ASSESSMENT_PARAM, SELECTED_ASSESSMENT_KEY
from riskmodel.ui.components.selection import select_assessment as select_assessment
from riskmodel.ui.components.selection import selected_assessment_id as selected_assessment_id
from riskmodel.ui.components.text import LANG_KEY, lang, role_label, tr
from riskmodel.ui.errors import guarded
from riskmodel.ui.navigation import PAGE_REGISTRY as PAGE_REGISTRY
from riskmodel.ui.navigation import PAGES_DIR as PAGES_DIR  # the registry lives there; re-exported
from riskmodel.ui.navigation import SOD_HIDDEN as SOD_HIDDEN
from riskmodel.ui.navigation import PageSpec as PageSpec
from riskmodel.ui.navigation import pages_for as pages_for
from riskmodel.ui.navigation import spec_of as spec_of

log = logging.getLogger("riskmodel.ui")

UI_DIR = Path(__file__).resolve().parent
APP_DIR = UI_DIR.parents[1]  # where app.py lives; st.Page paths are relative to it
SESSION_KEY = session.SESSION_KEY
DEFAULT_LAYOUT: Literal["centered", "wide"] = "centered"  # a page's width unless its PageSpec says "wide"


# --- start-up -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class BootInfo:
    url: str
    demo: bool  # the database holds the demo portfolio
    seeded_now: bool  # this process seeded it (empty embedded database on first start, or RISKMODEL_DEMO)


@st.cache_resource(show_spinner=False)
def _bootstrap(url: str) -> BootInfo:
    """Create/migrate the database (``get_store``); seed the demo only where it belongs (``bootstrap``)."""
    from riskmodel.services import bootstrap

    store = get_store(url)
    seeded = bootstrap.seed_demo_if_allowed(store)
    return BootInfo(url=store.url, demo=bootstrap.has_demo_data(store), seeded_now=seeded)


def current_store() -> Store:
    """The process-wide store of the configured URL (``RISKMODEL_DATABASE_URL`` or the SQLite default)."""
    return get_store()


# --- the logged-in user --------------------------------------------------------------------------
def current_actor(store: Store | None = None) -> Actor | None:
    """The logged-in user, re-read from the database (role, active flag, session epoch), or None."""
    store = store or current_store()
    actor = session.current(store)
    if actor is None and st.session_state.get(SESSION_KEY) is None and oidc.configured():
        actor = oidc.sign_in(store)
    return actor


login = session.start_for  # open a session as after a login (benchmarks and tests drive pages this way)


def logout() -> None:
    session.end(current_store(), "logout", actor=current_actor())
    if oidc.configured() and oidc.logged_in():
        st.logout()


# --- page context and guards --------------------------------------------------------------------
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


def go(file: str, assessment_id: int | None = None) -> None:
    """Switch to another registered page (e.g. ``go("leader_assessment.py", 12)``)."""
    spec = spec_of(file)
    if assessment_id is not None:
        st.session_state[SELECTED_ASSESSMENT_KEY] = int(assessment_id)
        st.switch_page(spec.app_relative, query_params={ASSESSMENT_PARAM: str(int(assessment_id))})
    st.switch_page(spec.app_relative)


# --- widgets of the shell -----------------------------------------------------------------------
def _demo_banner(boot: BootInfo) -> None:
    if boot.demo:
        st.info(tr("ui.shell.demo_banner"), icon=":material/science:")


def _sidebar(actor: Actor) -> None:
    with st.sidebar:
        st.text(actor.display_name or actor.username)  # user text shown as text, never as Markdown
        st.caption(tr("ui.shell.signed_in_as", username=actor.username, role=role_label(actor.role)))
        language_switch(st.sidebar)
        if any(p.file == "account.py" for p in pages_for(actor.role)):
            st.page_link(spec_of("account.py").app_relative, label=tr("ui_security.nav.account"), icon=":material/key:")
        if st.button(tr("ui.shell.logout"), key="shell_logout", icon=":material/logout:"):
            logout()
            st.rerun()


def _placeholder(spec: PageSpec, fn: Callable[[], None]) -> Any:
    """A hidden page at ``spec``'s address that runs ``fn`` (same address = same page after the login)."""
    return st.Page(fn, title=tr(spec.title_key), url_path=spec.url_path, visibility="hidden")


def build_navigation(actor: Actor) -> tuple[dict[str, list[Any]], list[tuple[Any, PageSpec]]]:
    """The pages of ``actor``'s role grouped by section (what ``st.navigation`` receives), and each
    ``st.Page`` with its registry entry. The other roles' pages are there hidden, leading to the start page."""
    sections: dict[str, list[Any]] = {}
    pairs: list[tuple[Any, PageSpec]] = []
    own = pages_for(actor.role)
    for i, spec in enumerate(own):
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
    if sections:  # another role's address leads to this role's start page, with a word why
        home = own[0].app_relative

        def elsewhere() -> None:
            from riskmodel.ui.components.feedback import flash

            flash(tr("ui_security.nav.not_yours"), "warning")
            st.switch_page(home)

        foreign = [_placeholder(s, elsewhere) for s in PAGE_REGISTRY if s.exists() and s not in own]
        sections.setdefault(next(iter(sections)), []).extend(foreign)
    return sections, pairs


def _anonymous_navigation(store: Store, first: bool) -> Any:
    """Before login: the login (or first-run) page, and every page's address leading to it."""

    def start_page() -> None:
        first_run.render(store) if first else login_page.render(store)

    def asked_for(spec: PageSpec) -> Callable[[], None]:
        return lambda: (
            first_run.render(store) if first else login_page.render(store, requested_title=tr(spec.title_key))
        )

    title = tr("ui_security.first_run.nav") if first else tr("ui.login.nav")
    pages = [st.Page(start_page, title=title, icon=":material/login:", url_path="login", default=True)]
    pages += [_placeholder(spec, asked_for(spec)) for spec in PAGE_REGISTRY if spec.exists()]
    return st.navigation(pages, position="hidden")


def main() -> None:
    """Entry point used by ``app.py``."""
    st.session_state.setdefault(LANG_KEY, lang())
    # the layout is set once per run, after the page is known: setting "centered" first and "wide" later
    # made wide pages jump in width on every action
    st.set_page_config(page_title=tr("ui.app.title"), page_icon=":material/balance:")
    boot = guarded(lambda: _bootstrap(current_store().url))
    if boot is None:
        st.stop()
    actor = guarded(current_actor)
    if actor is None:
        from riskmodel.services import bootstrap

        store = current_store()
        pg = _anonymous_navigation(store, bool(guarded(lambda: bootstrap.needs_first_admin(store))))
        st.set_page_config(layout=DEFAULT_LAYOUT)
        _demo_banner(boot)
        guarded(pg.run)
        return
    sections, pairs = build_navigation(actor)
    if not sections:
        st.set_page_config(layout=DEFAULT_LAYOUT)
        _sidebar(actor)
        st.error(tr("ui.shell.no_pages", role=role_label(actor.role)))
        return
    pg = st.navigation(sections)
    # the start page is served at the app root (url_path ""), so match the page object, not its URL
    spec = next((s for page, s in pairs if page is pg or page._script_hash == pg._script_hash), None)
    st.set_page_config(layout=spec.layout if spec is not None else DEFAULT_LAYOUT)
    _sidebar(actor)
    _demo_banner(boot)
    guarded(pg.run)
