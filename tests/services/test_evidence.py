"""The evidence record's services: each bad input refused with a message naming the field, nothing stored."""

from __future__ import annotations

import pytest

from riskmodel.errors import PermissionDenied, ValidationError
from riskmodel.services import evidence
from riskmodel.services.audit import list_audit
from riskmodel.services.context import Actor

SURVEY = {
    "issued": 120,
    "returned": 110,
    "valid": 100,
    "aware": 90,
    "groups": [
        {"key": "direct", "support": 30, "neutral": 10, "oppose": 20},
        {"key": "indirect", "support": 30, "neutral": 5, "oppose": 5},
    ],
    "rings": [
        {"key": "r1", "support": 10, "neutral": 5, "oppose": 20},
        {"key": "r3", "support": 25, "neutral": 5, "oppose": 5},
        {"key": "r5", "support": 25, "neutral": 5, "oppose": 0},
    ],
}


def _nothing_stored(setup) -> None:
    assert evidence.get_evidence(setup.store, setup.assessment_id).empty


def test_a_publicity_over_national_day_counts_its_working_days(setup):
    evidence.add_publicity(
        setup.store,
        setup.organizer,
        setup.assessment_id,
        start_date="2026-09-28",
        end_date="2026-10-12",
        channel="政府网站",
    )
    (p,) = evidence.get_evidence(setup.store, setup.assessment_id).publicity
    assert (p.working_days, p.min_working_days, p.ok) == (7, 7, True)


def test_a_publicity_shorter_than_the_minimum_is_refused_naming_the_end_date(setup):
    with pytest.raises(ValidationError) as exc:
        evidence.add_publicity(
            setup.store,
            setup.organizer,
            setup.assessment_id,
            start_date="2026-09-28",
            end_date="2026-10-11",
            channel="现场",
        )
    assert exc.value.params["field"] == "end_date"
    assert "公示结束日期" in exc.value.message("zh") and "6 个工作日" in exc.value.message("zh")
    assert "publicity end date" in exc.value.message("en") and "at least 7" in exc.value.message("en")
    _nothing_stored(setup)


def test_rings_that_do_not_add_up_to_the_valid_questionnaires_are_refused(setup):
    bad = {**SURVEY, "rings": SURVEY["rings"][:2]}
    with pytest.raises(ValidationError) as exc:
        evidence.save_survey_detail(setup.store, setup.organizer, setup.assessment_id, **bad)
    assert exc.value.params["field"] == "rings"
    assert "分距离圈层统计" in exc.value.message("zh") and "70" in exc.value.message("zh")
    assert "counts by distance ring" in exc.value.message("en")
    _nothing_stored(setup)


def test_a_survey_shows_opposition_near_the_site_with_wilson_intervals_and_ring_coverage(setup):
    evidence.save_survey_detail(setup.store, setup.organizer, setup.assessment_id, **SURVEY)
    sv = evidence.get_evidence(setup.store, setup.assessment_id).survey
    assert sv is not None and sv.valid_rate == pytest.approx(100 / 110) and sv.aware_rate == pytest.approx(0.9)
    near = sv.near_opposition()
    assert near is not None and near.key == "r1" and near.oppose_rate == pytest.approx(20 / 35)
    low, high = near.oppose_ci
    assert low is not None and high is not None and low < 20 / 35 < high
    assert near.min_respondents == 30 and near.coverage_ok is True
    assert [r.coverage_ok for r in sv.rings] == [True, True, None]


def test_a_demand_not_adopted_without_a_reason_is_refused(setup):
    with pytest.raises(ValidationError) as exc:
        evidence.add_demand(
            setup.store,
            setup.organizer,
            setup.assessment_id,
            demand="迁址",
            raised_by="村民",
            people=40,
            handling="未采纳",
        )
    assert exc.value.params["field"] == "reason"
    assert "未采纳理由" in exc.value.message("zh") and "reason for not adopting" in exc.value.message("en")
    _nothing_stored(setup)


def test_a_third_party_assessor_needs_its_registration_number(setup):
    with pytest.raises(ValidationError) as exc:
        evidence.save_parties(
            setup.store,
            setup.organizer,
            setup.assessment_id,
            commissioning_unit="区发改局",
            assessor="某咨询公司",
            assessor_third_party=True,
            compiler="某咨询公司",
        )
    assert exc.value.params["field"] == "assessor_registration"
    _nothing_stored(setup)


def test_records_are_audited_and_an_expert_may_not_write_them(setup):
    evidence.add_demand(
        setup.store,
        setup.organizer,
        setup.assessment_id,
        demand="提高补偿标准",
        raised_by="被征收户",
        people=35,
        handling="部分采纳",
        measure="按市场评估价补偿",
    )
    actions = [e.action for e in list_audit(setup.store, Actor.system(), limit=20)]
    assert "evidence.demand.add" in actions
    with pytest.raises(PermissionDenied):
        evidence.add_demand(
            setup.store, setup.experts[0], setup.assessment_id, demand="x", raised_by="y", people=1, handling="采纳"
        )


def test_an_emergency_plan_starts_from_the_standards_template(setup):
    from riskmodel.services.assessments import questionnaire_of

    tpl = evidence.plan_template(questionnaire_of(setup.store, setup.assessment_id))
    pid = evidence.save_emergency_plan(
        setup.store,
        setup.organizer,
        setup.assessment_id,
        factor="征地补偿",
        contacts="指挥部 0000-0000000",
        **tpl.fields(),
    )
    (plan,) = evidence.get_evidence(setup.store, setup.assessment_id).plans
    assert plan.id == pid and len(plan.levels) == 3 and plan.steps
    evidence.delete_record(setup.store, setup.organizer, setup.assessment_id, "plan", pid)
    assert evidence.get_evidence(setup.store, setup.assessment_id).plans == []


def test_a_consultation_with_an_unknown_participant_category_is_refused(setup):
    with pytest.raises(ValidationError) as exc:
        evidence.add_consultation(
            setup.store,
            setup.organizer,
            setup.assessment_id,
            kind="座谈会",
            held_on="2026-05-06",
            place="村委会",
            participants={"路人": 3},
            opinions="同意",
        )
    assert exc.value.params["field"] == "participants"
    _nothing_stored(setup)


def test_check_names_what_a_filing_office_would_miss(setup):
    findings = evidence.check_evidence(evidence.get_evidence(setup.store, setup.assessment_id))
    assert findings and not any(f.ok for f in findings)
    with pytest.raises(ValidationError):
        evidence.delete_record(setup.store, setup.organizer, setup.assessment_id, "nothing", 1)


def test_a_standard_sets_the_publicity_minimum_and_its_rings_must_be_in_order():
    from pathlib import Path

    from riskmodel.questionnaire.loader import parse_questionnaire

    base = Path("questionnaires/four-dimension.yaml").read_text(encoding="utf-8")
    q = parse_questionnaire(base + "\nevidence:\n  publicity_min_working_days: 10\n", "q.yaml")
    assert q.evidence.publicity_min_working_days == 10 and [r.id for r in q.evidence.rings] == ["r1", "r3", "r5", "far"]
    bad = base + (
        "\nevidence:\n  rings:\n    - {id: a, label: {zh: 近, en: near}, max_km: 3}\n"
        "    - {id: b, label: {zh: 中, en: mid}, max_km: 1}\n"
    )
    with pytest.raises(ValidationError) as exc:
        parse_questionnaire(bad, "bad.yaml")
    assert "max_km 必须递增" in exc.value.message("zh")
