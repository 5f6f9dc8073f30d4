"""The network page: who may open it, the graph and node details, coalitions, import validation."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from riskmodel.i18n import t
from riskmodel.services import networks, projects
from riskmodel.ui import shell
from tests.ui.conftest import REPO_ROOT, TIMEOUT, assert_clean, texts

PAGE = "riskmodel/ui/pages/network_view.py"


def _open(demo_ui, username: str) -> AppTest:
    at = demo_ui.login(username)
    at.switch_page(PAGE).run()
    assert_clean(at)
    return at


def _frame(at: AppTest, first_column_key: str) -> pd.DataFrame | None:
    """The dataframe whose first column has the catalog label ``first_column_key`` (zh)."""
    label = t(first_column_key, "zh")
    for d in at.dataframe:
        if len(d.value.columns) and d.value.columns[0] == label:
            return d.value
    return None


def _code_ids(demo_ui) -> dict[str, int]:
    return {p.code: p.id for p in projects.projects_of(demo_ui.store)}


def test_organizer_and_leader_open_the_page_with_coalitions(demo_ui):
    for user in ("demo-organizer", "demo-leader"):
        at = _open(demo_ui, user)
        assert at.title[0].value == t("ui_network.title", "zh")
        coalitions = _frame(at, "ui_network.coalitions.id")
        assert coalitions is not None and len(coalitions) >= 2
        assert t("ui_network.opposition.heading", "zh") in texts(at)
        assert [c.key for c in at.get("plotly_chart")][0] == "nv_plot"
    assert not at.get("file_uploader")  # the leader reads; only the organizer imports and edits


def test_large_network_is_reduced_with_a_note(demo_ui):
    at = _open(demo_ui, "demo-leader")
    at.selectbox(key="nv_project").set_value(_code_ids(demo_ui)["DEMO-03"]).run()
    assert_clean(at)
    prefix = t("network.layout.reduced_top", "zh", kept=0, kept_edges=0, dropped=0, kinds="", dropped_edges=0)[:6]
    assert any(i.value.startswith(prefix) for i in at.info)  # reduce_for_display's note (2,400 nodes > 500)
    assert any("2400" in c.value for c in at.caption)


def test_search_selects_a_node_and_shows_its_details(demo_ui):
    at = _open(demo_ui, "demo-organizer")
    brokers = _frame(at, "ui_network.brokers.name")
    name = brokers.iloc[0, 0]
    at.text_input(key="nv_search").input(name).run()
    at.selectbox(key="nv_search_pick").select_index(0).run()
    assert_clean(at)
    assert t("ui_network.details.heading", "zh", name=name) in texts(at)
    ties = _frame(at, "ui_network.ties.other")
    assert ties is not None and len(ties) >= 1


def test_expert_gets_the_forbidden_message(demo_ui):
    at = demo_ui.login("demo-expert1")
    token = at.session_state[shell.SESSION_KEY]
    page = AppTest.from_file(str(REPO_ROOT / PAGE), default_timeout=TIMEOUT)
    page.session_state[shell.SESSION_KEY] = token
    page.run()
    assert any(e.value == t("ui.shell.forbidden", "zh") for e in page.error)
    assert not page.get("plotly_chart")


def test_import_shows_row_level_errors_and_stores_nothing(demo_ui):
    at = _open(demo_ui, "demo-organizer")
    pid = at.selectbox(key="nv_project").value
    before = len(networks.list_networks(demo_ui.store, pid))
    nodes = (
        "id,name,kind,people,attitude,grievance,influence\na,甲村,group,10,-3,0.5,0.5\na,乙村,group,10,0,0.5,0.5\n"
    ).encode()
    edges = b"source,target,relation,weight\na,b,allied_with,1\n"
    uploaders = {u.key: u for u in at.get("file_uploader")}
    uploaders["nv_import_nodes"].set_value(("nodes.csv", nodes, "text/csv"))
    uploaders["nv_import_edges"].set_value(("edges.csv", edges, "text/csv"))
    at.run()
    at.button(key="nv_import_submit").click().run()
    assert_clean(at)
    problems = _frame(at, "ui_network.import.col.file")
    assert problems is not None
    messages = "\n".join(problems.iloc[:, -1])
    assert "第 2 行" in messages and "attitude" in messages and "第 3 行" in messages and "edges.csv" in messages
    assert any(t("ui_network.import.failed", "zh", count=len(problems)) == e.value for e in at.error)
    assert len(networks.list_networks(demo_ui.store, pid)) == before


def test_valid_import_stores_a_new_version(demo_ui):
    at = _open(demo_ui, "demo-organizer")
    pid = at.selectbox(key="nv_project").value
    before = len(networks.list_networks(demo_ui.store, pid))
    examples = REPO_ROOT / "data" / "examples" / "network"
    uploaders = {u.key: u for u in at.get("file_uploader")}
    uploaders["nv_import_nodes"].set_value(("nodes.csv", (examples / "nodes.csv").read_bytes(), "text/csv"))
    uploaders["nv_import_edges"].set_value(("edges.csv", (examples / "edges.csv").read_bytes(), "text/csv"))
    at.run()
    at.button(key="nv_import_submit").click().run()
    assert_clean(at)
    assert len(networks.list_networks(demo_ui.store, pid)) == before + 1


def _evidence_box(url: str, assessment_id: int) -> None:
    """Run by AppTest: the evidence box beside the 民意 dimension."""
    from riskmodel.store import get_store
    from riskmodel.ui.components.network_evidence import render_network_evidence

    render_network_evidence(assessment_id, "zh", dimension="PUB", store=get_store(url))


def test_the_evidence_box_shows_the_stored_mobilisation(demo_ui):
    from riskmodel.services import auth, network_analysis

    p = next(p for p in projects.list_projects(demo_ui.store) if p.code == "DEMO-02")
    aid = p.assessments[-1].id
    saved = network_analysis.record_evidence(
        demo_ui.store, auth.actor_for(demo_ui.store, "demo-organizer"), aid, runs=50
    )
    assert saved is not None
    at = AppTest.from_function(_evidence_box, args=(demo_ui.url, aid), default_timeout=TIMEOUT).run()
    assert_clean(at)
    shown = {m.label: m.value for m in at.metric}
    assert shown[t("ui_network.evidence_panel.expected", "zh")] == f"{saved.mobilisation.expected_people:.0f}"
    assert shown[t("ui_network.evidence_panel.p100", "zh")] == f"{saved.mobilisation.p_ge_100:.0%}"
    stored = t(
        "ui_network.evidence_panel.stored", "zh", at=(saved.recorded_at or "")[:10], version=saved.network_version
    )
    assert stored in [c.value for c in at.caption]


def test_the_simulation_tab_runs_and_shows_the_mobilisation(demo_ui):
    at = _open(demo_ui, "demo-leader")
    at.number_input(key="nv_sim_runs").set_value(100).run()
    at.button(key="nv_sim_run").click().run(timeout=TIMEOUT)
    assert_clean(at)
    shown = {m.label: m.value for m in at.metric}
    assert t("ui_network.sim.expected", "zh") in shown and shown[t("ui_network.sim.p100", "zh")].endswith("%")
    assert any("100" in c.value for c in at.caption)  # the band's caption names the runs


def test_the_tabs_read_a_typed_display_of_the_version():
    import typing

    from riskmodel.network.simulate import MobilisationResult
    from riskmodel.ui.components import network_cache, network_graph, network_simulation

    assert typing.get_type_hints(network_cache.version_view.__wrapped__)["return"] is network_cache.VersionDisplay
    assert typing.get_type_hints(network_graph.render)["full"] is network_cache.VersionDisplay
    assert typing.get_type_hints(network_simulation.render)["full"] is network_cache.VersionDisplay
    assert typing.get_type_hints(network_simulation._mobilisation_metrics)["mob"] is MobilisationResult
