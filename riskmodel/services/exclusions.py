"""Indicator exclusions: an indicator left out of an assessment on purpose, with its reason.

An incomplete result (an indicator without a counted rating in a phase the questionnaire requires)
cannot be signed; the organizer either has it rated or records an exclusion here — ``phase`` None: the
indicator does not apply to this project (left out of the index); ``after``: deliberately not re-rated
after measures (its pre-measure value stands in the residual level). The engine receives the exclusions
with the input, the report prints them. Recorded and withdrawn only before the verdict, both audited.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, NotFoundError, ValidationError
from riskmodel.services import audit, workflow
from riskmodel.services._lookup import assessment_row, iso
from riskmodel.services.assessments import mark_stale, questionnaire_of
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.views.assessments import ExclusionView
from riskmodel.store.db import Store
from riskmodel.store.models import Exclusion, User

PHASES = (None, "after")
MAX_REASON = 2000


def _view(row: Exclusion, username: str | None) -> ExclusionView:
    return ExclusionView(
        id=row.id,
        assessment_id=row.assessment_id,
        indicator=row.indicator,
        phase=row.phase,
        reason=row.reason,
        recorded_by=username,
        recorded_at=iso(row.recorded_at),
    )


def record_exclusion(
    store: Store, actor: Actor, assessment_id: int, indicator: str, reason: str, *, phase: str | None = None
) -> ExclusionView:
    """Leave ``indicator`` out with a written reason (organizers); one exclusion per indicator."""
    require_role(actor, "organizer", "admin")
    text = (reason or "").strip()
    if not text:
        raise ValidationError("chain.exclusion.reason_required", indicator=indicator)
    if len(text) > MAX_REASON:
        raise ValidationError("chain.exclusion.reason_too_long", indicator=indicator, max=MAX_REASON)
    if phase not in PHASES:
        raise ValidationError("chain.exclusion.bad_phase", indicator=indicator, value=phase)
    q = questionnaire_of(store, assessment_id)
    if indicator not in set(q.indicator_ids()):
        raise ValidationError("chain.exclusion.unknown_indicator", indicator=indicator, questionnaire=q.id)
    if phase == "after" and "after" not in q.phases:
        raise ValidationError("chain.exclusion.bad_phase", indicator=indicator, value=phase)

    def _record(s: Session) -> ExclusionView:
        a = assessment_row(s, assessment_id, lock=True)
        workflow.check(a, "edit_setup")
        held = s.execute(
            select(Exclusion).where(Exclusion.assessment_id == a.id, Exclusion.indicator == indicator)
        ).scalar_one_or_none()
        if held is not None:
            raise DomainError("chain.exclusion.duplicate", indicator=indicator)
        row = Exclusion(
            assessment_id=a.id,
            indicator=indicator,
            phase=phase,
            reason=text,
            recorded_by_id=actor.user_id,
            recorded_at=now(),
        )
        s.add(row)
        s.flush()
        mark_stale(s, a.id)
        audit.record(
            s,
            actor,
            "exclusion.record",
            "assessment",
            a.id,
            exclusion=row.id,
            indicator=indicator,
            phase=phase,
            reason=text,
        )
        return _view(row, actor.username)

    return store.write(_record)


def withdraw_exclusion(store: Store, actor: Actor, assessment_id: int, exclusion_id: int) -> ExclusionView:
    """Take an exclusion back (before the verdict); the audit trail keeps what it said. Returns it."""
    require_role(actor, "organizer", "admin")

    def _withdraw(s: Session) -> ExclusionView:
        a = assessment_row(s, assessment_id, lock=True)
        workflow.check(a, "edit_setup")
        row = s.get(Exclusion, int(exclusion_id))
        if row is None or row.assessment_id != a.id:
            raise NotFoundError("chain.exclusion.not_found", id=exclusion_id)
        audit.record(
            s,
            actor,
            "exclusion.withdraw",
            "assessment",
            a.id,
            exclusion=row.id,
            indicator=row.indicator,
            phase=row.phase,
            reason=row.reason,
        )
        gone = _view(row, None)
        s.delete(row)
        mark_stale(s, a.id)
        return gone

    return store.write(_withdraw)


def list_exclusions(store: Store, assessment_id: int) -> list[ExclusionView]:
    with store.read() as s:
        assessment_row(s, assessment_id)
        rows = s.execute(
            select(Exclusion, User.username)
            .outerjoin(User, Exclusion.recorded_by_id == User.id)
            .where(Exclusion.assessment_id == assessment_id)
            .order_by(Exclusion.id)
        ).all()
        return [_view(r, name) for r, name in rows]
