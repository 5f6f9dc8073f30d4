"""Opinion survey results (民意调查): support / neutral / oppose and coverage counts.

Each recording appends a row (the history stays); the latest one of each phase counts for the engine:
``before`` (措施前, the survey of the assessment) and ``after`` (措施后, a survey made once the measures
are in place — post-measure evidence, the only way the survey rule stops applying to the residual level).
Counts that cannot be true together (respondents above the answers, covered households above the
project's affected households) are refused naming the field (``model.survey.check_survey_counts``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmodel.domain import Phase
from riskmodel.errors import ValidationError
from riskmodel.model.survey import check_survey_counts
from riskmodel.services import audit, workflow
from riskmodel.services._lookup import assessment_row, iso
from riskmodel.services.assessments import mark_stale
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.views.surveys import COUNT_FIELDS as COUNT_FIELDS  # re-exported (imports)
from riskmodel.services.views.surveys import SurveyView
from riskmodel.store.db import Store
from riskmodel.store.models import Project, Survey

PHASES = ("before", "after")


def survey_view(row: Survey) -> SurveyView:
    total = row.support + row.neutral + row.oppose
    return SurveyView(
        id=row.id,
        assessment_id=row.assessment_id,
        support=row.support,
        neutral=row.neutral,
        oppose=row.oppose,
        respondents_direct=row.respondents_direct,
        respondents_indirect=row.respondents_indirect,
        households_covered=row.households_covered,
        total=total,
        oppose_share=(row.oppose / total) if total else None,
        method=row.method,
        source=row.source,
        note=row.note,
        recorded_at=iso(row.recorded_at),
        phase=Phase(row.phase or Phase.BEFORE),
    )


def record_survey(
    store: Store,
    actor: Actor,
    assessment_id: int,
    *,
    support: int,
    oppose: int,
    neutral: int = 0,
    respondents_direct: int | None = None,
    respondents_indirect: int | None = None,
    households_covered: int | None = None,
    method: str | None = None,
    source: str | None = None,
    note: str | None = None,
    phase: str = "before",
) -> SurveyView:
    """Record a survey result (organizers); ``phase`` ``after`` marks a survey made after measures (措施后).

    Counts must be whole numbers ≥ 0 with at least one answer, and plausible together (see module doc).
    """
    require_role(actor, "organizer", "admin")
    counts = {
        "support": support,
        "neutral": neutral,
        "oppose": oppose,
        "respondents_direct": respondents_direct,
        "respondents_indirect": respondents_indirect,
        "households_covered": households_covered,
    }
    for key, value in counts.items():
        if value is None and key not in ("support", "neutral", "oppose"):
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValidationError("store.survey.bad_count", field=key, value=value)
    if support + neutral + oppose == 0:
        raise ValidationError("store.survey.empty")
    if phase not in PHASES:
        raise ValidationError("chain.survey.bad_phase", value=phase)
    where = "survey" if phase == "before" else "survey_after"

    def _record(s: Session) -> SurveyView:
        a = assessment_row(s, assessment_id, lock=True)
        workflow.check(a, "edit_setup")
        project = s.get(Project, a.project_id)
        check_survey_counts(counts, project.affected_households if project else None, where=where)
        row = Survey(
            phase=phase,
            assessment_id=a.id,
            method=method,
            source=source,
            note=note,
            recorded_at=now(),
            recorded_by_id=actor.user_id,
            **counts,
        )
        s.add(row)
        s.flush()
        mark_stale(s, a.id)
        audit.record(s, actor, "survey.record", "assessment", a.id, survey=row.id, source=source, phase=phase, **counts)
        return survey_view(row)

    return store.write(_record)


def latest_survey(store: Store, assessment_id: int, *, phase: str = "before") -> SurveyView | None:
    """The survey that counts for ``phase`` (before / after measures), or None."""
    with store.read() as s:
        assessment_row(s, assessment_id)
        row = s.execute(
            select(Survey)
            .where(Survey.assessment_id == assessment_id, Survey.phase == phase)
            .order_by(Survey.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        return None if row is None else survey_view(row)


def survey_history(store: Store, assessment_id: int) -> list[SurveyView]:
    """Every recorded survey of the assessment, oldest first (both phases)."""
    with store.read() as s:
        return [
            survey_view(r)
            for r in s.execute(
                select(Survey).where(Survey.assessment_id == assessment_id).order_by(Survey.id)
            ).scalars()
        ]
