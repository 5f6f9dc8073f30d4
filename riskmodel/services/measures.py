"""Mitigation measures (防范化解措施, the 428 outline's Table 2): factor, measure, phase, deadline and
requirements, responsible unit, assisting unit, status.

Before the verdict they are edited freely; after it (已出结论 / 跟踪) only the status is followed up,
since the verdict was based on them — changing the plan means a new assessment.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, NotFoundError, ValidationError
from riskmodel.services import audit, workflow
from riskmodel.services._lookup import assessment_row, iso
from riskmodel.services.assessments import mark_stale
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.views.measures import MeasureView
from riskmodel.store.db import Store
from riskmodel.store.models import MEASURE_STATUSES, Measure

FIELDS = ("factor", "measure", "phase", "deadline", "responsible", "assisting", "control_node", "status")


def measure_view(m: Measure) -> MeasureView:
    return MeasureView(
        id=m.id,
        assessment_id=m.assessment_id,
        **{f: getattr(m, f) for f in FIELDS},
        created_at=iso(m.created_at),
        updated_at=iso(m.updated_at),
        row_version=m.row_version,
    )


def _validate(fields: dict[str, Any]) -> None:
    for key in ("factor", "measure"):
        if key in fields and not (fields[key] or "").strip():
            raise ValidationError("store.measure.required", field=key)
    if "status" in fields and fields["status"] not in MEASURE_STATUSES:
        raise ValidationError("store.measure.bad_status", status=fields["status"], statuses="、".join(MEASURE_STATUSES))


def add_measure(
    store: Store,
    actor: Actor,
    assessment_id: int,
    *,
    factor: str,
    measure: str,
    phase: str | None = None,
    deadline: str | None = None,
    responsible: str | None = None,
    assisting: str | None = None,
    control_node: str | None = None,
    status: str = "计划",
) -> MeasureView:
    require_role(actor, "organizer", "admin")
    fields = {
        "factor": factor,
        "measure": measure,
        "phase": phase,
        "deadline": deadline,
        "responsible": responsible,
        "assisting": assisting,
        "control_node": control_node,
        "status": status,
    }
    _validate(fields)

    def _add(s: Session) -> MeasureView:
        a = assessment_row(s, assessment_id, lock=True)
        workflow.check(a, "edit_setup")
        stamp = now()
        m = Measure(
            assessment_id=a.id,
            created_at=stamp,
            updated_at=stamp,
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()},
        )
        s.add(m)
        s.flush()
        mark_stale(s, a.id)
        audit.record(s, actor, "measure.add", "measure", m.id, assessment=a.id, **fields)
        return measure_view(m)

    return store.write(_add)


def update_measure(
    store: Store, actor: Actor, measure_id: int, expected_row_version: int | None = None, **changes: Any
) -> MeasureView:
    """Edit a measure; after the verdict only ``status`` may change. Pass the form's ``row_version``
    so a concurrent edit is reported instead of overwritten."""
    require_role(actor, "organizer", "admin")
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError("store.measure.unknown_field", fields=", ".join(sorted(unknown)))
    _validate(changes)

    def _update(s: Session) -> MeasureView:
        m = s.execute(select(Measure).where(Measure.id == measure_id).with_for_update()).scalar_one_or_none()
        if m is None:
            raise NotFoundError("store.measure.not_found", id=measure_id)
        if expected_row_version is not None and m.row_version != expected_row_version:
            raise DomainError("store.db.stale")
        a = assessment_row(s, m.assessment_id)
        if workflow.allowed(a.state, "track_measure"):
            if set(changes) - {"status"}:
                raise DomainError("store.measure.locked", id=m.id)
            workflow.check(a, "track_measure")
        else:
            workflow.check(a, "edit_setup")
        before = {k: getattr(m, k) for k in changes}
        for key, value in changes.items():
            setattr(m, key, value.strip() if isinstance(value, str) else value)
        m.updated_at = now()
        s.flush()
        mark_stale(s, a.id)
        audit.record(s, actor, "measure.update", "measure", m.id, assessment=a.id, before=before, after=changes)
        return measure_view(m)

    return store.write(_update)


def list_measures(store: Store, assessment_id: int) -> list[MeasureView]:
    """Every measure of the assessment, cancelled ones included (see ``MeasureView.active``)."""
    with store.read() as s:
        assessment_row(s, assessment_id)
        return [
            measure_view(m)
            for m in s.execute(
                select(Measure).where(Measure.assessment_id == assessment_id).order_by(Measure.id)
            ).scalars()
        ]


def active_measures(store: Store, assessment_id: int) -> list[MeasureView]:
    """The measures that are assessed: every one not cancelled."""
    return [m for m in list_measures(store, assessment_id) if m.active]
