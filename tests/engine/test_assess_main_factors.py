"""Issue 9, finding 12: risk that rises after measures is flagged, and the 主要风险因素 follow a rule the
standard sets (default: at or above 中 by the higher of before/after, by risk degree then contribution,
at most 10, at least 3) — a factor at 5.00 is never left out while one at 3.76 is listed."""

from __future__ import annotations

from riskmodel.engine import assess, parse_assessment
from tests.engine.fixtures import score_input, score_questionnaire

Q = score_questionnaire()  # global weights A1 0.2, A2 0.2, B1 0.15, B2 0.45
PANEL = ("e1", "e2", "e3")


def run(data, q=Q):
    return assess(parse_assessment(data), q)


def with_rule(**rule):
    return Q.model_copy(update={"main_factors": Q.main_factors.model_copy(update=rule)})


def test_a_high_factor_with_a_small_weight_is_not_left_out():
    # B1 at 5.00 has the smallest weight; by contribution (weight × value) it would rank last
    ratings = {"e1": [4, 4, 5, 4], "e2": [4, 4, 5, 4], "e3": [4, 4, 5, 3.28]}  # B2 averages 3.76
    res = run(score_input(ratings))
    assert res.main_factors[0] == "B1"
    assert res.main_factor_rule.min_level == "中" and res.main_factor_rule.order == "degree"
    assert res.main_factors == ["B1", "A1", "A2", "B2"]
    # a standard may choose contribution (weight × value) first: then B1 (0.15 × 5) comes last
    by_contribution = run(score_input(ratings), with_rule(order="contribution"))
    assert by_contribution.main_factors == ["B2", "A1", "A2", "B1"]
    assert by_contribution.main_factor_rule.order == "contribution"


def test_only_factors_at_the_rules_level_count_beyond_the_minimum():
    data = score_input(dict.fromkeys(PANEL, [1, 2, 3, 1]))
    assert run(data).main_factors == ["B1", "A2", "B2"]  # B1 reaches 中; two more to make the minimum 3
    assert run(data, with_rule(min_count=0)).main_factors == ["B1"]
    assert run(data, with_rule(min_count=0, min_level="高")).main_factors == []
    assert run(score_input(dict.fromkeys(PANEL, [5, 5, 5, 5])), with_rule(max_count=2, min_count=2)).main_factors == [
        "B2",
        "A1",
    ]


def test_a_factor_that_rises_after_measures_counts_by_its_higher_value_and_is_flagged():
    res = run(score_input(dict.fromkeys(PANEL, [1, 1, 1, 1]), dict.fromkeys(PANEL, [1, 1, 4, 1])))
    assert res.main_factors[0] == "B1"
    assert res.rising.factors == ["B1"] and res.rising.dimensions == ["B"] and res.rising.index is True
    b1 = next(i for i in res.indicators if i.id == "B1")
    assert b1.after.rising is True and "rising_after_measures" in res.notes


def test_nothing_rises_when_measures_lower_every_factor():
    res = run(score_input(dict.fromkeys(PANEL, [3, 3, 3, 3]), dict.fromkeys(PANEL, [2, 2, 3, 1])))
    assert res.rising.index is False and res.rising.factors == [] and res.rising.dimensions == []
    assert "rising_after_measures" not in res.notes
