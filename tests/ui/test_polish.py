"""Everyday polish found in use (issue 14 item 7), each checked in the running app (AppTest)."""

from __future__ import annotations

from riskmodel.i18n import t
from riskmodel.services import assessments, projects, rounds
from riskmodel.services.auth import actor_for
from riskmodel.store.models import AuditEntry
from tests.ui.conftest import assert_clean, shown, texts

WORKBENCH = "riskmodel/ui/pages/organizer_assessment.py"


def _new_project(at, name: str, investment: float | None = 1000.0):
    at.text_input(key="np_name").input(name)
    at.text_input(key="np_region").input("测试区")
    if investment is not None:
        at.number_input(key="np_investment").set_value(investment)
    at.button(key="np_submit").click().run()
    assert_clean(at)
    return at


def test_a_project_name_over_200_characters_gets_a_message_and_keeps_the_field(ui):
    at = ui.login("t-organizer")
    name = "城" * 201
    _new_project(at, name)
    assert t("house.project.name_too_long", "zh", length=201, max=200) in [e.value for e in at.error]
    assert at.text_input(key="np_name").value == name  # what was typed stays, to be shortened
    assert not [p for p in projects.list_projects(ui.store) if p.name == name]


def test_a_negative_investment_gets_a_message(ui):
    at = ui.login("t-organizer")
    _new_project(at, "负投资测试项目", investment=-5.0)
    assert t("house.project.negative_investment", "zh", value=-5.0) in [shown(e.value) for e in at.error]
    assert not [p for p in projects.list_projects(ui.store) if p.name == "负投资测试项目"]


def test_a_second_assessment_of_a_project_asks_for_confirmation_and_a_reason(ui):
    at = ui.login("t-organizer")
    pid = ui.ids["project"]
    before = len(assessments.list_assessments(ui.store, actor_for(ui.store, "t-organizer"), project_id=pid))
    at.selectbox(key="na_project").set_value(pid)
    at.button(key="na_submit").click().run()
    assert_clean(at)
    assert t("house.assessment.again_required", "zh", code="T-001", count=before) in [e.value for e in at.error]
    after = assessments.list_assessments(ui.store, actor_for(ui.store, "t-organizer"), project_id=pid)
    assert len(after) == before
    at.checkbox(key="na_again_confirm").check()
    at.text_area(key="na_again_reason").input("征收范围调整，原评估不再适用")
    at.button(key="na_submit").click().run()
    assert_clean(at)
    after = assessments.list_assessments(ui.store, actor_for(ui.store, "t-organizer"), project_id=pid)
    assert len(after) == before + 1
    with ui.store.read() as s:
        entry = s.query(AuditEntry).filter(AuditEntry.action == "assessment.further").one()
        assert "征收范围调整" in str(entry.details)


def test_opening_a_round_asks_for_confirmation(ui):
    aid = ui.ids["C"]  # in review: another round may be opened
    at = ui.login("t-organizer")
    at.session_state["selected_assessment_id"] = aid
    at.switch_page(WORKBENCH).run()
    at.button(key="rounds_open").click().run()
    assert_clean(at)
    assert t("house.rounds.open_confirm", "zh", number=2) in texts(at)
    assert len(rounds.list_rounds(ui.store, aid)) == 1  # nothing opened yet
    at.button(key="rounds_open_cancel").click().run()
    assert len(rounds.list_rounds(ui.store, aid)) == 1 and not [b for b in at.button if b.key == "rounds_open_confirm"]
    at.button(key="rounds_open").click().run()
    at.button(key="rounds_open_confirm").click().run()
    assert_clean(at)
    assert len(rounds.list_rounds(ui.store, aid)) == 2


def _leader_detail(ui, aid: int, lang: str = "zh"):
    at = ui.login("t-leader", lang=lang)
    at.session_state["selected_assessment_id"] = aid
    at.switch_page("riskmodel/ui/pages/leader_assessment.py").run()
    assert_clean(at)
    return at


