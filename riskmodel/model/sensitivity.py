"""One-at-a-time sensitivity of the weighted index R = Σ wⱼ xⱼ (weights summing to 1).

For each indicator j: its value shifted by ± one scale step (kept within the scale), and its weight
scaled by 1 ± ε with the weights renormalised — the index each change gives and the largest swing.
``one_at_a_time`` recomputes the index for every change (the reference); ``one_at_a_time_batch`` uses
the closed forms R + wⱼ·Δxⱼ and (R ± ε wⱼ xⱼ) / (1 ± ε wⱼ) over a whole batch at once.
"""

from __future__ import annotations

import numpy as np

__all__ = ["SENSITIVITY_KEYS", "one_at_a_time", "one_at_a_time_batch"]

SENSITIVITY_KEYS = ("value_up", "value_down", "weight_up", "weight_down", "swing")


def one_at_a_time(
    weights: np.ndarray, values: np.ndarray, step: float, low: float, high: float, eps: float = 0.2
) -> dict[str, np.ndarray]:
    """Per indicator (n,): the index with its value one ``step`` up / down (clipped to ``low``…``high``),
    with its weight × (1 ± ``eps``) renormalised, and the largest absolute change (``swing``)."""
    w = np.asarray(weights, dtype=float)
    x = np.asarray(values, dtype=float)
    base = float(w @ x)
    out = {k: np.empty(len(w)) for k in SENSITIVITY_KEYS}
    for j in range(len(w)):
        for key, moved_value in (("value_up", min(x[j] + step, high)), ("value_down", max(x[j] - step, low))):
            moved = x.copy()
            moved[j] = moved_value
            out[key][j] = w @ moved
        for key, factor in (("weight_up", 1 + eps), ("weight_down", 1 - eps)):
            scaled = w.copy()
            scaled[j] *= factor
            out[key][j] = (scaled / scaled.sum()) @ x
        out["swing"][j] = max(abs(out[k][j] - base) for k in SENSITIVITY_KEYS[:4])
    return out


def one_at_a_time_batch(
    weights: np.ndarray, values: np.ndarray, index: np.ndarray, step: float, low: float, high: float, eps: float = 0.2
) -> dict[str, np.ndarray]:
    """``one_at_a_time`` for (A, n) weights and values with their (A,) indices, in closed form."""
    r = index[:, None]
    up = np.minimum(values + step, high) - values
    down = np.maximum(values - step, low) - values
    value_up = r + weights * up
    value_down = r + weights * down
    with np.errstate(invalid="ignore", divide="ignore"):
        weight_up = (r + eps * weights * values) / (1 + eps * weights)
        weight_down = (r - eps * weights * values) / (1 - eps * weights)
    swing = np.maximum(
        np.maximum(np.abs(value_up - r), np.abs(value_down - r)),
        np.maximum(np.abs(weight_up - r), np.abs(weight_down - r)),
    )
    return {
        "value_up": value_up,
        "value_down": value_down,
        "weight_up": weight_up,
        "weight_down": weight_down,
        "swing": swing,
    }
