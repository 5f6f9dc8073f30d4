"""Back-test (回溯检验): the stored forecasts of implemented projects against their realised levels.

A case is an assessment whose tracking period is complete and whose stored result has residual-level
probabilities (the uncertainty analysis). Its forecast is exactly the stored
``residual_level_probabilities``; its predicted level the stored residual level; its outcome the realised
level by the standard's rules (``services/outcomes.py``). Figures: the mean Brier score and the hit
rate, the confusion table (predicted × realised), the reliability bins, and the same per questionnaire,
region and project type — each with its number of cases (fewer than 10: a note, not a verdict on the
panel). Expert scores (``backtest_experts``) are added for organizers and admins only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmodel.model import backtest as bt
from riskmodel.services.assessments import result_view
from riskmodel.services.context import Actor, now
from riskmodel.services.outcomes import outcome_in
from riskmodel.services.views.outcomes import (
    BacktestView,
    CaseView,
    GroupFigure,
    ReliabilityBinView,
)
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, Project, QuestionnaireVersion, Result, Verdict

RELIABILITY_BINS = 5
EXPERT_SCORE_ROLES = ("organizer", "admin")


def may_see_expert_scores(actor: Actor) -> bool:
    """Admins and organizers (and the system user of the command line); never experts or leaders."""
    return actor.is_system or actor.role in EXPERT_SCORE_ROLES


def cases_in(
    s: Session, *, questionnaire: str | None = None, today: date | None = None, exclude: int | None = None
) -> tuple[list[CaseView], list[int]]:
    """(cases, complete assessments left out for want of stored probabilities), in assessment order."""
    today = today or now().date()
    q = (
        select(Assessment, Project, QuestionnaireVersion.qid)
        .join(Verdict, Verdict.assessment_id == Assessment.id)
        .join(Project, Project.id == Assessment.project_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Assessment.questionnaire_version_id)
        .order_by(Assessment.id)
    )
    if questionnaire:
        q = q.where(QuestionnaireVersion.qid == questionnaire)
    cases: list[CaseView] = []
    without: list[int] = []
    for a, project, qid in s.execute(q).all():
        if a.id == exclude:
            continue
        outcome = outcome_in(s, a.id, today=today)
        if not outcome.complete or outcome.realised_level is None or outcome.rule is None:
            continue
        row = s.get(Result, a.id)
        stored = result_view(row).result if row is not None else None  # the chain's typed stored result
        probs = stored.residual_level_probabilities if stored is not None else None
        level = stored.residual_level if stored is not None else None
        if probs is None or level not in bt.LEVELS:
            without.append(a.id)
            continue
        predicted = {k: float(probs.get(k) or 0.0) for k in bt.LEVELS}
        cases.append(
            CaseView(
                assessment=a.id,
                project_code=project.code,
                project_name=project.name,
                questionnaire=qid,
                region=project.region,
                project_type=project.type,
                predicted=predicted,
                predicted_level=str(level),
                realised_level=outcome.realised_level,
                rule=outcome.rule.text(),
                brier=bt.brier(predicted, outcome.realised_level),
            )
        )
    return cases, without


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _groups(cases: Sequence[CaseView], key: Callable[[CaseView], str]) -> tuple[GroupFigure, ...]:
    by: dict[str, list[CaseView]] = defaultdict(list)
    for c in cases:
        by[key(c)].append(c)
    return tuple(
        GroupFigure(
            key=k,
            n=len(v),
            brier=_mean([c.brier for c in v]),
            hit_rate=bt.hit_rate([c.predicted_level for c in v], [c.realised_level for c in v]),
        )
        for k, v in sorted(by.items())
    )


def figures(cases: Sequence[CaseView]) -> dict[str, object]:
    """Brier, hit rate, confusion, reliability and the groups of a set of cases."""
    predicted = [c.predicted_level for c in cases]
    realised = [c.realised_level for c in cases]
    forecasts = [[c.predicted[k] for k in bt.LEVELS] for c in cases]
    bins = bt.reliability(forecasts, realised, bins=RELIABILITY_BINS)
    return {
        "brier": _mean([c.brier for c in cases]),
        "hit_rate": bt.hit_rate(predicted, realised),
        "confusion": tuple(tuple(row) for row in bt.confusion(predicted, realised)),
        "reliability": tuple(
            ReliabilityBinView(b.lower, b.upper, b.count, b.mean_predicted, b.observed_frequency) for b in bins
        ),
    }


def run_backtest(
    store: Store, actor: Actor, *, questionnaire: str | None = None, with_experts: bool = True
) -> BacktestView:
    """The back-test over every assessment with a complete tracking period (optionally one questionnaire).

    ``by_expert`` is None unless the actor may see expert scores (organizers, admins) and ``with_experts``.
    """
    with store.read() as s:
        cases, without = cases_in(s, questionnaire=questionnaire)
    f = figures(cases)
    by_expert = None
    if with_experts and may_see_expert_scores(actor):
        from riskmodel.services.backtest_experts import expert_scores_for

        by_expert = tuple(expert_scores_for(store, cases))
    return BacktestView(
        questionnaire=questionnaire,
        cases=tuple(cases),
        brier=f["brier"],  # type: ignore[arg-type]
        hit_rate=f["hit_rate"],  # type: ignore[arg-type]
        confusion=f["confusion"],  # type: ignore[arg-type]
        reliability=f["reliability"],  # type: ignore[arg-type]
        by_questionnaire=_groups(cases, lambda c: c.questionnaire),
        by_region=_groups(cases, lambda c: c.region),
        by_type=_groups(cases, lambda c: c.project_type),
        by_expert=by_expert,
        without_probabilities=tuple(without),
    )
