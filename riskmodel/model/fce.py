"""Fuzzy comprehensive evaluation (模糊综合评价) with the weighted-average operator M(·, +).

Membership matrix R (indicators × ordered grades) from authority-weighted expert votes, B = W·R, applied
level by level (the B of each sub-factor set becomes a row of R at the level above); a crisp score
B·v with grade values v; a grade by maximum membership or by score thresholds.

Grade order convention: grade index increases with risk (e.g. 低, 较低, 中, 较高, 高) unless
``risk_ascending=False`` is passed where it matters.

The maximum-membership grade is **not monotone** in the ratings: moving votes to higher-risk grades
(a riskier B in the sense of first-order stochastic dominance) can lower it, e.g.
B = (0.3, 0, 0.4, 0.15, 0.15) → grade 2, but B = (0.3, 0, 0.2, 0.25, 0.25) → grade 0. The score B·v
and grading by score thresholds are monotone. Which one applies is the standard's choice
(``fce.grade_by``), stated in every result.

The batched versions (``membership_batch``, ``fce_batch``, ``grade_votes``) are what the engine runs
over a whole batch of assessments; the scalar ones validate their input and share the same kernels.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from riskmodel.errors import ValidationError
from riskmodel.model._checks import as_float, check_finite, check_nonnegative, first, fmt

__all__ = [
    "fce",
    "fce_batch",
    "fce_score",
    "grade_by_max_membership",
    "grade_by_thresholds",
    "grade_votes",
    "membership",
    "membership_batch",
]

_P = "engine.fce"


def fce(weights: Any, R: Any, normalize: bool = True) -> np.ndarray:
    """B = W·R (M(·,+)): ``weights`` (k,) finite ≥ 0, ``R`` (k, g) finite ≥ 0.

    ``normalize=True`` (default): the weights are normalised to sum 1 before use (so B is a proper
    mixture of the membership rows and weights may be given in any unit, e.g. raw authority); a zero
    total raises ValidationError. ``normalize=False`` uses them as given — what a published table does
    when its rounded weights do not sum to 1 (Complexity 2019's PO weights sum to 1.01, and its
    integrated risk level 4.67 is B·v of the unnormalised B).
    """
    w = as_float(weights, f"{_P}.weight")
    r = as_float(R, _P)
    if w.ndim != 1 or w.size == 0:
        raise ValidationError(f"{_P}.weights_shape", ndim=w.ndim, size=w.size)
    if r.ndim != 2:
        raise ValidationError(f"{_P}.not_2d", ndim=r.ndim)
    if r.shape[0] != w.size:
        raise ValidationError(f"{_P}.shape_mismatch", weights=w.size, rows=r.shape[0])
    check_finite(w, f"{_P}.weight")
    check_nonnegative(w, f"{_P}.weight")
    check_finite(r, _P)
    check_nonnegative(r, _P)
    if normalize and w.sum() <= 0:
        raise ValidationError(f"{_P}.weights_zero")
    b: np.ndarray = fce_batch(w[None], r[None], normalize=normalize)[0]
    return b


def fce_batch(weights: np.ndarray, R: np.ndarray, normalize: bool = True) -> np.ndarray:
    """``fce`` over a stack: ``weights`` (A, k), ``R`` (A, k, g) → B (A, g), one stacked matmul (the
    kernel of the 1-D ``@``). With ``normalize`` a row whose weights sum to 0 gives NaN (``fce`` refuses
    it); no validation (engine arrays)."""
    w = np.asarray(weights, dtype=float)
    if normalize:
        with np.errstate(invalid="ignore", divide="ignore"):
            w = w / w.sum(axis=-1, keepdims=True)
    out: np.ndarray = np.matmul(w[:, None, :], np.asarray(R, dtype=float))[:, 0, :]
    return out


def grade_votes(values: np.ndarray, grade_values: np.ndarray, uppers: np.ndarray | None = None) -> np.ndarray:
    """Each rating's vote: the index of the grade whose value is nearest (ties → the lower grade), or with
    ``uppers`` (ascending cut points) the grade of its interval as ``grade_by_thresholds``; −1 where the
    rating is NaN (not rated). Any shape."""
    v = np.nan_to_num(values)
    if uppers is not None:
        codes = np.searchsorted(uppers, v, side="right")
    else:  # a running minimum over the grades = argmin over them (ties → the first), without a G-times array
        best = np.abs(v - grade_values[0])
        codes = np.zeros(v.shape, dtype=np.int64)
        for g in range(1, len(grade_values)):
            d = np.abs(v - grade_values[g])
            closer = d < best
            codes[closer] = g
            best = np.where(closer, d, best)
    return np.where(np.isfinite(values), codes, -1)


def membership(votes: Any, weights: Any, n_grades: int) -> np.ndarray:
    """Membership matrix R (indicators, grades) from expert votes.

    ``votes``: integer grade indices 0..n_grades−1 shaped (experts, indicators), −1 = not rated.
    ``weights``: (experts,) or (experts, indicators), finite ≥ 0 (authority coefficients or normalised
    expert weights; only ratios matter). ``R[i, g]`` = weight share of grade g among the experts who rated
    indicator i. An indicator nobody rated (or only zero-weight experts rated) gets a NaN row, so that
    ``fce`` refuses it instead of silently treating it as "no risk".
    """
    if not isinstance(n_grades, (int, np.integer)) or n_grades < 1:
        raise ValidationError(f"{_P}.n_grades", n_grades=str(n_grades))
    v = as_float(votes, f"{_P}.vote")
    if v.ndim != 2:
        raise ValidationError(f"{_P}.not_2d", ndim=v.ndim)
    check_finite(v, f"{_P}.vote")
    bad = (v != np.round(v)) | (v < -1) | (v > n_grades - 1)
    if bad.any():
        i, j = first(bad)
        raise ValidationError(f"{_P}.vote.invalid", row=i + 1, col=j + 1, value=fmt(v[i, j]), max_grade=n_grades - 1)
    e, k = v.shape
    w = as_float(weights, f"{_P}.weight")
    if w.shape not in ((e,), (e, k)):
        raise ValidationError(f"{_P}.vote_weights_shape", shape=str(w.shape), experts=e, indicators=k)
    check_finite(w, f"{_P}.weight")
    check_nonnegative(w, f"{_P}.weight")
    wc = np.broadcast_to(w[:, None] if w.ndim == 1 else w, (e, k))
    rows: np.ndarray = membership_batch(v.astype(np.int64)[None], wc[None], n_grades)[0]
    return rows


def membership_batch(votes: np.ndarray, weights: np.ndarray, n_grades: int) -> np.ndarray:
    """``membership`` over a stack: ``votes`` (A, e, k) grade indices (−1 = not rated), ``weights``
    (A, e, k) → R (A, k, n_grades), NaN rows where nothing (or only zero weight) was rated."""
    onehot = votes[..., None] == np.arange(n_grades)  # (A, e, k, grades); −1 matches nothing
    counts = np.einsum("aek,aekg->akg", weights, onehot)
    total = counts.sum(axis=2, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: np.ndarray = np.where(total > 0, counts / total, np.nan)
    return out


def fce_score(B: Any, grade_values: Any) -> float | np.ndarray:
    """Crisp score B·v; ``B`` (g,) or (…, g), ``grade_values`` (g,). A float for a single B."""
    b = as_float(B, _P)
    v = as_float(grade_values, f"{_P}.grade_value")
    if v.ndim != 1 or b.ndim == 0 or b.shape[-1] != v.size:
        raise ValidationError(f"{_P}.grades_mismatch", grades=v.size, columns=b.shape[-1] if b.ndim else 0)
    check_finite(v, f"{_P}.grade_value")
    s = b @ v
    return float(s) if np.ndim(s) == 0 else s


def grade_by_max_membership(B: Any, risk_ascending: bool = True) -> int | np.ndarray:
    """Index of the grade with the largest membership (maximum-membership principle).

    Ties go to the HIGHER-RISK grade (conservative): the largest index when grades are ordered from low to
    high risk (``risk_ascending=True``, the default), the smallest index otherwise. An int for a single B.
    NaN memberships raise ValidationError.
    """
    b = as_float(B, _P)
    if b.ndim == 0 or b.shape[-1] == 0:
        raise ValidationError(f"{_P}.grades_mismatch", grades=0, columns=0)
    check_finite(b, _P)
    if risk_ascending:
        g = b.shape[-1]
        idx = g - 1 - np.argmax(b[..., ::-1], axis=-1)
    else:
        idx = np.argmax(b, axis=-1)
    return int(idx) if np.ndim(idx) == 0 else idx


def grade_by_thresholds(score: Any, thresholds: Any) -> int | np.ndarray:
    """Grade index of a crisp score: with ascending cut points t_1 < … < t_{g−1}, a score in
    [t_{k}, t_{k+1}) gets grade k (a score equal to a cut point goes to the upper grade); below t_1 → 0,
    at or above the last → g−1. An int for a scalar score."""
    s = as_float(score, f"{_P}.score")
    t = as_float(thresholds, f"{_P}.threshold")
    if t.ndim != 1:
        raise ValidationError(f"{_P}.thresholds_shape", ndim=t.ndim)
    check_finite(t, f"{_P}.threshold")
    if t.size > 1 and not (np.diff(t) > 0).all():
        k = int(np.argmax(~(np.diff(t) > 0)))
        raise ValidationError(f"{_P}.thresholds_order", index=k + 2, value=fmt(t[k + 1]), previous=fmt(t[k]))
    check_finite(s, f"{_P}.score")
    idx = np.searchsorted(t, s, side="right")
    return int(idx) if np.ndim(idx) == 0 else idx
