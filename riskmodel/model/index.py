"""The overall risk index R = Σᵢ wᵢ x̄ᵢ and its comparable 0–100 form.

``weighted_index`` is the one formula for the overall index, the residual (post-measure) index and the
dimension scores: the weights of the indicators that count are renormalised to sum 1 and the values
are summed with them, row by row (a stacked matmul, the kernel of the 1-D ``@``, so a batch gives the
same numbers as one row alone).

``index_100`` maps an index linearly from the range its method can take onto 0–100, so assessments
made on different scales can be sorted side by side:

- score method (e.g. 1–5, higher = riskier): ``100 · (R − min) / (max − min)`` of the rating scale;
- probability × impact: ``100 · (R − pₘᵢₙ·iₘᵢₙ) / (pₘₐₓ·iₘₐₓ − pₘᵢₙ·iₘᵢₙ)`` with the scales' values
  (0.1 … 0.9 both: 0.01 → 0, 0.81 → 100).

The mapping is monotone, so within one standard it never reorders assessments or changes a level; the
standard's level thresholds map the same way (``index_100`` of ``levels.medium`` / ``levels.high``).
Across standards the 0–100 values sort by position within each scale, not by level: compare levels.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["index_100", "renormalise", "weighted_index", "weighted_sum"]


def renormalise(weights: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Weights (…, n) of the kept indicators scaled to sum 1 per row, 0 for the others (NaN rows where
    nothing is kept)."""
    w = np.where(keep, weights, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: np.ndarray = w / w.sum(axis=-1, keepdims=True)
    return out


def weighted_sum(weights: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Row-wise Σⱼ wⱼ xⱼ of (A, n) arrays as a stacked matmul (the same kernel as a 1-D ``w @ x``)."""
    out: np.ndarray = np.matmul(weights[:, None, :], values[:, :, None])[:, 0, 0]
    return out


def weighted_index(weights: np.ndarray, values: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """R = Σ wᵢ xᵢ over the kept indicators of each row, weights renormalised to sum 1 (A, n) → (A,)."""
    return weighted_sum(renormalise(weights, keep), np.where(keep, values, 0.0))


def index_100(index: Any, low: float, high: float) -> Any:
    """``100 · (index − low) / (high − low)`` clipped to 0–100 (NaN stays NaN); a float for a scalar."""
    x = np.asarray(index, dtype=float)
    out = np.clip(100.0 * (x - low) / (high - low), 0.0, 100.0)
    return float(out) if out.ndim == 0 else out
