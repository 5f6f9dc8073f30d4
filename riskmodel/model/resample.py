"""Resampling for the uncertainty of a level: bootstrap over experts and Dirichlet-perturbed weights.

A draw resamples the panel with replacement — multinomial counts per expert, so the authority-weighted
mean of every indicator over the resampled panel is two matrix products (``resampled_means``) — and
perturbs the point weights w by a Dirichlet distribution with α = κ·w (larger κ = tighter around w).
"""

from __future__ import annotations

import numpy as np

__all__ = ["bootstrap_counts", "dirichlet_weights", "draw_index", "resampled_means"]


def bootstrap_counts(rng: np.random.Generator, pool: np.ndarray, m: int, size: int) -> np.ndarray:
    """(size, m) how often each of the ``m`` experts is drawn in each resampled panel: ``len(pool)``
    draws with replacement among the experts in ``pool`` (indices), 0 for the others."""
    counts = np.zeros((size, m))
    k = len(pool)
    counts[:, pool] = rng.multinomial(k, np.full(k, 1.0 / k), size=size)
    return counts


def dirichlet_weights(rng: np.random.Generator, weights: np.ndarray, concentration: float, size: int) -> np.ndarray:
    """(size, n) weight vectors ~ Dirichlet(κ·w) over the indicators with w > 0 (0 for the others)."""
    active = weights > 0
    out = np.zeros((size, len(weights)))
    g = rng.standard_gamma(concentration * weights[active], size=(size, int(active.sum())))
    out[:, active] = g / g.sum(axis=1, keepdims=True)
    return out


def resampled_means(counts: np.ndarray, weighted_values: np.ndarray, weights_present: np.ndarray) -> np.ndarray:
    """Authority-weighted mean per indicator for each resampled panel, (draws, n), NaN when unrated.

    ``weighted_values`` = authority × value (0 where missing), ``weights_present`` = authority × rated."""
    num = counts @ weighted_values
    den = counts @ weights_present
    with np.errstate(invalid="ignore", divide="ignore"):
        out: np.ndarray = num / den
    return out


def draw_index(means: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The index of each draw: Σ w x over the indicators the draw rated, weights renormalised (draws,)."""
    rated = np.isfinite(means)
    w = np.where(rated, weights, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: np.ndarray = (w * np.where(rated, means, 0.0)).sum(axis=1) / w.sum(axis=1)
    return out
