"""Bootstrap counts, Dirichlet weights and the resampled means behind the uncertainty draws."""

from __future__ import annotations

import numpy as np
import pytest

from riskmodel.model.resample import bootstrap_counts, dirichlet_weights, draw_index, resampled_means


def test_bootstrap_draws_only_from_the_pool_and_keeps_its_size():
    counts = bootstrap_counts(np.random.default_rng(1), np.array([0, 2, 3]), 5, 1000)
    assert counts.shape == (1000, 5) and (counts.sum(axis=1) == 3).all()
    assert (counts[:, [1, 4]] == 0).all() and counts[:, 0].mean() == pytest.approx(1.0, abs=0.1)


def test_dirichlet_weights_sum_to_one_over_the_weighted_indicators():
    w = np.array([0.5, 0.0, 0.3, 0.2])
    d = dirichlet_weights(np.random.default_rng(2), w, 200.0, 4000)
    np.testing.assert_allclose(d.sum(axis=1), 1.0)
    assert (d[:, 1] == 0).all()
    np.testing.assert_allclose(d.mean(axis=0), w, atol=0.01)


def test_resampled_means_equal_the_mean_of_the_resampled_panel():
    values = np.array([[1.0, np.nan], [3.0, 4.0], [5.0, 2.0]])
    authority = np.array([[1.0, 1.0], [0.5, 0.5], [2.0, 2.0]])
    mask = np.isfinite(values)
    counts = np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 3.0]])
    means = resampled_means(counts, authority * np.where(mask, values, 0), authority * mask)
    np.testing.assert_allclose(means[0], [(2 * 1 + 0.5 * 3) / 2.5, 4.0])
    np.testing.assert_allclose(means[1], [5.0, 2.0])
    assert draw_index(np.array([[1.0, np.nan]]), np.array([[0.5, 0.5]]))[0] == 1.0
