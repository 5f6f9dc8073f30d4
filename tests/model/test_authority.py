"""Expert authority Cr = (Ca + Cs)/2 and authority-based expert weights."""

from __future__ import annotations

import numpy as np
import pytest

from riskmodel.model import authority_coefficient, expert_weights
from tests.model.reference import expect_error


def test_scalar_and_broadcast():
    assert authority_coefficient(0.8, 0.6) == pytest.approx(0.7)
    assert isinstance(authority_coefficient(0.8, 0.6), float)
    np.testing.assert_allclose(authority_coefficient([0.8, 1.0, 0.5], 0.6), [0.7, 0.8, 0.55])
    np.testing.assert_allclose(authority_coefficient([[1.0], [0.0]], [0.2, 0.4]), [[0.6, 0.7], [0.1, 0.2]])


def test_range_names_index():
    expect_error(
        "engine.authority.out_of_range",
        authority_coefficient,
        [0.8, 1.2, 0.5],
        0.6,
        zh=("Ca", "第 2 项", "1.2"),
        en=("Ca", "item 2"),
    )
    expect_error("engine.authority.out_of_range", authority_coefficient, 0.5, -0.1, en=("Cs", "item 1"))
    expect_error("engine.authority.not_finite", authority_coefficient, [0.5, np.nan], 0.5, en=("item 2",))
    expect_error("engine.authority.shape_mismatch", authority_coefficient, [0.5, 0.6], [0.5, 0.6, 0.7])
    expect_error("engine.authority.not_numeric", authority_coefficient, "high", 0.5)


def test_expert_weights():
    np.testing.assert_allclose(expert_weights([0.9, 0.6, 0.75]), np.array([0.9, 0.6, 0.75]) / 2.25)
    np.testing.assert_allclose(expert_weights([0.9, 0.6], equal=True), [0.5, 0.5])
    np.testing.assert_allclose(expert_weights([0, 0, 0]), [1 / 3] * 3)
    expect_error("engine.authority.negative", expert_weights, [0.9, -0.1], zh=("第 2 位",), en=("expert 2",))
    expect_error("engine.authority.weights_shape", expert_weights, [])
    expect_error("engine.authority.weights_shape", expert_weights, [[0.5]])
