"""Uncertainty of the level and verdict: bootstrap over experts × Dirichlet perturbation of weights.

Each draw resamples the panel with replacement among the experts who rated (multinomial counts per
expert, so a draw is two matrix products instead of a loop) and perturbs the global indicator weights
by a Dirichlet distribution centred on the point weights (concentration κ from the standard: larger κ
= tighter). The very same level and decision rules as the point result are applied to every draw —
the index and single-factor rules on the draw's means, the survey and crowd rules as evidence codes
(before measures, and for the residual level the post-measure evidence or else the same again).

With fewer than ``MIN_PANEL_FOR_BOOTSTRAP`` experts a resampled "panel" is one or two people repeated,
which says nothing about panel disagreement (one expert gave P(高) = 0.9965 as if a panel had been
resampled): then only the weights are perturbed, and the result says so (``basis = "weights"``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from riskmodel.engine.arrays import RatingArrays
from riskmodel.engine.levels import degree_grade_codes, factor_count_level_codes, index_level_codes, verdict_table
from riskmodel.model.resample import bootstrap_counts, dirichlet_weights, draw_index, resampled_means
from riskmodel.questionnaire.schema import LEVELS, VERDICTS, Questionnaire

CHUNK = 5000  # draws per block: bounds memory and gives progress steps
MIN_PANEL_FOR_BOOTSTRAP = 3
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class Uncertainty:
    """Probabilities over the draws (each set sums to 1) and the 95 % interval of the index."""

    basis: str | None  # "panel+weights", "weights", None without draws
    level_probabilities: dict[str, float | None]
    residual_level_probabilities: dict[str, float] | None
    verdict_probabilities: dict[str, float] | None
    index_interval: list[float] | None


def uncertainty_basis(panel_size: int, draws: int) -> str | None:
    """What the draws resample: the panel and the weights, or (panel below 3) the weights only."""
    if draws <= 0:
        return None
    return "panel+weights" if panel_size >= MIN_PANEL_FOR_BOOTSTRAP else "weights"


def simulate_levels(
    q: Questionnaire,
    arrays: RatingArrays | None,
    weights: np.ndarray,
    evidence_code: int,
    residual_evidence_code: int,
    draws: int,
    seed: int,
    has_after: bool,
    on_progress: ProgressCallback | None = None,
) -> Uncertainty:
    """Probabilities of each level (before and after measures) and of each verdict over ``draws``."""
    if draws <= 0 or arrays is None:
        return Uncertainty(None, dict.fromkeys(LEVELS), None, None, None)
    rng = np.random.default_rng(seed)
    authority = arrays.authority
    m = len(arrays.expert_ids)
    pool = np.flatnonzero(np.isfinite(arrays.value["before"]).any(axis=1))  # the experts who rated
    basis = uncertainty_basis(len(pool), draws)
    parts = {}
    for phase in ("before", "after") if has_after else ("before",):
        values = arrays.value[phase]
        mask = np.isfinite(values)
        parts[phase] = (authority * np.where(mask, values, 0.0), authority * mask)
    level_counts = np.zeros(3)
    residual_counts = np.zeros(3)
    verdict_counts = dict.fromkeys(VERDICTS, 0)
    table = verdict_table(q)
    indices = []
    done = 0
    while done < draws:
        size = min(CHUNK, draws - done)
        if basis == "panel+weights":
            counts = bootstrap_counts(rng, pool, m, size)
        else:  # the panel as it is in every draw
            counts = np.broadcast_to(np.isin(np.arange(m), pool).astype(float), (size, m))
        wd = dirichlet_weights(rng, weights, q.uncertainty.dirichlet_concentration, size)
        before_mean = resampled_means(counts, *parts["before"])
        before_code, index = _codes(q, before_mean, wd, evidence_code)
        indices.append(index)
        level_counts += np.bincount(before_code, minlength=3)
        if has_after:
            after_mean = resampled_means(counts, *parts["after"])
            after_mean = np.where(np.isfinite(after_mean), after_mean, before_mean)
            after_code, _ = _codes(q, after_mean, wd, residual_evidence_code)
            residual_counts += np.bincount(after_code, minlength=3)
            pairs = np.bincount(after_code * 3 + before_code, minlength=9)
            for k, c in enumerate(pairs.tolist()):
                if c:
                    verdict_counts[table[k // 3, k % 3]] += int(c)
        done += size
        if on_progress:
            on_progress(done, draws)
    all_index = np.concatenate(indices)
    return Uncertainty(
        basis,
        dict(zip(LEVELS, (level_counts / draws).tolist())),
        dict(zip(LEVELS, (residual_counts / draws).tolist())) if has_after else None,
        {k: v / draws for k, v in verdict_counts.items()} if has_after else None,
        np.percentile(all_index, [2.5, 97.5]).tolist(),
    )


def _codes(q: Questionnaire, means: np.ndarray, wd: np.ndarray, evidence_code: int) -> tuple[np.ndarray, np.ndarray]:
    index = draw_index(means, wd)  # an indicator a resampled panel left unrated takes no weight in that draw
    code = index_level_codes(index, q)
    if q.factor_count_rules:
        code = np.maximum(code, factor_count_level_codes(degree_grade_codes(means, q), q))
    return np.maximum(code, evidence_code).astype(np.int64), index
