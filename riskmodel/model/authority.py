"""Expert authority (专家权威系数): Cr = (Ca + Cs) / 2 and expert weights derived from it.

Ca is the judgment-basis coefficient (判断依据系数) and Cs the familiarity coefficient (熟悉程度系数), both
in [0, 1]; Cr is commonly required to be ≥ 0.7 for an expert's ratings to count as authoritative.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from riskmodel.errors import ValidationError
from riskmodel.model._checks import as_float, check_finite, check_range

__all__ = ["authority_coefficient", "expert_weights"]

_P = "engine.authority"


def authority_coefficient(ca: Any, cs: Any) -> float | np.ndarray:
    """Cr = (Ca + Cs) / 2, broadcasting; a float when both inputs are scalars.

    Values outside [0, 1] (or non-finite) raise ``ValidationError`` naming Ca/Cs and the 1-based index.
    """
    a = _unit(ca, "Ca")
    s = _unit(cs, "Cs")
    try:
        cr = (a + s) / 2.0
    except ValueError:
        raise ValidationError(f"{_P}.shape_mismatch", ca=str(a.shape), cs=str(s.shape)) from None
    return float(cr) if cr.ndim == 0 else cr


def expert_weights(cr: Any, equal: bool = False) -> np.ndarray:
    """Authority coefficients → aggregation weights summing to 1.

    Equal weights (1/m) when ``equal`` is True (a standard may require it) or when every coefficient is 0.
    ``cr`` must be a non-empty 1-D sequence of finite values ≥ 0.
    """
    c = as_float(cr, _P)
    if c.ndim != 1 or c.size == 0:
        raise ValidationError(f"{_P}.weights_shape", ndim=c.ndim, size=c.size)
    check_finite(c, _P)
    bad = c < 0
    if bad.any():
        k = int(np.argmax(bad))
        raise ValidationError(f"{_P}.negative", index=k + 1, value=f"{c[k]:.6g}")
    total = c.sum()
    if equal or total == 0:
        return np.full(c.size, 1.0 / c.size)
    out: np.ndarray = c / total
    return out


def _unit(x: Any, name: str) -> np.ndarray:
    a = as_float(x, _P)
    check_finite(a, _P)
    check_range(a, _P, 0.0, 1.0, name=name)
    return a
