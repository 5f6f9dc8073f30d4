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
    "common_objects",
    "indicator_stats",
    "indicator_stats_batch",
    "kendall_w",
    "kendall_w_batch",
    "nan_quantiles",
    "outlier_experts",
    "outlier_experts_batch",
    "rank_rows",
    "weighted_mean_batch",
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
    ranks: np.ndarray = (left + right + 1) / 2.0
    return ranks


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


def kendall_w_batch(values: np.ndarray, mask: np.ndarray, objects: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Kendall's W of many panels at once: ``values`` (A, m, n) raw scores, ``mask`` (A, m) True = the
    judge takes part, ``objects`` (A, n) True = the object (indicator) is ranked (default: all); every
    chosen cell must be finite. Each judge's scores on the chosen objects are ranked (ties → mean ranks,
    as ``rank_rows``) and W, χ², p follow ``kendall_w`` with the same tie correction, on that panel's
    own number of objects; every step is exact in floating point (half ranks, integer tie sums), so the
    numbers equal ``kendall_w(rank_rows(·))`` of the chosen sub-matrix.

    Returns arrays over A: ``w``, ``chi2``, ``p`` (NaN when fewer than 2 judges or 2 objects, or the
    denominator is 0), ``m`` judges and ``n`` objects used, ``df`` = n − 1.
    """
    v = np.asarray(values, dtype=float)
    A, _, n_all = v.shape
    use = np.asarray(mask, dtype=bool)
    chosen = np.ones((A, n_all), dtype=bool) if objects is None else np.asarray(objects, dtype=bool)
    # objects left out sort after every chosen one (+inf), so the chosen ones keep ranks 1..n of their own
    x = np.where(use[:, :, None] & chosen[:, None, :], v, 0.0)
    x = np.where(chosen[:, None, :], x, np.inf)
    order = np.argsort(x, axis=-1)  # the order within ties does not matter: tied scores share a rank
    s = np.take_along_axis(x, order, axis=-1)
    starts = np.ones(s.shape, dtype=bool)
    starts[..., 1:] = s[..., 1:] != s[..., :-1]
    ends = np.ones(s.shape, dtype=bool)
    ends[..., :-1] = starts[..., 1:]
    idx = np.arange(n_all)
    run_start = np.maximum.accumulate(np.where(starts, idx, 0), axis=-1)
    run_end = np.minimum.accumulate(np.where(ends, idx, n_all - 1)[..., ::-1], axis=-1)[..., ::-1]
    ranks = np.empty(s.shape)
    np.put_along_axis(ranks, order, (run_start + run_end + 2) / 2.0, axis=-1)
    t = (run_end - run_start + 1).astype(float)
    in_sorted = np.isfinite(s)  # the chosen objects, in sorted order
    ties = (((t * t - 1.0) * in_sorted).sum(axis=-1) * use).sum(axis=-1)  # Σ over tie groups of t³ − t
    col = (ranks * use[:, :, None]).sum(axis=1)
    n = chosen.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_col = np.where(chosen, col, 0.0).sum(axis=1) / n
    s_dev = np.where(chosen, (col - mean_col[:, None]) ** 2, 0.0).sum(axis=1)
    m = use.sum(axis=1)
    denom = m * m * (n**3 - n) - m * ties
    ok = (m >= 2) & (n >= 2) & (denom > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.where(ok, 12.0 * s_dev / denom, np.nan)
        chi2 = m * (n - 1) * w
    p = np.where(ok, special.chdtrc(np.maximum(n - 1, 1), chi2), np.nan)
    return {"w": w, "chi2": chi2, "p": p, "m": m, "n": n, "df": n - 1}


def common_objects(values: np.ndarray, judges: np.ndarray) -> np.ndarray:
    """(A, n) True where every judge of the panel rated the object: the indicators Kendall's W can rank
    when each expert skipped a different one. ``values`` (A, m, n) with NaN = not rated."""
    use = np.asarray(judges, dtype=bool)
    rated = np.isfinite(np.asarray(values, dtype=float)) | ~use[:, :, None]
    out: np.ndarray = rated.all(axis=1) & np.any(use, axis=1, keepdims=True)
    return out


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
    vn = np.where(present, v, np.nan)
    core = {k: x[0] for k, x in indicator_stats_batch(vn[None], np.asarray(wp)[None]).items()}
    wmed = _weighted_median(v, wp, present & (wp > 0)) if with_weighted_median else np.full(v.shape[1], np.nan)
    return IndicatorStats(
        n=frozen(core["n"]),
        weight=frozen(core["weight"]),
        mean=frozen(core["mean"]),
        sd=frozen(core["sd"]),
        cv=frozen(core["cv"]),
        median=frozen(core["median"]),
        q1=frozen(core["q1"]),
        q3=frozen(core["q3"]),
        iqr=frozen(core["iqr"]),
        weighted_median=frozen(wmed),
    )


def nan_quantiles(values: np.ndarray, qs: tuple[float, ...], axis: int = 0) -> np.ndarray:
    """Quantiles along ``axis`` ignoring NaN, numpy's 'linear' method, in one sort for the whole array.

    Same numbers as ``np.nanpercentile(values, 100*q, axis=axis)`` without its per-column Python loop
    (which dominates the cost of a 30 × 40 panel); a column with no values gives NaN. Returns an array
    with a leading axis of ``len(qs)`` and ``axis`` removed.
    """
    x = np.moveaxis(np.asarray(values, dtype=float), axis, 0)
    s = np.sort(x, axis=0)  # NaN sorts last
    n = (~np.isnan(x)).sum(axis=0)
    has = n > 0
    last = np.maximum(n - 1, 0)
    out = np.full((len(qs), *x.shape[1:]), np.nan)
    for k, q in enumerate(qs):
        pos = q * (n - 1)
        lo = np.where(has, np.floor(pos), 0).astype(np.int64)
        hi = np.minimum(lo + 1, last)
        frac = pos - lo
        a = np.take_along_axis(s, lo[None], axis=0)[0]
        b = np.take_along_axis(s, hi[None], axis=0)[0]
        out[k] = np.where(has, a + (b - a) * frac, np.nan)
    return out


def indicator_stats_batch(values: np.ndarray, weights: np.ndarray) -> dict[str, np.ndarray]:
    """The statistics of ``indicator_stats`` for many panels at once: ``values`` (A, m, n) with NaN =
    missing, ``weights`` (A, m, n) cell weights (authority; 0 for padded experts). Returns (A, n) arrays
    ``n``, ``weight``, ``mean``, ``sd``, ``cv``, ``median``, ``q1``, ``q3``, ``iqr`` (no weighted median).

    Sums over experts run along a non-contiguous axis (numpy adds the rows one after another), so a
    panel gives bit-identical numbers whether it is alone or in a batch.
    """
    present = ~np.isnan(values)
    wp = np.where(present, weights, 0.0)
    v0 = np.where(present, values, 0.0)
    sw = wp.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (wp * v0).sum(axis=1) / sw
        var = (wp * (v0 - mean[:, None, :]) ** 2).sum(axis=1) / sw
        sd = np.sqrt(var)
        cv = np.where(mean != 0, sd / mean, np.nan)
    n = present.sum(axis=1)
    q1, med, q3 = nan_quantiles(values, (0.25, 0.5, 0.75), axis=1)
    return {
        "n": n,
        "weight": sw,
        "mean": np.where(n > 0, mean, np.nan),
        "sd": sd,
        "cv": cv,
        "median": med,
        "q1": q1,
        "q3": q3,
        "iqr": q3 - q1,
    }


def weighted_mean_batch(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted mean over the expert axis of (A, m, n) ``values`` ignoring NaN (e.g. the mean probability
    and impact level numbers of Table 1); NaN where nothing (or only zero weight) is present."""
    mask = np.isfinite(values)
    wts = weights * mask
    with np.errstate(invalid="ignore", divide="ignore"):
        out: np.ndarray = (wts * np.where(mask, values, 0.0)).sum(axis=1) / wts.sum(axis=1)
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


