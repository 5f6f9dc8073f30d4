"""Workflow 草稿 → 专家评分 → 复核 → 已出结论 → 跟踪, ratings and the illegal steps."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, text

from riskmodel.errors import DomainError, PermissionDenied, ValidationError
from riskmodel.services import (
    assessments,
    auth,
    measures,
    panels,
    projects,
    questionnaires,
    ratings,
    rounds,
    surveys,
    verdicts,
)
from riskmodel.services.validation import RowsInvalid
from riskmodel.services.views.ratings import Spread
from riskmodel.store.models import ImmutableRowError, Rating, Verdict
from tests.store.conftest import SYSTEM, make_setup, score_entries


def _rate_all(setup, value=3, phases=("before", "after")):
    q = assessments.questionnaire_of(setup.store, setup.assessment_id)
    for _i, expert in enumerate(setup.experts):
        ratings.submit_ratings(
            setup.store,
            expert,
            setup.assessment_id,
            score_entries(q, lambda k, ind, ph: value if ph == "before" else max(1, value - 1), phases=phases),
        )
    return q


def test_happy_path_through_every_state(setup):
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    assert assessments.get_assessment(st, aid).state == "草稿"
    surveys.record_survey(st, org, aid, support=80, neutral=10, oppose=10, respondents_direct=100)
    m = measures.add_measure(
        st,
        org,
        aid,
        factor="LEG-04",
        measure="补偿方案公示",
        phase="征收阶段",
        deadline="签约前",
        responsible="区征收办",
        assisting="司法局",
    )
    a = rounds.open_next_round(st, org, aid)
    assert a.round is not None and (a.state, a.round.number, a.round.status) == ("专家评分", 1, "open")
    _rate_all(setup, value=2)
    rounds.close_round(st, org, aid)
    rounds.open_next_round(st, org, aid)
    _rate_all(setup, value=2)
    rounds.close_round(st, org, aid)
    assert assessments.begin_review(st, org, aid).state == "复核"
    v = verdicts.issue_verdict(st, org, aid, "风险可控")
    assert v.signed_by == "org" and v.verdict == v.computed_verdict and v.level in ("低", "中", "高")
    assert assessments.get_assessment(st, aid).state == "已出结论"
    assert assessments.start_tracking(st, org, aid).state == "跟踪"
    assert measures.update_measure(st, org, m.id, status="已完成").status == "已完成"
    with pytest.raises(DomainError) as info:
        measures.update_measure(st, org, m.id, measure="改写措施")
    assert info.value.key == "store.measure.locked"
    inp, q, meta = assessments.assessment_input(st, aid)
    assert meta["experts_submitted"] == 3 and meta["ratings_count"] == 3 * len(q.indicator_ids()) * 2
    assert inp.survey.support == 80 and inp.measures[0].factor == "LEG-04"


def test_panel_below_rule_needs_recorded_override(store):
    setup = make_setup(store, experts=2)
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    with pytest.raises(DomainError) as info:
        rounds.open_next_round(st, org, aid)
    assert info.value.key == "store.panel.too_small" and info.value.params["required"] == 3
    with pytest.raises(ValidationError):
        panels.record_panel_override(st, org, aid, "  ")
    status = panels.record_panel_override(st, org, aid, "本地仅有 2 名专家，经批准")
    assert status.override and not status.meets_rule and status.ok
    assert rounds.open_next_round(st, org, aid).round.number == 1


def test_larger_panel_for_big_investment(store):
    setup = make_setup(store, experts=3, investment_wan=200000)
    assert panels.check_panel(store, setup.assessment_id).required == 5
    with pytest.raises(DomainError):
        rounds.open_next_round(store, setup.organizer, setup.assessment_id)


def test_conflicted_expert_does_not_count_and_cannot_rate(store):
    setup = make_setup(store, experts=4)
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    with pytest.raises(ValidationError):
        panels.declare_conflict(st, setup.experts[0], aid, True, "")
    panels.declare_conflict(st, setup.experts[0], aid, True, "本人为项目设计单位员工")
    assert panels.check_panel(st, aid).eligible == 3
    rounds.open_next_round(st, org, aid)
    q = assessments.questionnaire_of(st, aid)
    with pytest.raises(DomainError) as info:
        ratings.submit_ratings(st, setup.experts[0], aid, score_entries(q, limit=1))
    assert info.value.key == "store.rating.conflict"
    inp, _q, _m = assessments.assessment_input(st, aid)
    assert [e.id for e in inp.experts] == ["ex2", "ex3", "ex4"]


def test_only_panel_experts_rate_and_only_in_an_open_round(setup):
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    q = assessments.questionnaire_of(st, aid)
    entries = score_entries(q, limit=2)
    with pytest.raises(DomainError) as info:  # draft: no round yet
        ratings.submit_ratings(st, setup.experts[0], aid, entries)
    assert info.value.key == "store.workflow.rate"
    auth.create_user(st, SYSTEM, "outsider", "a long pass phrase", "expert")
    outsider = auth.actor_for(st, "outsider")
    rounds.open_next_round(st, org, aid)
    with pytest.raises(DomainError) as info:
        ratings.submit_ratings(st, outsider, aid, entries)
    assert info.value.key == "store.rating.not_on_panel"
    with pytest.raises(PermissionDenied):
        ratings.submit_ratings(st, org, aid, entries)
    ratings.submit_ratings(st, setup.experts[0], aid, entries)
    rounds.close_round(st, org, aid)
    with pytest.raises(DomainError) as info:
        ratings.submit_ratings(st, setup.experts[0], aid, entries)
    assert info.value.key == "store.rating.round_closed"
    with pytest.raises(DomainError):
        ratings.save_draft(st, setup.experts[0], aid, entries)


def test_submitted_rating_is_never_overwritten_latest_version_counts(setup):
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    rounds.open_next_round(st, org, aid)
    q = assessments.questionnaire_of(st, aid)
    ind = q.indicator_ids()[0]
    e = setup.experts[0]
    ratings.submit_ratings(st, e, aid, [{"indicator": ind, "phase": "before", "score": 2}])
    ratings.submit_ratings(st, e, aid, [{"indicator": ind, "phase": "before", "score": 5, "comment": "再评"}])
    with st.read() as s:
        rows = s.execute(select(Rating).where(Rating.indicator == ind).order_by(Rating.version)).scalars().all()
        assert [(r.version, r.score) for r in rows] == [(1, 2.0), (2, 5.0)]
    inp, _q, meta = assessments.assessment_input(st, aid)
    assert [(r.indicator, r.score, r.comment) for r in inp.ratings] == [(ind, 5.0, "再评")]
    with st.transaction() as s:  # the ORM refuses to change a submitted rating
        row = s.execute(select(Rating).limit(1)).scalar_one()
        row.score = 1
        with pytest.raises(ImmutableRowError):
            s.flush()
        s.rollback()


def test_latest_round_that_has_the_rating_counts(setup):
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    q = assessments.questionnaire_of(st, aid)
    a, b = q.indicator_ids()[:2]
    e = setup.experts[0]
    rounds.open_next_round(st, org, aid)
    ratings.submit_ratings(st, e, aid, [{"indicator": a, "score": 4}, {"indicator": b, "score": 4}])
    rounds.close_round(st, org, aid)
    rounds.open_next_round(st, org, aid)
    ratings.submit_ratings(st, e, aid, [{"indicator": a, "score": 2}])  # b not re-rated in round 2
    got = {r.indicator: r.score for r in assessments.assessment_input(st, aid)[0].ratings}
    assert got == {a: 2.0, b: 4.0}


def test_drafts_do_not_count_and_are_cleared_by_submission(setup):
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    rounds.open_next_round(st, org, aid)
    q = assessments.questionnaire_of(st, aid)
    e = setup.experts[1]
    ind = q.indicator_ids()[0]
    assert (
        ratings.save_draft(
            st, e, aid, [{"indicator": ind, "score": None}, {"indicator": q.indicator_ids()[1], "score": 3}]
        )
        == 2
    )
    assert ratings.save_draft(st, e, aid, [{"indicator": ind, "score": 4}]) == 2
    mine = ratings.my_ratings(st, e, aid)
    assert {d.indicator: d.score for d in mine.drafts}[ind] == 4
    assert assessments.assessment_input(st, aid)[2]["ratings_count"] == 0
    ratings.submit_ratings(st, e, aid, [{"indicator": ind, "score": 4}])
    assert ratings.my_ratings(st, e, aid).drafts == ()


def test_bad_entries_are_all_reported_and_nothing_is_stored(setup):
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    rounds.open_next_round(st, org, aid)
    q = assessments.questionnaire_of(st, aid)
    ind = q.indicator_ids()[0]
    bad = [
        {"indicator": ind, "score": 3},
        {"indicator": "NOPE", "score": 3},
        {"indicator": ind, "score": 9},
        {"indicator": q.indicator_ids()[1], "score": None},
        {"indicator": q.indicator_ids()[2], "phase": "later", "score": 2},
    ]
    with pytest.raises(RowsInvalid) as info:
        ratings.submit_ratings(st, setup.experts[0], aid, bad)
    keys = [(p.row, p.key) for p in info.value.problems]
    assert keys == [
        (2, "store.rows.unknown_indicator"),
        (3, "store.rows.duplicate"),
        (3, "store.rows.out_of_range"),
        (4, "store.rows.missing"),
        (5, "store.rows.bad_phase"),
    ]
    assert "第 2 行" in info.value.message("zh") and "Row 2" in info.value.message("en")
    assert assessments.assessment_input(st, aid)[2]["ratings_count"] == 0


def test_submission_token_makes_a_resubmission_a_no_op(setup):
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    rounds.open_next_round(st, org, aid)
    q = assessments.questionnaire_of(st, aid)
    first = ratings.submit_ratings(st, setup.experts[0], aid, score_entries(q, limit=3), token="form-1")
    again = ratings.submit_ratings(st, setup.experts[0], aid, score_entries(q, limit=3), token="form-1")
    assert again.submission_id == first.submission_id and again.duplicate
    assert assessments.assessment_input(st, aid)[2]["ratings_count"] == 6


def test_group_feedback_shows_median_and_iqr_never_individual_ratings(setup):
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    q = assessments.questionnaire_of(st, aid)
    ind = q.indicator_ids()[0]
    rounds.open_next_round(st, org, aid)
    for e, score in zip(setup.experts, (1, 3, 5)):
        ratings.submit_ratings(st, e, aid, [{"indicator": ind, "score": score}])
    assert ratings.group_feedback(st, setup.experts[0], aid).indicators == ()  # round 1: nothing before it
    rounds.close_round(st, org, aid)
    rounds.open_next_round(st, org, aid)
    fb = ratings.group_feedback(st, setup.experts[0], aid)
    assert fb.round == 1
    item = fb.indicators[0]
    assert item.spread("score") == Spread(median=3.0, q1=2.0, q3=4.0, iqr=2.0) and item.n == 3
    assert item.own == {"score": 1.0}
    assert set(item.spreads) == {"score"}  # the spread only: no list of others' values
    assert {f.name for f in dataclasses.fields(item)} == {"indicator", "phase", "n", "spreads", "own"}


def test_verdict_rules(setup):
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    rounds.open_next_round(st, org, aid)
    _rate_all(setup, value=4)
    with pytest.raises(DomainError) as info:
        verdicts.issue_verdict(st, org, aid, "理由")
    assert info.value.key == "store.verdict.round_open"
    rounds.close_round(st, org, aid)
    with pytest.raises(DomainError) as info:  # not in review yet
        verdicts.issue_verdict(st, org, aid, "理由")
    assert info.value.key == "store.workflow.issue_verdict"
    assessments.begin_review(st, org, aid)
    with pytest.raises(PermissionDenied):
        verdicts.issue_verdict(st, setup.experts[0], aid, "理由")
    with pytest.raises(PermissionDenied):
        verdicts.issue_verdict(st, SYSTEM, aid, "理由")
    with pytest.raises(ValidationError):
        verdicts.issue_verdict(st, org, aid, " ")
    with pytest.raises(ValidationError) as refused:  # departs from the decision rule: justification needed
        verdicts.issue_verdict(st, org, aid, "调整后实施", verdict="调整方案后实施")
    assert refused.value.key == "chain.verdict.deviation_reason_required"
    v = verdicts.issue_verdict(st, org, aid, "调整后实施", verdict="调整方案后实施", deviation_reason="方案已调整")
    assert v.verdict == "调整方案后实施" and v.computed_verdict is not None
    assert v.deviation_reason == "方案已调整"
    for attempt in (lambda: verdicts.issue_verdict(st, org, aid, "再签"), lambda: verdicts.amend_verdict(st, org, aid)):
        with pytest.raises(DomainError) as info:
            attempt()
        assert info.value.key == "store.verdict.immutable"
    with pytest.raises(DomainError) as info:
        rounds.open_next_round(st, org, aid)
    assert info.value.key == "store.workflow.concluded"
    with st.transaction() as s:
        row = s.execute(select(Verdict)).scalar_one()
        row.verdict = "实施"
        with pytest.raises(ImmutableRowError):
            s.flush()
        s.rollback()
    new = assessments.reassess(st, org, aid)
    assert new.state == "草稿" and new.id != aid
    assert len(panels.list_panel(st, org, new.id)) == 3


def test_roles_are_enforced(setup):
    st, aid = setup.store, setup.assessment_id
    leader = auth.actor_for(st, "boss")
    with pytest.raises(PermissionDenied):
        projects.create_project(st, leader, name="x", type="重大工程", region="r", stage="项目立项")
    with pytest.raises(PermissionDenied):
        rounds.open_next_round(st, setup.experts[0], aid)
    with pytest.raises(PermissionDenied):
        auth.create_user(st, setup.organizer, "x1", "a long pass phrase", "expert")
    with pytest.raises(PermissionDenied):
        panels.list_panel(st, _outsider(st), aid)


def _outsider(st):
    auth.create_user(st, SYSTEM, "outsider2", "a long pass phrase", "expert")
    return auth.actor_for(st, "outsider2")


def test_authentication(store, monkeypatch):
    from argon2 import PasswordHasher

    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    auth.create_user(store, SYSTEM, "alice", "s3cret pass phrase", "leader")
    actor = auth.authenticate(store, "alice", "s3cret pass phrase")
    assert actor is not None and actor.role == "leader"
    assert auth.authenticate(store, "alice", "wrong") is None
    assert auth.authenticate(store, "nobody", "s3cret pass phrase") is None
    with store.read() as s:
        stored = s.execute(text("SELECT password_hash FROM users WHERE username='alice'")).scalar()
    assert stored.startswith("$argon2") and "s3cret" not in stored
    auth.set_active(store, SYSTEM, "alice", False)
    assert auth.authenticate(store, "alice", "s3cret pass phrase") is None
    with pytest.raises(DomainError):
        auth.create_user(store, SYSTEM, "alice", "a long pass phrase", "leader")
    with pytest.raises(ValidationError):
        auth.create_user(store, SYSTEM, "bob", "a long pass phrase", "boss")


def test_project_edit_detects_concurrent_change(setup):
    st, org = setup.store, setup.organizer
    p = setup.project
    projects.update_project(st, org, p.id, expected_row_version=p.row_version, region="西岭区")
    with pytest.raises(DomainError) as info:
        projects.update_project(st, org, p.id, expected_row_version=p.row_version, region="南港区")
    assert info.value.key == "store.db.stale"
    assert projects.get_project(st, p.id).region == "西岭区"
    with pytest.raises(ValidationError):
        projects.update_project(st, org, p.id, type="不存在的类型")


def test_changed_questionnaire_file_becomes_a_new_version_old_assessment_keeps_its_own(setup, monkeypatch):
    st, org = setup.store, setup.organizer
    original = questionnaires.builtin_text("four-dimension")
    edited = original.replace("\nversion: 1\n", "\nversion: 2\n", 1)
    assert edited != original
    monkeypatch.setattr(questionnaires, "builtin_text", lambda qid: edited if qid == "four-dimension" else original)
    newer = assessments.create_assessment(st, org, setup.project.id, "four-dimension")
    old = assessments.get_assessment(st, setup.assessment_id)
    assert (old.questionnaire.revision, newer.questionnaire.revision) == (1, 2)
    assert old.questionnaire.sha256 != newer.questionnaire.sha256
    assert assessments.questionnaire_of(st, setup.assessment_id).version == 1
    assert assessments.questionnaire_of(st, newer.id).version == 2
    third = assessments.create_assessment(st, org, setup.project.id, "four-dimension")  # unchanged: reused
    assert third.questionnaire.version_id == newer.questionnaire.version_id


def test_results_are_stored_and_marked_stale_on_new_input(setup):
    st, org, aid = setup.store, setup.organizer, setup.assessment_id
    rounds.open_next_round(st, org, aid)
    _rate_all(setup, value=4)
    rounds.close_round(st, org, aid)
    r = assessments.get_result(st, aid)
    assert r is not None and not r.stale and r.level in ("中", "高") and r.ratings_count == 144
    assert set(r.dimension_scores) == {"PRO", "LEG", "PUB", "STB"}
    surveys.record_survey(st, org, aid, support=10, oppose=90)
    assert assessments.get_result(st, aid).stale is True
    assert assessments.refresh_stale_results(st) == 1
    assert assessments.get_result(st, aid).stale is False


def test_allowed_is_the_one_rule_pages_and_services_ask():
    from riskmodel.services import workflow

    assert workflow.allowed(workflow.REVIEW, "issue_verdict")
    assert not workflow.allowed(workflow.SCORING, "issue_verdict")
    assert [
        s
        for s in (workflow.DRAFT, workflow.SCORING, workflow.REVIEW, workflow.CONCLUDED, workflow.TRACKING)
        if workflow.allowed(s, "track_measure")
    ] == [workflow.CONCLUDED, workflow.TRACKING]


# the pages and components issue 14 put in order (other areas' pages follow the same rule as they land)
HOUSE_UI = (
    "components/org_*.py",
    "components/leader_*.py",
    "components/dashboard_*.py",
    "components/network_*.py",
    "components/rating_*.py",
    "pages/organizer_assessment.py",
    "pages/organizer_projects.py",
    "pages/expert_*.py",
    "pages/leader_*.py",
    "pages/network_view.py",
)


def test_no_page_or_component_writes_its_own_state_tuples():
    import re
    from pathlib import Path

    ui = Path(__file__).resolve().parents[2] / "riskmodel" / "ui"
    found = [
        f"{p.name}: {m.group(0)}"
        for pattern in HOUSE_UI
        for p in ui.glob(pattern)
        for m in re.finditer(
            r"\b(DRAFT|SCORING|REVIEW|CONCLUDED|TRACKING)\b|\"(草稿|专家评分|复核|已出结论|跟踪)\"",
            p.read_text(encoding="utf-8"),
        )
    ]
    assert not found, found
