"""The batched agreement statistics equal the scalar ones panel by panel: Kendall's W (including ties,
absent judges and a subset of objects), the per-indicator statistics and the outlier z-scores."""

from __future__ import annotations

import numpy as np
import pytest

from riskmodel.model.consensus import (
    common_objects,
    indicator_stats,
    indicator_stats_batch,
    kendall_w,
    kendall_w_batch,
    nan_quantiles,
    outlier_experts,
    outlier_experts_batch,
    rank_rows,
    weighted_mean_batch,
)


def test_batch_matches_the_single_panel_function():
    rng = np.random.default_rng(3)
    values = rng.integers(1, 6, (40, 7, 9)).astype(float)
    mask = rng.random((40, 7)) > 0.25
    out = kendall_w_batch(values, mask)
    for a in range(40):
        rows = values[a][mask[a]]
        if len(rows) < 2:
            assert np.isnan(out["w"][a])
            continue
        ref = kendall_w(rank_rows(rows))
        assert out["m"][a] == len(rows) and out["n"][a] == 9
        for key in ("w", "chi2", "p"):
            assert out[key][a] == pytest.approx(getattr(ref, key), nan_ok=True, rel=1e-12, abs=1e-15)


def test_batch_on_a_subset_of_objects_matches_the_function_on_the_sub_matrix():
    rng = np.random.default_rng(11)
    values = rng.integers(1, 5, (30, 6, 8)).astype(float)
    judges = rng.random((30, 6)) > 0.2
    objects = rng.random((30, 8)) > 0.3
    values[~np.broadcast_to(objects[:, None, :], values.shape)] = np.nan  # left-out objects may be NaN
    out = kendall_w_batch(values, judges, objects)
    for a in range(30):
        sub = values[a][judges[a]][:, objects[a]]
        assert out["n"][a] == objects[a].sum() and out["df"][a] == objects[a].sum() - 1
        if sub.shape[0] < 2 or sub.shape[1] < 2:
            assert np.isnan(out["w"][a])
            continue
        ref = kendall_w(rank_rows(sub))
        for key in ("w", "chi2", "p"):
            assert out[key][a] == pytest.approx(getattr(ref, key), nan_ok=True, rel=1e-12, abs=1e-15)


def test_common_objects_are_the_ones_every_judge_rated():
    values = np.array([[[1, np.nan, 3, 4], [2, 2, np.nan, 4], [np.nan, np.nan, np.nan, np.nan]]])
    judges = np.isfinite(values).any(axis=2)
    np.testing.assert_array_equal(common_objects(values, judges), [[True, False, False, True]])
    np.testing.assert_array_equal(common_objects(values, np.zeros((1, 3), dtype=bool)), [[False] * 4])


def test_batched_indicator_statistics_equal_the_scalar_ones():
    rng = np.random.default_rng(5)
    values = rng.integers(1, 6, (12, 8, 10)).astype(float)
    values[rng.random(values.shape) < 0.2] = np.nan
    weights = rng.uniform(0.2, 1.0, (12, 8, 10))
    batch = indicator_stats_batch(values, weights)
    for a in range(12):
        ref = indicator_stats(values[a], weights[a])
        for key in ("n", "weight", "mean", "sd", "cv", "median", "q1", "q3", "iqr"):
            np.testing.assert_array_equal(batch[key][a], getattr(ref, key), err_msg=key)
    with np.errstate(invalid="ignore"):
        np.testing.assert_array_equal(
            nan_quantiles(values, (0.25, 0.5), axis=1), np.nanpercentile(values, [25, 50], axis=1)
        )
        np.testing.assert_allclose(
            weighted_mean_batch(values, weights),
            np.nansum(values * weights, axis=1) / np.nansum(np.where(np.isnan(values), np.nan, weights), axis=1),
        )


def test_batched_outlier_z_scores_equal_the_scalar_ones():
    rng = np.random.default_rng(9)
    sizes = np.array([3, 5, 5, 4, 6, 2])
    values = np.full((6, 6, 7), np.nan)
    for a, m in enumerate(sizes):
        values[a, :m] = rng.integers(1, 6, (m, 7))
    values[1, 2] = np.nan  # an expert who rated nothing
    values[3, 0, :3] = np.nan
    center = np.nanmedian(values, axis=1)
    deviation, z = outlier_experts_batch(values, center, sizes)
    for a, m in enumerate(sizes):
        ref = outlier_experts(values[a, :m], center=center[a])
        np.testing.assert_array_equal(deviation[a, :m], ref.deviation)
        np.testing.assert_array_equal(z[a, :m], ref.z)
        assert np.isnan(deviation[a, m:]).all()
