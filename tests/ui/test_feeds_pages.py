"""The feeds pages (排查研判) in AppTest on the demo: role gating, import with its report, link confirmation,
signals with the records behind, the rhythm documents, the dashboard section with 建议重新评估."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from riskmodel.i18n import t
from riskmodel.services import feeds
from tests.feeds.conftest import csv_bytes, work_order
from tests.ui.conftest import REPO_ROOT, assert_clean, texts
from tests.ui.test_layout import _imports

PAGES = "riskmodel/ui/pages/"


FEEDS_AND_NETWORK_UI = sorted(
    [
        *(REPO_ROOT / "riskmodel/ui/pages").glob("feeds_*.py"),
        *(REPO_ROOT / "riskmodel/ui/pages").glob("network*.py"),
        *(REPO_ROOT / "riskmodel/ui/components").glob("feeds_*.py"),
        *(REPO_ROOT / "riskmodel/ui/components").glob("network_*.py"),
        REPO_ROOT / "riskmodel/ui/components/dashboard_feeds.py",
    ]
)


@pytest.mark.parametrize("path", FEEDS_AND_NETWORK_UI, ids=lambda p: p.name)
def test_the_feeds_and_network_ui_never_query_the_database(path):
    found = {n for n in _imports(path) if n.startswith(("sqlalchemy", "riskmodel.store.models"))}
    assert not found, f"{path.name} imports {sorted(found)}: read through a service"
    assert "store.read(" not in path.read_text(encoding="utf-8")


def _open(demo_ui, username: str, page: str) -> AppTest:
    at = demo_ui.login(username)
    at.switch_page(PAGES + page).run()
    assert_clean(at)
    return at


def test_an_expert_cannot_open_the_feeds_pages(demo_ui):
    at = demo_ui.login("demo-expert1")
    for page in ("feeds_import.py", "feeds_links.py", "feeds_signals.py", "feeds_rhythm.py"):
        with pytest.raises(ValueError):  # not in the expert's navigation at all
            at.switch_page(PAGES + page)


def test_the_import_page_shows_the_rejected_rows_of_an_import(demo_ui):
    at = _open(demo_ui, "demo-organizer", "feeds_import.py")
    assert at.title[0].value == t("feeds.ui.import.title", "zh")
    assert at.button(key="feeds_import_go").disabled  # nothing uploaded yet
    before = feeds.record_count(demo_ui.store)
    data = csv_bytes([work_order("UI-1"), work_order("UI-2", received_at="昨天")])
    result = feeds.import_feed(demo_ui.store, feeds_actor(demo_ui), data, "ui.csv", "12345", skip_invalid=True)
    assert result.stored == 1 and feeds.record_count(demo_ui.store) == before + 1
    at.session_state["feeds_import_result"] = result  # what the page keeps after its import
    at.run()
    assert_clean(at)
    assert "ui.csv" in texts(at) and at.dataframe[0].value.iloc[0]["column"] == "来电时间"


def feeds_actor(demo_ui):
    from riskmodel.services.auth import actor_for

    return actor_for(demo_ui.store, "demo-organizer")


def test_links_wait_for_confirmation_and_a_confirmed_link_leaves_the_list(demo_ui):
    at = _open(demo_ui, "demo-organizer", "feeds_links.py")
    pending = feeds.pending_links(demo_ui.store)
    assert pending and at.title[0].value == t("feeds.ui.links.title", "zh")
    locations = feeds.project_locations(demo_ui.store)
    assert at.selectbox(key="feeds_loc_project").options == [f"{p.code} {p.name}" for p in locations]
    first = locations[0]
    assert at.text_input(key=f"feeds_loc_d_{first.code}").value == (first.district or "")
    assert feeds.decide_links(demo_ui.store, feeds_actor(demo_ui), [pending[0].link_id], True) == 1
    assert pending[0].link_id not in {p.link_id for p in feeds.pending_links(demo_ui.store)}


def test_the_signals_page_shows_the_stored_alarms(demo_ui):
    at = _open(demo_ui, "demo-leader", "feeds_signals.py")
    table = at.dataframe[0].value
    assert "告警" in set(table[t("feeds.bulletin.col.level", "zh")]) and "DEMO-08" in set(
        table[t("feeds.bulletin.col.project", "zh")]
    )


def test_the_rhythm_page_builds_the_monthly_bulletin(demo_ui):
    at = _open(demo_ui, "demo-organizer", "feeds_rhythm.py")
    at.text_input(key="feeds_rhythm_monthly_period").set_value("2026-11")
    at.button(key="feeds_rhythm_monthly_build").click().run()
    assert_clean(at)
    assert "信访矛盾月通报" in texts(at)


def test_the_leader_dashboard_shows_the_feeds_section_and_the_bridge_flag(demo_ui):
    at = demo_ui.login("demo-leader")
    assert_clean(at)
    shown = texts(at)
    assert t("feeds.ui.dashboard.heading", "zh") in shown
    assert any("DEMO-08" in e.label for e in at.expander)
