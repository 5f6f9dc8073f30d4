"""The weighted index and its 0–100 form."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from riskmodel.model.index import index_100, renormalise, weighted_index, weighted_sum


def test_weighted_index_renormalises_over_the_kept_indicators():
    w = np.array([[0.1, 0.2, 0.3, 0.4]])
    x = np.array([[1.0, 2.0, np.nan, 4.0]])
    keep = np.isfinite(x)
    assert weighted_index(w, x, keep)[0] == pytest.approx((0.1 * 1 + 0.2 * 2 + 0.4 * 4) / 0.7)
    np.testing.assert_allclose(renormalise(w, keep), [[1 / 7, 2 / 7, 0, 4 / 7]])


def test_a_row_in_a_batch_equals_the_row_alone():
    rng = np.random.default_rng(2)
    w, x = rng.uniform(size=(50, 9)), rng.uniform(1, 5, (50, 9))
    batch = weighted_sum(w, x)
    assert all(batch[a] == w[a] @ x[a] for a in range(50))


def test_index_100_maps_the_range_linearly_and_clips():
    assert index_100(1.0, 1.0, 5.0) == 0.0 and index_100(5.0, 1.0, 5.0) == 100.0
    assert index_100(3.5, 1.0, 5.0) == pytest.approx(62.5)
    assert index_100(0.36, 0.01, 0.81) == pytest.approx(43.75)
    np.testing.assert_array_equal(index_100([0.0, 6.0], 1.0, 5.0), [0.0, 100.0])
    assert np.isnan(index_100(np.array([np.nan]), 1.0, 5.0)).all()


@given(st.floats(1, 5), st.floats(1, 5))
def test_index_100_keeps_the_order(a, b):
    if a < b:
        assert index_100(a, 1, 5) <= index_100(b, 1, 5)
