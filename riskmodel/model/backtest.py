"""Back-testing forecasts of the risk level against realised outcomes (后评估), and performance weights.

A forecast is a probability for each of the three levels 低/中/高 (an assessment's
``residual_level_probabilities``); the outcome is the one level that was realised.

- **Brier score** (multi-category form): B = Σₖ (pₖ − oₖ)² over k ∈ {低, 中, 高}, oₖ = 1 for the realised
  level and 0 otherwise. 0 is a perfect forecast, 2 the worst (all probability on a level that did not
  happen). The uniform forecast (⅓, ⅓, ⅓) scores ⅔ whatever happens (``UNIFORM_BRIER``).
- **Confusion table**: rows the predicted level (the most probable one), columns the realised level.
- **Reliability**: every (case, level) pair gives a predicted probability pₖ and an observation oₖ;
  pairs are pooled into equal-width probability bins, and each bin compares the mean predicted
  probability with the observed frequency (share of pairs whose level happened). A calibrated forecaster
  lies on the diagonal.
- **Skill score** against a reference Brier score: SS = 1 − B / B_ref (1 perfect, 0 no better than the
  reference, negative worse). The reference here is the uniform forecast (B_ref = ⅔): it needs no
  base rate, which a handful of cases cannot estimate.
- **Performance weights** (questionnaire ``expert_weighting: performance``): an expert with n scored
  cases and mean Brier B gets the factor fₑ = max(floor, 1 + s̃ₑ), where s̃ₑ = n / (n + k) · SSₑ is the
  skill score shrunk toward 0 by k pseudo-cases (``shrinkage``); an expert with fewer than
  ``min_cases`` cases keeps fₑ = 1. The weight is proportional to authority × factor,
  wₑ = aₑ fₑ / Σ a f — so below the minimum everyone keeps the authority weights exactly, a perfect
  record (SS = 1) with many cases at most doubles an expert's weight, and a record worse than guessing
  lowers it (never below ``floor`` × the authority share).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "LEVELS",
    "UNIFORM_BRIER",
    "ReliabilityBin",
    "brier",
    "brier_many",
    "confusion",
    "hit_rate",
    "level_index",
    "most_probable",
    "performance_factors",
    "performance_weights",
    "probability_vector",
    "reliability",
    "skill_score",
]

LEVELS: tuple[str, str, str] = ("低", "中", "高")
UNIFORM_BRIER = 2.0 / 3.0

FloatArray = npt.NDArray[np.float64]


def level_index(level: str) -> int:
    """0, 1, 2 for 低, 中, 高; ValueError for anything else."""
    try:
        return LEVELS.index(level)
    except ValueError:
        raise ValueError(f"unknown level {level!r}: expected one of {'/'.join(LEVELS)}") from None


def probability_vector(probabilities: Mapping[str, float | None] | Sequence[float]) -> FloatArray:
    """(p低, p中, p高) from a mapping keyed by level (missing or None → 0) or a sequence of three."""
    if isinstance(probabilities, Mapping):
        values = [float(probabilities.get(level) or 0.0) for level in LEVELS]
    else:
        values = [float(v) for v in probabilities]
        if len(values) != 3:
            raise ValueError(f"a forecast has 3 probabilities (低, 中, 高), got {len(values)}")
    out = np.asarray(values, dtype=np.float64)
    if not np.isfinite(out).all() or (out < 0).any() or (out > 1 + 1e-9).any():
        raise ValueError(f"probabilities must lie in [0, 1], got {values}")
    return out


def brier(probabilities: Mapping[str, float | None] | Sequence[float], realised: str) -> float:
    """Σₖ (pₖ − oₖ)² over 低/中/高: 0 perfect, 2 the worst."""
    p = probability_vector(probabilities)
    o = np.zeros(3)
    o[level_index(realised)] = 1.0
    return float(((p - o) ** 2).sum())


def brier_many(forecasts: npt.ArrayLike, realised: Sequence[str]) -> FloatArray:
    """The Brier score of each row of an (n, 3) array of forecasts against its realised level."""
    p = np.asarray(forecasts, dtype=np.float64).reshape(-1, 3)
    if p.shape[0] != len(realised):
        raise ValueError(f"{p.shape[0]} forecasts but {len(realised)} outcomes")
    o = np.zeros_like(p)
    o[np.arange(p.shape[0]), [level_index(r) for r in realised]] = 1.0
    out: FloatArray = ((p - o) ** 2).sum(axis=1)
    return out


def most_probable(probabilities: Mapping[str, float | None] | Sequence[float]) -> str:
    """The level with the largest probability (ties go to the higher-risk level)."""
    p = probability_vector(probabilities)
    best = int(np.flatnonzero(p == p.max())[-1])
    return LEVELS[best]


def confusion(predicted: Sequence[str], realised: Sequence[str]) -> list[list[int]]:
    """3 × 3 counts: row = predicted level, column = realised level (低, 中, 高 order)."""
    if len(predicted) != len(realised):
        raise ValueError(f"{len(predicted)} predictions but {len(realised)} outcomes")
    table = [[0, 0, 0] for _ in LEVELS]
    for pred, real in zip(predicted, realised, strict=True):
        table[level_index(pred)][level_index(real)] += 1
    return table


def hit_rate(predicted: Sequence[str], realised: Sequence[str]) -> float | None:
    """Share of cases whose predicted level is the realised one (None without cases)."""
    if len(predicted) != len(realised):
        raise ValueError(f"{len(predicted)} predictions but {len(realised)} outcomes")
    if not predicted:
        return None
    return sum(p == r for p, r in zip(predicted, realised, strict=True)) / len(predicted)


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """One probability bin of the reliability diagram: [lower, upper) (the last bin includes 1)."""

    lower: float
    upper: float
    count: int  # (case, level) pairs in the bin
    mean_predicted: float | None
    observed_frequency: float | None


def reliability(forecasts: npt.ArrayLike, realised: Sequence[str], bins: int = 5) -> list[ReliabilityBin]:
    """Pool every (case, level) pair into ``bins`` equal-width bins of predicted probability."""
    if bins < 1:
        raise ValueError("at least one bin")
    p = np.asarray(forecasts, dtype=np.float64).reshape(-1, 3)
    if p.shape[0] != len(realised):
        raise ValueError(f"{p.shape[0]} forecasts but {len(realised)} outcomes")
    o = np.zeros_like(p)
    if len(realised):
        o[np.arange(p.shape[0]), [level_index(r) for r in realised]] = 1.0
    flat_p, flat_o = p.ravel(), o.ravel()
    which = np.minimum((flat_p * bins).astype(int), bins - 1)
    out: list[ReliabilityBin] = []
    for b in range(bins):
        mask = which == b
        count = int(mask.sum())
        out.append(
            ReliabilityBin(
                lower=b / bins,
                upper=(b + 1) / bins,
                count=count,
                mean_predicted=float(flat_p[mask].mean()) if count else None,
                observed_frequency=float(flat_o[mask].mean()) if count else None,
            )
        )
    return out


def skill_score(score: float, reference: float = UNIFORM_BRIER) -> float:
    """SS = 1 − B / B_ref (1 perfect, 0 as good as the reference, negative worse)."""
    if reference <= 0:
        raise ValueError("the reference Brier score must be positive")
    return 1.0 - score / reference


def performance_factors(
    cases: Sequence[int],
    briers: Sequence[float | None],
    *,
    min_cases: int = 5,
    shrinkage: float = 5.0,
    floor: float = 0.1,
    reference: float = UNIFORM_BRIER,
) -> FloatArray:
    """Each expert's factor fₑ = max(floor, 1 + n/(n + k) · SSₑ); 1 below ``min_cases`` or without a score."""
    if len(cases) != len(briers):
        raise ValueError(f"{len(cases)} case counts but {len(briers)} scores")
    if shrinkage < 0 or not 0 < floor <= 1 or min_cases < 0:
        raise ValueError("shrinkage ≥ 0, 0 < floor ≤ 1 and min_cases ≥ 0 are required")
    out = np.ones(len(cases), dtype=np.float64)
    for i, (n, b) in enumerate(zip(cases, briers, strict=True)):
        if b is None or n < max(min_cases, 1):
            continue
        shrunk = n / (n + shrinkage) * skill_score(float(b), reference)
        out[i] = max(floor, 1.0 + shrunk)
    return out


def performance_weights(
    authority: Sequence[float] | FloatArray,
    cases: Sequence[int],
    briers: Sequence[float | None],
    *,
    min_cases: int = 5,
    shrinkage: float = 5.0,
    floor: float = 0.1,
    reference: float = UNIFORM_BRIER,
) -> FloatArray:
    """wₑ ∝ aₑ · fₑ (see ``performance_factors``), normalised; equal to the normalised authority weights
    when no expert has ``min_cases`` scored cases."""
    a = np.asarray(authority, dtype=np.float64)
    if a.ndim != 1 or a.size == 0 or (a < 0).any() or not np.isfinite(a).all():
        raise ValueError("authority weights: a non-empty vector of finite values ≥ 0")
    if a.sum() == 0:
        a = np.ones_like(a)
    f = performance_factors(cases, briers, min_cases=min_cases, shrinkage=shrinkage, floor=floor, reference=reference)
    if f.size != a.size:
        raise ValueError(f"{a.size} authority weights but {f.size} records")
    w: FloatArray = a * f / (a * f).sum()
    return w
