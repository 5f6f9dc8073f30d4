"""Browser tests: Debian's chromium driven by Playwright for Python against ``streamlit run app.py``.

The app is started once per session on a copy of the seeded demo database and a free port. Without a
chromium binary the tests are skipped with a clear reason — except under ``CI=true``, where a missing
browser is a failure (CI installs Debian's ``chromium`` package; never a Playwright browser download).
Screenshots of every page visited go to ``screenshots/`` (git-ignored).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.ui.conftest import REPO_ROOT, copy_db

CHROMIUM = os.environ.get("RISKMODEL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO_ROOT / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
START_TIMEOUT_S = 90


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "e2e" in item.path.parts:
            item.add_marker(pytest.mark.browser)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _require_browser() -> str:
    if Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK):
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError as exc:  # pragma: no cover - requirements pin playwright
            reason = f"playwright for Python is not installed ({exc})"
        else:
            return CHROMIUM
    else:
        reason = f"chromium not found at {CHROMIUM} (install Debian's 'chromium' package or set RISKMODEL_CHROMIUM)"
    if _in_ci():
        pytest.fail(f"browser tests cannot run under CI=true: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(base: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(
        f"streamlit did not become healthy in {START_TIMEOUT_S}s:\n{log.read_text(errors='replace')[-3000:]}"
    )


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return _require_browser()


@contextmanager
def streamlit_app(db_url: str, workdir: Path, **extra_env: str):
    """Run ``streamlit run app.py`` on ``db_url``; yield the base URL once it is healthy."""
    port = _free_port()
    log = workdir / "streamlit.log"
    env = {**os.environ, "RISKMODEL_DATABASE_URL": db_url, "RISKMODEL_LANG": "zh", **extra_env}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, proc, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def app_server(chromium_path, demo_template, tmp_path_factory):
    """``streamlit run app.py`` on a copy of the demo database; yields (base URL, database URL)."""
    workdir = tmp_path_factory.mktemp("e2e-app")
    db_url = copy_db(demo_template, workdir)
    with streamlit_app(db_url, workdir) as base:
        yield base, db_url


@pytest.fixture(scope="module")
def browser(chromium_path):
    """One chromium per test module (module scope: Playwright's sync API allows one running instance
    per thread, so another module may start its own after this one is closed)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


def new_page(browser, viewport: dict):
    context = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1)
    context.set_default_timeout(30_000)
    return context, context.new_page()


@pytest.fixture
def desktop(browser):
    context, page = new_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context, page = new_page(browser, PHONE)
    yield page
    context.close()


def shot(page, screenshots: Path, name: str) -> Path:
    """A full-page screenshot once Streamlit has finished running the script."""
    wait_idle(page)
    path = screenshots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_idle(page, timeout_ms: int = 60_000) -> None:
    """Wait until the app is connected and no script run is pending or in progress."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    page.wait_for_timeout(250)  # a click's rerun may not have started yet
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            if (!app) return false;
            const state = app.getAttribute('data-test-script-state');
            return app.getAttribute('data-test-connection-state') === 'CONNECTED'
                && !['initial', 'running', 'rerunRequested'].includes(state);
        }""",
        timeout=timeout_ms,
    )


def click(page, selector: str) -> None:
    """Click a keyed widget's button and wait for the rerun to finish."""
    page.locator(selector).first.click()
    wait_idle(page)


def nav(page, url_path: str) -> None:
    """Open a page through the sidebar navigation (a full page load would start a new session).
    A role's start page is linked as the app root, so it is the first link when no link ends in its path."""
    nav_links = page.locator('[data-testid="stSidebarNav"] a')
    if not nav_links.first.is_visible():
        page.locator('[data-testid="stExpandSidebarButton"]').click()
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{url_path}"]')
    (link.first if link.count() else nav_links.first).click()
    wait_idle(page)


def choose(page, key: str, text: str) -> None:
    """Pick the option containing ``text`` in the keyed selectbox."""
    box = page.locator(f".st-key-{key} input[role=combobox]")
    box.click()
    box.fill(text)
    page.get_by_role("option").filter(has_text=text).first.click()
    wait_idle(page)


def login(page, base: str, username: str, password: str = "demo") -> None:
    page.goto(base)
    page.locator(".st-key-login_username input").fill(username)
    page.locator(".st-key-login_password input").fill(password)
    page.locator(".st-key-login_submit button").click()
    page.locator(".st-key-login_submit").wait_for(state="detached")
    wait_idle(page)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, save a screenshot of every open page (what the browser showed) next to the others."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    for name in ("phone", "desktop"):
        page = item.funcargs.get(name)
        if page is None:
            continue
        try:
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"FAILED-{item.name}-{name}.png"), full_page=True)
            (SCREENSHOTS / f"FAILED-{item.name}-{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception:  # noqa: BLE001 — best effort only
            pass
