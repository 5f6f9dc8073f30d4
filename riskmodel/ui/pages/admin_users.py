"""用户与角色 — the administrator's accounts page: list, create, change role, reset password, (de)activate."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.services import auth, settings
from riskmodel.services.auth import ROLES
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import flash, run_action, show_flash, try_action
from riskmodel.ui.components.text import labeled, lkey, role_label, tr

ACTIONS = ("role", "password", "deactivate", "activate", "reset_totp", "unlock")


def render() -> None:
    ctx = shell.page_context("admin")
    st.title(tr("ui.admin_users.title"))
    show_flash()
    if settings.current().separation_of_duties:
        st.info(tr("ui_security.admin_users.sod_on"), icon=":material/shield_person:")
    users = auth.list_users(ctx.store, ctx.actor)
    role_filter = st.multiselect(
        tr("ui.admin_users.filter_role"),
        ROLES,
        format_func=labeled(ROLES, role_label),
        key=lkey("users_filter"),
        placeholder=tr("ui.common.all"),
    )
    shown = [u for u in users if not role_filter or u.role in role_filter]
    st.dataframe(
        pd.DataFrame(
            [
                {
                    tr("ui.admin_users.col.username"): u.username,
                    tr("ui.admin_users.col.name"): u.display_name,
                    tr("ui.admin_users.col.role"): role_label(u.role),
                    tr("ui.admin_users.col.field"): u.field or "",
                    tr("ui.admin_users.col.organization"): u.organization or "",
                    tr("ui.admin_users.col.active"): tr("ui.common.yes_label")
                    if u.active
                    else tr("ui.common.no_label"),
                    tr("ui.admin_users.col.created"): (u.created_at or "")[:10],
                }
                for u in shown
            ]
        ),
        hide_index=True,
        key="users_table",
        width="stretch",
    )
    st.caption(tr("ui.admin_users.count", shown=len(shown), total=len(users)))
    col_new, col_edit = st.columns(2)
    with col_new:
        _create_form(ctx)
    with col_edit:
        _manage_form(ctx, users)


def _create_form(ctx: shell.PageContext) -> None:
    with st.form("users_create_form"):
        st.subheader(tr("ui.admin_users.create_title"))
        username = st.text_input(
            tr("ui.admin_users.f.username"),
            key="users_new_username",
            max_chars=64,
            help=tr("ui.admin_users.f.username_help"),
        )
        name = st.text_input(tr("ui.admin_users.f.name"), key="users_new_name", max_chars=100)
        role = st.selectbox(
            tr("ui.admin_users.f.role"),
            ROLES,
            index=ROLES.index("expert"),
            format_func=labeled(ROLES, role_label),
            key=lkey("users_new_role"),
        )
        field = st.text_input(tr("ui.admin_users.f.field"), key="users_new_field", max_chars=100)
        organization = st.text_input(tr("ui.admin_users.f.organization"), key="users_new_org", max_chars=200)
        password = st.text_input(
            tr("ui.admin_users.f.password"),
            type="password",
            key="users_new_password",
            help=tr("ui_security.password.policy"),
            max_chars=256,
        )
        password2 = st.text_input(tr("ui.admin_users.f.password2"), type="password", key="users_new_password2")
        submitted = st.form_submit_button(tr("ui.admin_users.create"), key="users_create", type="primary")
    if submitted:
        if password != password2:
            st.error(tr("ui.admin_users.password_mismatch"))
            return
        created = run_action(
            auth.create_user,
            ctx.store,
            ctx.actor,
            username,
            password,
            role,
            display_name=name or None,
            field=field or None,
            organization=organization or None,
        )
        if created:
            flash(tr("ui.admin_users.created", username=created.username, role=role_label(created.role)))
            st.rerun()


def _manage_form(ctx: shell.PageContext, users: list[auth.UserView]) -> None:
    by_name = {u.username: u for u in users}
    with st.form("users_manage_form"):
        st.subheader(tr("ui.admin_users.manage_title"))
        who = st.selectbox(
            tr("ui.admin_users.f.user"),
            list(by_name),
            key=lkey("users_manage_user"),
            format_func=labeled(by_name, lambda u: f"{by_name[u].display_name} ({u}, {role_label(by_name[u].role)})"),
        )
        action = st.radio(
            tr("ui.admin_users.f.action"),
            ACTIONS,
            key=lkey("users_manage_action"),
            format_func=labeled(ACTIONS, _action_label),
        )
        role = st.selectbox(
            tr("ui.admin_users.f.new_role"),
            ROLES,
            format_func=labeled(ROLES, role_label),
            key=lkey("users_manage_role"),
        )
        password = st.text_input(tr("ui.admin_users.f.new_password"), type="password", key="users_manage_password")
        submitted = st.form_submit_button(tr("ui.admin_users.apply"), key="users_manage_apply")
    if not submitted or who is None:
        return
    if action == "role":
        ok = run_action(auth.set_role, ctx.store, ctx.actor, who, role) is not None
    elif action == "password":
        ok, _ = try_action(auth.set_password, ctx.store, ctx.actor, who, password)
    elif action == "reset_totp":
        ok, _ = try_action(auth.reset_second_factor, ctx.store, ctx.actor, who)
    elif action == "unlock":
        ok, _ = try_action(auth.unlock_account, ctx.store, ctx.actor, who)
    else:
        ok, _ = try_action(auth.set_active, ctx.store, ctx.actor, who, action == "activate")
    if ok:
        flash(tr("ui.admin_users.changed", username=who, action=_action_label(action)))
        st.rerun()


def _action_label(action: str) -> str:
    if action in ("reset_totp", "unlock"):
        return tr(f"ui_security.admin_users.action.{action}")
    return tr(f"ui.admin_users.action.{action}")


if __name__ == "__main__":
    render()
