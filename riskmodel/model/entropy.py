"""Entropy weight method (熵权法): objective criterion weights from the dispersion of a decision matrix.

For m alternatives (rows) and k criteria (columns): ``p_ij = x_ij / Σ_i x_ij``,
``e_j = −Σ_i p_ij ln p_ij / ln m`` (with 0 ln 0 = 0), ``w_j = (1 − e_j) / Σ_j (1 − e_j)``.
A criterion on which all alternatives score alike (e_j = 1) gets weight 0.

Numerics: ``1 − e_j`` is computed directly as ``Σ_i (1 + δ_ij) ln(1 + δ_ij) / (m ln m)`` with the relative
deviations ``δ_ij = x_ij / x̄_j − 1`` (the same quantity, without subtracting two numbers close to 1), and
a column counts as constant when its relative spread ``max |δ_ij|`` is at most ``RTOL`` — a threshold
relative to the column's own level, so shifting or scaling a column does not flip it between "no
information" and "all the weight". The former absolute bar (every ``1 − e_j`` ≤ 1e-12 → equal weights)
made nearly uniform matrices jump between equal weights and weights from rounding noise.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from riskmodel.errors import ValidationError
from riskmodel.model._checks import as_float, check_finite, check_nonnegative

__all__ = ["RTOL", "entropy_weights"]

_P = "engine.entropy"
RTOL = 1e-10
"""A column whose values all lie within a factor 1 ± RTOL of their mean carries no information."""


def entropy_weights(matrix: Any) -> np.ndarray:
    """Entropy weights of the columns of ``matrix`` (rows = alternatives, ≥ 2; cells finite, ≥ 0).

    Degenerate case: when no column carries information (all constant within ``RTOL``), the weights are
    equal rather than 0/0.
    """
    x = as_float(matrix, _P)
    if x.ndim != 2:
        raise ValidationError(f"{_P}.not_2d", ndim=x.ndim)
    m, k = x.shape
    if m < 2:
        raise ValidationError(f"{_P}.too_few_rows", rows=m)
    if k < 1:
        raise ValidationError(f"{_P}.no_columns")
    check_finite(x, _P)
    check_nonnegative(x, _P)
    total = x.sum(axis=0)
    zero = total == 0
    if zero.any():
        raise ValidationError(f"{_P}.zero_column", col=int(np.argmax(zero)) + 1)
    mean = total / m
    delta = (x - mean) / mean  # relative deviation from the column mean; p_ij = (1 + δ_ij) / m
    # Σ_i (1 + δ) ln(1 + δ) = Σ_i f(δ) with f(δ) = (1 + δ) ln(1 + δ) − δ ≥ 0 (Σ δ = 0): no first-order
    # cancellation; a series near 0, and f(−1) = 1 for a zero cell (0 ln 0 = 0)
    small = np.abs(delta) < 1e-3
    with np.errstate(invalid="ignore", divide="ignore"):
        exact = (1.0 + delta) * np.log1p(delta) - delta
    series = delta**2 * (0.5 - delta * (1 / 6 - delta * (1 / 12 - delta / 20)))
    f = np.where(small, series, np.where(delta > -1, exact, 1.0))
    d = f.sum(axis=0) / (m * np.log(m))
    d[np.abs(delta).max(axis=0) <= RTOL] = 0.0
    s = d.sum()
    if s <= 0:
        return np.full(k, 1.0 / k)
    out: np.ndarray = d / s
    return out
