"""Fuzzy comprehensive evaluation: the personnel case (Si Shoukui), membership from votes, grading."""

from __future__ import annotations

import numpy as np
import pytest

from riskmodel.model import fce, fce_score, grade_by_max_membership, grade_by_thresholds, membership
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
