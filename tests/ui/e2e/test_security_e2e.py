"""Accounts and sessions in a real browser: the lockout holds across fresh browser sessions (each try in a
new context, as an attacker scripting logins would), without telling whether the account exists; a link
followed before login says 请先登录 and opens its page after the login."""

from __future__ import annotations

import pytest

from tests.ui.conftest import copy_db
from tests.ui.e2e.conftest import DESKTOP, new_page, shot, streamlit_app, wait_idle

LOCKED = "登录失败次数过多"


@pytest.fixture(scope="module")
def server(chromium_path, demo_template, tmp_path_factory):
    """Its own app on its own copy of the demo database (the lockouts below must not reach other tests)."""
    workdir = tmp_path_factory.mktemp("e2e-security")
    with streamlit_app(copy_db(demo_template, workdir), workdir) as base:
        yield base


def _try_login(browser, base: str, username: str, password: str, *, path: str = "") -> str:
    """One login in a fresh browser context (a new Streamlit session); the error shown, if any."""
    context, page = new_page(browser, DESKTOP)
    try:
        page.goto(f"{base}/{path}")
        page.locator(".st-key-login_username input").wait_for(timeout=60_000)
        page.locator(".st-key-login_username input").fill(username)
        page.locator(".st-key-login_password input").fill(password)
        page.locator(".st-key-login_submit button").click()
        wait_idle(page)
        return " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    finally:
        context.close()


def test_the_lockout_holds_across_fresh_browser_sessions(browser, server, screenshots):
    for _ in range(4):
        assert "用户名或密码不正确" in _try_login(browser, server, "demo-expert5", "wrong password!")
    assert LOCKED in _try_login(browser, server, "demo-expert5", "wrong password!")
    assert LOCKED in _try_login(browser, server, "demo-expert5", "demo")  # even the right password
    ghost = [_try_login(browser, server, "no-such-user", "wrong password!") for _ in range(5)]
    assert "用户名或密码不正确" in ghost[0] and LOCKED in ghost[-1]  # the same for a name that does not exist
    context, page = new_page(browser, DESKTOP)
    try:
        page.goto(server)
        page.locator(".st-key-login_username input").fill("demo-expert5")
        page.locator(".st-key-login_password input").fill("demo")
        page.locator(".st-key-login_submit button").click()
        page.get_by_text(LOCKED).wait_for()
        shot(page, screenshots, "login-locked")
    finally:
        context.close()


def test_a_link_followed_before_login_says_please_log_in_and_opens_after_it(browser, server, screenshots):
    context, page = new_page(browser, DESKTOP)
    try:
        page.goto(f"{server}/leader_assessment")
        page.get_by_text("请先登录。登录后将打开“评估详情”。").wait_for(timeout=60_000)
        assert page.get_by_text("Page not found").count() == 0
        shot(page, screenshots, "login-required-link")
        page.locator(".st-key-login_username input").fill("demo-leader")
        page.locator(".st-key-login_password input").fill("demo")
        page.locator(".st-key-login_submit button").click()
        wait_idle(page)
        page.get_by_role("heading", name="评估详情").wait_for()
        assert page.url.rstrip("/").endswith("/leader_assessment")
    finally:
        context.close()
