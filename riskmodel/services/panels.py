"""The expert panel (评估专家组) of an assessment.

Each member has a field, authority coefficients Ca (判断依据) and Cs (熟悉程度) — one number or one per
dimension of the questionnaire — and a conflict-of-interest declaration (利益冲突/回避声明). Members who
declared a conflict neither rate nor count toward the panel size. The size rule comes from the
questionnaire (``required_panel_size``); a smaller panel needs an override recorded with a reason.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, PermissionDenied, ValidationError
from riskmodel.services import audit, workflow
from riskmodel.services._lookup import assessment_row, iso, membership, open_round, project_row, user_row
from riskmodel.services.assessments import mark_stale
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.questionnaires import parse_version
from riskmodel.services.views.panels import PanelMemberView, PanelStatus, SelfAssessment
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, PanelMember, QuestionnaireVersion, Rating, User


def _check_coefficient(value: Any, dimensions: list[str], name: str) -> Any:
    values = value.items() if isinstance(value, dict) else [("*", value)]
    out = {}
    for key, v in values:
        if key != "*" and key not in dimensions:
            raise ValidationError("store.panel.bad_dimension", which=name, dimension=key, known=", ".join(dimensions))
        try:
            number = float(v)
        except (TypeError, ValueError):
            raise ValidationError("store.panel.bad_coefficient", which=name, value=v) from None
        if not 0.0 <= number <= 1.0:
            raise ValidationError("store.panel.bad_coefficient", which=name, value=v)
        out[key] = number
    return out if isinstance(value, dict) else out["*"]


def _editable(s: Session, a: Assessment) -> None:
    workflow.check(a, "edit_setup")
    if open_round(s, a.id) is not None:
        raise DomainError("store.panel.round_open", id=a.id)


def _dimensions(s: Session, a: Assessment) -> list[str]:
    return [d.id for d in parse_version(s.get(QuestionnaireVersion, a.questionnaire_version_id)).dimensions]


def member_view(m: PanelMember, u: User) -> PanelMemberView:
    return PanelMemberView(
        username=u.username,
        display_name=u.display_name,
        field=m.field or u.field,
        ca=m.ca,
        cs=m.cs,
        has_conflict=m.has_conflict,
        conflict_statement=m.conflict_statement,
        conflict_declared_at=iso(m.conflict_declared_at),
        added_at=iso(m.added_at),
    )


def add_member(
    store: Store,
    actor: Actor,
    assessment_id: int,
    username: str,
    *,
    field: str | None = None,
    ca: float | dict[str, float] = 1.0,
    cs: float | dict[str, float] = 1.0,
    has_conflict: bool | None = None,
    conflict_statement: str | None = None,
) -> PanelMemberView:
    """Put an expert on the panel. ``has_conflict`` given here records the declaration at once."""
    require_role(actor, "organizer", "admin")

    def _add(s: Session) -> PanelMemberView:
        a = assessment_row(s, assessment_id, lock=True)
        _editable(s, a)
        user = user_row(s, username)
        if user.role != "expert":
            raise DomainError("store.panel.not_expert", username=username, role=user.role)
        if membership(s, a.id, user.id) is not None:
            raise DomainError("store.panel.already_member", username=username, id=a.id)
        dims = _dimensions(s, a)
        stamp = now()
        m = PanelMember(
            assessment_id=a.id,
            user_id=user.id,
            field=field or user.field,
            ca=_check_coefficient(ca, dims, "Ca"),
            cs=_check_coefficient(cs, dims, "Cs"),
            has_conflict=bool(has_conflict),
            conflict_statement=conflict_statement,
            conflict_declared_at=stamp if has_conflict is not None else None,
            added_at=stamp,
        )
        s.add(m)
        s.flush()
        mark_stale(s, a.id)
        audit.record(
            s,
            actor,
            "panel.add",
            "assessment",
            a.id,
            expert=username,
            field=m.field,
            ca=m.ca,
            cs=m.cs,
            has_conflict=m.has_conflict,
        )
        return member_view(m, user)

    return store.write(_add)


def update_member(
    store: Store,
    actor: Actor,
    assessment_id: int,
    username: str,
    *,
    field: str | None = None,
    ca: float | dict[str, float] | None = None,
    cs: float | dict[str, float] | None = None,
) -> PanelMemberView:
    """Change a member's field or coefficients (not while a round is open)."""
    require_role(actor, "organizer", "admin")

    def _update(s: Session) -> PanelMemberView:
        a = assessment_row(s, assessment_id, lock=True)
        _editable(s, a)
        user = user_row(s, username)
        m = membership(s, a.id, user.id)
        if m is None:
            raise DomainError("store.panel.not_member", username=username, id=a.id)
        dims = _dimensions(s, a)
        if field is not None:
            m.field = field
        if ca is not None:
            m.ca = _check_coefficient(ca, dims, "Ca")
        if cs is not None:
            m.cs = _check_coefficient(cs, dims, "Cs")
        s.flush()
        mark_stale(s, a.id)
        audit.record(s, actor, "panel.update", "assessment", a.id, expert=username, field=m.field, ca=m.ca, cs=m.cs)
        return member_view(m, user)

    return store.write(_update)


