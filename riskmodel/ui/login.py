"""The login page: account and password, then a one-time code where one is due, SSO buttons, demo accounts.

What it tells a user never reveals whether an account exists: a wrong name and a wrong password read the
same, and the lockout message (5 failures in 15 minutes, counted in the database) appears for any name.
A link followed before login shows this page with "请先登录" and, after the login, the page it pointed to
(the shell registers every page's address for that). The demo accounts are listed in a demo database only.
"""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

from riskmodel.services import auth, bootstrap
from riskmodel.services.auth import LoginResult, LoginStatus
from riskmodel.store import Store
from riskmodel.ui import oidc, session
from riskmodel.ui.components.text import role_label, tr

PENDING_KEY = "_rm_login_pending"  # {user_id, username, status, secret, until}: password right, code due
PENDING_S = 300


def _minutes(result: LoginResult) -> int:
    return max(1, math.ceil(result.retry_after_s / 60))


def _after_login(store: Store, result: LoginResult) -> None:
    """Act on a login result: start the session, ask for a code, or say what went wrong."""
    if result.status == LoginStatus.OK and result.actor is not None:
        st.session_state.pop(PENDING_KEY, None)
        session.start(store, result.actor, int(result.epoch or 0))
        st.rerun()
    elif result.status in (LoginStatus.SECOND_FACTOR, LoginStatus.ENROL) and result.actor is not None:
        st.session_state[PENDING_KEY] = {
            "user_id": result.actor.user_id,
            "username": result.actor.username,
            "status": str(result.status),
            "secret": auth.new_totp_secret() if result.status == LoginStatus.ENROL else None,
            "until": session.clock() + PENDING_S,
        }
        st.rerun()
    elif result.status == LoginStatus.LOCKED:
        st.session_state.pop(PENDING_KEY, None)
        st.error(tr("security.login.locked", minutes=_minutes(result)))
    else:
        st.error(tr("ui.login.failed"))


def _password_form(store: Store) -> None:
    with st.form("login_form", border=True):
        st.subheader(tr("ui.login.heading"))
        username = st.text_input(tr("ui.login.username"), key="login_username", autocomplete="username", max_chars=64)
        password = st.text_input(
            tr("ui.login.password"),
            key="login_password",
            type="password",
            autocomplete="current-password",
            max_chars=256,
        )
        submitted = st.form_submit_button(tr("ui.login.submit"), key="login_submit", type="primary", width="stretch")
    if submitted:
        _after_login(store, auth.login(store, username, password))


def _code_form(store: Store, pending: dict[str, Any]) -> None:
    enrol = pending["status"] == LoginStatus.ENROL
    with st.form("login_code_form", border=True):
        st.subheader(tr("ui_security.totp.heading"))
        if enrol:
            st.info(tr("ui_security.totp.enrol_help"))
            st.code(pending["secret"], language=None)
            st.caption(tr("ui_security.totp.uri"))
            st.code(auth.totp_uri(pending["secret"], pending["username"]), language=None)
        else:
            st.caption(tr("ui_security.totp.help", username=pending["username"]))
        code = st.text_input(tr("ui_security.totp.code"), key="login_code", max_chars=8, autocomplete="one-time-code")
        submitted = st.form_submit_button(tr("ui.login.submit"), key="login_code_submit", type="primary")
    if st.button(tr("ui_security.totp.cancel"), key="login_code_cancel"):
        st.session_state.pop(PENDING_KEY, None)
        st.rerun()
    if submitted:
        result = auth.complete_second_factor(store, pending["user_id"], code, secret=pending["secret"])
        if result.status == LoginStatus.FAILED:
            st.error(tr("ui_security.totp.wrong"))
        else:
            _after_login(store, result)


def _oidc_section(store: Store) -> None:
    st.divider()
    if oidc.logged_in():
        st.warning(tr("ui.login.oidc_no_account", identity=", ".join(oidc.identity()) or "?"))
        if st.button(tr("ui.shell.logout"), key="login_oidc_logout"):
            st.logout()
        return
    for i, provider in enumerate(oidc.providers()):
        label = tr("ui.login.oidc_button", provider=provider or tr("ui.login.oidc_default"))
        if st.button(label, key=f"login_oidc_{i}", width="stretch"):
            st.login(provider) if provider else st.login()


def _demo_accounts(store: Store) -> None:
    accounts = bootstrap.demo_accounts(store)
    if not accounts:
        return
    with st.expander(tr("ui.login.demo_accounts"), expanded=True, key="login_demo_expander"):
        st.caption(tr("ui.login.demo_password", password=bootstrap.demo_password() or "—"))
        st.dataframe(
            [
                {
                    tr("ui.login.col_username"): a.username,
                    tr("ui.login.col_role"): role_label(a.role),
                    tr("ui.login.col_name"): a.display_name or "",
                }
                for a in accounts
            ],
            hide_index=True,
            key="login_demo_accounts",
            width="stretch",
        )


def render(store: Store, *, requested_title: str | None = None) -> None:
    """The login page; ``requested_title``: the page whose link was followed (shown after the login)."""
    from riskmodel.ui.components.language import language_switch

    language_switch()
    st.title(tr("ui.app.title"))
    st.caption(tr("ui.app.subtitle"))
    if requested_title is not None:
        st.warning(tr("ui_security.login.required_for", page=requested_title), icon=":material/lock:")
    ended = st.session_state.get(session.ENDED_KEY)
    if ended:
        st.info(tr(f"ui_security.session.{ended}"), icon=":material/timer_off:")
    pending = st.session_state.get(PENDING_KEY)
    if isinstance(pending, dict) and pending.get("until", 0) >= session.clock():
        _code_form(store, pending)
    else:
        st.session_state.pop(PENDING_KEY, None)
        _password_form(store)
    if oidc.configured():
        _oidc_section(store)
    _demo_accounts(store)
