"""Expert scores from the record, and performance weights shown against authority weights.

**Expert score**: for every back-test case, each panel expert's own counted ratings alone go through the
same engine (same questionnaire version, survey, crowd estimate, measures and uncertainty settings; one
expert, so the uncertainty varies the weights only) — his implied residual level and its probabilities.
Scored against the realised level: mean Brier, hit rate, skill score (1 − Brier/⅔), with n.
Shown to organizers and admins only (``backtest.may_see_expert_scores``), never to experts.

**Performance weights** (``expert_weighting: performance``): ``riskmodel.model.backtest.performance_weights``
on each panel expert's record over the *other* assessments (an assessment never scores itself).
``compare_weights`` runs the engine on one assessment with both weightings, so the effect is seen before
anyone adopts it; ``performance_experts`` gives the panel with its Ca/Cs scaled so that the engine's
authority weights become the performance weights (Cr × fₑ / max f, every value stays within [0, 1]).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from contextvars import ContextVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmodel.engine.inputs import AssessmentInput, Expert
from riskmodel.engine.result import AssessmentResult
from riskmodel.errors import PermissionDenied
from riskmodel.model import backtest as bt
from riskmodel.questionnaire import Questionnaire
from riskmodel.services import assessments
from riskmodel.services.backtest import cases_in, may_see_expert_scores
from riskmodel.services.context import Actor
from riskmodel.services.views.outcomes import CaseView, ExpertScore, WeightComparisonView, WeightRow
from riskmodel.store.db import Store
from riskmodel.store.models import User

Forecast = tuple[dict[str, float], str]  # (probabilities 低/中/高, implied residual level)
_SCORING: ContextVar[bool] = ContextVar("riskmodel_expert_scoring", default=False)


def _run(inp: AssessmentInput, q: Questionnaire) -> AssessmentResult:
    from riskmodel import assess  # the engine (late import, as services/assessments does)

    return assess(inp, q)


def _forecast(res: AssessmentResult) -> Forecast | None:
    level = res.residual_level
    if level not in bt.LEVELS:
        return None
    probs = res.residual_level_probabilities
    if probs is None:  # no draws: the point forecast as certainty
        probs = {k: 1.0 if k == level else 0.0 for k in bt.LEVELS}
    return {k: float(probs.get(k) or 0.0) for k in bt.LEVELS}, str(level)


def expert_forecasts(store: Store | Session, assessment_id: int) -> dict[str, Forecast]:
    """Each rating panel expert's implied residual forecast on one assessment (his ratings alone)."""
    token = _SCORING.set(True)  # the inputs built while scoring use the authority weights (no recursion)
    try:
        inp, q, _meta = assessments.assessment_input(store, assessment_id)
    finally:
        _SCORING.reset(token)
    out: dict[str, Forecast] = {}
    for expert in inp.experts:
        own = [r for r in inp.ratings if r.expert == expert.id]
        if not own:
            continue
        alone = inp.model_copy(update={"experts": [expert], "ratings": own})
        found = _forecast(_run(alone, q))
        if found is not None:
            out[expert.id] = found
    return out


def _records(
    store: Store | Session, cases: Sequence[CaseView]
) -> dict[str, list[tuple[int, dict[str, float], str, str]]]:
    """expert → [(assessment, probabilities, implied level, realised level)] over the cases."""
    out: dict[str, list[tuple[int, dict[str, float], str, str]]] = defaultdict(list)
    for c in cases:
        for expert, (probs, level) in expert_forecasts(store, c.assessment).items():
            out[expert].append((c.assessment, probs, level, c.realised_level))
    return out


def _score(expert: str, name: str | None, rows: Sequence[tuple[int, dict[str, float], str, str]]) -> ExpertScore:
    if not rows:
        return ExpertScore(expert, name, 0, None, None, None)
    briers = [bt.brier(p, real) for _a, p, _l, real in rows]
    mean = sum(briers) / len(briers)
    return ExpertScore(
        expert=expert,
        display_name=name,
        n=len(rows),
        brier=mean,
        hit_rate=bt.hit_rate([lvl for _a, _p, lvl, _r in rows], [real for _a, _p, _l, real in rows]),
        skill=bt.skill_score(mean),
    )


def _names(store: Store, usernames: Sequence[str]) -> dict[str, str | None]:
    with store.read() as s:
        rows = s.execute(select(User.username, User.display_name).where(User.username.in_(list(usernames)))).all()
    return {str(u): n for u, n in rows}


def expert_scores_for(store: Store, cases: Sequence[CaseView]) -> list[ExpertScore]:
    """Every expert's score over the given cases, best (lowest Brier) first."""
    records = _records(store, cases)
    names = _names(store, list(records))
    scores = [_score(e, names.get(e), rows) for e, rows in records.items()]
    return sorted(scores, key=lambda x: (x.brier if x.brier is not None else 9.0, x.expert))