def remove_member(store: Store, actor: Actor, assessment_id: int, username: str) -> None:
    """Take an expert off the panel; refused once he has submitted ratings (they are kept for the record)."""
    require_role(actor, "organizer", "admin")

    def _remove(s: Session) -> None:
        a = assessment_row(s, assessment_id, lock=True)
        _editable(s, a)
        user = user_row(s, username)
        m = membership(s, a.id, user.id)
        if m is None:
            raise DomainError("store.panel.not_member", username=username, id=a.id)
        if s.execute(select(Rating.id).where(Rating.assessment_id == a.id, Rating.user_id == user.id).limit(1)).first():
            raise DomainError("store.panel.has_ratings", username=username, id=a.id)
        s.delete(m)
        mark_stale(s, a.id)
        audit.record(s, actor, "panel.remove", "assessment", a.id, expert=username)

    store.write(_remove)


def declare_conflict(
    store: Store,
    actor: Actor,
    assessment_id: int,
    has_conflict: bool,
    statement: str | None = None,
    *,
    username: str | None = None,
) -> PanelMemberView:
    """Record a conflict-of-interest declaration: by the expert himself, or by an organizer for him."""
    username = username or actor.username
    if username != actor.username:
        require_role(actor, "organizer", "admin")
    if has_conflict and not (statement or "").strip():
        raise ValidationError("store.panel.conflict_statement_required")

    def _declare(s: Session) -> PanelMemberView:
        a = assessment_row(s, assessment_id, lock=True)
        workflow.check(a, "edit_setup")
        user = user_row(s, username)
        m = membership(s, a.id, user.id)
        if m is None:
            raise DomainError("store.panel.not_member", username=username, id=a.id)
        m.has_conflict = bool(has_conflict)
        m.conflict_statement = statement
        m.conflict_declared_at = now()
        s.flush()
        mark_stale(s, a.id)
        audit.record(
            s,
            actor,
            "panel.conflict",
            "assessment",
            a.id,
            expert=username,
            has_conflict=m.has_conflict,
            statement=statement,
        )
        return member_view(m, user)

    return store.write(_declare)


def list_panel(store: Store, actor: Actor, assessment_id: int) -> list[PanelMemberView]:
    """The panel (organizers, admins, leaders; an expert only of a panel he is on)."""
    with store.read() as s:
        a = assessment_row(s, assessment_id)
        if actor.role == "expert" and not actor.is_system and membership(s, a.id, actor.user_id) is None:
            raise PermissionDenied("store.panel.not_member", username=actor.username, id=a.id)
        rows = s.execute(
            select(PanelMember, User)
            .join(User, PanelMember.user_id == User.id)
            .where(PanelMember.assessment_id == a.id)
            .order_by(User.username)
        ).all()
        return [member_view(m, u) for m, u in rows]


