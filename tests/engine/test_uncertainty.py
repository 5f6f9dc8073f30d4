"""Issue 9, finding 3: honest uncertainty. A panel of fewer than 3 experts is not resampled (one or two
people repeated say nothing about panel disagreement); only the weights are perturbed, and the result
says which (``uncertainty_basis``)."""

from __future__ import annotations

import pytest

from riskmodel.engine import assess, parse_assessment
from tests.engine.fixtures import score_input, score_questionnaire

Q = score_questionnaire()


def run(data, **kw):
    return assess(parse_assessment(data), Q, **kw)


def test_two_experts_who_disagree_are_not_resampled_into_a_false_spread():
    # index 3.0 → 中 for every weighting (both experts rate every indicator alike); a bootstrap of two
    # would give 高 in about a quarter of the draws (expert 1 drawn twice)
    data = score_input({"e1": [5, 5, 5, 5], "e2": [1, 1, 1, 1]}, {"e1": [3, 3, 3, 3], "e2": [1, 1, 1, 1]})
    res = run(data, draws=2000, seed=1)
    assert res.uncertainty_basis == "weights" and "uncertainty_weights_only" in res.notes
    assert res.level_probabilities == {"低": 0.0, "中": 1.0, "高": 0.0}


def test_one_expert_only_has_the_weights_perturbed():
    data = score_input({"e1": [3, 3, 4, 4]}, {"e1": [2, 2, 3, 3]})
    res = run(data, draws=1000, seed=2)
    assert res.uncertainty_basis == "weights"
    assert sum(res.level_probabilities.values()) == pytest.approx(1.0)


def test_a_panel_of_three_is_resampled():
    data = score_input({"e1": [5, 5, 5, 5], "e2": [1, 1, 1, 1], "e3": [3, 3, 3, 3]}, None)
    res = run(data, draws=2000, seed=1)
    assert res.uncertainty_basis == "panel+weights" and "uncertainty_weights_only" not in res.notes
    assert 0 < res.level_probabilities["高"] < 1


def test_experts_who_rated_nothing_are_not_drawn():
    data = score_input({"e1": [5, 5, 5, 5], "e2": [1, 1, 1, 1], "e3": [3, 3, 3, 3]}, None)
    data["experts"].append({"id": "silent"})
    res = run(data, draws=500, seed=4)
    assert res.uncertainty_basis == "panel+weights"
    lo, hi = res.index_interval
    assert lo == lo and hi == hi  # no draw of absent experts only (which would give a NaN index)


def test_without_draws_there_is_no_basis():
    res = run(score_input({"e1": [3, 3, 3, 3], "e2": [2, 2, 2, 2], "e3": [1, 1, 1, 1]}), draws=0)
    assert res.uncertainty_basis is None and res.level_probabilities == {"低": None, "中": None, "高": None}
