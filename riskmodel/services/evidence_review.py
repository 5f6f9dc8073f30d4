"""The expert review meeting (专家评审会) of an assessment.

The organizer records the meeting (date, place) and names the group leader (组长), a member of the panel.
Each panel expert writes his opinion in the app; the leader drafts the group opinion (专家组意见); every
expert then confirms it — the confirmation is stored with its time and the SHA-256 of the text confirmed,
and audited (``evidence.review.confirm``). A redraft clears the confirmations, so every signature on the
专家签名表 is of the text printed above it. Names are shown in these records (filing requires them);
the Delphi ratings stay anonymous.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, NotFoundError, PermissionDenied
from riskmodel.services import audit, workflow
from riskmodel.services._lookup import assessment_row, iso, membership, user_row
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.evidence import EDIT_ROLES, EvidenceFieldError, day, text
from riskmodel.services.views.evidence import OpinionView, ReviewView
from riskmodel.store.db import Store
from riskmodel.store.models import EvidenceReview, EvidenceReviewOpinion, PanelMember, User


def sha256_text(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _review(s: Session, assessment_id: int) -> EvidenceReview:
    row = s.execute(select(EvidenceReview).where(EvidenceReview.assessment_id == assessment_id)).scalar_one_or_none()
    if row is None:
        raise NotFoundError("evidence.review.no_meeting", id=assessment_id)
    return row


def _panel_user(s: Session, assessment_id: int, user_id: int | None) -> PanelMember:
    m = membership(s, assessment_id, user_id)
    if m is None or m.has_conflict:
        raise PermissionDenied("evidence.review.not_on_panel", id=assessment_id)
    return m


def _opinion_row(s: Session, assessment_id: int, user_id: int) -> EvidenceReviewOpinion:
    row = s.execute(
        select(EvidenceReviewOpinion).where(
            EvidenceReviewOpinion.assessment_id == assessment_id, EvidenceReviewOpinion.user_id == user_id
        )
    ).scalar_one_or_none()
    if row is None:
        row = EvidenceReviewOpinion(assessment_id=assessment_id, user_id=user_id)
        s.add(row)
    return row


# --- the organizer: the meeting -------------------------------------------------------------------
def apply_meeting(s: Session, actor: Actor, assessment_id: int, fields: dict[str, Any]) -> int:
    held_on = day("held_on", fields.get("held_on")).isoformat()
    place = text("place", fields.get("place"), max_len=200) or ""
    leader_name = text("leader", fields.get("leader"), max_len=64) or ""
    leader = user_row(s, leader_name)
    m = membership(s, assessment_id, leader.id)
    if m is None or m.has_conflict:
        raise EvidenceFieldError("evidence.review.leader_not_on_panel", field="leader", user=leader_name)
    row = s.execute(select(EvidenceReview).where(EvidenceReview.assessment_id == assessment_id)).scalar_one_or_none()
    if row is None:
        row = EvidenceReview(
            assessment_id=assessment_id, created_at=now(), held_on=held_on, place=place, leader_id=leader.id
        )
        s.add(row)
    else:
        if row.leader_id != leader.id and row.group_opinion:
            raise DomainError("evidence.review.leader_locked")
        row.held_on, row.place, row.leader_id = held_on, place, leader.id
    s.flush()
    audit.record(
        s, actor, "evidence.review.meeting", "evidence_review", row.id, assessment=assessment_id,
        held_on=held_on, place=place, leader=leader_name,
    )  # fmt: skip
    return row.id


def save_meeting(store: Store, actor: Actor, assessment_id: int, **fields: Any) -> int:
    """Record the review meeting: held_on, place, leader (username of a panel expert)."""
    require_role(actor, *EDIT_ROLES)

    def _tx(s: Session) -> int:
        workflow.check(assessment_row(s, assessment_id, lock=True), "edit_setup")
        return apply_meeting(s, actor, assessment_id, fields)

    return store.write(_tx)


# --- the experts: opinions, the group opinion, confirmations ----------------------------------------
def apply_opinion(s: Session, actor: Actor, assessment_id: int, opinion: Any) -> None:
    _review(s, assessment_id)
    _panel_user(s, assessment_id, actor.user_id)
    assert actor.user_id is not None
    value = text("opinion", opinion, max_len=20000)
    row = _opinion_row(s, assessment_id, actor.user_id)
    row.opinion = value
    row.written_at = now()
    s.flush()
    audit.record(
        s, actor, "evidence.review.opinion", "evidence_review_opinion", row.id, assessment=assessment_id,
        sha256=sha256_text(value or ""),
    )  # fmt: skip


def apply_group_opinion(s: Session, actor: Actor, assessment_id: int, opinion: Any) -> int:
    review = _review(s, assessment_id)
    if actor.user_id != review.leader_id:
        raise PermissionDenied("evidence.review.not_leader", user=actor.username)
    value = text("group_opinion", opinion, max_len=20000) or ""
    cleared = 0
    if value != (review.group_opinion or ""):
        for row in s.execute(
            select(EvidenceReviewOpinion).where(
                EvidenceReviewOpinion.assessment_id == assessment_id, EvidenceReviewOpinion.confirmed_at.is_not(None)
            )
        ).scalars():
            row.confirmed_at = None
            row.confirmed_sha256 = None
            cleared += 1
    review.group_opinion = value
    review.group_opinion_at = now()
    s.flush()
    audit.record(
        s, actor, "evidence.review.group_opinion", "evidence_review", review.id, assessment=assessment_id,
        sha256=sha256_text(value), confirmations_cleared=cleared,
    )  # fmt: skip
    return cleared


def apply_confirm(s: Session, actor: Actor, assessment_id: int) -> str:
    review = _review(s, assessment_id)
    _panel_user(s, assessment_id, actor.user_id)
    assert actor.user_id is not None
    if not review.group_opinion:
        raise DomainError("evidence.review.no_group_opinion")
    row = _opinion_row(s, assessment_id, actor.user_id)
    if not row.opinion:
        raise DomainError("evidence.review.opinion_first")
    stamp = now()
    digest = sha256_text(review.group_opinion)
    row.confirmed_at = stamp
    row.confirmed_sha256 = digest
    s.flush()
    audit.record(
        s, actor, "evidence.review.confirm", "evidence_review_opinion", row.id, assessment=assessment_id,
        confirmed_at=stamp.isoformat(), sha256=digest,
    )  # fmt: skip
    return stamp.isoformat()


def _expert_write(store: Store, actor: Actor, assessment_id: int, fn) -> Any:
    require_role(actor, "expert")

    def _tx(s: Session) -> Any:
        workflow.check(assessment_row(s, assessment_id, lock=True), "edit_setup")
        return fn(s)

    return store.write(_tx)


def write_opinion(store: Store, actor: Actor, assessment_id: int, opinion: str) -> None:
    """A panel expert writes (or rewrites) his opinion of the report."""
    _expert_write(store, actor, assessment_id, lambda s: apply_opinion(s, actor, assessment_id, opinion))


def draft_group_opinion(store: Store, actor: Actor, assessment_id: int, opinion: str) -> int:
    """The group leader drafts the group opinion; returns how many confirmations a change cleared."""
    return _expert_write(store, actor, assessment_id, lambda s: apply_group_opinion(s, actor, assessment_id, opinion))


def confirm_group_opinion(store: Store, actor: Actor, assessment_id: int) -> str:
    """A panel expert confirms (signs) the current group opinion; returns the time recorded."""
    return _expert_write(store, actor, assessment_id, lambda s: apply_confirm(s, actor, assessment_id))


# --- reading --------------------------------------------------------------------------------------
def read_review(s: Session, assessment_id: int) -> ReviewView | None:
    review = s.execute(select(EvidenceReview).where(EvidenceReview.assessment_id == assessment_id)).scalar_one_or_none()
    if review is None:
        return None
    opinions = {
        o.user_id: o
        for o in s.execute(
            select(EvidenceReviewOpinion).where(EvidenceReviewOpinion.assessment_id == assessment_id)
        ).scalars()
    }
    members = s.execute(
        select(PanelMember, User)
        .join(User, User.id == PanelMember.user_id)
        .where(PanelMember.assessment_id == assessment_id, PanelMember.has_conflict.is_(False))
        .order_by(PanelMember.id)
    ).all()
    current = sha256_text(review.group_opinion) if review.group_opinion else None
    experts = []
    leader_name = ""
    for m, u in members:
        o = opinions.get(u.id)
        confirmed = o is not None and o.confirmed_at is not None and o.confirmed_sha256 == current
        if u.id == review.leader_id:
            leader_name = u.display_name or u.username
        experts.append(
            OpinionView(
                username=u.username,
                name=u.display_name or u.username,
                field=m.field or u.field,
                organization=u.organization,
                opinion=None if o is None else o.opinion,
                written_at=None if o is None else iso(o.written_at),
                confirmed_at=iso(o.confirmed_at) if confirmed and o is not None else None,
                is_leader=u.id == review.leader_id,
            )
        )
    experts.sort(key=lambda e: not e.is_leader)  # the leader first, as on a signature sheet
    leader = s.get(User, review.leader_id)
    confirmed_n = sum(1 for e in experts if e.confirmed_at)
    return ReviewView(
        held_on=review.held_on,
        place=review.place,
        leader="" if leader is None else leader.username,
        leader_name=leader_name or ("" if leader is None else leader.display_name or leader.username),
        group_opinion=review.group_opinion,
        group_opinion_at=iso(review.group_opinion_at),
        experts=experts,
        confirmed=confirmed_n,
        complete=bool(review.group_opinion) and bool(experts) and confirmed_n == len(experts),
    )


def get_review(store: Store, assessment_id: int) -> ReviewView | None:
    with store.read() as s:
        assessment_row(s, assessment_id)
        return read_review(s, assessment_id)
