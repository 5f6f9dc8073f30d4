"""Fuzzy comprehensive evaluation: the personnel case (Si Shoukui), the Complexity 2019 case (unnormalised
weights), membership from votes, grading, and the batched versions against the scalar ones."""

from __future__ import annotations

import numpy as np
import pytest

from riskmodel.model import fce, fce_score, grade_by_max_membership, grade_by_thresholds, membership
from riskmodel.model.fce import fce_batch, grade_votes, membership_batch
from tests.model.reference import case, expect_error


def test_fce_single_level_personnel():
    c = case("fce_single_level_personnel")
    b = fce(c["weights"], c["R"])
    np.testing.assert_allclose(b, c["expected"]["B_M_dot_plus"], atol=1e-15)
    # grades ordered excellent, good, fair, poor, bad: index 1 is "good"
    assert grade_by_max_membership(b) == 1


def test_weights_are_normalised():
    r = [[1, 0], [0, 1]]
    np.testing.assert_allclose(fce([3, 1], r), [0.75, 0.25])
    expect_error("engine.fce.weights_zero", fce, [0, 0], r)


def test_fce_validation():
    r = [[0.5, 0.5], [0.2, 0.8]]
    expect_error("engine.fce.shape_mismatch", fce, [1, 1, 1], r, zh=("3", "2"), en=("3 weights", "2 rows"))
    expect_error("engine.fce.weight.negative", fce, [1, -1], r, en=("Weight item 2",))
    expect_error("engine.fce.negative", fce, [1, 1], [[0.5, 0.5], [-0.2, 1.2]], en=("item 2, 1",))
    expect_error("engine.fce.not_finite", fce, [1, 1], [[0.5, 0.5], [np.nan, np.nan]], en=("item 2, 1",))
    expect_error("engine.fce.weights_shape", fce, [], np.ones((0, 2)))
    expect_error("engine.fce.not_2d", fce, [1], [1, 0])


def test_membership_from_weighted_votes():
    votes = [[0, 2, -1], [1, 2, -1], [1, 0, -1]]  # 3 experts × 3 indicators; indicator 3 unrated
    w = [0.5, 0.25, 0.25]
    r = membership(votes, w, 3)
    np.testing.assert_allclose(r[0], [0.5, 0.5, 0.0])
    np.testing.assert_allclose(r[1], [0.25, 0.0, 0.75])
    assert np.isnan(r[2]).all()
    # missing votes renormalise among those who rated
    r = membership([[0, 1], [-1, 1], [2, 1]], [1, 1, 2], 3)
    np.testing.assert_allclose(r[0], [1 / 3, 0, 2 / 3])
    np.testing.assert_allclose(r[1], [0, 1, 0])
    # an unrated indicator is refused downstream, not read as "no risk"
    expect_error("engine.fce.not_finite", fce, [1, 1, 1], membership(votes, w, 3))


def test_membership_validation_names_cell():
    expect_error(
        "engine.fce.vote.invalid",
        membership,
        [[0, 3], [1, 1]],
        [1, 1],
        3,
        zh=("第 1 位专家", "第 2 个指标"),
        en=("expert 1 on indicator 2", "0 to 2"),
    )
    expect_error("engine.fce.vote.invalid", membership, [[0, 1.5]], [1], 3, en=("expert 1 on indicator 2",))
    expect_error("engine.fce.vote_weights_shape", membership, [[0, 1]], [1, 1], 3)
    expect_error("engine.fce.n_grades", membership, [[0]], [1], 0)


def test_score_and_grades():
    b = np.array([0.1, 0.2, 0.3, 0.4])
    assert fce_score(b, [1, 2, 3, 4]) == pytest.approx(3.0)
    np.testing.assert_allclose(fce_score(np.stack([b, b[::-1]]), [1, 2, 3, 4]), [3.0, 2.0])
    expect_error("engine.fce.grades_mismatch", fce_score, b, [1, 2, 3])
    # ties go to the higher-risk grade
    assert grade_by_max_membership([0.4, 0.2, 0.4]) == 2
    assert grade_by_max_membership([0.4, 0.2, 0.4], risk_ascending=False) == 0
    np.testing.assert_array_equal(grade_by_max_membership([[0.5, 0.5], [0.7, 0.3]]), [1, 0])
    # thresholds: [t_k, t_{k+1}) → k; equal to a cut point goes up
    t = [0.3, 0.6]
    assert grade_by_thresholds(0.1, t) == 0
    assert grade_by_thresholds(0.3, t) == 1
    assert grade_by_thresholds(0.59, t) == 1
    assert grade_by_thresholds(0.6, t) == 2
    np.testing.assert_array_equal(grade_by_thresholds([0.0, 0.45, 1.0], t), [0, 1, 2])
    expect_error(
        "engine.fce.thresholds_order", grade_by_thresholds, 0.5, [0.3, 0.3], en=("threshold 2",), zh=("第 2 个阈值",)
    )
    expect_error("engine.fce.score.not_finite", grade_by_thresholds, [0.1, np.nan], t, en=("item 2",))


