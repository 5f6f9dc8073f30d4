"""Analytic Hierarchy Process (层次分析法): priority weights and consistency of pairwise comparison matrices.

``A[i][j]`` is the importance of row ``i`` over column ``j`` (Saaty 1–9 scale, reciprocal: A[j][i] = 1/A[i][j]).
Weights are the principal right eigenvector normalised to sum 1; ``CI = (λmax − n)/(n − 1)``,
``CR = CI / RI(n)``; ``CR < 0.10`` is the usual acceptance bar. Several random-index (RI) tables circulate,
so every result names the table it used (``ri_table``); see ``RI_TABLES``.

Group judgments (``ahp_group``) are aggregated by AIJ — the weighted geometric mean of the individual
matrices, which stays reciprocal (Forman & Peniwati 1998; Aczél & Saaty 1983) — and the eigenvector of the
aggregate is taken.

Speed: the eigenvector is found by repeated squaring plus power iteration (a positive matrix has a
dominant real eigenvalue, Perron–Frobenius), which costs a few small matmuls instead of a general
``numpy.linalg.eig``; eig is the fallback when the iteration does not converge.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Integral
from typing import Any

import numpy as np

from riskmodel.errors import ValidationError
from riskmodel.model._checks import fmt, frozen

__all__ = ["AHPResult", "GroupAHPResult", "RITable", "RI_TABLES", "ahp", "ahp_group", "random_index"]

RECIPROCAL_RTOL = 1e-6
"""Float cells pass when ``|a_ij · a_ji − 1| <= 1e-6`` (so 0.333333 is not accepted for 1/3; use "1/3")."""
EIG_TOL = 1e-12
"""Power iteration stops when the L2 change of the sum-1 priority vector is at most this."""
_MAX_STEPS = 40
_ONES: dict[int, np.ndarray] = {}


@dataclass(frozen=True)
class RITable:
    """A random-index table: RI(n) = mean CI of random reciprocal matrices of size n."""

    name: str
    label: str
    source: str
    n: tuple[int, ...]
    ri: tuple[float, ...]
    interpolate: bool = False

    @property
    def max_n(self) -> int:
        return self.n[-1]

    def value(self, n: int) -> float:
        """RI(n); 0 for n ≤ 2 (such matrices are always consistent); linear interpolation between listed
        sizes when ``interpolate`` (as AHPy does for Donegan–Dodd). Caller checks ``n <= max_n``."""
        if n <= 2:
            return 0.0
        if n in self.n:
            return self.ri[self.n.index(n)]
        return float(np.interp(n, self.n, self.ri))


RI_TABLES: dict[str, RITable] = {
    t.name: t
    for t in (
        RITable(
            "saaty1980",
            "Saaty (1980), as in pyDecision",
            "Random index as printed in Valdecy/pyDecision (ahp.py inc_rat) and pyrepo-mcda for n ≤ 10; "
            "widely attributed to Saaty, The Analytic Hierarchy Process (1980). Primary text not checked.",
            tuple(range(1, 16)),
            (0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59),
        ),
        RITable(
            "saaty2005",
            "Saaty (2005), as in AHPy",
            "Saaty, Theory and Applications of the Analytic Network Process (2005) p.31, as in "
            "PhilipGriffith/AHPy (random_index='saaty').",
            tuple(range(1, 16)),
            (0, 0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59),
        ),
        RITable(
            "donegan_dodd",
            "Donegan & Dodd (1991), as in AHPy",
            "Donegan & Dodd, A note on Saaty's random indexes, Math. Comput. Modelling 15(10) 1991 "
            "pp.135-137, as in AHPy (random_index='dd', its default); sizes between listed n are linearly "
            "interpolated as AHPy does.",
            (
                1,
                2,
                3,
                4,
                5,
                6,
                7,
                8,
                9,
                10,
                11,
                12,
                13,
                14,
                15,
                16,
                17,
                18,
                19,
                20,
                25,
                30,
                40,
                50,
                60,
                70,
                80,
                90,
                100,
            ),
            (
                0,
                0,
                0.4914,
                0.8286,
                1.0591,
                1.1797,
                1.2519,
                1.3171,
                1.3733,
                1.4055,
                1.4213,
                1.4497,
                1.4643,
                1.4822,
                1.4969,
                1.5078,
                1.5153,
                1.5262,
                1.5313,
                1.5371,
                1.5619,
                1.5772,
                1.5976,
                1.6102,
                1.6178,
                1.6237,
                1.6277,
                1.6213,
                1.6339,
            ),
            interpolate=True,
        ),
        RITable(
            "tummala_ling",
            "Tummala & Ling (1998), as in pymcdm",
            "Tummala & Ling, Theory and Decision 44(3) 1998, as in kotbaton/pymcdm AHP.RI_M.",
            tuple(range(1, 16)),
            (
                0,
                0,
                0.5799,
                0.8921,
                1.1159,
                1.2358,
                1.3322,
                1.3952,
                1.4537,
                1.4882,
                1.5117,
                1.5356,
                1.5571,
                1.5714,
                1.5831,
            ),
        ),
    )
}


@dataclass(frozen=True, slots=True, eq=False)
class AHPResult:
    """Priority weights (sum 1, row order), λmax, CI, CR, size and the RI table used (None: no CR)."""

    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float
    n: int
    ri_table: str | None
    ri: float

    @property
    def acceptable(self) -> bool:
        """CR < 0.10 (Saaty's bar); False when no RI table was used on n ≥ 3."""
        return bool(self.cr < 0.10)


@dataclass(frozen=True, slots=True, eq=False)
class GroupAHPResult:
    """AIJ group result. ``weights``/``lambda_max``/``ci``/``cr`` are those of the aggregated matrix;
    ``member_*`` arrays are per expert (``member_weights`` has shape (m, n)); ``expert_weights`` are the
    normalised aggregation weights; ``member_distance`` is each expert's total-variation distance to the
    group vector and ``consensus = 1 − Σ_k λ_k · member_distance_k`` (see ``ahp_group``)."""

    weights: np.ndarray
    lambda_max: float
    ci: float
    cr: float
    n: int
    m: int
    ri_table: str | None
    ri: float
    expert_weights: np.ndarray
    member_weights: np.ndarray
    member_lambda_max: np.ndarray
    member_cr: np.ndarray
    member_distance: np.ndarray
    consensus: float
    aggregate: np.ndarray

    @property
    def acceptable(self) -> bool:
        return bool(self.cr < 0.10)


class _Bad(Exception):
    """Internal: a matrix defect (kind + params), turned into a single- or group-keyed ValidationError."""

    def __init__(self, kind: str, **params: Any) -> None:
        super().__init__(kind)
        self.kind = kind
        self.params = params


# ---------------------------------------------------------------------------------------------------
# public API


def random_index(n: int, ri: str = "saaty1980") -> float:
    """RI(n) of a named table (0 for n ≤ 2)."""
    table = _table(ri)
    if n > table.max_n:
        raise ValidationError("engine.ahp.too_large", n=n, table=table.name, max_n=table.max_n)
    return table.value(n)


def ahp(matrix: Any, ri: str | None = "saaty1980") -> AHPResult:
    """Weights and consistency of one pairwise comparison matrix.

    ``matrix``: n×n numbers, numpy array, or exact rational strings (``"1/3"``, parsed with Fraction and
    checked for exact reciprocity; floats are checked within ``RECIPROCAL_RTOL``). ``ri``: a key of
    ``RI_TABLES`` or None (no CR: ``cr`` is NaN for n ≥ 3). CR is 0 for n ≤ 2.
    """
    table = _table(ri) if ri is not None else None
    try:
        a = _matrix(matrix)
    except _Bad as bad:
        raise ValidationError(f"engine.ahp.{bad.kind}", **bad.params) from None
    n = a.shape[0]
    if table is not None and n > table.max_n:
        raise ValidationError("engine.ahp.too_large", n=n, table=table.name, max_n=table.max_n)
    w, lam = _perron(a)
    ci, cr, ri_value = _consistency(lam, n, table)
    return AHPResult(frozen(w), lam, ci, cr, n, table.name if table else None, ri_value)


def ahp_group(
    matrices: Any, expert_weights: Sequence[float] | np.ndarray | None = None, ri: str | None = "saaty1980"
) -> GroupAHPResult:
    """Group AHP by AIJ: element-wise weighted geometric mean of the experts' matrices, then its eigenvector.

    ``matrices``: m matrices of the same n (array (m, n, n) or a list of anything ``ahp`` accepts).
    ``expert_weights``: m non-negative numbers (e.g. authority coefficients), normalised to sum 1; equal
    when None.

    Consensus index (our definition, documented because several exist): each expert's distance to the
    group is the total-variation distance ``d_k = ½ Σ_i |w_k,i − w_i|`` between the expert's own priority
    vector and the group vector (in [0, 1] for sum-1 vectors); ``consensus = 1 − Σ_k λ_k d_k`` with the
    normalised expert weights λ. It is 1 when every expert's priorities equal the group's, and it falls
    towards 0 as experts put their weight on disjoint criteria. This is a distance-based consensus degree in
    the sense of Herrera-Viedma et al. (consensus measures as 1 − mean distance to the collective solution),
    applied to priority vectors; it is not Goepel's entropy-based AHP consensus S*.
    """
    table = _table(ri) if ri is not None else None
    stack = _stack(matrices)
    m, n = stack.shape[0], stack.shape[1]
    if table is not None and n > table.max_n:
        raise ValidationError("engine.ahp.too_large", n=n, table=table.name, max_n=table.max_n)
    lam_k = _expert_weights(expert_weights, m)

    aggregate = np.exp(np.tensordot(lam_k, np.log(stack), axes=1))
    w, lam = _perron(aggregate)
    ci, cr, ri_value = _consistency(lam, n, table)

    member_w, member_lam = _perron_batch(stack)
    if n <= 2:
        member_cr = np.zeros(m)
    elif table is None:
        member_cr = np.full(m, np.nan)
    else:
        member_cr = np.maximum((member_lam - n) / (n - 1), 0.0) / ri_value
    distance = 0.5 * np.abs(member_w - w).sum(axis=1)
    consensus = float(1.0 - lam_k @ distance)
    return GroupAHPResult(
        weights=frozen(w),
        lambda_max=lam,
        ci=ci,
        cr=cr,
        n=n,
        m=m,
        ri_table=table.name if table else None,
        ri=ri_value,
        expert_weights=frozen(lam_k),
        member_weights=frozen(member_w),
        member_lambda_max=frozen(member_lam),
        member_cr=frozen(member_cr),
        member_distance=frozen(distance),
        consensus=consensus,
        aggregate=frozen(aggregate),
    )


# ---------------------------------------------------------------------------------------------------
# eigenvector


def _perron(a: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal eigenpair of a positive matrix: (weights summing to 1, λmax).

    Square A four times (B = A¹⁶), start from B's normalised row sums and
    iterate x ← Bx/ΣBx; each unconverged step also squares B, so the error contraction (|λ2|/λ1)^k doubles
    its exponent. Falls back to numpy.linalg.eig after ``_MAX_STEPS`` or on overflow.
    """
    n = a.shape[0]
    if n == 1:
        return np.ones(1), 1.0
    if n == 2:
        w = np.array([a[0, 1], 1.0])
        return w / (a[0, 1] + 1.0), 2.0
    one = _ONES.get(n)
    if one is None:
        one = _ONES.setdefault(n, frozen(np.ones(n)))
    # A¹⁶ unscaled: entries stay below (n·max a)¹⁶ (~1e34 for n = 15 on the 1–9 scale), far from overflow
    # for sane judgments; an overflow shows up as NaN below and falls back to eig.
    b = a.dot(a)
    b = b.dot(b)
    b = b.dot(b)
    b = b.dot(b)
    x = b.dot(one)
    x *= 1.0 / one.dot(x)
    tol2 = EIG_TOL * EIG_TOL
    for _ in range(_MAX_STEPS):
        y = b.dot(x)
        y *= 1.0 / one.dot(y)
        d = y - x
        dd = d.dot(d)
        if dd <= tol2:
            lam = float(one.dot(a.dot(y)))
            if math.isfinite(lam):
                return y, lam
            break
        if not dd < 4.0:  # NaN (overflow); sum-1 vectors are < √2 apart
            break
        b = b.dot(b)
        b *= 1.0 / b[0, 0]
        x = y
    return _eig(a)


def _eig(a: np.ndarray) -> tuple[np.ndarray, float]:
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    v = np.abs(vecs[:, k].real)
    return v / v.sum(), float(vals[k].real)


def _perron_batch(stack: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``_perron`` over a stack (m, n, n) at once; members that do not converge fall back to eig."""
    m, n = stack.shape[0], stack.shape[1]
    if n == 1:
        return np.ones((m, 1)), np.ones(m)
    if n == 2:
        w = np.stack([stack[:, 0, 1], np.ones(m)], axis=1)
        return w / w.sum(axis=1, keepdims=True), np.full(m, 2.0)
    b = stack
    for _ in range(3):
        b = np.matmul(b, b)
        b /= b[:, :1, :1]
    x = b.sum(axis=2)
    x /= x.sum(axis=1, keepdims=True)
    done = False
    for _ in range(_MAX_STEPS):
        y = np.matmul(b, x[:, :, None])[:, :, 0]
        y /= y.sum(axis=1, keepdims=True)
        d = ((y - x) ** 2).sum(axis=1)
        x = y
        if np.all(d <= EIG_TOL * EIG_TOL):
            done = True
            break
        b = np.matmul(b, b)
        b /= b[:, :1, :1]
    lam = np.matmul(stack, x[:, :, None])[:, :, 0].sum(axis=1)
    bad = ~np.isfinite(lam) | ~np.isfinite(x).all(axis=1)
    if not done:
        bad |= ~(d <= EIG_TOL * EIG_TOL)
    for k in np.flatnonzero(bad):
        x[k], lam[k] = _eig(stack[k])
    return x, lam


def _consistency(lam: float, n: int, table: RITable | None) -> tuple[float, float, float]:
    """(CI, CR, RI). λmax ≥ n holds for positive reciprocal matrices, so a tiny negative CI is rounding."""
    if n <= 2:
        return 0.0, 0.0, 0.0
    ci = max((lam - n) / (n - 1), 0.0)
    if table is None:
        return ci, math.nan, math.nan
    ri_value = table.value(n)
    return ci, ci / ri_value, ri_value


def _table(ri: str | None) -> RITable:
    table = RI_TABLES.get(ri) if isinstance(ri, str) else None
    if table is None:
        raise ValidationError("engine.ahp.unknown_ri", name=str(ri), choices=", ".join(RI_TABLES))
    return table


# ---------------------------------------------------------------------------------------------------
# input parsing and validation


def _matrix(matrix: Any) -> np.ndarray:
    """A validated float n×n positive reciprocal matrix, or ``_Bad``."""
    if type(matrix) is np.ndarray and matrix.dtype.kind == "f":
        a = matrix if matrix.dtype == np.float64 else matrix.astype(float)
    else:
        try:
            a = np.asarray(matrix)
        except ValueError:  # ragged nested lists
            return _parse_cells(matrix)
        if a.dtype.kind in "iuf":
            a = a.astype(float)
        else:
            return _parse_cells(matrix)
    _check_shape(a)
    # Fast accept: all cells positive and every a_ij·a_ji within tolerance of 1 (this covers the diagonal
    # and rejects NaN/inf). Squares sum is stricter than a per-cell bound, so a near miss goes to
    # _diagnose, which applies the exact per-cell rule and names the cell.
    p = a * a.T
    p -= 1.0
    p = p.ravel()
    if not (p.dot(p) <= RECIPROCAL_RTOL * RECIPROCAL_RTOL and a.min() > 0):
        _diagnose(a)
    return a


def _check_shape(a: np.ndarray) -> None:
    if a.size == 0:
        raise _Bad("empty")
    if a.ndim != 2:
        raise _Bad("not_matrix", ndim=a.ndim)
    rows, cols = a.shape
    if rows != cols:
        raise _Bad("not_square", rows=rows, cols=cols)


def _diagnose(a: np.ndarray) -> None:
    """Name the first defect, by category in this order: non-finite, non-positive, diagonal, reciprocity."""
    bad = ~np.isfinite(a)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise _Bad("not_finite", row=i + 1, col=j + 1, value=fmt(a[i, j]))
    bad = a <= 0
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise _Bad("not_positive", row=i + 1, col=j + 1, value=fmt(a[i, j]))
    diag = np.diagonal(a)
    bad = np.abs(diag - 1.0) > RECIPROCAL_RTOL
    if bad.any():
        i = int(np.argmax(bad))
        raise _Bad("diagonal", row=i + 1, col=i + 1, value=fmt(diag[i]))
    bad = np.triu(np.abs(a * a.T - 1.0) > RECIPROCAL_RTOL, 1)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise _Bad("not_reciprocal", row=i + 1, col=j + 1, value=fmt(a[i, j]), mirror=fmt(a[j, i]))


def _parse_cells(matrix: Any) -> np.ndarray:
    """Slow path for text/mixed cells: parse exactly, check exactly when every cell is rational."""
    if isinstance(matrix, (str, bytes)):
        raise _Bad("not_matrix", ndim=0)
    try:
        rows = [list(r) for r in matrix]
    except TypeError:
        raise _Bad("not_matrix", ndim=1) from None
    if any(isinstance(r, (str, bytes)) for r in matrix):
        raise _Bad("not_matrix", ndim=1)
    if not rows or not rows[0]:
        raise _Bad("empty")
    ncols = len(rows[0])
    for i, r in enumerate(rows):
        if len(r) != ncols:
            raise _Bad("ragged", row=i + 1, cells=len(r), expected=ncols)
    if len(rows) != ncols:
        raise _Bad("not_square", rows=len(rows), cols=ncols)

    cells: list[list[Fraction | float]] = []
    text: list[list[str]] = []
    exact = True
    for i, r in enumerate(rows):
        out: list[Fraction | float] = []
        for j, cell in enumerate(r):
            v = _parse_cell(cell, i, j)
            exact = exact and isinstance(v, Fraction)
            out.append(v)
        cells.append(out)
        text.append([c.strip() if isinstance(c, str) else fmt(c) for c in r])

    a = np.array([[float(v) for v in r] for r in cells], dtype=float)
    if not exact:
        _diagnose(a)
        return a
    n = len(cells)
    for i in range(n):
        for j in range(n):
            if cells[i][j] <= 0:
                raise _Bad("not_positive", row=i + 1, col=j + 1, value=text[i][j])
    for i in range(n):
        if cells[i][i] != 1:
            raise _Bad("diagonal", row=i + 1, col=i + 1, value=text[i][i])
    for i in range(n):
        for j in range(i + 1, n):
            if cells[i][j] * cells[j][i] != 1:
                raise _Bad("not_reciprocal", row=i + 1, col=j + 1, value=text[i][j], mirror=text[j][i])
    return a


def _parse_cell(cell: Any, i: int, j: int) -> Fraction | float:
    if isinstance(cell, (bool, np.bool_)) or cell is None:
        raise _Bad("not_number", row=i + 1, col=j + 1, value=str(cell))
    if isinstance(cell, Decimal):
        if not cell.is_finite():
            _nonfinite(cell, i, j)
        return Fraction(cell)
    if isinstance(cell, (Fraction, Integral)):
        return Fraction(cell)
    if isinstance(cell, (float, np.floating)):
        if not math.isfinite(cell):
            _nonfinite(cell, i, j)
        return float(cell)
    if isinstance(cell, str):
        s = cell.strip()
        try:
            return Fraction(s)
        except (ValueError, ZeroDivisionError):
            pass
        try:
            f = float(s)
        except ValueError:
            raise _Bad("not_number", row=i + 1, col=j + 1, value=s) from None
        if not math.isfinite(f):
            _nonfinite(s, i, j)
        return f
    raise _Bad("not_number", row=i + 1, col=j + 1, value=str(cell))


def _nonfinite(cell: Any, i: int, j: int) -> Fraction:
    raise _Bad("not_finite", row=i + 1, col=j + 1, value=str(cell))


def _stack(matrices: Any) -> np.ndarray:
    """Validated (m, n, n) stack; a defect raises ``engine.ahp.member.<kind>`` naming the expert."""
    if type(matrices) is np.ndarray and matrices.dtype.kind in "iuf" and matrices.ndim == 3:
        stack = matrices.astype(float, copy=False)
        m, rows, cols = stack.shape
        if m == 0:
            raise ValidationError("engine.ahp.group_empty")
        if rows == 0 or cols == 0 or rows != cols:
            items: Sequence[Any] = list(stack)
        else:
            p = stack * np.swapaxes(stack, 1, 2) - 1.0
            if np.abs(p).max() <= RECIPROCAL_RTOL and stack.min() > 0:
                return stack
            items = list(stack)
    else:
        try:
            items = list(matrices)
        except TypeError:
            raise ValidationError("engine.ahp.group_empty") from None
        if not items:
            raise ValidationError("engine.ahp.group_empty")
    parsed = []
    for k, item in enumerate(items):
        try:
            parsed.append(_matrix(item))
        except _Bad as bad:
            raise ValidationError(f"engine.ahp.member.{bad.kind}", expert=k + 1, **bad.params) from None
        if parsed[k].shape != parsed[0].shape:
            raise ValidationError(
                "engine.ahp.group_size", expert=k + 1, size=parsed[k].shape[0], expected=parsed[0].shape[0]
            )
    return np.stack(parsed)


def _expert_weights(weights: Any, m: int) -> np.ndarray:
    if weights is None:
        return np.full(m, 1.0 / m)
    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError):
        raise ValidationError("engine.ahp.expert_weights_shape", count="?", m=m) from None
    if w.shape != (m,):
        raise ValidationError("engine.ahp.expert_weights_shape", count=w.size, m=m)
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        k = int(np.argmax(bad))
        raise ValidationError("engine.ahp.expert_weight_invalid", expert=k + 1, value=fmt(w[k]))
    total = w.sum()
    if total <= 0:
        raise ValidationError("engine.ahp.expert_weights_zero")
    out: np.ndarray = w / total
    return out
