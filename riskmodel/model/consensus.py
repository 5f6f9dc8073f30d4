"""Expert agreement (专家意见协调程度): Kendall's W over rankings and per-indicator rating statistics.

Delphi rounds use these to decide whether opinions have converged: CV = sd/mean ≤ 0.25 per indicator and a
significant Kendall's W are the usual bars; weak consensus suggests another round.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from riskmodel.errors import ValidationError
from riskmodel.model._checks import as_float, check_finite, check_nonnegative, first, fmt, frozen

__all__ = [
    "ExpertDeviation",
    "IndicatorStats",
    "KendallResult",
    "indicator_stats",
    "kendall_w",
    "kendall_w_batch",
    "outlier_experts",
    "rank_rows",
]

_P = "engine.consensus"


@dataclass(frozen=True, slots=True)
class KendallResult:
    """Kendall's coefficient of concordance W (tie-corrected), χ² = m(n − 1)W on df = n − 1, its upper-tail
    p-value, m judges and n objects. ``w``/``chi2``/``p`` are NaN when every judge tied all objects."""

    w: float
    chi2: float
    df: int
    p: float
    m: int
    n: int


@dataclass(frozen=True, slots=True, eq=False)
class IndicatorStats:
    """Per-indicator statistics of expert ratings (arrays of length = number of indicators).

    ``n``: ratings present; ``weight``: sum of the weights of those ratings; ``mean``/``sd``: weighted mean
    and weighted population sd (Σw(x−mean)²/Σw); ``cv`` = sd/mean (NaN when the mean is 0);
    ``median``/``q1``/``q3``/``iqr``: UNWEIGHTED, numpy ``percentile`` with linear interpolation over the
    ratings present; ``weighted_median``: see ``indicator_stats``. NaN where an indicator has no usable
    rating."""

    n: np.ndarray
    weight: np.ndarray
    mean: np.ndarray
    sd: np.ndarray
    cv: np.ndarray
    median: np.ndarray
    q1: np.ndarray
    q3: np.ndarray
    iqr: np.ndarray
    weighted_median: np.ndarray


@dataclass(frozen=True, slots=True, eq=False)
class ExpertDeviation:
    """Per expert: ``deviation`` = mean |rating − center| over the indicators they rated, ``z`` its z-score
    across experts (population sd; 0 when all deviations are equal), ``n`` ratings used. NaN for experts
    with no rating."""

    deviation: np.ndarray
    z: np.ndarray
    n: np.ndarray


def rank_rows(scores: Any, descending: bool = False) -> np.ndarray:
    """Each judge's (row's) scores → ranks 1..n, ties sharing their mean rank (scipy ``rankdata``
    'average'). ``descending=True`` gives rank 1 to the highest score."""
    s = as_float(scores, _P)
    if s.ndim != 2:
        raise ValidationError(f"{_P}.not_2d", ndim=s.ndim)
    check_finite(s, _P)
    return _average_ranks(-s if descending else s)


def _average_ranks(s: np.ndarray) -> np.ndarray:
    """Row-wise average ranks (scipy ``rankdata`` 'average') with one sort for the whole matrix.

    Values are coded by their global order, each row is shifted into its own band, and the first/last
    position of every value in the sorted array gives its rank range: rank = (left + right + 1) / 2.
    """
    m, n = s.shape
    _, codes = np.unique(s, return_inverse=True)
    codes = codes.reshape(m, n)
    band = codes.max() + 1 if codes.size else 1
    keys = codes + (np.arange(m, dtype=np.int64) * band)[:, None]
    flat = np.sort(keys, axis=None)
    offset = (np.arange(m) * n)[:, None]
    left = np.searchsorted(flat, keys, side="left") - offset
    right = np.searchsorted(flat, keys, side="right") - offset
    return (left + right + 1) / 2.0


def kendall_w(ranks: Any) -> KendallResult:
    """Kendall's W of ``ranks`` shaped (m judges, n objects), each row a ranking 1..n with ties as mean ranks.

    ``W = 12 S / (m²(n³ − n) − m ΣT)`` with ``S = Σ_j (R_j − mean R)²`` over column rank sums and
    ``T = Σ (t³ − t)`` over each judge's tie groups (Siegel & Castellan 1988); ``χ² = m(n − 1)W``,
    ``df = n − 1``, ``p = χ².sf``. Needs m ≥ 2 and n ≥ 2 (ValidationError otherwise). If the denominator is
    0 (every judge tied every object: no ranking information) W, χ² and p are NaN. Rows that are not
    rankings raise ValidationError naming the judge; use ``rank_rows`` on raw scores.
    """
    r = as_float(ranks, _P)
    if r.ndim != 2:
        raise ValidationError(f"{_P}.not_2d", ndim=r.ndim)
    m, n = r.shape
    if m < 2 or n < 2:
        raise ValidationError(f"{_P}.too_small", m=m, n=n)
    check_finite(r, _P)
    proper = _average_ranks(r)
    bad = np.abs(proper - r) > 1e-9
    if bad.any():
        i, j = first(bad)
        raise ValidationError(f"{_P}.not_ranks", judge=i + 1, object=j + 1, value=fmt(r[i, j]), n=n)

    # tie groups: sort each row, label runs of equal values, count each (row, run) with bincount
    s = np.sort(r, axis=1)
    starts = np.ones_like(s, dtype=bool)
    starts[:, 1:] = s[:, 1:] != s[:, :-1]
    run = np.cumsum(starts, axis=1) - 1 + (np.arange(m) * n)[:, None]
    t = np.bincount(run.ravel(), minlength=m * n).astype(float)
    ties = float((t**3 - t).sum())

    col = r.sum(axis=0)
    s_dev = float(((col - col.mean()) ** 2).sum())
    denom = m * m * (n**3 - n) - m * ties
    if denom <= 0:
        return KendallResult(np.nan, np.nan, n - 1, np.nan, m, n)
    w = 12.0 * s_dev / denom
    chi2 = m * (n - 1) * w
    return KendallResult(w, chi2, n - 1, float(special.chdtrc(n - 1, chi2)), m, n)  # χ² survival function


def kendall_w_batch(values: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
    """Kendall's W of many panels at once: ``values`` (A, m, n) raw scores, ``mask`` (A, m) True = the
    judge takes part (its row must be finite). Each judge's scores are ranked (ties → mean ranks, as
    ``rank_rows``) and W, χ², p follow ``kendall_w`` with the same tie correction; every step is exact
    in floating point (half ranks, integer tie sums), so the numbers equal ``kendall_w(rank_rows(·))``.

    Returns arrays over A: ``w``, ``chi2``, ``p`` (NaN when fewer than 2 judges, n < 2 or the
    denominator is 0), ``m`` judges used and ``df`` = n − 1.
    """
    v = np.asarray(values, dtype=float)
    A, _, n = v.shape
    use = np.asarray(mask, dtype=bool)
    x = np.where(use[:, :, None], v, 0.0)
    order = np.argsort(x, axis=-1)  # the order within ties does not matter: tied scores share a rank
    s = np.take_along_axis(x, order, axis=-1)
    starts = np.ones(s.shape, dtype=bool)
    starts[..., 1:] = s[..., 1:] != s[..., :-1]
    ends = np.ones(s.shape, dtype=bool)
    ends[..., :-1] = starts[..., 1:]
    idx = np.arange(n)
    run_start = np.maximum.accumulate(np.where(starts, idx, 0), axis=-1)
    run_end = np.minimum.accumulate(np.where(ends, idx, n - 1)[..., ::-1], axis=-1)[..., ::-1]
    ranks = np.empty(s.shape)
    np.put_along_axis(ranks, order, (run_start + run_end + 2) / 2.0, axis=-1)
    t = (run_end - run_start + 1).astype(float)
    ties = ((t * t - 1.0).sum(axis=-1) * use).sum(axis=-1)  # Σ over tie groups of t³ − t
    col = (ranks * use[:, :, None]).sum(axis=1)
    s_dev = ((col - col.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    m = use.sum(axis=1)
    denom = m * m * (n**3 - n) - m * ties
    ok = (m >= 2) & (n >= 2) & (denom > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(ok, 12.0 * s_dev / denom, np.nan)
        chi2 = m * (n - 1) * w
    p = np.where(ok, special.chdtrc(n - 1, chi2), np.nan)
    return {"w": w, "chi2": chi2, "p": p, "m": m, "df": np.full(A, n - 1)}


def indicator_stats(
    values: Any, weights: Any = None, mask: Any = None, *, with_weighted_median: bool = True
) -> IndicatorStats:
    """Statistics per indicator of ratings ``values`` shaped (experts, indicators).

    ``weights``: None (equal), per expert (experts,) or per cell (experts, indicators), finite ≥ 0; only the
    ratios matter (scaling all weights changes nothing). ``mask``: boolean, same shape, True = MISSING
    (numpy.ma convention); NaN cells are missing too.

    ``weighted_median`` interpolates the weighted empirical distribution at cumulative-weight midpoints
    (p_k = (S_k − w_k/2)/S), linear between neighbours; with equal weights it equals the ordinary median.
    Zero-weight ratings are ignored by the weighted statistics but counted in ``n`` and the unweighted ones.
    """
    v = as_float(values, _P)
    if v.ndim != 2:
        raise ValidationError(f"{_P}.not_2d", ndim=v.ndim)
    if v.shape[0] == 0:
        raise ValidationError(f"{_P}.no_experts")
    check_finite(v, _P, allow_nan=True)
    w = _cell_weights(weights, v.shape)
    present = ~np.isnan(v)
    if mask is not None:
        mk = np.asarray(mask, dtype=bool)
        if mk.shape != v.shape:
            raise ValidationError(f"{_P}.mask_shape", shape=str(mk.shape), expected=str(v.shape))
        present &= ~mk

    wp = np.where(present, w, 0.0)
    v0 = np.where(present, v, 0.0)
    sw = wp.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (wp * v0).sum(axis=0) / sw
        var = (wp * (v0 - mean) ** 2).sum(axis=0) / sw
        sd = np.sqrt(var)
        cv = np.where(mean != 0, sd / mean, np.nan)
    vn = np.where(present, v, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN indicator → NaN quartiles
        q1, med, q3 = nan_quantiles(vn, (0.25, 0.5, 0.75))
    wmed = _weighted_median(v, wp, present & (wp > 0)) if with_weighted_median else np.full(v.shape[1], np.nan)
    return IndicatorStats(
        n=frozen(present.sum(axis=0)),
        weight=frozen(sw),
        mean=frozen(mean),
        sd=frozen(sd),
        cv=frozen(cv),
        median=frozen(med),
        q1=frozen(q1),
        q3=frozen(q3),
        iqr=frozen(q3 - q1),
        weighted_median=frozen(wmed),
    )


def nan_quantiles(values: np.ndarray, qs: tuple[float, ...]) -> np.ndarray:
    """Column-wise quantiles ignoring NaN, numpy's 'linear' method, in one sort for all columns.

    Same numbers as ``np.nanpercentile(values, 100*q, axis=0)`` without its per-column Python loop
    (which dominates the cost of a 30 × 40 panel); a column with no values gives NaN.
    """
    s = np.sort(values, axis=0)  # NaN sorts last
    n = (~np.isnan(values)).sum(axis=0)
    out = np.full((len(qs), values.shape[1]), np.nan)
    has = n > 0
    if not has.any():
        return out
    cols = np.flatnonzero(has)
    for k, q in enumerate(qs):
        pos = q * (n[cols] - 1)
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, n[cols] - 1)
        frac = pos - lo
        a, b = s[lo, cols], s[hi, cols]
        out[k, cols] = a + (b - a) * frac
    return out


def outlier_experts(values: Any, center: Any = None, mask: Any = None) -> ExpertDeviation:
    """Experts far from the group: mean absolute deviation of each expert's ratings from ``center`` (per
    indicator; default the unweighted median of the ratings present), z-scored across experts.

    Same ``values``/``mask`` conventions as ``indicator_stats``. A z above ~2 marks an expert worth a look
    (a different reading of the indicator, or a careless response), not an error.
    """
    v = as_float(values, _P)
    if v.ndim != 2:
        raise ValidationError(f"{_P}.not_2d", ndim=v.ndim)
    check_finite(v, _P, allow_nan=True)
    present = ~np.isnan(v)
    if mask is not None:
        mk = np.asarray(mask, dtype=bool)
        if mk.shape != v.shape:
            raise ValidationError(f"{_P}.mask_shape", shape=str(mk.shape), expected=str(v.shape))
        present &= ~mk
    vn = np.where(present, v, np.nan)
    if center is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            c = np.nanmedian(vn, axis=0)
    else:
        c = as_float(center, _P)
        if c.shape != (v.shape[1],):
            raise ValidationError(f"{_P}.center_shape", size=c.size, expected=v.shape[1])
    dev = np.abs(vn - c)
    ok = present & ~np.isnan(dev)
    count = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.where(ok, dev, 0.0).sum(axis=1) / count
    finite = ~np.isnan(d)
    z = np.full_like(d, np.nan)
    if finite.any():
        mu = d[finite].mean()
        sdv = d[finite].std()
        z[finite] = (d[finite] - mu) / sdv if sdv > 0 else 0.0
    return ExpertDeviation(deviation=frozen(d), z=frozen(z), n=frozen(count))


def _cell_weights(weights: Any, shape: tuple[int, int]) -> np.ndarray:
    e, k = shape
    if weights is None:
        return np.ones(shape)
    w = as_float(weights, _P)
    if w.shape not in ((e,), (e, k)):
        raise ValidationError(f"{_P}.weights_shape", shape=str(w.shape), experts=e, indicators=k)
    check_finite(w, f"{_P}.weight")
    check_nonnegative(w, f"{_P}.weight")
    return np.broadcast_to(w[:, None] if w.ndim == 1 else w, shape)


def _weighted_median(v: np.ndarray, w: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Column-wise weighted median (midpoint-cumulative-weight interpolation); NaN without usable cells."""
    key = np.where(usable, v, np.inf)
    order = np.argsort(key, axis=0, kind="stable")
    xs = np.take_along_axis(key, order, axis=0)
    ws = np.take_along_axis(np.where(usable, w, 0.0), order, axis=0)
    ok = np.take_along_axis(usable, order, axis=0)
    cum = np.cumsum(ws, axis=0)
    total = cum[-1]
    nu = usable.sum(axis=0)
    out = np.full(v.shape[1], np.nan)
    has = nu > 0
    if not has.any():
        return out
    with np.errstate(invalid="ignore", divide="ignore"):
        p = (cum - ws / 2.0) / total
    below = ((p < 0.5) & ok).sum(axis=0)  # usable points left of the median; < nu always
    cols = np.flatnonzero(has)
    hi = below[cols]
    lo = np.maximum(hi - 1, 0)
    x_hi, x_lo = xs[hi, cols], xs[lo, cols]
    p_hi, p_lo = p[hi, cols], p[lo, cols]
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(hi > 0, (0.5 - p_lo) / (p_hi - p_lo), 0.0)
    out[cols] = np.where(hi > 0, x_lo + frac * (x_hi - x_lo), x_hi)
    return out