def panel_status(s: Session, a: Assessment) -> PanelStatus:
    """Size, eligible members, the standard's required size and whether an override is recorded."""
    q = parse_version(s.get(QuestionnaireVersion, a.questionnaire_version_id))
    project = project_row(s, a.project_id)
    members = s.execute(select(PanelMember).where(PanelMember.assessment_id == a.id)).scalars().all()
    eligible = sum(1 for m in members if not m.has_conflict)
    required = q.required_panel_size(project.type, project.investment_wan)
    return PanelStatus(
        size=len(members),
        eligible=eligible,
        required=required,
        meets_rule=eligible >= required,
        override=bool(a.panel_override),
        override_reason=a.panel_override_reason,
        ok=eligible >= required or (bool(a.panel_override) and eligible > 0),
    )


def check_panel(store: Store, assessment_id: int) -> PanelStatus:
    with store.read() as s:
        return panel_status(s, assessment_row(s, assessment_id))


def record_panel_override(store: Store, actor: Actor, assessment_id: int, reason: str) -> PanelStatus:
    """Allow a panel below the standard's size, with the reason on record (organizers)."""
    require_role(actor, "organizer")
    if not (reason or "").strip():
        raise ValidationError("store.panel.override_reason_required")

    def _override(s: Session) -> PanelStatus:
        a = assessment_row(s, assessment_id, lock=True)
        workflow.check(a, "edit_setup")
        a.panel_override = True
        a.panel_override_reason = reason.strip()
        a.panel_override_by_id = actor.user_id
        a.panel_override_at = now()
        a.updated_at = now()
        s.flush()
        status = panel_status(s, a)
        audit.record(
            s,
            actor,
            "panel.override",
            "assessment",
            a.id,
            reason=a.panel_override_reason,
            eligible=status.eligible,
            required=status.required,
        )
        return status

    return store.write(_override)


# --- the expert's own entry (Ca/Cs self-assessment, conflict declaration) --------------------------
def set_self_assessment(
    store: Store, actor: Actor, assessment_id: int, ca: dict[str, float], cs: dict[str, float]
) -> SelfAssessment:
    """An expert's own 判断依据 (Ca) and 熟悉程度 (Cs) per dimension, given with his ratings in the open round.

    The organizer sets the starting values on the panel; the expert's self-assessment replaces them for
    his membership (both stay in the audit log). Refused without an open round or outside the panel.
    """
    if actor.role != "expert" or actor.user_id is None:
        raise PermissionDenied("store.rating.experts_only", user=actor.username, role=actor.role)

    def _set(s: Session) -> SelfAssessment:
        a = assessment_row(s, assessment_id, lock=True)
        r = open_round(s, a.id)
        if r is None:
            raise DomainError("store.rating.no_open_round", id=a.id)
        m = membership(s, a.id, actor.user_id)
        if m is None:
            raise DomainError("store.rating.not_on_panel", user=actor.username, id=a.id)
        if m.has_conflict:
            raise DomainError("store.rating.conflict", user=actor.username, id=a.id)
        dims = _dimensions(s, a)
        new_ca = _check_coefficient(dict(ca), dims, "Ca")
        new_cs = _check_coefficient(dict(cs), dims, "Cs")
        if new_ca == m.ca and new_cs == m.cs:
            return SelfAssessment(ca=m.ca, cs=m.cs, changed=False)
        m.ca, m.cs = new_ca, new_cs
        s.flush()
        mark_stale(s, a.id)
        audit.record(
            s,
            actor,
            "panel.self_assessment",
            "assessment",
            a.id,
            expert=actor.username,
            round=r.number,
            ca=new_ca,
            cs=new_cs,
        )
        return SelfAssessment(ca=new_ca, cs=new_cs, changed=True)

    return store.write(_set)


def my_membership(store: Store, actor: Actor, assessment_id: int) -> PanelMemberView | None:
    """The expert's own panel entry (field, Ca, Cs, conflict declaration) or None."""
    with store.read() as s:
        a = assessment_row(s, assessment_id)
        m = membership(s, a.id, actor.user_id)
        if m is None:
            return None
        user = s.get(User, m.user_id)
        assert user is not None  # a panel member's account (foreign key)
        return member_view(m, user)
