"""The feeds pages in a real browser on the demo: each renders without error (screenshots), and the
leader's dashboard shows the 排查研判 section with 建议重新评估 for the bridge (DEMO-08)."""

from __future__ import annotations

from tests.ui.e2e.conftest import click, login, nav, shot

PAGES = {
    "demo-organizer": ("feeds_import", "feeds_links", "feeds_signals", "feeds_rhythm"),
    "demo-leader": ("feeds_signals", "feeds_rhythm"),
}


def _main_ok(page, where) -> None:
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "参考编号" not in main and "Traceback" not in main and "无权访问" not in main, where
    assert not page.locator('[data-testid="stException"]').count(), where


def test_the_feeds_pages_render_and_the_dashboard_flags_the_bridge(app_server, desktop, screenshots):
    base, _ = app_server
    page = desktop
    for username, urls in PAGES.items():
        login(page, base, username)
        for url in urls:
            nav(page, url)
            page.locator('[data-testid="stMain"] h1').first.wait_for()
            _main_ok(page, (username, url))
            shot(page, screenshots, f"feeds-{username.removeprefix('demo-')}-{url}")
    nav(page, "feeds_rhythm")
    click(page, ".st-key-feeds_rhythm_daily_build button")
    page.get_by_text("信访矛盾日研判单").first.wait_for()
    shot(page, screenshots, "feeds-leader-rhythm-daily")
    nav(page, "leader_dashboard")
    page.get_by_text("排查研判（12345、信访、网格）").first.wait_for()
    assert page.get_by_text("建议重新评估：DEMO-08").count()
    _main_ok(page, "leader_dashboard")
    shot(page, screenshots, "feeds-leader-dashboard")
