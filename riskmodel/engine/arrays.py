"""Turn assessments' ratings into dense padded arrays (assessments × experts × indicators) for vectorised statistics."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, islice, repeat
from operator import itemgetter
from typing import Any

import numpy as np

from riskmodel.engine.inputs import AssessmentInput
from riskmodel.errors import ValidationError
from riskmodel.questionnaire.schema import Questionnaire

PHASES = ("before", "after")


@dataclass(frozen=True)
class RatingArrays:
    """Ratings per phase as (m experts, n indicators) float arrays, NaN where missing.

    ``value`` is what the model aggregates: the score (score method) or P×I with the scale values
    (probability–impact method); ``prob``/``impact`` keep the level numbers for Table 1.
    """

    expert_ids: list[str]
    indicator_ids: list[str]
    value: dict[str, np.ndarray]
    prob: dict[str, np.ndarray]
    impact: dict[str, np.ndarray]
    authority: np.ndarray  # (m, n) Cr = (Ca + Cs)/2 of each expert for the indicator's dimension
    comments: list[tuple[str, str, str, str]]  # (expert, indicator, phase, comment)

    def has_phase(self, phase: str) -> bool:
        return bool(np.isfinite(self.value[phase]).any())


@dataclass(frozen=True)
class BatchArrays:
    """Ratings of A assessments on one questionnaire, padded to the largest panel.

    ``value``/``prob``/``impact``: (2 phases, A, m_max, n) float, NaN where missing (and for padded
    experts); ``authority``: (A, m_max, n), 0 for padded experts; ``sizes``: panel size per assessment.
    """

    expert_ids: list[list[str]]
    indicator_ids: list[str]
    sizes: np.ndarray
    value: np.ndarray
    prob: np.ndarray | None
    impact: np.ndarray | None
    authority: np.ndarray

    def arrays(self, a: int) -> RatingArrays:
        """The single-assessment view (for the per-assessment uncertainty draws)."""
        m = int(self.sizes[a])

        def pick(x: np.ndarray) -> dict[str, np.ndarray]:
            return {p: x[k, a, :m] for k, p in enumerate(PHASES)}

        return RatingArrays(
            self.expert_ids[a],
            self.indicator_ids,
            pick(self.value),
            pick(self.prob) if self.prob is not None else {},
            pick(self.impact) if self.impact is not None else {},
            self.authority[a, :m],
            [],
        )


def build_batch(inputs: list[AssessmentInput], q: Questionnaire) -> BatchArrays:
    """Validate every rating of every assessment against the questionnaire and place it in the arrays:
    one pass over all ratings, vectorised checks and scatter.

    Raises ValidationError naming the rating (its position within its own assessment's ratings, expert,
    indicator, phase) and what is wrong; with several bad assessments, the first failing check over all
    of them wins.
    """
    A = len(inputs)
    indicators = q.indicator_ids()
    i_index = {k: j for j, k in enumerate(indicators)}
    n = len(indicators)
    sizes = np.array([len(inp.experts) for inp in inputs], dtype=np.int64)
    M = int(sizes.max()) if A else 0
    counts = np.array([len(inp.ratings) for inp in inputs], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]) if A else np.zeros(0, dtype=np.int64)
    N = int(counts.sum())
    score_method = q.method == "score"
    lo, hi = (q.scale.min, q.scale.max) if score_method and q.scale else (0, 0)
    p_vals = [lv.value for lv in q.probability_scale.levels] if q.probability_scale else []
    i_vals = [lv.value for lv in q.impact_scale.levels] if q.impact_scale else []

    # One pass over all pydantic objects of all assessments: with a thousand panels in memory the cost is
    # touching the objects (cache misses), so each rating's field dict is read once, its values streamed
    # into an (N, k) object array (the short-lived tuples never reach the cyclic GC); then column work.
    names = (
        ("expert", "indicator", "phase", "score")
        if score_method
        else ("expert", "indicator", "phase", "probability", "impact")
    )
    fields = [r.__dict__ for inp in inputs for r in inp.ratings]
    table = np.fromiter(
        chain.from_iterable(map(itemgetter(*names), fields)), dtype=object, count=len(names) * N
    ).reshape(N, len(names))
    del fields
    # columns stay object arrays (not lists): the cyclic GC never walks them and their 2.4 M strings
    experts_col, indicators_col = table[:, 0], table[:, 1]
    panel_ids = [[e.id for e in inp.experts] for inp in inputs]
    codes: dict[str, int] = {}  # every expert id of every panel → one global code
    for ids in panel_ids:
        for x in ids:
            codes.setdefault(x, len(codes))
    try:
        if A * len(codes) > 20_000_000:  # (assessment, code) → row table would be too large
            raise KeyError
        local = np.full((A, len(codes)), -1, dtype=np.int64)
        for a, ids in enumerate(panel_ids):
            local[a, list(map(codes.__getitem__, ids))] = np.arange(len(ids))
        ei = local[
            np.repeat(np.arange(A), counts), np.fromiter(map(codes.__getitem__, experts_col), dtype=np.int64, count=N)
        ]
        if (ei < 0).any():  # an id known to another panel only
            raise KeyError
    except KeyError:  # per panel; an id not in its panel → −1, named below
        it = iter(experts_col)
        ei = np.fromiter(
            chain.from_iterable(
                map(dict(zip(ids, range(len(ids)))).get, islice(it, c), repeat(-1))
                for ids, c in zip(panel_ids, counts.tolist())
            ),
            dtype=np.int64,
            count=N,
        )
    try:
        ij = np.fromiter(map(i_index.__getitem__, indicators_col), dtype=np.int64, count=N)
    except KeyError:
        ij = np.fromiter(map(i_index.get, indicators_col, repeat(-1)), dtype=np.int64, count=N)
    ph = (table[:, 2] == "after").astype(np.int64)
    aa = np.repeat(np.arange(A, dtype=np.int64), counts)

    def fail(key: str, mask: np.ndarray, **extra: Any) -> None:
        if mask.any():
            k = int(np.flatnonzero(mask)[0])
            a = int(aa[k])
            local = k - int(starts[a])
            r = inputs[a].ratings[local]
            params = dict(pos=local + 1, expert=r.expert, indicator=r.indicator, phase=r.phase)
            params.update({name: (val[k] if isinstance(val, np.ndarray) else val) for name, val in extra.items()})
            raise ValidationError(key, **params)

    fail("engine.rating.unknown_expert", ei < 0)
    fail("engine.rating.unknown_indicator", ij < 0, questionnaire=q.id)
    if "after" not in q.phases:
        fail("engine.rating.phase_not_offered", ph == 1)
    ei_i, ij_i = ei, ij
    key = ((aa * 2 + ph) * M + ei_i) * n + ij_i
    if N and np.bincount(key, minlength=1).max() > 1:
        order = np.argsort(key, kind="stable")
        dup = np.zeros(N, dtype=bool)
        dup[order[1:]] = key[order[1:]] == key[order[:-1]]
        fail("engine.rating.duplicate", dup)
    value = np.full((2, A, M, n), np.nan)
    prob = impact = None
    if score_method:
        try:
            sc = table[:, 3].astype(float)
        except TypeError:  # a missing score (None → NaN, named below)
            sc = np.array(table[:, 3].tolist(), dtype=float).reshape(N)
        fail("engine.rating.score_missing", np.isnan(sc))
        fail("engine.rating.score_range", (sc < lo) | (sc > hi), value=sc, min=lo, max=hi)
        vals = sc
    else:
        pr = np.array([-1 if x is None else x for x in table[:, 3].tolist()], dtype=np.int64).reshape(N)
        im = np.array([-1 if x is None else x for x in table[:, 4].tolist()], dtype=np.int64).reshape(N)
        fail("engine.rating.pi_missing", (pr == -1) | (im == -1))
        fail("engine.rating.level_range", (pr < 1) | (pr > len(p_vals)), what="probability", value=pr, max=len(p_vals))
        fail("engine.rating.level_range", (im < 1) | (im > len(i_vals)), what="impact", value=im, max=len(i_vals))
        vals = np.asarray(p_vals)[pr - 1] * np.asarray(i_vals)[im - 1]
        prob = np.full((2, A, M, n), np.nan)
        impact = np.full((2, A, M, n), np.nan)
        prob[ph, aa, ei_i, ij_i] = pr
        impact[ph, aa, ei_i, ij_i] = im
    value[ph, aa, ei_i, ij_i] = vals

    real = np.arange(M)[None, :] < sizes[:, None]  # (A, M): not a padded expert
    if q.expert_weighting == "equal":
        authority = np.broadcast_to(real[:, :, None], (A, M, n)).astype(float)
    else:  # Cr = (Ca + Cs)/2 per expert and dimension, spread to the dimension's indicators
        dims = [d.id for d in q.dimensions]
        experts = [e for inp in inputs for e in inp.experts]
        # most experts give scalar Ca/Cs: one number each (no per-expert lists); per-dimension maps after
        scalar = np.array([_cr_scalar(e.__dict__) for e in experts], dtype=float)
        rows = np.repeat(scalar[:, None], len(dims), axis=1)
        for k in np.flatnonzero(np.isnan(scalar)).tolist():
            rows[k] = [(experts[k].coefficient("ca", d) + experts[k].coefficient("cs", d)) / 2.0 for d in dims]
        per_dim = np.zeros((A, M, len(dims)))
        per_dim[real] = rows
        dim_pos = np.repeat(np.arange(len(dims)), [len(d.indicators) for d in q.dimensions])
        authority = per_dim[:, :, dim_pos]
        none = ~(authority > 0).any(axis=(1, 2))
        if none.any():
            authority[none] = real[none][:, :, None].astype(float)
    return BatchArrays(panel_ids, indicators, sizes, value, prob, impact, authority)


def _cr_scalar(fields: dict[str, Any]) -> float | None:
    """Cr = (Ca + Cs)/2 of an expert with scalar coefficients; None (→ NaN) for per-dimension maps."""
    ca, cs = fields["ca"], fields["cs"]
    if isinstance(ca, dict) or isinstance(cs, dict):
        return None
    return (float(ca) + float(cs)) / 2.0
