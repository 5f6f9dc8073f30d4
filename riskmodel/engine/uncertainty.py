"""Uncertainty of the level and verdict: bootstrap over experts × Dirichlet perturbation of weights.

Each draw resamples the panel with replacement (multinomial counts per expert, so a draw is two
matrix products instead of a loop) and perturbs the global indicator weights by a Dirichlet
distribution centred on the point weights (concentration κ from the standard: larger κ = tighter).
The very same level and decision rules as the point result are applied to every draw.
"""

from __future__ import annotations

import numpy as np

from riskmodel.engine.arrays import RatingArrays
from riskmodel.engine.levels import degree_grade_codes, factor_count_level_codes, index_level_codes, verdict_table
from riskmodel.questionnaire.schema import LEVELS, VERDICTS, Questionnaire

CHUNK = 5000  # draws per block: bounds memory and gives progress steps


def simulate_levels(
    q: Questionnaire,
    arrays: RatingArrays,
    weights: np.ndarray,
    evidence_code: int,
    draws: int,
    seed: int,
    has_after: bool,
    on_progress=None,
) -> dict:
    """Probabilities of each level (before and after measures) and of each verdict over ``draws``."""
    empty = {
        "level_probabilities": dict.fromkeys(LEVELS),
        "residual_level_probabilities": None,
        "verdict_probabilities": None,
        "index_interval": None,
    }
    if draws <= 0:
        return empty
    rng = np.random.default_rng(seed)
    m = len(arrays.expert_ids)
    A = arrays.authority
    parts = {}
    for phase in ("before", "after") if has_after else ("before",):
        V = arrays.value[phase]
        mask = np.isfinite(V)
        parts[phase] = (A * np.where(mask, V, 0.0), A * mask)
    alpha = q.uncertainty.dirichlet_concentration * weights
    active = weights > 0
    level_counts = np.zeros(3)
    residual_counts = np.zeros(3)
    verdict_counts = dict.fromkeys(VERDICTS, 0)
    table = verdict_table(q)
    indices = []
    done = 0
    while done < draws:
        size = min(CHUNK, draws - done)
        counts = rng.multinomial(m, np.full(m, 1.0 / m), size=size).astype(float)
        wd = np.zeros((size, len(weights)))
        g = rng.standard_gamma(alpha[active], size=(size, int(active.sum())))
        wd[:, active] = g / g.sum(axis=1, keepdims=True)
        before_mean = _means(counts, *parts["before"])
        before_code, index = _codes(q, before_mean, wd, evidence_code)
        indices.append(index)
        level_counts += np.bincount(before_code, minlength=3)
        if has_after:
            after_mean = _means(counts, *parts["after"])
            after_mean = np.where(np.isfinite(after_mean), after_mean, before_mean)
            after_code, _ = _codes(q, after_mean, wd, 0)
            residual_counts += np.bincount(after_code, minlength=3)
            pairs = np.bincount(after_code * 3 + before_code, minlength=9)
            for k, c in enumerate(pairs):
                if c:
                    verdict_counts[table[k // 3, k % 3]] += int(c)
        done += size
        if on_progress:
            on_progress(done, draws)
    all_index = np.concatenate(indices)
    return {
        "level_probabilities": dict(zip(LEVELS, (level_counts / draws).tolist())),
        "residual_level_probabilities": dict(zip(LEVELS, (residual_counts / draws).tolist())) if has_after else None,
        "verdict_probabilities": {k: v / draws for k, v in verdict_counts.items()} if has_after else None,
        "index_interval": np.percentile(all_index, [2.5, 97.5]).tolist(),
    }


def _means(counts: np.ndarray, weighted_values: np.ndarray, weights_present: np.ndarray) -> np.ndarray:
    """Authority-weighted mean per indicator for each resampled panel: (draws, n); NaN when unrated."""
    num = counts @ weighted_values
    den = counts @ weights_present
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def _codes(q: Questionnaire, means: np.ndarray, wd: np.ndarray, evidence_code: int):
    filled = np.where(np.isfinite(means), means, 0.0)
    # an indicator a resampled panel left unrated takes no weight in that draw
    w = np.where(np.isfinite(means), wd, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        index = (w * filled).sum(axis=1) / w.sum(axis=1)
    code = index_level_codes(index, q)
    if q.factor_count_rules:
        code = np.maximum(code, factor_count_level_codes(degree_grade_codes(means, q), q))
    return np.maximum(code, evidence_code).astype(np.int64), index
