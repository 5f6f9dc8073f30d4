"""Shared input checks for the model: convert to float arrays and name the first bad cell (1-based).

Every failure raises ``ValidationError(f"{prefix}.{kind}", ...)`` so each area keeps its own catalog
keys (``engine.entropy.not_finite``, ``engine.fce.negative``…) while the checking logic lives once.
Positions in messages are 1-based because they are read by people, not by numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from riskmodel.errors import ValidationError


def fmt(value: Any) -> str:
    """A cell value as a short human string (``0.333333``, ``nan``, ``-2``)."""
    try:
        return f"{float(value):.10g}"
    except (TypeError, ValueError):
        return str(value)


def first(mask: np.ndarray) -> tuple[int, ...]:
    """0-based position of the first True cell of ``mask`` in row-major order."""
    return tuple(int(i) for i in np.argwhere(mask)[0])


def pos(index: tuple[int, ...]) -> str:
    """0-based numpy index → 1-based text ``"2, 3"``."""
    return ", ".join(str(i + 1) for i in index)


def as_float(x: Any, prefix: str) -> np.ndarray:
    """``np.asarray(x, float)``; ragged or non-numeric input → ``{prefix}.not_numeric``."""
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValidationError(f"{prefix}.not_numeric") from None


def check_finite(a: np.ndarray, prefix: str, allow_nan: bool = False) -> None:
    """Reject inf (and NaN unless ``allow_nan``), naming the first bad cell."""
    bad = np.isinf(a) if allow_nan else ~np.isfinite(a)
    if bad.any():
        _raise_at(prefix, "not_finite", a, first(bad))


def check_nonnegative(a: np.ndarray, prefix: str) -> None:
    bad = a < 0
    if bad.any():
        _raise_at(prefix, "negative", a, first(bad))


def check_range(a: np.ndarray, prefix: str, low: float, high: float, **extra: Any) -> None:
    bad = (a < low) | (a > high)
    if bad.any():
        _raise_at(prefix, "out_of_range", a, first(bad), low=fmt(low), high=fmt(high), **extra)


def _raise_at(prefix: str, kind: str, a: np.ndarray, index: tuple[int, ...], **extra: Any) -> None:
    """Raise with ``row``/``col`` for 2-D arrays, ``index`` otherwise (all 1-based)."""
    value = fmt(a[index]) if index else fmt(a)
    params: dict[str, Any] = {"value": value, "index": pos(index) or "1", **extra}
    if a.ndim == 2:
        params.update(row=index[0] + 1, col=index[1] + 1)
    raise ValidationError(f"{prefix}.{kind}", **params)


def frozen(a: np.ndarray) -> np.ndarray:
    """Mark a result array read-only so a frozen dataclass really is immutable."""
    a.setflags(write=False)
    return a
