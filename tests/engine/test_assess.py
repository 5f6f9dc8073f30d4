"""assess(): numbers checked by hand on small panels, rules applied as the standard says."""

from __future__ import annotations

import numpy as np
import pytest

from riskmodel.engine import assess, parse_assessment
from riskmodel.errors import ValidationError
from tests.engine.fixtures import pi_questionnaire, score_input, score_questionnaire

Q = score_questionnaire()
GLOBAL_W = np.array([0.4 * 0.5, 0.4 * 0.5, 0.6 * 0.25, 0.6 * 0.75])


def run(data, q=Q, **kw):
    return assess(parse_assessment(data), q, **kw)


def test_index_is_weighted_sum_of_equal_weight_means():
    scores = {"e1": [1, 2, 3, 4], "e2": [2, 2, 4, 4], "e3": [3, 2, 5, 4]}
    res = run(score_input(scores))
    means = np.array([2, 2, 4, 4])
    assert res.index == pytest.approx(GLOBAL_W @ means)
    assert [i.mean for i in res.indicators] == pytest.approx(means)
    assert [i.median for i in res.indicators] == pytest.approx([2, 2, 4, 4])
    assert res.indicators[0].iqr == pytest.approx(1.0)  # 1,2,3 → q1 1.5, q3 2.5
    assert res.indicators[0].cv == pytest.approx(np.std([1, 2, 3]) / 2)


def test_authority_weights_the_mean_and_scaling_them_changes_nothing():
    scores = {"e1": [1, 1, 1, 1], "e2": [5, 5, 5, 5]}
    experts = [{"id": "e1", "ca": 0.9, "cs": 0.7}, {"id": "e2", "ca": 0.3, "cs": 0.1}]
    res = run(score_input(scores, experts=experts))
    expected = (0.8 * 1 + 0.2 * 5) / 1.0
    assert res.indicators[0].mean == pytest.approx(expected)
    halved = [{"id": "e1", "ca": 0.45, "cs": 0.35}, {"id": "e2", "ca": 0.15, "cs": 0.05}]
    assert run(score_input(scores, experts=halved)).index == pytest.approx(res.index)


def test_per_dimension_authority():
    scores = {"e1": [1, 1, 1, 1], "e2": [5, 5, 5, 5]}
    experts = [{"id": "e1", "ca": {"A": 1.0, "B": 0.0}, "cs": {"A": 1.0, "B": 0.0}}, {"id": "e2", "ca": 1.0, "cs": 1.0}]
    res = run(score_input(scores, experts=experts))
    assert res.indicators[0].mean == pytest.approx(3.0)  # dimension A: equal authority
    assert res.indicators[2].mean == pytest.approx(5.0)  # dimension B: only e2 counts


@pytest.mark.parametrize(
    "before, after, level, residual, verdict",
    [
        ([4, 4, 4, 4], [4, 4, 4, 4], "高", "高", "不予实施"),
        ([4, 4, 4, 4], [3, 3, 3, 3], "高", "中", "暂缓实施"),
        ([4, 4, 4, 4], [2, 2, 2, 2], "高", "低", "调整方案后实施"),
        ([2, 2, 2, 2], [1, 1, 1, 1], "低", "低", "实施"),
        ([3, 3, 3, 3], [2, 2, 2, 2], "中", "低", "调整方案后实施"),
    ],
)
def test_levels_and_verdict_follow_the_decision_rule(before, after, level, residual, verdict):
    scores = dict.fromkeys(("e1", "e2", "e3"), before)
    post = dict.fromkeys(("e1", "e2", "e3"), after)
    res = run(score_input(scores, post))
    assert (res.level, res.residual_level, res.verdict) == (level, residual, verdict)


def test_residual_level_comes_from_post_measure_ratings_and_carries_unrated_forward():
    scores = {e: [4, 4, 4, 4] for e in ("e1", "e2", "e3")}
    post = {"e1": [2, 2, 2, 2]}
    data = score_input(scores, post)
    data["ratings"] = [r for r in data["ratings"] if not (r.get("phase") == "after" and r["indicator"] == "B2")]
    res = run(data)
    expected = GLOBAL_W @ np.array([2, 2, 2, 4])
    assert res.residual_index == pytest.approx(expected)
    assert "after_carried_forward" in res.notes


def test_without_post_measure_ratings_there_is_no_verdict():
    res = run(score_input({e: [3, 3, 3, 3] for e in ("e1", "e2", "e3")}))
    assert res.residual_level is None and res.verdict is None
    assert "no_post_measure_ratings" in res.notes


def test_survey_wilson_interval_and_jiangsu_bands():
    scores = {e: [1, 1, 1, 1] for e in ("e1", "e2", "e3")}
    res = run(score_input(scores, survey={"support": 40, "neutral": 9, "oppose": 51}))
    oppose = res.survey.rates["oppose"]
    assert oppose.rate == pytest.approx(0.51)
    # Wilson 95% for 51/100: centre (51+1.92)/103.84, half-width ≈ 0.0957
    assert oppose.low == pytest.approx(0.4128, abs=1e-3) and oppose.high == pytest.approx(0.6063, abs=1e-3)
    assert res.survey.level == "高" and res.level == "高" and "survey" in res.level_drivers
    exactly_half = run(score_input(scores, survey={"support": 50, "oppose": 50}))
    assert exactly_half.survey.level == "中"  # "> 50%" is strict
    fifth = run(score_input(scores, survey={"support": 80, "oppose": 20}))
    assert fifth.survey.level == "中"


