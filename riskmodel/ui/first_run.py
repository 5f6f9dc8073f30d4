"""The first-run page: an empty configured database gets its first administrator here (and no demo).

Shown while the database has no account and the demo does not belong there (``services.bootstrap``). The
password policy applies; when ``RISKMODEL_SETUP_TOKEN`` is set the page asks for it, so a server reachable
by others cannot be claimed by whoever opens it first. Once created, the administrator is logged in and
lands on 用户与角色.
"""

from __future__ import annotations

import streamlit as st

from riskmodel.services import bootstrap, settings
from riskmodel.store import Store
from riskmodel.ui import session
from riskmodel.ui.components.feedback import flash, run_action
from riskmodel.ui.components.text import tr


def render(store: Store) -> None:
    from riskmodel.ui.components.language import language_switch

    language_switch()
    st.title(tr("ui.app.title"))
    st.subheader(tr("ui_security.first_run.heading"))
    st.info(tr("ui_security.first_run.help"), icon=":material/admin_panel_settings:")
    needs_token = settings.current().setup_token is not None
    with st.form("first_run_form", border=True):
        token = (
            st.text_input(tr("ui_security.first_run.token"), type="password", key="first_run_token", max_chars=256)
            if needs_token
            else None
        )
        username = st.text_input(
            tr("ui.admin_users.f.username"),
            key="first_run_username",
            max_chars=64,
            help=tr("ui.admin_users.f.username_help"),
        )
        name = st.text_input(tr("ui.admin_users.f.name"), key="first_run_name", max_chars=100)
        password = st.text_input(
            tr("ui.admin_users.f.password"),
            type="password",
            key="first_run_password",
            max_chars=256,
            help=tr("ui_security.password.policy"),
        )
        password2 = st.text_input(
            tr("ui.admin_users.f.password2"), type="password", key="first_run_password2", max_chars=256
        )
        submitted = st.form_submit_button(tr("ui_security.first_run.create"), key="first_run_create", type="primary")
    if not submitted:
        return
    if password != password2:
        st.error(tr("ui.admin_users.password_mismatch"))
        return
    actor = run_action(
        bootstrap.create_first_admin, store, username, password, display_name=name or None, setup_token=token
    )
    if actor is not None:
        flash(tr("ui_security.first_run.done", username=actor.username))
        session.start(store, actor, 0)
        st.rerun()
