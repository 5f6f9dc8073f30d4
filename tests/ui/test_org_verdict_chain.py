"""Issue 9 on the organizer workbench: the deviation justification, the uncertainty basis in words, the
exclusions form and the 措施后 survey option."""

from __future__ import annotations

from riskmodel.services import assessments, panels, surveys, verdicts
from riskmodel.services.auth import actor_for
from tests.ui.conftest import assert_clean, texts
from tests.ui.test_organizer import _workbench


def _pick_verdict(at, value: str) -> None:
    box = next(s for s in at.selectbox if s.key and s.key.startswith("verdict_choice"))
    box.set_value(value)


def test_a_verdict_departing_from_the_rule_is_refused_without_a_justification_then_signed_with_it(ui):
    aid = ui.ids["C"]
    at = _workbench(ui, aid)
    proposal = assessments.get_result(ui.store, aid).verdict
    other = "实施" if proposal != "实施" else "不予实施"
    _pick_verdict(at, other)
    at.text_area(key="verdict_rationale").input("领导要求按原方案实施。")
    at.button(key="verdict_issue").click().run()
    assert_clean(at)
    assert any("偏离说明" in e.value for e in at.error)
    assert "确认签发评估结论" not in texts(at)
    at.text_area(key="verdict_deviation").input("方案已按专家意见调整，补充论证见附件。")
    at.button(key="verdict_issue").click().run()
    assert "确认签发评估结论" in texts(at) and "方案已按专家意见调整" in texts(at)
    at.button(key="verdict_confirm_yes").click().run()
    assert_clean(at)
    issued = verdicts.get_verdict(ui.store, aid)
    assert issued.verdict == other and issued.deviation_reason == "方案已按专家意见调整，补充论证见附件。"
    assert issued.result_sha256 == assessments.get_result(ui.store, aid).result_sha256
    assert "方案已按专家意见调整" in texts(at)  # shown on the read-only verdict


def test_a_panel_of_fewer_than_three_experts_is_said_in_words_beside_the_probabilities(ui):
    aid = ui.ids["C"]
    org = actor_for(ui.store, "t-organizer")
    for name in ("t-expert2", "t-expert3"):
        panels.declare_conflict(ui.store, org, aid, True, "回避（测试）", username=name)
    at = _workbench(ui, aid)
    assert any("专家少于 3 人" in w.value for w in at.warning)
    assert "措施前概率" in texts(at) or any("措施前概率" in str(d.value.columns) for d in at.dataframe)


def test_the_survey_tab_records_a_survey_after_measures(ui):
    aid = ui.ids["C"]
    at = _workbench(ui, aid)
    radio = next(r for r in at.radio if r.key and r.key.startswith("survey_phase"))
    radio.set_value("after").run()
    at.number_input(key="survey_m_support").set_value(400)
    at.number_input(key="survey_m_oppose").set_value(20)
    at.button(key="survey_m_submit").click().run()
    assert_clean(at)
    assert surveys.latest_survey(ui.store, aid, phase="after").oppose == 20
    assert surveys.latest_survey(ui.store, aid).oppose == 80  # the 措施前 survey is unchanged
    assert assessments.get_result(ui.store, aid, refresh_if_stale=True).result.survey_after is not None
