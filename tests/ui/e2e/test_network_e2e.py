"""End to end in a real browser: log in as the demo leader, open the network page, click a node, see it.

Starts ``streamlit run app.py`` on a free port with an empty temporary database (the app seeds the demo
portfolio on first start) and drives Debian's chromium through Playwright. Skips when chromium is not
installed — except under ``CI=true``, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = os.environ.get("RISKMODEL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _need_browser() -> str:
    if CHROMIUM and Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("chromium is required for the end-to-end tests under CI")
    pytest.skip("chromium is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    _need_browser()
    db = tmp_path_factory.mktemp("e2e-network") / "app.db"
    port = _free_port()
    env = dict(
        os.environ,
        RISKMODEL_DATABASE_URL=f"sqlite:///{db}",
        RISKMODEL_DEMO="1",  # a configured empty database gets the demo only when asked
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
        RISKMODEL_LAYOUT_CACHE=str(db.parent / "layouts"),
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(REPO_ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_leader_clicks_a_node_and_sees_its_details(app_url):
    from playwright.sync_api import expect, sync_playwright

    from riskmodel.i18n import t
    from riskmodel.services.demo import DEMO_PASSWORD

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=_need_browser(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(90_000)  # first start seeds the demo portfolio
        page.goto(app_url)
        page.get_by_label(t("ui.login.username", "zh")).fill("demo-leader")
        page.get_by_label(t("ui.login.password", "zh")).fill(DEMO_PASSWORD)
        page.get_by_role("button", name=t("ui.login.submit", "zh")).click()
        page.get_by_role("link", name=t("ui.nav.network_view", "zh")).click()
        expect(page.get_by_role("heading", name=t("ui_network.title", "zh"))).to_be_visible(timeout=60_000)
        points = page.locator(".js-plotly-plot .scatterlayer .trace .points path.point")
        expect(points.first).to_be_visible(timeout=60_000)
        box = points.nth(points.count() // 2).bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        heading = page.get_by_role("heading", name=t("ui_network.details.heading", "zh", name="").rstrip())
        expect(heading.first).to_be_visible(timeout=30_000)
        expect(page.get_by_text(t("ui_network.ties.heading", "zh", count="").split("（")[0]).first).to_be_visible()
        browser.close()
