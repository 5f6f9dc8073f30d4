"""Entropy weight method (熵权法): objective criterion weights from the dispersion of a decision matrix.

For m alternatives (rows) and k criteria (columns): ``p_ij = x_ij / Σ_i x_ij``,
``e_j = −Σ_i p_ij ln p_ij / ln m`` (with 0 ln 0 = 0), ``w_j = (1 − e_j) / Σ_j (1 − e_j)``.
A criterion on which all alternatives score alike (e_j = 1) gets weight 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from riskmodel.errors import ValidationError
from riskmodel.model._checks import as_float, check_finite, check_nonnegative

__all__ = ["entropy_weights"]

_P = "engine.entropy"


def entropy_weights(matrix: Any) -> np.ndarray:
    """Entropy weights of the columns of ``matrix`` (rows = alternatives, ≥ 2; cells finite, ≥ 0).

    Degenerate case: when no column carries information (every ``1 − e_j`` is at most 1e-12 — all columns
    constant), the weights are equal rather than 0/0.
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
    p = x / total
    plogp = np.zeros_like(p)
    np.multiply(p, np.log(p, where=p > 0, out=np.zeros_like(p)), out=plogp, where=p > 0)
    e = -plogp.sum(axis=0) / np.log(m)
    d = np.clip(1.0 - e, 0.0, None)
    s = d.sum()
    if s <= 1e-12 * k:
        return np.full(k, 1.0 / k)
    return d / s