def outlier_experts_batch(values: np.ndarray, center: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``outlier_experts`` for many panels: ``values`` (A, m, n) padded with NaN beyond each panel's
    ``sizes``, ``center`` (A, n) per-indicator centres (NaN → 0, as a missing median). Returns
    (deviation, z), both (A, m): NaN for experts without ratings and for padding.

    Panels where every expert has a deviation are z-scored per panel size in one pass over compact rows
    (the same pairwise sums as one panel alone); the others one by one on their unpadded slice.
    """
    present = ~np.isnan(values)
    c = np.where(np.isfinite(center), center, 0.0)
    dev = np.abs(values - c[:, None, :])
    ok = present & ~np.isnan(dev)
    count = ok.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        d_all = np.where(ok, dev, 0.0).sum(axis=2) / count
    real = np.arange(d_all.shape[1])[None, :] < sizes[:, None]
    z_all = np.full_like(d_all, np.nan)
    full = (~np.isnan(d_all) | ~real).all(axis=1)
    for m in np.unique(np.where(full, sizes, -1)).tolist():
        if m <= 0:
            continue
        idx = np.flatnonzero(full & (sizes == m))
        rows = d_all[idx, :m]
        mu = rows.mean(axis=1, keepdims=True)
        sdv = rows.std(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            z_all[idx, :m] = np.where(sdv > 0, (rows - mu) / sdv, 0.0)
    for a in np.flatnonzero(~full).tolist():
        d = d_all[a, : int(sizes[a])]
        finite = ~np.isnan(d)
        if finite.any():  # as outlier_experts on the unpadded slice
            mu = d[finite].mean()
            sdv = d[finite].std()
            z_all[a, : int(sizes[a])][finite] = (d[finite] - mu) / sdv if sdv > 0 else 0.0
    return np.where(real, d_all, np.nan), z_all


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