# --- Complexity 2019: the integrated risk level needs the unnormalised weights ----------------------
# "Social Risk Assessment and Management for Major Construction Projects in China Based on Fuzzy
# Integrated Analysis", Complexity 2019, article 2452895, Table 7 (group PO): category weights and the
# membership functions of the category social-risk groups over 7 grades valued 1…7; printed ORL
# (0.02, 0.06, 0.1, 0.25, 0.32, 0.19, 0.07) and IRL 4.67. The printed weights sum to 1.01.
COMPLEXITY_2019_PO = {
    "weights": [0.29, 0.28, 0.06, 0.06, 0.06, 0.26],
    "R": [
        [0.02, 0.04, 0.13, 0.17, 0.36, 0.16, 0.1],
        [0, 0.07, 0.13, 0.27, 0.25, 0.19, 0.08],
        [0, 0.06, 0.06, 0.13, 0.31, 0.38, 0.06],
        [0, 0.06, 0.06, 0.38, 0.31, 0.19, 0.06],
        [0.06, 0, 0.06, 0.13, 0.5, 0.19, 0.06],
        [0.03, 0.07, 0.07, 0.35, 0.29, 0.17, 0.03],
    ],
    "ORL": [0.02, 0.06, 0.1, 0.25, 0.32, 0.19, 0.07],
    "IRL": 4.67,
}


def test_complexity_2019_integrated_risk_level_needs_the_unnormalised_weight_sum():
    c = COMPLEXITY_2019_PO
    assert sum(c["weights"]) == pytest.approx(1.01)
    b = fce(c["weights"], c["R"], normalize=False)
    np.testing.assert_array_equal(np.round(b, 2), c["ORL"])
    assert round(fce_score(b, range(1, 8)), 2) == c["IRL"]
    # renormalised to sum 1 the same table gives 4.62, not the published 4.67
    assert round(fce_score(fce(c["weights"], c["R"]), range(1, 8)), 2) == 4.62


def test_unnormalised_weights_may_sum_to_zero():
    np.testing.assert_array_equal(fce([0, 0], [[1, 0], [0, 1]], normalize=False), [0, 0])


def test_maximum_membership_is_not_monotone_but_the_score_is():
    """Moving votes to higher-risk grades (first-order stochastic dominance) can lower the maximum-
    membership grade; the score B·v and score thresholds never go down. The standard chooses."""
    lower_risk = np.array([0.3, 0.0, 0.4, 0.15, 0.15])
    higher_risk = np.array([0.3, 0.0, 0.2, 0.25, 0.25])  # 0.2 moved from grade 2 to grades 3 and 4
    assert (np.cumsum(higher_risk) <= np.cumsum(lower_risk) + 1e-12).all()  # dominates: riskier
    assert grade_by_max_membership(lower_risk) == 2 and grade_by_max_membership(higher_risk) == 0
    values = [1, 2, 3, 4, 5]
    assert fce_score(higher_risk, values) > fce_score(lower_risk, values)
    cuts = [1.5, 2.5, 3.5, 4.5]
    assert grade_by_thresholds(fce_score(higher_risk, values), cuts) >= grade_by_thresholds(
        fce_score(lower_risk, values), cuts
    )


# --- batched and scalar agree ---------------------------------------------------------------------
def test_batched_membership_and_fce_equal_the_scalar_functions():
    rng = np.random.default_rng(8)
    votes = rng.integers(-1, 5, (6, 7, 9))
    weights = rng.uniform(0, 1, (6, 7, 9))
    R = membership_batch(votes, weights, 5)
    w = rng.uniform(0, 1, (6, 9))
    for a in range(6):
        np.testing.assert_array_equal(R[a], membership(votes[a], weights[a], 5))
        filled = np.nan_to_num(R[a])
        np.testing.assert_array_equal(fce_batch(w[a : a + 1], filled[None])[0], fce(w[a], filled))
        np.testing.assert_array_equal(
            fce_batch(w[a : a + 1], filled[None], normalize=False)[0], fce(w[a], filled, normalize=False)
        )


def test_grade_votes_follow_nearest_value_or_the_thresholds():
    values = np.array([[1.0, 2.4, 2.5, np.nan, 5.0]])
    np.testing.assert_array_equal(grade_votes(values, np.array([1.0, 2, 3, 4, 5])), [[0, 1, 1, -1, 4]])
    cuts = np.array([1.5, 2.5, 3.5, 4.5])
    np.testing.assert_array_equal(grade_votes(values, np.array([1.0, 2, 3, 4, 5]), cuts), [[0, 1, 2, -1, 4]])
    assert grade_votes(values[:, :3], np.ones(5), cuts).tolist() == [
        [grade_by_thresholds(v, cuts) for v in (1.0, 2.4, 2.5)]
    ]
