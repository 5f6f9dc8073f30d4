"""First starts in the browser: a configured empty database opens the first-run page (first admin, no demo);
asked for with RISKMODEL_DEMO=1, an empty database is created, migrated and seeded with the demo portfolio,
and says so with the 演示数据 banner. (The README's first command — the embedded default database, which
gets the demo without asking — is covered in tests/ui/test_shell.py, without touching the repository's
data/riskmodel.db.)"""

from __future__ import annotations

from riskmodel.services import auth, bootstrap, demo
from riskmodel.store import get_store
from tests.ui.e2e.conftest import DESKTOP, login, new_page, shot, streamlit_app, wait_idle


def test_first_start_on_an_empty_database_seeds_the_demo_when_asked(browser, tmp_path, screenshots):
    db_url = f"sqlite:///{tmp_path / 'first-start.db'}"
    with streamlit_app(db_url, tmp_path, RISKMODEL_DEMO="1") as base:
        context, page = new_page(browser, DESKTOP)
        try:
            page.goto(base)
            # seeding runs in the first session's script run: allow for a slow machine
            page.get_by_text("演示数据").first.wait_for(timeout=240_000)
            page.get_by_text("演示账号的密码均为：demo").wait_for()
            shot(page, screenshots, "first-start-login")
            login(page, base, "demo-organizer")
            page.get_by_role("heading", name="项目与评估").wait_for()
        finally:
            context.close()
    store = get_store(db_url)
    assert bootstrap.has_demo_data(store) and auth.user_count(store) == len(demo.DEMO_ACCOUNTS)


def test_a_configured_empty_database_starts_with_the_first_run_page_and_no_demo(browser, tmp_path, screenshots):
    db_url = f"sqlite:///{tmp_path / 'configured.db'}"
    with streamlit_app(db_url, tmp_path, RISKMODEL_DEMO="0") as base:
        context, page = new_page(browser, DESKTOP)
        try:
            page.goto(base)
            page.get_by_text("首次启动：创建第一个管理员账号").wait_for(timeout=120_000)
            assert page.get_by_text("演示数据：").count() == 0
            shot(page, screenshots, "first-run-zh")
            page.locator(".st-key-shell_lang_switch label").filter(has_text="English").click()
            wait_idle(page)
            page.get_by_text("First start: create the first administrator").wait_for()
            shot(page, screenshots, "first-run-en")
            page.locator(".st-key-shell_lang_switch label").filter(has_text="中文").click()
            wait_idle(page)
            page.locator(".st-key-first_run_username input").fill("chief")
            page.locator(".st-key-first_run_name input").fill("首任管理员")
            page.locator(".st-key-first_run_password input").fill("short")
            page.locator(".st-key-first_run_password2 input").fill("short")
            page.locator(".st-key-first_run_create button").click()
            page.get_by_text("密码至少需要 12 个字符").wait_for()
            page.locator(".st-key-first_run_password input").fill("our office pass phrase")
            page.locator(".st-key-first_run_password2 input").fill("our office pass phrase")
            page.locator(".st-key-first_run_create button").click()
            page.get_by_role("heading", name="用户与角色").wait_for()
            shot(page, screenshots, "first-run-done")
        finally:
            context.close()
    store = get_store(db_url)
    assert not bootstrap.has_demo_data(store) and auth.user_count(store) == 1
