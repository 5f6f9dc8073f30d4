"""The back-test over assessments with a complete tracking period."""

from __future__ import annotations

import pytest

from riskmodel.model.backtest import brier
from riskmodel.services import auth
from riskmodel.services.assessments import get_result
from riskmodel.services.backtest import run_backtest
from riskmodel.services.context import Actor
from tests.services import outcomes_setup

outcome_db, db = outcomes_setup.outcome_db, outcomes_setup.db  # the module's 后评估 database (fixtures)


def test_every_case_scores_the_stored_probabilities_against_the_realised_level(db):
    store, info = db
    view = run_backtest(store, Actor.system())
    assert view.n == 3 and view.few
    for case in view.cases:
        stored = get_result(store, case.assessment).result.residual_level_probabilities
        assert case.predicted == stored
        assert case.brier == pytest.approx(brier(stored, case.realised_level))
    assert view.brier == pytest.approx(sum(c.brier for c in view.cases) / 3)
    assert [c.realised_level for c in view.cases] == ["高", "低", "低"]


def test_confusion_and_reliability_count_every_case(db):
    store, _info = db
    view = run_backtest(store, Actor.system())
    assert sum(map(sum, view.confusion)) == 3
    assert sum(b.count for b in view.reliability) == 9  # three levels per case
    assert [g.n for g in view.by_questionnaire] == [3] and view.by_region[0].key == "东湖区"


def test_a_questionnaire_filter_keeps_only_its_assessments(db):
    store, _info = db
    assert run_backtest(store, Actor.system(), questionnaire="four-properties").n == 0
    assert run_backtest(store, Actor.system(), questionnaire="four-dimension").n == 3


def test_leaders_see_the_back_test_without_expert_scores(db):
    store, _info = db
    view = run_backtest(store, auth.actor_for(store, "boss"))
    assert view.n == 3 and view.by_expert is None
    assert view.to_json()["by_expert"] == []
