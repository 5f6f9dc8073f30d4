"""Navigation of the app: the ``st.Page`` objects of a role's pages by section, and before login the login
(or first-run) page with every page's address leading to it. The registry itself is ``shell.PAGE_REGISTRY``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from riskmodel.store import Store
from riskmodel.ui import first_run
from riskmodel.ui import login as login_page
from riskmodel.ui.components.text import tr


def _placeholder(spec: Any, fn: Callable[[], None]) -> Any:
    """A hidden page at ``spec``'s address that runs ``fn`` (same address = same page after the login)."""
    return st.Page(fn, title=tr(spec.title_key), url_path=spec.url_path, visibility="hidden")


def role_navigation(own: list[Any], registry: list[Any]) -> tuple[dict[str, list[Any]], list[tuple[Any, Any]]]:
    """The pages ``own`` of a role grouped by section (what ``st.navigation`` receives), and each
    ``st.Page`` with its registry entry. The other pages of ``registry`` are there hidden, leading to the
    role's start page."""
    sections: dict[str, list[Any]] = {}
    pairs: list[tuple[Any, Any]] = []
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

        foreign = [_placeholder(s, elsewhere) for s in registry if s not in own]
        sections.setdefault(next(iter(sections)), []).extend(foreign)
    return sections, pairs


def anonymous(store: Store, first: bool, registry: list[Any]) -> Any:
    """Before login: the login (or first-run) page, and every page's address leading to it."""

    def start_page() -> None:
        first_run.render(store) if first else login_page.render(store)

    def asked_for(spec: Any) -> Callable[[], None]:
        return lambda: (
            first_run.render(store) if first else login_page.render(store, requested_title=tr(spec.title_key))
        )

    title = tr("ui_security.first_run.nav") if first else tr("ui.login.nav")
    pages = [st.Page(start_page, title=title, icon=":material/login:", url_path="login", default=True)]
    pages += [_placeholder(spec, asked_for(spec)) for spec in registry]
    return st.navigation(pages, position="hidden")
