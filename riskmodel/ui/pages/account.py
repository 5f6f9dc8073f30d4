"""我的账号 — every user's own account: change the password (the current one is needed), turn on TOTP."""

from __future__ import annotations

import streamlit as st

from riskmodel.services import auth
from riskmodel.ui import session, shell
from riskmodel.ui.components.feedback import done, run_action, show_flash, try_action
from riskmodel.ui.components.text import role_label, tr

SECRET_KEY = "_rm_account_totp_secret"


def render() -> None:
    ctx = shell.page_context()
    st.title(tr("ui_security.account.title"))
    show_flash()
    st.text(tr("ui_security.account.who", username=ctx.actor.username, role=role_label(ctx.actor.role)))
    _password_form(ctx)
    _second_factor(ctx)


def _password_form(ctx: shell.PageContext) -> None:
    with st.form("account_password_form"):
        st.subheader(tr("ui_security.account.change_title"))
        old = st.text_input(
            tr("ui_security.account.old"), type="password", key="account_old", autocomplete="current-password"
        )
        new = st.text_input(
            tr("ui_security.account.new"),
            type="password",
            key="account_new",
            autocomplete="new-password",
            help=tr("ui_security.password.policy"),
            max_chars=256,
        )
        new2 = st.text_input(tr("ui_security.account.new2"), type="password", key="account_new2", max_chars=256)
        submitted = st.form_submit_button(tr("ui_security.account.change"), key="account_change", type="primary")
    if not submitted:
        return
    if new != new2:
        st.error(tr("ui.admin_users.password_mismatch"))
        return
    epoch = run_action(auth.change_own_password, ctx.store, ctx.actor, old, new)
    if epoch is not None:
        session.renew_epoch(epoch)  # this session goes on; the others of this user have ended
        done(tr("ui_security.account.changed"))


def _second_factor(ctx: shell.PageContext) -> None:
    st.subheader(tr("ui_security.account.totp_title"))
    if auth.has_second_factor(ctx.store, ctx.actor):
        st.success(tr("ui_security.account.totp_on"))
        return
    st.info(tr("ui_security.account.totp_off"))
    secret = st.session_state.get(SECRET_KEY)
    if secret is None:
        if st.button(tr("ui_security.account.totp_enable"), key="account_totp_enable"):
            st.session_state[SECRET_KEY] = auth.new_totp_secret()
            st.rerun()
        return
    st.caption(tr("ui_security.totp.enrol_help"))
    st.code(secret, language=None)
    st.code(auth.totp_uri(secret, ctx.actor.username), language=None)
    with st.form("account_totp_form"):
        code = st.text_input(tr("ui_security.totp.code"), key="account_totp_code", max_chars=8)
        confirmed = st.form_submit_button(tr("ui_security.account.totp_confirm"), key="account_totp_confirm")
    if confirmed and try_action(auth.enrol_second_factor, ctx.store, ctx.actor, secret, code)[0]:
        st.session_state.pop(SECRET_KEY, None)
        done(tr("ui_security.account.totp_enabled"))


if __name__ == "__main__":
    render()
