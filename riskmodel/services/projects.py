"""Projects (项目 / 重大决策): the facts an assessment starts from."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskmodel.domain import State
from riskmodel.errors import DomainError, ValidationError
from riskmodel.questionnaire import PROJECT_TYPES
from riskmodel.services import audit
from riskmodel.services._lookup import assessment_row, iso, project_row
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.views.projects import ProjectAssessment, ProjectListing, ProjectView
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, Project, QuestionnaireVersion, Result, Verdict

STAGES = ("项目立项", "政策出台")
EDITABLE = ("name", "type", "region", "investment_wan", "affected_households", "stage", "description")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


def _project_fields(p: Project) -> dict[str, Any]:
    return {
        "id": p.id,
        "code": p.code,
        "name": p.name,
        "type": p.type,
        "region": p.region,
        "investment_wan": p.investment_wan,
        "affected_households": p.affected_households,
        "stage": p.stage,
        "description": p.description,
        "created_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
        "row_version": p.row_version,
    }


def project_view(p: Project) -> ProjectView:
    return ProjectView(**_project_fields(p))


NAME_MAX = 200  # characters of a project name (the column's size)


def _validate(fields: dict[str, Any]) -> None:
    if "name" in fields and not (fields["name"] or "").strip():
        raise ValidationError("store.project.name_required")
    if "name" in fields and len(fields["name"].strip()) > NAME_MAX:
        raise ValidationError("house.project.name_too_long", length=len(fields["name"].strip()), max=NAME_MAX)
    if isinstance(fields.get("investment_wan"), (int, float)) and fields["investment_wan"] < 0:
        raise ValidationError("house.project.negative_investment", value=fields["investment_wan"])
    if "type" in fields and fields["type"] not in PROJECT_TYPES:
        raise ValidationError("store.project.bad_type", type=fields["type"], types="、".join(PROJECT_TYPES))
    if "stage" in fields and fields["stage"] not in STAGES:
        raise ValidationError("store.project.bad_stage", stage=fields["stage"], stages="、".join(STAGES))
    if "region" in fields and not (fields["region"] or "").strip():
        raise ValidationError("store.project.region_required")
    for key in ("investment_wan", "affected_households"):
        value = fields.get(key)
        if value is not None and (not isinstance(value, (int, float)) or value < 0):
            raise ValidationError("store.project.bad_number", field=key, value=value)


def create_project(
    store: Store,
    actor: Actor,
    *,
    name: str,
    type: str,
    region: str,
    stage: str,
    investment_wan: float | None = None,
    affected_households: int | None = None,
    description: str | None = None,
    code: str | None = None,
) -> ProjectView:
    """Add a project (organizers/admins). ``code`` defaults to P-<year>-<n>."""
    require_role(actor, "organizer", "admin")
    fields = {
        "name": name,
        "type": type,
        "region": region,
        "stage": stage,
        "investment_wan": investment_wan,
        "affected_households": affected_households,
        "description": description,
    }
    _validate(fields)
    if code is not None and not _CODE.match(code):
        raise ValidationError("store.project.bad_code", code=code)

    def _create(s: Session) -> ProjectView:
        stamp = now()
        pcode = code
        if pcode is None:
            count = s.execute(select(func.count()).select_from(Project)).scalar_one()
            pcode = f"P-{stamp.year}-{count + 1:03d}"
            while s.execute(select(Project.id).where(Project.code == pcode)).first():
                count += 1
                pcode = f"P-{stamp.year}-{count + 1:03d}"
        elif s.execute(select(Project.id).where(Project.code == pcode)).first():
            raise DomainError("store.project.code_exists", code=pcode)
        p = Project(
            code=pcode,
            created_at=stamp,
            updated_at=stamp,
            created_by_id=actor.user_id,
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()},
        )
        s.add(p)
        s.flush()
        audit.record(s, actor, "project.create", "project", p.id, code=p.code, name=p.name, type=p.type)
        return project_view(p)

    return store.write(_create)


def update_project(
    store: Store, actor: Actor, project_id: int, expected_row_version: int | None = None, **changes: Any
) -> ProjectView:
    """Change project facts. Pass the ``row_version`` the form was loaded with: a concurrent edit
    by someone else then raises instead of being overwritten."""
    require_role(actor, "organizer", "admin")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError("store.project.unknown_field", fields=", ".join(sorted(unknown)))
    _validate(changes)

    def _update(s: Session) -> ProjectView:
        p = project_row(s, project_id, lock=True)
        if expected_row_version is not None and p.row_version != expected_row_version:
            raise DomainError("store.db.stale")
        concluded = s.execute(
            select(Assessment.id).where(Assessment.project_id == p.id, Assessment.state.in_(("已出结论", "跟踪")))
        ).first()
        if concluded and {"type", "investment_wan", "affected_households", "stage"} & set(changes):
            raise DomainError("store.project.locked_by_verdict", code=p.code)
        before = {k: getattr(p, k) for k in changes}
        for key, value in changes.items():
            setattr(p, key, value.strip() if isinstance(value, str) else value)
        p.updated_at = now()
        s.flush()
        audit.record(s, actor, "project.update", "project", p.id, before=before, after=changes)
        return project_view(p)

    return store.write(_update)


def get_project(store: Store, project_id: int | str) -> ProjectView:
    """One project's facts, by id or code."""
    with store.read() as s:
        return project_view(project_row(s, project_id))


