"""Fixtures of the app tests: seeded temporary SQLite databases and logged-in AppTest sessions.

Two templates are built once per test session and copied for every test (so tests may write freely):
- ``demo``: the store's demo portfolio (``services.demo.seed_demo``), what ``streamlit run app.py`` shows;
- ``scenario``: a small deterministic database (``tests/ui/scenario.py``) with an open round 1, an open
  round 2 with group feedback, an assessment in review and a probability–impact assessment.

Usage::

    def test_x(ui):                      # scenario database
        at = ui.login("t-expert1")       # an AppTest after a successful login
    def test_y(demo_ui):                 # demo database
        at = demo_ui.login("demo-leader")
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from riskmodel.store import Store, forget_stores, get_store

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = str(REPO_ROOT / "app.py")
ENV_URL = "RISKMODEL_DATABASE_URL"
TIMEOUT = 60


def _build_template(path: Path, build) -> dict:
    url = f"sqlite:///{path}"
    store = Store(url)
    try:
        info = build(store)
    finally:
        store.dispose()
    forget_stores()
    return info or {}


@pytest.fixture(scope="session")
def scenario_template(tmp_path_factory) -> tuple[Path, dict]:
    from tests.ui import scenario

    path = tmp_path_factory.mktemp("ui-scenario") / "scenario.db"
    return path, _build_template(path, scenario.build)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from riskmodel.services import demo

    path = tmp_path_factory.mktemp("ui-demo") / "demo.db"
    _build_template(path, demo.seed_demo)
    return path


def copy_db(template: Path, target_dir: Path) -> str:
    target = target_dir / template.name
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


@dataclass
class UI:
    """An app bound to one temporary database."""

    url: str
    ids: dict
    password: str

    @property
    def store(self) -> Store:
        return get_store(self.url)

    def app(self) -> AppTest:
        return AppTest.from_file(APP, default_timeout=TIMEOUT)

    def start(self) -> AppTest:
        return self.app().run()

    def login(self, username: str, password: str | None = None, *, lang: str | None = None) -> AppTest:
        at = self.app()
        if lang:
            at.session_state["lang"] = lang
        at.run()
        at.text_input(key="login_username").input(username)
        at.text_input(key="login_password").input(password or self.password)
        at.button(key="login_submit").click().run()
        return at


def _bind(monkeypatch, url: str) -> None:
    monkeypatch.setenv(ENV_URL, url)


@pytest.fixture
def ui(scenario_template, tmp_path, monkeypatch) -> UI:
    from tests.ui import scenario

    path, ids = scenario_template
    url = copy_db(path, tmp_path)
    _bind(monkeypatch, url)
    yield UI(url=url, ids=ids, password=scenario.PASSWORD)
    forget_stores()


@pytest.fixture
def demo_ui(demo_template, tmp_path, monkeypatch) -> UI:
    from riskmodel.services import demo

    url = copy_db(demo_template, tmp_path)
    _bind(monkeypatch, url)
    yield UI(url=url, ids={}, password=demo.DEMO_PASSWORD)
    forget_stores()


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown element's source: escaped punctuation (user text goes through
    ``md()``) without its backslashes."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def texts(at: AppTest) -> str:
    """Every visible text of the last run, joined (titles, markdown, captions, alerts, metrics, labels)."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
        "text",
        "code",
    ):
        parts.extend(shown(str(e.value)) for e in getattr(at, kind))
    parts.extend(f"{m.label} {m.value}" for m in at.metric)
    for kind in ("button", "text_input", "selectbox", "radio", "checkbox", "number_input", "text_area"):
        parts.extend(str(w.label) for w in getattr(at, kind))
    return "\n".join(parts)


def assert_clean(at: AppTest) -> None:
    """No exception element and no unexpected-error message in the last run."""
    assert not at.exception, [e.value for e in at.exception]
    for e in at.error:
        assert "参考编号" not in e.value and "reference" not in e.value, e.value
