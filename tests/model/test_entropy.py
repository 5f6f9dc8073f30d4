"""Entropy weights: the published Elsayed et al. (2017) case and input validation."""

from __future__ import annotations

import numpy as np
import pytest

from riskmodel.model import entropy_weights
from tests.model.reference import case, expect_error


def test_entropy_elsayed_2017_6dp():
    c = case("entropy_elsayed_2017")
    w = entropy_weights(c["matrix"])
    np.testing.assert_array_equal(np.round(w, 6), c["expected"]["weights_6dp"])
    assert w.sum() == pytest.approx(1.0, abs=1e-12)


def test_hand_example_with_zero_cell():
    # column 1 uniform → e = 1 → weight 0; column 2 has a 0 (0 ln 0 = 0) → e = 0
    x = [[1, 0], [1, 1]]
    w = entropy_weights(x)
    np.testing.assert_allclose(w, [0.0, 1.0])
    # a uniform column gets weight 0 (up to rounding of 1 − e)
    np.testing.assert_allclose(entropy_weights([[2, 1], [1, 1], [1, 1]]), [1.0, 0.0], atol=1e-14)
    # hand computation: column 1 p = (1/2, 1/4, 1/4), column 2 p = (0, 1/2, 1/2)
    p = np.array([0.5, 0.25, 0.25])
    d1 = 1 + (p * np.log(p)).sum() / np.log(3)
    d2 = 1 - np.log(2) / np.log(3)
    np.testing.assert_allclose(entropy_weights([[2, 0], [1, 1], [1, 1]]), [d1 / (d1 + d2), d2 / (d1 + d2)])


def test_all_columns_uniform_gives_equal_weights():
    np.testing.assert_allclose(entropy_weights([[3, 5, 1], [3, 5, 1]]), [1 / 3] * 3)


def test_scale_invariance_per_column():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, (6, 4))
    np.testing.assert_allclose(entropy_weights(x * [1, 10, 100, 0.5]), entropy_weights(x), rtol=1e-12)


def test_validation_names_cell():
    expect_error("engine.entropy.not_2d", entropy_weights, [1, 2, 3])
    expect_error("engine.entropy.too_few_rows", entropy_weights, [[1, 2, 3]])
    expect_error("engine.entropy.not_numeric", entropy_weights, [[1, 2], [3]])
    expect_error(
        "engine.entropy.negative", entropy_weights, [[1, 2], [3, -1]], zh=("第 2 行第 2 列",), en=("row 2, column 2",)
    )
    expect_error(
        "engine.entropy.not_finite",
        entropy_weights,
        [[1, np.nan], [3, 1]],
        zh=("第 1 行第 2 列",),
        en=("row 1, column 2",),
    )
    expect_error(
        "engine.entropy.zero_column", entropy_weights, [[1, 0, 2], [3, 0, 1]], zh=("第 2 列",), en=("Column 2",)
    )
    expect_error("engine.entropy.no_columns", entropy_weights, np.ones((3, 0)))


# --- the threshold for "no information" is relative to each column -----------------------------------
def _exact_weights(matrix: list[list[float]]) -> list[float]:
    """Entropy weights in 60-digit decimal arithmetic: the reference for nearly uniform columns."""
    from decimal import Decimal, getcontext

    getcontext().prec = 60
    x = [[Decimal(repr(v)) for v in row] for row in matrix]
    m, k = len(x), len(x[0])
    d = []
    for j in range(k):
        total = sum(row[j] for row in x)
        h = sum(-(row[j] / total) * (row[j] / total).ln() for row in x if row[j] > 0)
        d.append(1 - h / Decimal(m).ln())
    s = sum(d)
    return [float(v / s) for v in d]


@pytest.mark.parametrize("spread", [1.0, 1e-3, 1e-5, 1e-7])
def test_nearly_uniform_columns_keep_their_relative_information(spread):
    """Columns 1000 + c·(0, 1, 2) and 1000 + c·(0, 2, 4): the second carries four times the information
    at any c; the former absolute bar turned this into equal weights (or rounding noise) as c shrank."""
    x = [[1000.0, 1000.0], [1000.0 + spread, 1000.0 + 2 * spread], [1000.0 + 2 * spread, 1000.0 + 4 * spread]]
    np.testing.assert_allclose(entropy_weights(x), _exact_weights(x), rtol=1e-5)
    assert entropy_weights(x)[1] == pytest.approx(0.8, rel=1e-3)


def test_a_column_constant_within_the_relative_tolerance_gets_no_weight_at_any_level():
    for level in (1e-6, 1.0, 1e9):
        x = np.array([[1.0, 3.0], [1.0 + 1e-12, 5.0], [1.0, 4.0]]) * [level, 1.0]
        np.testing.assert_array_equal(entropy_weights(x), [0.0, 1.0])


def test_the_weights_move_smoothly_as_one_column_flattens():
    base = np.array([[1.0, 1.0], [2.0, 3.0], [3.0, 2.0]])
    previous = None
    for c in np.geomspace(1.0, 1e-6, 25):
        x = base.copy()
        x[:, 0] = 2.0 + c * (base[:, 0] - 2.0)
        w = entropy_weights(x)
        if previous is not None:
            assert w[0] <= previous + 1e-12  # less spread, less weight, never a jump back up
        previous = w[0]
    assert previous < 1e-9
