"""The first-run page: a configured empty database gets its first administrator (password policy, optional
setup token) and no demo; the page is gone once an account exists."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from riskmodel.services import audit, auth, bootstrap
from riskmodel.services.context import Actor
from riskmodel.store import get_store
from tests.ui.conftest import APP, TIMEOUT, assert_clean


@pytest.fixture
def empty(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'configured.db'}"
    monkeypatch.setenv("RISKMODEL_DATABASE_URL", url)
    monkeypatch.delenv("RISKMODEL_DEMO", raising=False)
    monkeypatch.delenv("RISKMODEL_SETUP_TOKEN", raising=False)
    return url


def _fill(at, username="chief", password="our office pass phrase", again=None):
    at.text_input(key="first_run_username").input(username)
    at.text_input(key="first_run_name").input("首任管理员")
    at.text_input(key="first_run_password").input(password)
    at.text_input(key="first_run_password2").input(again or password)
    at.button(key="first_run_create").click().run()
    return at


def test_the_first_admin_is_created_logged_in_and_lands_on_users_and_roles(empty):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert_clean(at)
    assert at.subheader[0].value == "首次启动：创建第一个管理员账号"
    _fill(at)
    assert_clean(at)
    assert at.title[0].value == "用户与角色"
    store = get_store(empty)
    assert auth.get_user(store, "chief").role == "admin" and not bootstrap.has_demo_data(store)
    actions = [(e.actor, e.action) for e in reversed(audit.list_audit(store, Actor.system()))]
    assert actions == [("setup", "user.create"), ("chief", "auth.login")]
    again = AppTest.from_file(APP, default_timeout=TIMEOUT).run()  # another browser: the login page now
    assert any(w.key == "login_username" for w in again.text_input)


def test_the_password_policy_applies_on_the_first_run_page(empty):
    at = _fill(AppTest.from_file(APP, default_timeout=TIMEOUT).run(), password="demo")
    assert any("12" in e.value for e in at.error)
    at = _fill(at, password="our office pass phrase", again="our office pass phrase!")
    assert any("不一致" in e.value for e in at.error)
    assert bootstrap.needs_first_admin(get_store(empty))


def test_a_setup_token_guards_the_first_run_page_when_configured(empty, monkeypatch):
    monkeypatch.setenv("RISKMODEL_SETUP_TOKEN", "token from the ops team")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="first_run_token").input("a guess")
    _fill(at)
    assert any("初始化口令不正确" in e.value for e in at.error)
    at.text_input(key="first_run_token").input("token from the ops team")
    _fill(at)
    assert_clean(at)
    assert at.title[0].value == "用户与角色"


def test_every_address_shows_the_first_run_page_of_an_empty_database(empty):
    from streamlit.util import calc_hash

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at._page_hash = calc_hash("leader_dashboard")
    at.run()
    assert_clean(at)
    assert any(w.key == "first_run_username" for w in at.text_input)
