"""The README's first command on a fresh machine: ``streamlit run app.py`` on an empty database creates,
migrates and seeds the demo portfolio, and says so with the 演示数据 banner."""

from __future__ import annotations

from riskmodel.services import ui_support
from riskmodel.store import get_store
from tests.ui.e2e.conftest import DESKTOP, login, new_page, shot, streamlit_app


def test_first_start_on_an_empty_database_seeds_the_demo(browser, tmp_path, screenshots):
    db_url = f"sqlite:///{tmp_path / 'first-start.db'}"
    with streamlit_app(db_url, tmp_path) as base:
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
    assert ui_support.has_demo_data(store) and ui_support.user_count(store) == 8
