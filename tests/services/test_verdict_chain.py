"""Issue 9 through the database: the stored result, the verdict rules and the post-measure evidence.

Each test reproduces a finding of the issue on the app's path (services and store, not the engine alone).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from riskmodel.errors import DomainError, ValidationError
from riskmodel.services import assessments, audit, exclusions, imports, surveys, verdicts
from riskmodel.services.views.assessments import ResultView
from riskmodel.store.models import AuditEntry, Survey
from tests.services.chain_setup import rated

OPPOSED = {"support": 30, "oppose": 70, "respondents_direct": 100}


def _opposed(store, **kw):
    setup = rated(store, people=500, **kw)
    surveys.record_survey(setup.store, setup.organizer, setup.assessment_id, **OPPOSED)
    return setup


# --- finding 1: the residual level keeps the direct rules without post-measure evidence -----------------
def test_the_residual_level_keeps_the_survey_and_crowd_rules_without_post_measure_evidence(store):
    setup = _opposed(store)
    view = assessments.get_result(store, setup.assessment_id, refresh_if_stale=True)
    assert isinstance(view, ResultView) and view.result is not None
    assert view.level == "高" and view.residual_level == "高" and view.verdict == "不予实施"
    assert view.result.residual_level_drivers == ["survey", "group_event"]
    assert view.result.residual_index_level == "低"  # the low post-measure ratings alone would say 低


def test_a_survey_marked_after_measures_and_a_crowd_estimate_after_measures_let_the_residual_level_drop(store):
    setup = _opposed(store)
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    surveys.record_survey(st, org, aid, support=90, oppose=10, respondents_direct=100, phase="after")
    assessments.update_assessment(st, org, aid, group_event_people_after=20)
    view = assessments.get_result(st, aid, refresh_if_stale=True)
    assert view is not None and view.result is not None
    assert view.level == "高" and view.residual_level == "低"
    assert view.result.residual_evidence.survey == "post_measure"
    assert view.result.group_event.people_after == 20
    assert view.result.survey.rates["oppose"].rate == pytest.approx(0.7)  # the 措施前 survey still sets the level
    assert surveys.latest_survey(st, aid, phase="after").phase == "after"
    assert assessments.get_assessment(st, aid).group_event_people_after == 20


# --- finding 2: an incomplete result cannot be signed -------------------------------------------------
def test_a_verdict_on_an_incomplete_result_is_refused_naming_the_missing_indicators(store):
    setup = rated(store, skip=("LEG-04",))
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    need = verdicts.requirements(st, aid)
    assert not need.complete and need.missing == ["LEG-04"] and not need.can_issue
    assert need.refusal_key == "chain.verdict.incomplete"
    with pytest.raises(DomainError) as refused:
        verdicts.issue_verdict(st, org, aid, "理由")
    assert refused.value.key == "chain.verdict.incomplete" and "LEG-04" in refused.value.message("zh")
    assert verdicts.get_verdict(st, aid) is None


def test_an_exclusion_with_a_reason_lets_the_verdict_be_issued_and_is_audited(store):
    setup = rated(store, skip=("LEG-04",))
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    with pytest.raises(ValidationError) as empty:
        exclusions.record_exclusion(st, org, aid, "LEG-04", "  ")
    assert empty.value.key == "chain.exclusion.reason_required"
    with pytest.raises(ValidationError):
        exclusions.record_exclusion(st, org, aid, "NOPE-1", "不存在")
    exclusions.record_exclusion(st, org, aid, "LEG-04", "本项目不涉及征地补偿")
    need = verdicts.requirements(st, aid)
    assert need.complete and need.can_issue and [e.indicator for e in need.exclusions] == ["LEG-04"]
    v = verdicts.issue_verdict(st, org, aid, "理由")
    view = assessments.get_result(st, aid)
    assert [e.indicator for e in view.result.exclusions] == ["LEG-04"]
    assert v.result_sha256 == view.result_sha256 and len(v.result_sha256) == 64
    with st.read() as s:
        actions = s.execute(select(AuditEntry.action).where(AuditEntry.action.like("exclusion.%"))).scalars().all()
    assert actions == ["exclusion.record"]
    assert audit.verify_audit(st) is None


# --- finding 3: one expert — the interval perturbs the weights only, and says so ------------------------
def test_a_one_expert_panel_has_the_weights_only_uncertainty_basis(store):
    setup = rated(store, experts=1)
    view = assessments.get_result(store, setup.assessment_id, refresh_if_stale=True)
    assert view.result.uncertainty_basis == "weights"
    assert verdicts.requirements(store, setup.assessment_id).uncertainty_basis == "weights"


def test_a_full_panel_is_resampled(store):
    view = assessments.get_result(store, rated(store).assessment_id, refresh_if_stale=True)
    assert view.result.uncertainty_basis == "panel+weights"


# --- finding 4: implausible survey counts are refused, nothing stored --------------------------------
@pytest.mark.parametrize(
    ("counts", "field"),
    [
        ({"support": 300, "oppose": 200, "respondents_direct": 5000}, "survey.respondents_direct"),
        ({"support": 300, "oppose": 200, "households_covered": 101}, "survey.households_covered"),
    ],
)
def test_an_implausible_survey_is_refused_by_the_survey_form_naming_the_field(store, counts, field):
    setup = rated(store, experts=1)
    with pytest.raises(ValidationError) as refused:
        surveys.record_survey(setup.store, setup.organizer, setup.assessment_id, **counts)
    assert refused.value.params["field"] == field and field in refused.value.message("zh")
    with store.read() as s:
        assert s.execute(select(Survey)).first() is None


def test_an_implausible_survey_file_is_refused_naming_the_file_and_item(store, tmp_path):
    setup = rated(store, experts=1)
    path = tmp_path / "调查.csv"
    path.write_text("item,value\nsupport,300\noppose,200\nrespondents_direct,5000\n", encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        imports.import_survey(setup.store, setup.organizer, setup.assessment_id, path)
    assert refused.value.params["field"] == "调查.csv.respondents_direct"
    path.write_text("item,value\nsupport,300\noppose,200\nhouseholds_covered,850\n", encoding="utf-8")
    with pytest.raises(ValidationError) as refused:
        imports.import_survey(setup.store, setup.organizer, setup.assessment_id, path)
    assert refused.value.params["field"] == "调查.csv.households_covered"
    with store.read() as s:
        assert s.execute(select(Survey)).first() is None


def test_an_unknown_survey_phase_is_refused(store):
    setup = rated(store, experts=1)
    with pytest.raises(ValidationError) as refused:
        surveys.record_survey(setup.store, setup.organizer, setup.assessment_id, support=1, oppose=1, phase="later")
    assert refused.value.key == "chain.survey.bad_phase"


# --- finding 5: one crowd figure with its source, the simulation as labelled evidence ------------------
def _store_network_evidence(store, organizer, aid, expected_people: float) -> None:
    def _write(s):
        audit.record(
            s,
            organizer,
            assessments.NETWORK_EVIDENCE_ACTION,
            "assessment",
            aid,
            mobilisation={"expected_people": expected_people, "p_ge_100": 0.9, "p_ge_200": 0.7, "runs": 500},
        )

    store.write(_write)


def test_the_level_uses_the_panels_crowd_figure_and_shows_the_simulation_beside_it_with_a_warning(store):
    setup = rated(store, before=2, after=2, people=30)
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    _store_network_evidence(st, org, aid, 400.0)
    view = assessments.get_result(st, aid, refresh_if_stale=True)  # the new evidence changes the input digest
    r = view.result
    assert r.group_event.source == "panel" and r.group_event.people == 30 and r.group_event.level == "低"
    assert r.mobilisation is not None and r.mobilisation.source == "network_simulation"
    assert r.mobilisation.expected_people == 400 and r.mobilisation.divergent
    assert r.mobilisation.level == "高"  # what the thresholds would give the simulation: shown, not applied
    assert r.level == "低" and "group_event" not in r.level_drivers  # the simulation sets no level


# --- finding 9: a verdict departing from the decision rule needs a justification, audited -------------
def test_a_verdict_against_the_decision_rule_needs_a_justification_which_is_audited(store):
    setup = _opposed(store)
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    need = verdicts.requirements(st, aid)
    assert (need.suggested_residual_level, need.suggested_verdict) == ("高", "不予实施")
    assert need.needs_justification(verdict="实施") and not need.needs_justification()
    with pytest.raises(ValidationError) as refused:
        verdicts.issue_verdict(st, org, aid, "理由", verdict="实施")
    assert refused.value.key == "chain.verdict.deviation_reason_required"
    assert verdicts.get_verdict(st, aid) is None
    v = verdicts.issue_verdict(st, org, aid, "理由", verdict="实施", deviation_reason="上级已批准调整后的方案")
    assert v.deviation_reason == "上级已批准调整后的方案" and v.computed_verdict == "不予实施"
    with st.read() as s:
        details = json.loads(
            s.execute(select(AuditEntry.details).where(AuditEntry.action == "verdict.issue")).scalar_one()
        )
    assert details["deviation_reason"] == "上级已批准调整后的方案" and details["deviation"] == ["verdict"]
    assert details["result_sha256"] == assessments.get_result(st, aid).result_sha256
    assert audit.verify_audit(st) is None


def test_a_verdict_following_the_rule_keeps_no_deviation_reason(store):
    setup = _opposed(store)
    v = verdicts.issue_verdict(setup.store, setup.organizer, setup.assessment_id, "理由", deviation_reason="多余")
    assert v.verdict == "不予实施" and v.deviation_reason is None


def test_following_up_measures_after_the_verdict_keeps_the_result_the_verdict_was_signed_on(store):
    from riskmodel.services import measures

    setup = _opposed(store)
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    m = measures.add_measure(st, org, aid, factor="LEG-04", measure="补偿方案公示")
    v = verdicts.issue_verdict(st, org, aid, "理由")
    assessments.start_tracking(st, org, aid)
    measures.update_measure(st, org, m.id, status="已完成")
    view = assessments.get_result(st, aid, refresh_if_stale=True)
    assert view.result_sha256 == v.result_sha256
