"""Loading rows inside a transaction with the right error when they are missing (internal)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmodel.errors import NotFoundError
from riskmodel.store.models import Assessment, PanelMember, Project, QuestionnaireVersion, Round, User


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def assessment_row(s: Session, assessment_id: int, *, lock: bool = False) -> Assessment:
    """The assessment; ``lock`` takes a row lock (PostgreSQL) so state changes are serialised."""
    q = select(Assessment).where(Assessment.id == int(assessment_id))
    if lock:
        q = q.with_for_update()
    row = s.execute(q).scalar_one_or_none()
    if row is None:
        raise NotFoundError("store.assessment.not_found", id=assessment_id)
    return row


def project_row(s: Session, project_id: int | str, *, lock: bool = False) -> Project:
    """A project by id, or by code when given a string that is not a number."""
    if isinstance(project_id, str) and not project_id.isdigit():
        q = select(Project).where(Project.code == project_id)
    else:
        q = select(Project).where(Project.id == int(project_id))
    if lock:
        q = q.with_for_update()
    row = s.execute(q).scalar_one_or_none()
    if row is None:
        raise NotFoundError("store.project.not_found", id=project_id)
    return row


def version_row(s: Session, version_id: int) -> QuestionnaireVersion:
    """The questionnaire version an assessment points to (typed: never None; a dangling id is refused)."""
    row = s.get(QuestionnaireVersion, version_id)
    if row is None:
        raise NotFoundError("store.questionnaire.version_not_found", id=version_id)
    return row


def user_row(s: Session, username: str) -> User:
    row = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
    if row is None:
        raise NotFoundError("store.user.not_found", username=username)
    return row


def open_round(s: Session, assessment_id: int, *, share_lock: bool = False, lock: bool = False) -> Round | None:
    q = select(Round).where(Round.assessment_id == assessment_id, Round.status == "open")
    if lock:
        q = q.with_for_update()
    elif share_lock:
        q = q.with_for_update(read=True)
    return s.execute(q).scalar_one_or_none()


def latest_round(s: Session, assessment_id: int) -> Round | None:
    return s.execute(
        select(Round).where(Round.assessment_id == assessment_id).order_by(Round.number.desc()).limit(1)
    ).scalar_one_or_none()


def membership(s: Session, assessment_id: int, user_id: int | None) -> PanelMember | None:
    if user_id is None:
        return None
    return s.execute(
        select(PanelMember).where(PanelMember.assessment_id == assessment_id, PanelMember.user_id == user_id)
    ).scalar_one_or_none()