def test_survey_coverage_rule_by_project_type():
    scores = {e: [1, 1, 1, 1] for e in ("e1", "e2", "e3")}
    survey = {"support": 200, "oppose": 80, "respondents_direct": 200, "respondents_indirect": 80}
    res = run(score_input(scores, survey=survey, project={"type": "重大政策"}))
    checks = {c.what: c.ok for c in res.survey.coverage.checks}
    assert checks == {"direct": True, "indirect": False} and res.survey.coverage.ok is False
    land = run(
        score_input(
            scores,
            survey={"support": 90, "oppose": 10, "households_covered": 120},
            project={"type": "征地拆迁", "affected_households": 120},
        )
    )
    assert land.survey.coverage.ok is True


def test_group_event_threshold_raises_the_level():
    scores = {e: [1, 1, 1, 1] for e in ("e1", "e2", "e3")}
    assert run(score_input(scores, group_event_people=150)).level == "中"
    assert run(score_input(scores, group_event_people=200)).level == "高"
    assert run(score_input(scores, group_event_people=99)).level == "低"


def test_factor_count_rule_and_risk_degree():
    q = pi_questionnaire()
    ratings = []
    for e in ("e1", "e2", "e3"):
        ratings += [
            {"expert": e, "indicator": "F1", "probability": 4, "impact": 4},  # 0.49 较大
            {"expert": e, "indicator": "F2", "probability": 1, "impact": 1},
            {"expert": e, "indicator": "F3", "probability": 1, "impact": 2},
        ]
    data = {
        "project": {"name": "p"},
        "questionnaire": "test-pi",
        "experts": [{"id": e} for e in ("e1", "e2", "e3")],
        "ratings": ratings,
        "uncertainty": {"draws": 0},
    }
    res = run(data, q)
    assert res.indicators[0].mean == pytest.approx(0.49) and res.indicators[0].grade == "large"
    assert res.index == pytest.approx((0.49 + 0.01 + 0.03) / 3)
    assert res.index_level == "低" and res.level == "中" and res.level_drivers == ["factor_count"]
    assert res.indicators[0].probability == pytest.approx(4)


def test_fce_score_equals_weighted_mean_when_grades_are_the_scale_points():
    scores = {"e1": [1, 2, 3, 4], "e2": [2, 3, 4, 5], "e3": [5, 1, 2, 2]}
    res = run(score_input(scores))
    assert res.fce.score == pytest.approx(res.index)
    assert sum(res.fce.B) == pytest.approx(1.0)


def test_uncertainty_is_seeded_and_unanimous_panels_are_certain():
    scores = {"e1": [2, 3, 3, 3], "e2": [3, 3, 2, 4], "e3": [4, 2, 3, 3], "e4": [3, 3, 3, 2]}
    post = {e: [2, 2, 2, 2] for e in scores}
    a = run(score_input(scores, post), draws=3000, seed=11)
    b = run(score_input(scores, post), draws=3000, seed=11)
    assert a.level_probabilities == b.level_probabilities
    assert sum(a.level_probabilities.values()) == pytest.approx(1.0)
    assert sum(a.verdict_probabilities.values()) == pytest.approx(1.0)
    assert 0 < a.level_probabilities["中"] < 1
    lo, hi = a.index_interval
    assert lo <= a.index <= hi
    sure = run(score_input({e: [4, 4, 4, 4] for e in scores}, post), draws=500, seed=1)
    assert sure.level_probabilities["高"] == 1.0 and sure.verdict_probabilities["调整方案后实施"] == 1.0


def test_sensitivity_matches_recomputation():
    scores = {"e1": [1, 2, 3, 4], "e2": [2, 2, 4, 4], "e3": [3, 2, 5, 4]}
    res = run(score_input(scores))
    row = next(r for r in res.sensitivity if r.id == "B2")
    shifted = {e: s[:3] + [s[3] + 1] for e, s in scores.items()}
    assert row.index_value_up == pytest.approx(run(score_input(shifted)).index)
    w = GLOBAL_W.copy()
    w[3] *= 1.2
    w /= w.sum()
    assert row.index_weight_up == pytest.approx(w @ np.array([2, 2, 4, 4]))


def test_kendall_w_over_complete_raters():
    same = {e: [1, 2, 3, 4] for e in ("e1", "e2", "e3")}
    assert run(score_input(same)).kendall.w == pytest.approx(1.0)


@pytest.mark.parametrize(
    "mutate, fragment",
    [
        (lambda d: d["ratings"].append({"expert": "ghost", "indicator": "A1", "score": 3}), "ghost"),
        (lambda d: d["ratings"].append({"expert": "e1", "indicator": "Z9", "score": 3}), "Z9"),
        (lambda d: d["ratings"][0].update(score=7), "7"),
        (lambda d: d["ratings"].append(dict(d["ratings"][0])), "A1"),
    ],
)
def test_bad_ratings_are_named(mutate, fragment):
    data = score_input({"e1": [1, 2, 3, 4], "e2": [2, 2, 4, 4]})
    mutate(data)
    with pytest.raises(ValidationError) as err:
        run(data)
    assert fragment in str(err.value)


def test_bad_input_file_fields_are_named():
    data = score_input({"e1": [1, 2, 3, 4]})
    data["experts"][0]["ca"] = 1.5
    with pytest.raises(ValidationError) as err:
        parse_assessment(data, "x.yaml")
    assert "experts[0].ca" in str(err.value) and "x.yaml" in str(err.value)
    assert "必须在 0 到 1 之间" in err.value.message("zh") and "between 0 and 1" in err.value.message("en")