def expert_scores(store: Store, actor: Actor, *, questionnaire: str | None = None) -> list[ExpertScore]:
    """Expert scores over the back-test cases (organizers and admins only)."""
    if not may_see_expert_scores(actor):
        raise PermissionDenied("outcomes.error.expert_scores_forbidden", user=actor.username, role=actor.role)
    with store.read() as s:
        cases, _without = cases_in(s, questionnaire=questionnaire)
    return expert_scores_for(store, cases)


# --- performance weights -------------------------------------------------------------------------
def performance_experts(experts: Sequence[Expert], factors: Sequence[float]) -> list[Expert]:
    """The panel with Ca and Cs scaled by fₑ / max f, so that the engine's Cr-based weights are ∝ Cr × fₑ."""
    top = max(factors) if factors else 1.0
    out = []
    for e, f in zip(experts, factors, strict=True):
        scale = f / top if top > 0 else 1.0
        out.append(e.model_copy(update={"ca": _scaled(e.ca, scale), "cs": _scaled(e.cs, scale)}))
    return out


def _scaled(value: float | dict[str, float], scale: float) -> float | dict[str, float]:
    if isinstance(value, dict):
        return {k: float(v) * scale for k, v in value.items()}
    return float(value) * scale


def compare_weights(
    store: Store, actor: Actor, assessment_id: int, *, min_cases: int | None = None
) -> WeightComparisonView:
    """Authority against performance weights on one assessment: the weights, and the residual level,
    probabilities, verdict and index each gives (the engine run twice on the same input).

    ``min_cases`` previews another minimum than the standard's (the standard's rule is what adoption uses).
    """
    if not may_see_expert_scores(actor):
        raise PermissionDenied("outcomes.error.expert_scores_forbidden", user=actor.username, role=actor.role)
    inp, q, _meta = assessments.assessment_input(store, assessment_id)
    with store.read() as s:
        cases, _without = cases_in(s, exclude=assessment_id)
    records = _records(store, cases)
    rule = q.outcomes.performance
    if min_cases is not None:
        rule = rule.model_copy(update={"min_cases": max(1, int(min_cases))})
    rated = {r.expert for r in inp.ratings}
    experts = [e for e in inp.experts if e.id in rated] or list(inp.experts)
    scores = {e.id: _score(e.id, None, records.get(e.id, [])) for e in experts}
    authority_run = _run(inp.model_copy(update={"experts": experts}), q)
    weights = {p.id: float(p.weight or 0.0) for p in authority_run.panel.experts}
    auth_w = [weights.get(e.id, 0.0) for e in experts]
    ns = [scores[e.id].n for e in experts]
    briers = [scores[e.id].brier for e in experts]
    factors = bt.performance_factors(ns, briers, min_cases=rule.min_cases, shrinkage=rule.shrinkage, floor=rule.floor)
    perf_w = bt.performance_weights(
        auth_w, ns, briers, min_cases=rule.min_cases, shrinkage=rule.shrinkage, floor=rule.floor
    )
    perf_run = _run(inp.model_copy(update={"experts": performance_experts(experts, factors.tolist())}), q)
    rows = tuple(
        WeightRow(e.id, auth_w[i], ns[i], briers[i], float(factors[i]), float(perf_w[i])) for i, e in enumerate(experts)
    )
    return WeightComparisonView(
        assessment_id=assessment_id,
        adopted=q.expert_weighting == "performance",
        min_cases=rule.min_cases,
        shrinkage=rule.shrinkage,
        floor=rule.floor,
        rows=rows,
        departs=any(abs(f - 1.0) > 1e-12 for f in factors.tolist()),
        authority_residual_level=authority_run.residual_level,
        performance_residual_level=perf_run.residual_level,
        authority_probabilities=authority_run.residual_level_probabilities,
        performance_probabilities=perf_run.residual_level_probabilities,
        authority_verdict=authority_run.verdict,
        performance_verdict=perf_run.verdict,
        authority_index=authority_run.residual_index,
        performance_index=perf_run.residual_index,
    )


def performance_panel(s: Session, experts: Sequence[Expert], q: Questionnaire, assessment_id: int) -> list[Expert]:
    """The panel for an engine input under ``expert_weighting: performance`` — the hook for the engine
    input built from the database (``assessments._build_input``): Ca/Cs scaled so the engine's weights are
    the performance weights of each expert's record over the *other* complete cases. Unchanged for any
    other weighting, below the minimum number of cases, and while expert scores are being computed."""
    if q.expert_weighting != "performance" or _SCORING.get() or not experts:
        return list(experts)

    cases, _without = cases_in(s, exclude=assessment_id)
    records = _records(s, cases)
    rule = q.outcomes.performance
    scores = [_score(e.id, None, records.get(e.id, [])) for e in experts]
    factors = bt.performance_factors(
        [x.n for x in scores], [x.brier for x in scores], min_cases=rule.min_cases, shrinkage=rule.shrinkage,
        floor=rule.floor,
    )  # fmt: skip
    if all(abs(f - 1.0) < 1e-12 for f in factors.tolist()):
        return list(experts)
    return performance_experts(experts, factors.tolist())
