"""Expert agreement: Kendall's W (hand-computed examples, tie correction against a direct formula,
χ²/p against scipy) and per-indicator statistics (properties that actually hold)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from riskmodel.model import indicator_stats, kendall_w, outlier_experts, rank_rows
from tests.model.reference import expect_error

# --- Kendall's W ------------------------------------------------------------------------------------


def test_kendall_hand_example_no_ties():
    # 3 judges, 6 objects. Column rank sums R = 4, 6, 8, 13, 15, 17; mean 10.5; S = 137.5;
    # W = 12·137.5 / (3²·(6³ − 6)) = 1650/1890.
    ranks = [[1, 2, 3, 4, 5, 6], [2, 1, 3, 5, 4, 6], [1, 3, 2, 4, 6, 5]]
    r = kendall_w(ranks)
    assert r.w == pytest.approx(1650 / 1890)
    assert r.chi2 == pytest.approx(3 * 5 * 1650 / 1890)
    assert r.df == 5 and r.m == 3 and r.n == 6
    assert r.p == pytest.approx(stats.chi2.sf(r.chi2, 5))


def test_kendall_hand_example_with_ties():
    # judge 2 ties (1,2) and (3,4): T = 2·(2³ − 2) = 12. R = 2.5, 3.5, 6.5, 7.5; S = 17;
    # W = 12·17 / (2²·60 − 2·12) = 204/216.
    r = kendall_w([[1, 2, 3, 4], [1.5, 1.5, 3.5, 3.5]])
    assert r.w == pytest.approx(204 / 216)


def test_kendall_identical_rankings_give_one():
    assert kendall_w([[1, 2, 3]] * 4).w == pytest.approx(1.0)
    assert kendall_w([[1.5, 1.5, 3, 4]] * 3).w == pytest.approx(1.0)  # with ties too


def test_kendall_all_tied_is_nan():
    r = kendall_w([[2, 2, 2], [2, 2, 2]])
    assert np.isnan(r.w) and np.isnan(r.p) and np.isnan(r.chi2)


def _direct_w(ranks: np.ndarray) -> float:
    m, n = ranks.shape
    col = ranks.sum(axis=0)
    s = ((col - col.mean()) ** 2).sum()
    t = 0.0
    for row in ranks:
        _, counts = np.unique(row, return_counts=True)
        t += (counts**3 - counts).sum()
    return 12 * s / (m * m * (n**3 - n) - m * t)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(2, 8).flatmap(
        lambda m: st.integers(2, 8).flatmap(
            lambda n: st.lists(st.lists(st.integers(1, 4), min_size=n, max_size=n), min_size=m, max_size=m)
        )
    )
)
def test_kendall_tie_correction_matches_direct_formula(scores):
    ranks = rank_rows(scores)
    r = kendall_w(ranks)
    if np.isnan(r.w):
        assert all(len(set(row)) == 1 for row in scores)
        return
    assert r.w == pytest.approx(_direct_w(ranks), rel=1e-12)
    assert 0.0 <= r.w <= 1.0 + 1e-12
    assert r.chi2 == pytest.approx(r.m * (r.n - 1) * r.w)
    assert r.p == pytest.approx(stats.chi2.sf(r.chi2, r.df))


def test_rank_rows():
    np.testing.assert_array_equal(rank_rows([[10, 30, 20, 20]]), [[1, 4, 2.5, 2.5]])
    np.testing.assert_array_equal(rank_rows([[10, 30, 20]], descending=True), [[3, 1, 2]])


def test_kendall_validation():
    expect_error("engine.consensus.too_small", kendall_w, [[1, 2, 3]], en=("1 experts",))
    expect_error("engine.consensus.too_small", kendall_w, [[1], [1]])
    expect_error(
        "engine.consensus.not_ranks",
        kendall_w,
        [[1, 2, 3], [1, 2, 5]],
        zh=("第 2 位专家", "第 3 项"),
        en=("Expert 2", "item 3"),
    )
    expect_error("engine.consensus.not_ranks", kendall_w, [[1, 2, 3], [1, 1, 3]], en=("Expert 2",))
    expect_error("engine.consensus.not_finite", kendall_w, [[1, 2], [np.nan, 1]], en=("expert 2 for item 1",))
    expect_error("engine.consensus.not_2d", kendall_w, [1, 2, 3])


# --- indicator statistics ---------------------------------------------------------------------------


def test_indicator_stats_hand_example():
    values = np.array([[4, 5], [2, np.nan], [3, 5], [5, 1]], dtype=float)
    s = indicator_stats(values, [1, 1, 1, 1])
    np.testing.assert_array_equal(s.n, [4, 3])
    np.testing.assert_allclose(s.mean, [3.5, 11 / 3])
    np.testing.assert_allclose(s.sd, [np.std([4, 2, 3, 5]), np.std([5, 5, 1])])
    np.testing.assert_allclose(s.cv, s.sd / s.mean)
    np.testing.assert_allclose(s.median, [3.5, 5])
    np.testing.assert_allclose(s.q1, [np.percentile([4, 2, 3, 5], 25), 3])
    np.testing.assert_allclose(s.q3, [np.percentile([4, 2, 3, 5], 75), 5])
    np.testing.assert_allclose(s.iqr, s.q3 - s.q1)
    np.testing.assert_allclose(s.weighted_median, [3.5, 5])


def test_indicator_stats_weighted_and_mask():
    values = [[1.0, 2.0], [3.0, 4.0]]
    s = indicator_stats(values, [3, 1])
    np.testing.assert_allclose(s.mean, [1.5, 2.5])
    np.testing.assert_allclose(s.sd, [np.sqrt(0.75 * 0.25 + 0.25 * 2.25), np.sqrt(0.75 * 0.25 + 0.25 * 2.25)])
    # midpoints p = 0.375, 0.875 → weighted median at 0.5 = 1 + (0.125/0.5)·2
    np.testing.assert_allclose(s.weighted_median, [1.5, 2.5])
    # per-cell weights and a mask (True = missing)
    s = indicator_stats(values, [[1, 0], [1, 1]], mask=[[False, False], [False, True]])
    np.testing.assert_array_equal(s.n, [2, 1])
    assert s.mean[0] == pytest.approx(2.0)
    assert np.isnan(s.mean[1])  # its only present rating has weight 0
    assert s.median[1] == 2.0  # the unweighted statistics still see it


def test_indicator_without_ratings_is_nan():
    s = indicator_stats([[np.nan, 1.0], [np.nan, 2.0]])
    assert s.n[0] == 0 and np.isnan(s.mean[0]) and np.isnan(s.median[0]) and np.isnan(s.weighted_median[0])


def test_indicator_stats_validation():
    expect_error("engine.consensus.not_finite", indicator_stats, [[1, np.inf]], en=("expert 1 for item 2",))
    expect_error("engine.consensus.weights_shape", indicator_stats, [[1, 2]], [1, 2])
    expect_error(
        "engine.consensus.weight.negative", indicator_stats, [[1, 2], [3, 4]], [1, -1], en=("item 2",), zh=("第 2 项",)
    )
    expect_error("engine.consensus.mask_shape", indicator_stats, [[1, 2]], None, [True])


ratings = st.integers(1, 6).flatmap(
    lambda e: st.integers(1, 5).flatmap(
        lambda k: st.tuples(
            st.lists(st.lists(st.one_of(st.none(), st.integers(1, 9)), min_size=k, max_size=k), min_size=e, max_size=e),
            st.lists(st.floats(0.01, 10), min_size=e, max_size=e),
        )
    )
)


def _array(rows):
    return np.array([[np.nan if x is None else x for x in r] for r in rows], dtype=float)


@settings(max_examples=150, deadline=None)
@given(ratings, st.floats(0.001, 1000))
def test_indicator_stats_invariant_to_weight_scale(data, c):
    rows, w = data
    v = _array(rows)
    a = indicator_stats(v, w)
    b = indicator_stats(v, [c * x for x in w])
    for field in ("mean", "sd", "cv", "weighted_median"):
        np.testing.assert_allclose(getattr(b, field), getattr(a, field), rtol=1e-9, atol=1e-12, equal_nan=True)


@settings(max_examples=150, deadline=None)
@given(ratings)
def test_weighted_median_equals_median_for_equal_weights(data):
    rows, _ = data
    s = indicator_stats(_array(rows))
    np.testing.assert_allclose(s.weighted_median, s.median, rtol=1e-12, equal_nan=True)


@settings(max_examples=150, deadline=None)
@given(ratings, st.floats(0.01, 10))
def test_adding_an_expert_at_the_weighted_mean_never_raises_cv(data, w_new):
    # True property: a rating AT THE WEIGHTED MEAN leaves the mean and Σw(x−mean)² unchanged and adds
    # weight, so the population sd (and CV) cannot rise. (A rating at the median can raise it.)
    rows, w = data
    v = _array(rows)
    before = indicator_stats(v, w)
    new_row = np.where(np.isnan(before.mean), np.nan, before.mean)
    after = indicator_stats(np.vstack([v, new_row]), [*w, w_new])
    ok = ~np.isnan(before.cv)
    assert (after.cv[ok] <= before.cv[ok] * (1 + 1e-12) + 1e-15).all()
    np.testing.assert_allclose(after.mean[ok], before.mean[ok], rtol=1e-12)


def test_adding_at_median_can_raise_cv():
    v = np.array([[1.0], [1.0], [10.0]])
    before = indicator_stats(v).cv[0]
    after = indicator_stats(np.vstack([v, [[1.0]]])).cv[0]  # the median is 1
    assert after > before


def test_outlier_experts():
    v = np.array([[3, 3, 3], [3, 4, 3], [4, 3, 3], [9, 9, 1], [3, 3, np.nan]], dtype=float)
    d = outlier_experts(v)
    assert int(np.argmax(d.z)) == 3
    np.testing.assert_array_equal(d.n, [3, 3, 3, 3, 2])
    np.testing.assert_allclose(d.deviation[3], (6 + 6 + 2) / 3)
    assert d.z[3] > 1.5
    d = outlier_experts([[1, 1], [1, 1]])
    np.testing.assert_array_equal(d.z, [0, 0])
    d = outlier_experts(v, center=[3, 3, 3])
    np.testing.assert_allclose(d.deviation[0], 0.0)
    expect_error("engine.consensus.center_shape", outlier_experts, v, [3, 3])
