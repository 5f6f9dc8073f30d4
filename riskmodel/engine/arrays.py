"""Turn an assessment's ratings into dense arrays (experts × indicators) for vectorised statistics."""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

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


def build_arrays(inp: AssessmentInput, q: Questionnaire) -> RatingArrays:
    """Validate every rating against the questionnaire and place it in the arrays.

    Raises ValidationError naming the rating (expert, indicator, phase) and what is wrong.
    """
    experts = [e.id for e in inp.experts]
    indicators = q.indicator_ids()
    e_index = {e: i for i, e in enumerate(experts)}
    i_index = {k: j for j, k in enumerate(indicators)}
    m, n = len(experts), len(indicators)
    value = {p: np.full((m, n), np.nan) for p in PHASES}
    prob = {p: np.full((m, n), np.nan) for p in PHASES}
    impact = {p: np.full((m, n), np.nan) for p in PHASES}
    score_method = q.method == "score"
    lo, hi = (q.scale.min, q.scale.max) if score_method and q.scale else (0, 0)
    p_vals = [lv.value for lv in q.probability_scale.levels] if q.probability_scale else []
    i_vals = [lv.value for lv in q.impact_scale.levels] if q.impact_scale else []
    ratings = inp.ratings
    # a single pass over the pydantic objects, then vectorised checks: thousands of ratings in ~1 ms
    experts_col = list(map(attrgetter("expert"), ratings))
    indicators_col = list(map(attrgetter("indicator"), ratings))
    phases_col = list(map(attrgetter("phase"), ratings))
    ei = np.array([e_index.get(x, -1) for x in experts_col], dtype=np.int64)
    ij = np.array([i_index.get(x, -1) for x in indicators_col], dtype=np.int64)
    ph = np.fromiter((p == "after" for p in phases_col), dtype=np.int64, count=len(phases_col))

    def fail(key: str, mask: np.ndarray, **extra) -> None:
        if mask.any():
            k = int(np.flatnonzero(mask)[0])
            r = ratings[k]
            params = dict(pos=k + 1, expert=r.expert, indicator=r.indicator, phase=r.phase)
            params.update({name: (val[k] if isinstance(val, np.ndarray) else val) for name, val in extra.items()})
            raise ValidationError(key, **params)

    fail("engine.rating.unknown_expert", ei < 0)
    fail("engine.rating.unknown_indicator", ij < 0, questionnaire=q.id)
    if "after" not in q.phases:
        fail("engine.rating.phase_not_offered", ph == 1)
    key = (ph * m + ei) * n + ij
    order = np.argsort(key, kind="stable")
    dup = np.zeros(len(key), dtype=bool)
    dup[order[1:]] = key[order[1:]] == key[order[:-1]]
    fail("engine.rating.duplicate", dup)
    if score_method:
        sc = np.array([np.nan if x is None else x for x in map(attrgetter("score"), ratings)], dtype=float)
        fail("engine.rating.score_missing", np.isnan(sc))
        fail("engine.rating.score_range", (sc < lo) | (sc > hi), value=sc, min=lo, max=hi)
        vals = sc
    else:
        pr = np.array([-1 if x is None else x for x in map(attrgetter("probability"), ratings)], dtype=np.int64)
        im = np.array([-1 if x is None else x for x in map(attrgetter("impact"), ratings)], dtype=np.int64)
        fail("engine.rating.pi_missing", (pr == -1) | (im == -1))
        fail("engine.rating.level_range", (pr < 1) | (pr > len(p_vals)), what="probability", value=pr, max=len(p_vals))
        fail("engine.rating.level_range", (im < 1) | (im > len(i_vals)), what="impact", value=im, max=len(i_vals))
        vals = np.asarray(p_vals)[pr - 1] * np.asarray(i_vals)[im - 1]
        for p_code, p_name in enumerate(PHASES):
            sel = ph == p_code
            prob[p_name][ei[sel], ij[sel]] = pr[sel]
            impact[p_name][ei[sel], ij[sel]] = im[sel]
    for p_code, p_name in enumerate(PHASES):
        sel = ph == p_code
        value[p_name][ei[sel], ij[sel]] = vals[sel]
    comments = [(r.expert, r.indicator, r.phase, r.comment) for r in ratings if r.comment]
    if q.expert_weighting == "equal":
        authority = np.ones((m, n))
    else:  # Cr = (Ca + Cs)/2 per expert and dimension, spread to the dimension's indicators
        per_dim = np.array([[(e.coefficient("ca", d.id) + e.coefficient("cs", d.id)) / 2.0 for d in q.dimensions]
                            for e in inp.experts])
        dim_pos = np.repeat(np.arange(len(q.dimensions)), [len(d.indicators) for d in q.dimensions])
        authority = per_dim[:, dim_pos]
        if not (authority > 0).any():
            authority = np.ones((m, n))
    return RatingArrays(experts, indicators, value, prob, impact, authority, comments)