def test_leaders_see_experts_as_panel_codes_as_the_exports_do(ui):
    at = _leader_detail(ui, ui.ids["C"])
    table = next(d.value for d in at.dataframe if "deviation" in d.value.columns)
    shown = set(table["expert"])
    assert shown and shown <= {t("report.expert_code", "zh", code=c) for c in "ABC"}, shown
    assert "t-expert" not in texts(at)


def test_clearing_the_filters_clears_the_widgets_as_well_as_the_numbers(ui):
    at = ui.login("t-leader")
    at.multiselect(key="leader_f_region").set_value(["测试市"]).run()
    at.selectbox(key="leader_f_period").set_value("this_year").run()
    at.checkbox(key="leader_f_latest").uncheck().run()
    assert_clean(at)
    at.button(key="leader_f_reset").click().run()
    assert_clean(at)
    assert at.multiselect(key="leader_f_region").value == []
    assert at.selectbox(key="leader_f_period").value == "all"
    assert at.checkbox(key="leader_f_latest").value is True
    assert at.session_state["leader_f_region"] == []  # what the browser is sent, not only a forgotten key


def test_network_dispute_values_and_the_demo_label_are_translated_in_english(demo_ui):
    at = demo_ui.login("demo-leader")
    at.session_state["lang"] = "en"
    at.switch_page("riskmodel/ui/pages/network_view.py").run()
    assert_clean(at)
    assert t("house.network.demo_label", "en") in texts(at) and "演示网络" not in texts(at)
    charts = {c.key: c.proto.spec for c in at.get("plotly_chart")}
    timeline = charts["nv_timeline_channel"] + charts["nv_timeline_status"]
    assert t("house.network.channel.petition", "en") in timeline
    assert t("house.network.status.resolved", "en") in timeline
    for word in ("信访", "网格", "媒体", "排查", "调处中", "已化解"):
        assert word not in timeline, word


def test_the_page_width_is_set_once_per_run_so_it_never_jumps(ui, monkeypatch):
    import streamlit as st

    from riskmodel.ui import shell

    layouts: list[str | None] = []
    original = st.set_page_config

    def record(*args, **kwargs):
        layouts.append(kwargs.get("layout"))
        return original(*args, **kwargs)

    monkeypatch.setattr(st, "set_page_config", record)
    at = ui.login("t-leader")  # the wide dashboard
    for _ in range(2):
        layouts.clear()
        at.button(key="leader_f_reset").click().run()  # an action on the page
        assert_clean(at)
        assert [x for x in layouts if x is not None] == [shell.spec_of("leader_dashboard.py").layout]


def test_the_measures_table_gives_every_column_a_width(ui):
    """Seven columns fit the wide workbench: none is left to grow and push the others out of view."""
    import json

    aid = ui.ids["C"]
    at = ui.login("t-organizer")
    at.session_state["selected_assessment_id"] = aid
    at.switch_page(WORKBENCH).run()
    assert_clean(at)
    from riskmodel.ui import shell

    assert shell.spec_of("organizer_assessment.py").layout == "wide"
    editor = next(e for e in at.dataframe if '"measure"' in e.proto.columns)
    config = json.loads(editor.proto.columns)
    shown = {k: v for k, v in config.items() if not v.get("hidden") and k not in ("_index",)}
    assert set(shown) >= {"phase", "factor", "measure", "deadline", "responsible", "assisting", "status"}
    assert all(v.get("width") for v in shown.values()), {k: v.get("width") for k, v in shown.items()}


def test_streamlit_widget_texts_we_can_set_follow_the_language(demo_ui):
    """Uploader help and the date format are ours; Streamlit's drop-zone words are not (see the README)."""
    for code, fmt in (("en", "YYYY-MM-DD"), ("zh", "YYYY/MM/DD")):
        at = demo_ui.login("demo-organizer")
        at.session_state["lang"] = code
        at.switch_page("riskmodel/ui/pages/network_view.py").run()
        assert_clean(at)
        uploaders = at.get("file_uploader")
        assert uploaders and all(u.proto.help == t("house.upload.help", code, types="CSV / XLSX") for u in uploaders)
        assert at.date_input(key="nv_as_of").proto.format == fmt
