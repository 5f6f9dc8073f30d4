"""The portfolio: one flat row per assessment for the leader dashboard (领导驾驶舱).

One query over projects, assessments, stored results and verdicts — the engine never runs here, so
a thousand projects load in milliseconds. The official level/verdict is the signed one when a verdict
exists, else the engine's latest proposal (``verdict_issued`` tells which; ``stale`` says the stored
result predates the latest inputs).

``index`` / ``residual_index`` are the raw index in its method's unit (``index_unit``: ``score`` — the
rating scale, ``index_min``…``index_max``; ``probability_impact`` — P × I); ``index_100`` /
``residual_index_100`` put it on one 0–100 scale (the mapping per method is in the README's Method
section), so rows of different methods can be sorted together.

``portfolio_entries`` gives typed rows (``PortfolioEntry``); ``portfolio`` their ``to_dict`` for the CLI's
``portfolio --json`` and the portfolio export. The leader pages read ``services.dashboard.portfolio_rows``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from riskmodel.services.views.dashboard import PortfolioEntry
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, Project, QuestionnaireVersion, Result, Round, Verdict


@dataclass(frozen=True)
class PortfolioFilter:
    """Every field is optional; tuples mean "any of"."""

    regions: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()  # matches the residual level (the one that counts)
    verdicts: tuple[str, ...] = ()
    date_from: date | None = None  # on the assessment's creation date
    date_to: date | None = None
    text: str | None = None  # in project name or code
    latest_only: bool = True  # only each project's latest assessment


COLUMNS = (
    "project_id",
    "project_code",
    "project",
    "region",
    "type",
    "stage",
    "investment_wan",
    "affected_households",
    "assessment_id",
    "state",
    "questionnaire",
    "created_at",
    "last_round_at",
    "verdict_at",
    "level",
    "residual_level",
    "verdict",
    "verdict_issued",
    "index",
    "residual_index",
    "stale",
    "dimension_scores",
    "index_100",
    "residual_index_100",
    "index_unit",
    "index_min",
    "index_max",
)


def portfolio(store: Store, filters: PortfolioFilter | dict | None = None) -> list[dict[str, Any]]:
    """Flat rows with COLUMNS for the CLI's JSON and the exports (``PortfolioEntry.to_dict``);
    ``dimension_scores`` is also spread into ``dim.<id>`` (before measures) and ``dim.<id>.after`` keys."""
    return [entry.to_dict() for entry in portfolio_entries(store, filters)]


def portfolio_entries(store: Store, filters: PortfolioFilter | dict | None = None) -> list[PortfolioEntry]:
    """One typed row per assessment (each project's latest only unless ``latest_only=False``)."""
    f = filters if isinstance(filters, PortfolioFilter) else PortfolioFilter(**(filters or {}))
    last_round = (
        select(Round.assessment_id, func.max(func.coalesce(Round.closed_at, Round.opened_at)).label("at"))
        .group_by(Round.assessment_id)
        .subquery()
    )
    # plain columns, not ORM entities: no identity map, no full result JSON — one cheap row per assessment
    q = (
        select(
            Project.id,
            Project.code,
            Project.name,
            Project.region,
            Project.type,
            Project.stage,
            Project.investment_wan,
            Project.affected_households,
            Assessment.id,
            Assessment.state,
            QuestionnaireVersion.qid,
            Assessment.created_at,
            last_round.c.at,
            Verdict.signed_at,
            Verdict.level,
            Verdict.residual_level,
            Verdict.verdict,
            Result.level,
            Result.residual_level,
            Result.verdict,
            Result.index_value,
            Result.residual_index,
            Result.stale,
            Result.dimension_scores,
            Result.index_100,
            Result.residual_index_100,
            Result.index_unit,
            Result.index_min,
            Result.index_max,
        )
        .join(Assessment, Assessment.project_id == Project.id)
        .join(QuestionnaireVersion, Assessment.questionnaire_version_id == QuestionnaireVersion.id)
        .outerjoin(Result, Result.assessment_id == Assessment.id)
        .outerjoin(Verdict, Verdict.assessment_id == Assessment.id)
        .outerjoin(last_round, last_round.c.assessment_id == Assessment.id)
        .order_by(Project.id, Assessment.id)
    )
    if f.latest_only:
        newest = (
            select(Assessment.project_id, func.max(Assessment.id).label("aid"))
            .group_by(Assessment.project_id)
            .subquery()
        )
        q = q.join(newest, and_(newest.c.aid == Assessment.id))
    if f.regions:
        q = q.where(Project.region.in_(f.regions))
    if f.types:
        q = q.where(Project.type.in_(f.types))
    if f.stages:
        q = q.where(Project.stage.in_(f.stages))
    if f.states:
        q = q.where(Assessment.state.in_(f.states))
    if f.date_from:
        q = q.where(Assessment.created_at >= datetime.combine(f.date_from, datetime.min.time()))
    if f.date_to:
        q = q.where(Assessment.created_at < datetime.combine(f.date_to, datetime.max.time()))
    if f.text:
        like = f"%{f.text.strip()}%"
        q = q.where(or_(Project.name.like(like), Project.code.like(like)))
    if f.levels:
        q = q.where(func.coalesce(Verdict.residual_level, Result.residual_level).in_(f.levels))
    if f.verdicts:
        q = q.where(func.coalesce(Verdict.verdict, Result.verdict).in_(f.verdicts))
    rows: list[PortfolioEntry] = []
    with store.read() as s:
        for (
            pid,
            code,
            name,
            region,
            ptype,
            stage,
            invest,
            households,
            aid,
            state,
            qid,
            created,
            round_at,
            signed_at,
            v_level,
            v_residual,
            v_verdict,
            r_level,
            r_residual,
            r_verdict,
            index,
            r_index,
            stale,
            dims,
            index_100,
            r_index_100,
            unit,
            index_min,
            index_max,
        ) in s.execute(q):
            issued = signed_at is not None
            rows.append(
                PortfolioEntry(
                    project_id=pid,
                    project_code=code,
                    project=name,
                    region=region,
                    type=ptype,
                    stage=stage,
                    investment_wan=invest,
                    affected_households=households,
                    assessment_id=aid,
                    state=state,
                    questionnaire=qid,
                    created_at=created,
                    last_round_at=round_at,
                    verdict_at=signed_at,
                    level=v_level if issued else r_level,
                    residual_level=v_residual if issued else r_residual,
                    verdict=v_verdict if issued else r_verdict,
                    verdict_issued=issued,
                    index=index,
                    residual_index=r_index,
                    stale=None if stale is None else bool(stale),
                    dimension_scores=dims or {},
                    index_100=index_100,
                    residual_index_100=r_index_100,
                    index_unit=unit,
                    index_min=index_min,
                    index_max=index_max,
                )
            )
    return rows


def portfolio_frame(store: Store, filters: PortfolioFilter | dict | None = None):
    """The portfolio as a pandas DataFrame (for charts and exports)."""
    import pandas as pd

    rows = portfolio(store, filters)
    frame = pd.DataFrame(rows, columns=list(COLUMNS) + sorted({k for r in rows for k in r if k.startswith("dim.")}))
    return frame.drop(columns=["dimension_scores"])
