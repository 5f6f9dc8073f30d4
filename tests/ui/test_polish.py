"""Everyday polish found in use (issue 14 item 7), each checked in the running app (AppTest)."""

from __future__ import annotations

from riskmodel.i18n import t
from riskmodel.services import assessments, projects, rounds
from riskmodel.services.auth import actor_for
from riskmodel.store.models import AuditEntry
from tests.ui.conftest import assert_clean, texts

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
    assert not [p for p in projects.list_projects(ui.store) if p["name"] == name]


def test_a_negative_investment_gets_a_message(ui):
    at = ui.login("t-organizer")
    _new_project(at, "负投资测试项目", investment=-5.0)
    assert t("house.project.negative_investment", "zh", value=-5.0) in [e.value for e in at.error]
    assert not [p for p in projects.list_projects(ui.store) if p["name"] == "负投资测试项目"]


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