def list_projects(store: Store) -> list[ProjectListing]:
    """All projects (by id) with their assessments: id, questionnaire, state, level and verdict."""
    with store.read() as s:
        projects = s.execute(select(Project).order_by(Project.id)).scalars().all()
        rows = s.execute(
            select(Assessment, QuestionnaireVersion, Result, Verdict)
            .join(QuestionnaireVersion, Assessment.questionnaire_version_id == QuestionnaireVersion.id)
            .outerjoin(Result, Result.assessment_id == Assessment.id)
            .outerjoin(Verdict, Verdict.assessment_id == Assessment.id)
            .order_by(Assessment.id)
        ).all()
        by_id = {p.id: p for p in projects}
        by_project: dict[int, list[ProjectAssessment]] = {}
        for a, qv, r, v in rows:
            p = by_id[a.project_id]
            by_project.setdefault(a.project_id, []).append(
                ProjectAssessment(
                    id=a.id,
                    project_id=p.id,
                    project_code=p.code,
                    project_name=p.name,
                    title=a.title,
                    state=State(a.state),
                    questionnaire_id=qv.qid,
                    questionnaire_version=qv.version,
                    questionnaire_revision=qv.revision,
                    level=v.level if v else (r.level if r else None),
                    residual_level=v.residual_level if v else (r.residual_level if r else None),
                    verdict=v.verdict if v else None,
                    proposed_verdict=r.verdict if r else None,
                    verdict_issued=v is not None,
                    created_at=iso(a.created_at),
                )
            )
        return [ProjectListing(**_project_fields(p), assessments=tuple(by_project.get(p.id, []))) for p in projects]


def record_further_assessment(store: Store, actor: Actor, assessment_id: int, reason: str) -> None:
    """Why a project gets another assessment (再次评估): the organizer confirmed it and gave a reason,
    which the audit trail keeps next to the ``assessment.create`` entry."""
    require_role(actor, "organizer", "admin")
    text = (reason or "").strip()
    if not text:
        raise ValidationError("house.assessment.again_reason_required")

    def _record(s: Session) -> None:
        a = assessment_row(s, assessment_id)
        audit.record(s, actor, "assessment.further", "assessment", a.id, project=a.project_id, reason=text)

    store.write(_record)


def projects_of(store: Store) -> list[ProjectView]:
    """Every project's facts, typed (the pages that do not need the assessments)."""
    with store.read() as s:
        return [project_view(p) for p in s.execute(select(Project).order_by(Project.code)).scalars()]
