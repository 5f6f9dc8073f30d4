"""Delphi rounds (德尔菲轮次): open one round at a time, close it, open the next with group feedback."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskmodel.domain import RoundStatus
from riskmodel.errors import DomainError
from riskmodel.services import audit, workflow
from riskmodel.services._lookup import assessment_row, iso, latest_round, open_round
from riskmodel.services.assessments import assessment_view, refresh_quietly
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.panels import panel_status
from riskmodel.services.views.assessments import AssessmentView
from riskmodel.services.views.rounds import RoundProgress, RoundView
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, Rating, Round, Submission


def open_next_round(store: Store, actor: Actor, assessment_id: int) -> AssessmentView:
    """Open round n+1 (草稿/专家评分/复核 → 专家评分).

    Refused while another round is open, and when the panel is below the standard's size without a
    recorded override (or has no eligible member at all).
    """
    require_role(actor, "organizer", "admin")

    def _open(s: Session) -> AssessmentView:
        a = assessment_row(s, assessment_id, lock=True)
        workflow.check(a, "open_round")
        current = open_round(s, a.id)
        if current is not None:
            raise DomainError("store.round.already_open", id=a.id, number=current.number)
        status = panel_status(s, a)
        if status.eligible == 0:
            raise DomainError("store.panel.empty", id=a.id)
        if not status.ok:
            raise DomainError("store.panel.too_small", id=a.id, eligible=status.eligible, required=status.required)
        last = s.execute(select(func.max(Round.number)).where(Round.assessment_id == a.id)).scalar() or 0
        r = Round(assessment_id=a.id, number=last + 1, status="open", opened_at=now(), opened_by_id=actor.user_id)
        s.add(r)
        a.state = workflow.SCORING
        a.updated_at = now()
        s.flush()
        audit.record(s, actor, "round.open", "assessment", a.id, round=r.number)
        return assessment_view(s, a)

    return store.write(_open)


def close_round(store: Store, actor: Actor, assessment_id: int, *, refresh: bool = True) -> AssessmentView:
    """Close the open round; its ratings become read-only. The result is recomputed afterwards
    (``refresh=False`` leaves that to a later step, e.g. when seeding many rounds at once)."""
    require_role(actor, "organizer", "admin")

    def _close(s: Session) -> AssessmentView:
        a = assessment_row(s, assessment_id, lock=True)
        workflow.check(a, "close_round")
        r = open_round(s, a.id, lock=True)
        if r is None:
            raise DomainError("store.round.none_open", id=a.id)
        r.status = "closed"
        r.closed_at = now()
        r.closed_by_id = actor.user_id
        a.updated_at = now()
        s.flush()
        submitted = s.execute(
            select(func.count(func.distinct(Submission.user_id))).where(Submission.round_id == r.id)
        ).scalar_one()
        audit.record(s, actor, "round.close", "assessment", a.id, round=r.number, experts_submitted=submitted)
        return assessment_view(s, a)

    out = store.write(_close)
    if refresh:
        refresh_quietly(store, assessment_id)
    return out


def list_rounds(store: Store, assessment_id: int) -> list[RoundView]:
    """Rounds with how many experts submitted and how many ratings each holds."""
    with store.read() as s:
        assessment_row(s, assessment_id)
        rounds = (
            s.execute(select(Round).where(Round.assessment_id == assessment_id).order_by(Round.number)).scalars().all()
        )
        counts = dict(
            s.execute(
                select(Rating.round_id, func.count())
                .where(Rating.assessment_id == assessment_id)
                .group_by(Rating.round_id)
            ).all()
        )
        experts = dict(
            s.execute(
                select(Submission.round_id, func.count(func.distinct(Submission.user_id)))
                .where(Submission.assessment_id == assessment_id)
                .group_by(Submission.round_id)
            ).all()
        )
        return [
            RoundView(
                number=r.number,
                status=RoundStatus(r.status),
                opened_at=iso(r.opened_at),
                closed_at=iso(r.closed_at),
                ratings=counts.get(r.id, 0),
                experts_submitted=experts.get(r.id, 0),
            )
            for r in rounds
        ]


def progress_in(s: Session, a: Assessment) -> RoundProgress | None:
    """The latest round of ``a`` with the experts who submitted **in it** (not in any round) out of the
    eligible panel — what a surface means by "n/m 已提交" while a round is open."""
    r = latest_round(s, a.id)
    if r is None:
        return None
    submitted = s.execute(
        select(func.count(func.distinct(Submission.user_id))).where(Submission.round_id == r.id)
    ).scalar()
    return RoundProgress(
        number=r.number, status=r.status, experts_submitted=int(submitted or 0), eligible=panel_status(s, a).eligible
    )


def round_progress(store: Store, assessment_id: int) -> RoundProgress | None:
    with store.read() as s:
        return progress_in(s, assessment_row(s, assessment_id))
