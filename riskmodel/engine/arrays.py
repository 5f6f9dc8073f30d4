"""Turn an assessment's ratings into dense arrays (experts × indicators) for vectorised statistics."""
from __future__ import annotations

from dataclasses import dataclass

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
    seen: set[tuple[str, str, str]] = set()
    comments: list[tuple[str, str, str, str]] = []
    score_method = q.method == "score"
    lo, hi = (q.scale.min, q.scale.max) if score_method and q.scale else (0, 0)
    p_vals = [lv.value for lv in q.probability_scale.levels] if q.probability_scale else []
    i_vals = [lv.value for lv in q.impact_scale.levels] if q.impact_scale else []
    phases = set(q.phases)
    for pos, r in enumerate(inp.ratings, start=1):
        where = dict(pos=pos, expert=r.expert, indicator=r.indicator, phase=r.phase)
        ei = e_index.get(r.expert)
        if ei is None:
            raise ValidationError("engine.rating.unknown_expert", **where)
        ij = i_index.get(r.indicator)
        if ij is None:
            raise ValidationError("engine.rating.unknown_indicator", questionnaire=q.id, **where)
        if r.phase not in phases:
            raise ValidationError("engine.rating.phase_not_offered", **where)
        key = (r.expert, r.indicator, r.phase)
        if key in seen:
            raise ValidationError("engine.rating.duplicate", **where)
        seen.add(key)
        if score_method:
            if r.score is None:
                raise ValidationError("engine.rating.score_missing", **where)
            if not lo <= r.score <= hi:
                raise ValidationError("engine.rating.score_range", value=r.score, min=lo, max=hi, **where)
            value[r.phase][ei, ij] = r.score
        else:
            if r.probability is None or r.impact is None:
                raise ValidationError("engine.rating.pi_missing", **where)
            if not 1 <= r.probability <= len(p_vals):
                raise ValidationError("engine.rating.level_range", what="probability", value=r.probability, max=len(p_vals), **where)
            if not 1 <= r.impact <= len(i_vals):
                raise ValidationError("engine.rating.level_range", what="impact", value=r.impact, max=len(i_vals), **where)
            prob[r.phase][ei, ij] = r.probability
            impact[r.phase][ei, ij] = r.impact
            value[r.phase][ei, ij] = p_vals[r.probability - 1] * i_vals[r.impact - 1]
        if r.comment:
            comments.append((r.expert, r.indicator, r.phase, r.comment))
    dim_of = q.dimension_of()
    dims = [dim_of[k] for k in indicators]
    if q.expert_weighting == "equal":
        authority = np.ones((m, n))
    else:
        authority = np.empty((m, n))
        cache: dict[tuple[int, str], float] = {}
        for ei, expert in enumerate(inp.experts):
            for j, d in enumerate(dims):
                key2 = (ei, d)
                if key2 not in cache:
                    cache[key2] = (expert.coefficient("ca", d) + expert.coefficient("cs", d)) / 2.0
                authority[ei, j] = cache[key2]
        if not (authority > 0).any():
            authority = np.ones((m, n))
    return RatingArrays(experts, indicators, value, prob, impact, authority, comments)
