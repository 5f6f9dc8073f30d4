"""The login page (AppTest): lockout across fresh sessions, a message that does not reveal accounts, the TOTP
step, links followed before login, and the demo accounts listed only in a demo database."""

from __future__ import annotations

import pyotp
from streamlit.util import calc_hash

from riskmodel.services import audit, auth
from riskmodel.services.context import Actor
from riskmodel.ui import session
from tests.ui.conftest import assert_clean

LOCKED = "登录失败次数过多"


def _try(ui, username: str, password: str):
    return ui.login(username, password)  # a fresh AppTest: a new browser session each time


def test_five_failures_lock_the_account_even_for_fresh_sessions(ui):
    for _ in range(4):
        at = _try(ui, "t-expert1", "wrong password!")
        assert any("用户名或密码不正确" in e.value for e in at.error)
    at = _try(ui, "t-expert1", "wrong password!")
    assert any(LOCKED in e.value for e in at.error)
    at = _try(ui, "t-expert1", ui.password)  # the right password, in yet another session
    assert_clean(at)
    assert any(LOCKED in e.value for e in at.error) and session.SESSION_KEY not in at.session_state
    actions = [e.action for e in audit.list_audit(ui.store, Actor.system(), limit=20)]
    assert "auth.lockout" in actions and actions.count("auth.login_failed") >= 5


def test_an_account_that_does_not_exist_gets_the_same_messages(ui):
    messages = [[e.value for e in _try(ui, "ghost-user", "whatever pass").error] for _ in range(6)]
    real = [[e.value for e in _try(ui, "t-expert2", "whatever pass").error] for _ in range(6)]
    assert messages == real
    assert any(LOCKED in m for m in messages[-1])


def test_the_lockout_message_is_in_the_sessions_language(ui):
    for _ in range(5):
        at = ui.login("t-expert3", "wrong password!", lang="en")
    assert any("Too many failed logins" in e.value for e in at.error)


def test_an_admin_required_to_use_totp_enrols_then_logs_in_with_a_code(ui, monkeypatch):
    monkeypatch.setenv("RISKMODEL_ADMIN_TOTP", "1")
    at = ui.login("t-admin")
    assert_clean(at)
    assert session.SESSION_KEY not in at.session_state
    secret = at.session_state["_rm_login_pending"]["secret"]
    assert any(secret == c.value for c in at.code)
    at.text_input(key="login_code").input("000000")
    at.button(key="login_code_submit").click().run()
    assert at.error and session.SESSION_KEY not in at.session_state
    at.text_input(key="login_code").input(pyotp.TOTP(secret).now())
    at.button(key="login_code_submit").click().run()
    assert_clean(at)
    assert at.title[0].value == "用户与角色"
    at = ui.login("t-admin")  # next time: the code of the enrolled secret
    assert not at.code and at.text_input(key="login_code")


def test_a_link_followed_before_login_asks_to_log_in_and_then_opens_that_page(ui):
    at = ui.app()
    at._page_hash = calc_hash("organizer_assessment")  # the browser asked for /organizer_assessment
    at.run()
    assert_clean(at)
    assert any("请先登录" in w.value and "评估工作台" in w.value for w in at.warning)
    at.text_input(key="login_username").input("t-organizer")
    at.text_input(key="login_password").input(ui.password)
    at.button(key="login_submit").click().run()
    assert_clean(at)
    assert at.title[0].value == "评估工作台"  # not the start page 项目与评估


def test_a_link_followed_before_login_speaks_english_in_an_english_session(ui):
    at = ui.app()
    at.session_state["lang"] = "en"
    at._page_hash = calc_hash("admin_users")
    at.run()
    assert any("Please log in first" in w.value for w in at.warning)
    assert not any("Page not found" in str(e) for e in at.exception)


def test_another_roles_link_leads_to_the_start_page_with_a_word_why(ui):
    at = ui.login("t-expert1")
    at._page_hash = calc_hash("admin_users")
    at.run()
    assert_clean(at)
    assert at.title[0].value == "我的评估"


def test_the_login_page_lists_no_accounts_outside_a_demo_database(ui):
    at = ui.start()  # (a demo database lists them: tests/ui/test_shell.py)
    assert not at.dataframe and not any("demo" in c.value for c in at.caption)


def test_a_login_writes_the_session_epoch_and_the_audit_entry(ui):
    at = ui.login("t-leader")
    token = at.session_state[session.SESSION_KEY]
    entry = session.registry().get(token)
    assert entry.epoch == auth.session_user(ui.store, "t-leader").session_epoch
    last = audit.list_audit(ui.store, Actor.system(), limit=1)[0]
    assert (last.action, last.actor) == ("auth.login", "t-leader")
