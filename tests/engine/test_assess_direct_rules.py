"""Issue 9, finding 1: the survey-opposition, group-event and single-factor rules apply to the residual
level as well, unless the input carries post-measure evidence (``survey_after``,
``group_event_people_after``, or the panel's post-measure ratings for a factor)."""

from __future__ import annotations

import pytest

from riskmodel.engine import assess, parse_assessment
from tests.engine.fixtures import pi_questionnaire, score_input, score_questionnaire

Q = score_questionnaire()
PANEL = ("e1", "e2", "e3")


def run(data, q=Q, **kw):
    return assess(parse_assessment(data), q, **kw)


def opposed_project(**extra):
    """70 % opposition and a likely crowd of 500 before measures; low post-measure ratings."""
    before = dict.fromkeys(PANEL, [4, 4, 4, 4])
    after = dict.fromkeys(PANEL, [1, 1, 1, 1])
    return score_input(before, after, survey={"support": 30, "oppose": 70}, group_event_people=500, **extra)


def test_strong_opposition_and_a_large_crowd_keep_the_residual_level_high_without_post_measure_evidence():
    res = run(opposed_project())
    assert res.level == "高" and res.level_drivers == ["index", "survey", "group_event"]
    assert res.residual_index_level == "低"  # the panel's post-measure ratings alone would say 低
    assert res.residual_level == "高" and res.verdict == "不予实施"
    assert res.residual_level_drivers == ["survey", "group_event"]
    assert res.residual_evidence.survey == "pre_measure" and res.residual_evidence.group_event == "pre_measure"


def test_post_measure_survey_and_crowd_estimate_let_the_residual_level_follow_the_ratings():
    res = run(opposed_project(survey_after={"support": 90, "oppose": 10}, group_event_people_after=20))
    assert res.level == "高"
    assert res.residual_level == "低" and res.residual_level_drivers == ["index"]
    assert res.verdict == "调整方案后实施"
    assert res.survey_after.rates["oppose"].rate == pytest.approx(0.1)
    assert res.group_event.people_after == 20 and res.group_event.level_after == "低"
    assert res.residual_evidence.survey == "post_measure"


def test_only_the_evidence_given_after_measures_stops_applying():
    res = run(opposed_project(survey_after={"support": 90, "oppose": 10}))
    assert res.residual_level == "高" and res.residual_level_drivers == ["group_event"]
    res = run(opposed_project(group_event_people_after=150))
    assert res.residual_level == "高" and res.residual_level_drivers == ["survey"]


def test_a_post_measure_survey_can_raise_the_residual_level():
    data = score_input(
        dict.fromkeys(PANEL, [1, 1, 1, 1]),
        dict.fromkeys(PANEL, [1, 1, 1, 1]),
        survey_after={"support": 40, "oppose": 60},
    )
    res = run(data)
    assert res.level == "低" and res.residual_level == "高" and res.residual_level_drivers == ["survey"]


def test_the_single_factor_rule_applies_to_factors_not_re_rated_after_measures():
    q = pi_questionnaire()
    ratings = []
    for e in PANEL:
        ratings += [
            {"expert": e, "indicator": "F1", "probability": 5, "impact": 5},  # 0.81 重大 → 高
            {"expert": e, "indicator": "F2", "probability": 1, "impact": 1},
            {"expert": e, "indicator": "F3", "probability": 1, "impact": 1},
            {"expert": e, "indicator": "F2", "phase": "after", "probability": 1, "impact": 1},
            {"expert": e, "indicator": "F3", "phase": "after", "probability": 1, "impact": 1},
        ]
    data = {
        "project": {"name": "p"},
        "questionnaire": "test-pi",
        "experts": [{"id": e} for e in PANEL],
        "ratings": ratings,
        "uncertainty": {"draws": 0},
    }
    res = run(data, q)
    assert res.residual_level == "高" and res.residual_level_drivers == ["factor_count"]
    # re-rated after measures, the factor's own post-measure rating is the evidence
    for e in PANEL:
        ratings.append({"expert": e, "indicator": "F1", "phase": "after", "probability": 1, "impact": 2})
    res = run(data, q)
    assert res.residual_level == "低"


def test_the_uncertainty_draws_apply_the_same_rules_to_the_residual_level():
    res = run(opposed_project(), draws=400, seed=3)
    assert res.residual_level_probabilities == {"低": 0.0, "中": 0.0, "高": 1.0}
    assert res.verdict_probabilities["不予实施"] == 1.0
    relieved = run(opposed_project(survey_after={"support": 95, "oppose": 5}, group_event_people_after=0), draws=400)
    assert relieved.residual_level_probabilities["低"] == 1.0
