"""Expert scores from the record, and performance weights against authority weights."""

from __future__ import annotations

import pytest

from riskmodel.errors import PermissionDenied
from riskmodel.services import auth
from riskmodel.services.backtest_experts import compare_weights, expert_scores
from tests.services import outcomes_setup

outcome_db, db = outcomes_setup.outcome_db, outcomes_setup.db  # the module's 后评估 database (fixtures)


def test_an_expert_who_always_rates_like_the_outcomes_scores_best(db):
    store, info = db
    scores = expert_scores(store, info.organizer)
    by = {s.expert: s for s in scores}
    assert scores[0].expert == "good"
    good, mid, bad = by["good"], by["mid"], by["bad"]
    assert good.n == mid.n == bad.n == 3
    assert (good.brier, good.hit_rate, good.skill) == (0.0, 1.0, 1.0)
    assert bad.hit_rate == 0.0 and bad.brier == pytest.approx(2.0)  # certain and always wrong
    assert mid.hit_rate == 0.0 and mid.brier > good.brier  # always 中: never what happened


def test_experts_and_leaders_never_see_expert_scores(db):
    store, info = db
    for name in ("good", "boss"):
        with pytest.raises(PermissionDenied):
            expert_scores(store, auth.actor_for(store, name))
        with pytest.raises(PermissionDenied):
            compare_weights(store, auth.actor_for(store, name), info.ids["A3"])


def test_performance_weights_equal_authority_weights_below_the_minimum_number_of_cases(db):
    store, info = db
    view = compare_weights(store, info.organizer, info.ids["A3"])  # 2 other cases < min_cases 5
    assert not view.departs and view.min_cases == 5
    for row in view.rows:
        assert row.n == 2 and row.factor == 1.0
        assert row.performance_weight == pytest.approx(row.authority_weight)
    assert view.performance_residual_level == view.authority_residual_level
    assert view.performance_probabilities == view.authority_probabilities


def test_with_enough_cases_the_better_record_weighs_more_and_the_level_follows(db):
    store, info = db
    view = compare_weights(store, info.organizer, info.ids["A3"], min_cases=2)
    rows = {r.expert: r for r in view.rows}
    assert view.departs
    assert rows["good"].performance_weight > rows["good"].authority_weight
    assert rows["bad"].performance_weight < rows["bad"].authority_weight
    assert sum(r.performance_weight for r in view.rows) == pytest.approx(1.0)
    assert view.performance_index < view.authority_index  # "good" rated A3 low, and it was


def test_the_performance_panel_gives_the_engine_the_previewed_weights_once_adopted(db):
    from riskmodel import assess
    from riskmodel.questionnaire.schema import PerformanceWeighting
    from riskmodel.services import assessments
    from riskmodel.services.backtest_experts import performance_panel

    store, info = db
    aid = info.ids["A3"]
    inp, q, _meta = assessments.assessment_input(store, aid)
    with store.read() as s:
        assert performance_panel(s, inp.experts, q, aid) == list(inp.experts)  # authority: unchanged
        adopted = q.model_copy(
            update={
                "expert_weighting": "performance",
                "outcomes": q.outcomes.model_copy(update={"performance": PerformanceWeighting(min_cases=2)}),
            }
        )
        panel = performance_panel(s, inp.experts, adopted, aid)
    weights = {p.id: p.weight for p in assess(inp.model_copy(update={"experts": panel}), q).panel.experts}
    preview = {r.expert: r.performance_weight for r in compare_weights(store, info.organizer, aid, min_cases=2).rows}
    assert weights == pytest.approx(preview)
    assert weights["good"] > weights["mid"] > 0
