"""The evidence record of an assessment (风险调查与评审记录, issue 10): 公示, consultations, the survey in
detail, 主要诉求 and 意见采纳, the parties, 应急预案. The review meeting is in ``evidence_review.py``,
imports of long lists in ``evidence_import.py``.

Every write is one transaction: role check (organizer or admin), validation of the whole record before
anything is stored, the write, one audit entry. The engine's result does not depend on these records, so
nothing is marked stale; reports read them afresh. Bad input raises
``EvidenceFieldError`` naming the field in the user's language — a 公示 shorter than the standard's
minimum, rings that do not add up to the valid questionnaires, a 未采纳 without a reason. Records are
editable until the verdict (``edit_setup``); the demo seeder writes through the same ``apply_*``
functions with ``check_state=False``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, NotFoundError, ValidationError
from riskmodel.model.survey import survey_rates
from riskmodel.model.workdays import count_workdays
from riskmodel.questionnaire import Questionnaire
from riskmodel.services import audit, workflow
from riskmodel.services._lookup import assessment_row
from riskmodel.services.assessments import questionnaire_of
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.views.evidence import (
    AttitudeRow,
    ConsultationView,
    DemandView,
    EmergencyPlanView,
    EvidenceView,
    Finding,
    PartiesView,
    PlanTemplate,
    PublicityView,
    SurveyDetailView,
)
from riskmodel.store.db import Store
from riskmodel.store.models import (
    EvidenceConsultation,
    EvidenceDemand,
    EvidenceEmergencyPlan,
    EvidenceParties,
    EvidencePublicity,
    EvidenceSurveyDetail,
)

CONSULTATION_KINDS: tuple[str, ...] = ("座谈会", "听证会", "入户走访", "现场踏勘", "舆情监测")
PARTICIPANT_CATEGORIES: tuple[str, ...] = ("政府部门", "社会组织", "专业机构", "专家学者", "群众代表")
HANDLINGS: tuple[str, ...] = ("采纳", "部分采纳", "未采纳")
GROUPS: tuple[str, ...] = ("direct", "indirect")  # 直接 / 间接利益相关
MAX_PEOPLE = 1_000_000_000
EDIT_ROLES = ("organizer", "admin")
T = TypeVar("T")


class EvidenceFieldError(ValidationError):
    """Bad input of an evidence record; ``field`` (a name under ``evidence.field.*``) is shown translated."""

    def message(self, lang: str | None = None) -> str:
        from riskmodel.i18n import t

        params = dict(self.params)
        if "field" in params:
            params["field"] = t(f"evidence.field.{params['field']}", lang)
        return t(self.key, lang, **params)


# --- field checks ------------------------------------------------------------------------------------
def text(name: str, value: Any, *, required: bool = True, max_len: int = 4000) -> str | None:
    """A stripped text field; empty → None (or an error when ``required``)."""
    out = "" if value is None else str(value).strip()
    if not out:
        if required:
            raise EvidenceFieldError("evidence.error.required", field=name)
        return None
    if len(out) > max_len:
        raise EvidenceFieldError("evidence.error.too_long", field=name, max=max_len, length=len(out))
    return out


def day(name: str, value: Any) -> date:
    """A date from a ``date`` / ``datetime`` (a spreadsheet cell) or ``YYYY-MM-DD`` text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(name, value, max_len=40) or ""
    try:
        return date.fromisoformat(raw[:10] if len(raw) >= 10 and raw[10:11] in ("", " ", "T") else raw)
    except ValueError:
        raise EvidenceFieldError("evidence.error.bad_date", field=name, value=raw) from None


def count(name: str, value: Any, *, minimum: int = 0) -> int:
    """A whole number ≥ ``minimum`` (a float with a fraction, a bool or a text that is no number is refused)."""
    if isinstance(value, bool):
        raise EvidenceFieldError("evidence.error.bad_count", field=name, value=str(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not minimum <= value <= MAX_PEOPLE:
        raise EvidenceFieldError("evidence.error.bad_count", field=name, value=str(value))
    return value


def choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    v = text(name, value, max_len=40) or ""
    if v not in allowed:
        raise EvidenceFieldError("evidence.error.bad_choice", field=name, value=v, allowed="、".join(allowed))
    return v


# --- the common write pattern ------------------------------------------------------------------------
def _write(
    store: Store, actor: Actor, assessment_id: int, fn: Callable[[Session], T], *, check_state: bool = True
) -> T:
    require_role(actor, *EDIT_ROLES)

    def _tx(s: Session) -> T:
        a = assessment_row(s, assessment_id, lock=True)
        if check_state:
            workflow.check(a, "edit_setup")
        return fn(s)

    return store.write(_tx)


def _owned(s: Session, cls: type, record_id: int, assessment_id: int) -> Any:
    row = s.get(cls, int(record_id))
    if row is None or row.assessment_id != int(assessment_id):
        raise NotFoundError("evidence.error.not_found", id=record_id)
    return row


# --- 公示 --------------------------------------------------------------------------------------------
def clean_publicity(fields: Mapping[str, Any], q: Questionnaire) -> dict[str, Any]:
    start = day("start_date", fields.get("start_date"))
    end = day("end_date", fields.get("end_date"))
    if end < start:
        raise EvidenceFieldError(
            "evidence.publicity.end_before_start", field="end_date", start=start.isoformat(), end=end.isoformat()
        )
    counted = count_workdays(start, end)
    minimum = q.evidence.publicity_min_working_days
    if counted.days < minimum:
        raise EvidenceFieldError(
            "evidence.publicity.too_short",
            field="end_date",
            start=start.isoformat(),
            end=end.isoformat(),
            days=counted.days,
            min=minimum,
        )
    return {
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "channel": text("channel", fields.get("channel"), max_len=200),
        "content": text("content", fields.get("content"), required=False),
        "working_days": counted.days,
        "holidays_known": counted.holidays_known,
    }


def apply_publicity(s: Session, actor: Actor, assessment_id: int, fields: Mapping[str, Any]) -> int:
    clean = clean_publicity(fields, questionnaire_of(s, assessment_id))
    row = EvidencePublicity(assessment_id=assessment_id, created_at=now(), created_by_id=actor.user_id, **clean)
    s.add(row)
    s.flush()
    audit.record(s, actor, "evidence.publicity.add", "evidence_publicity", row.id, assessment=assessment_id, **clean)
    return row.id


def add_publicity(store: Store, actor: Actor, assessment_id: int, **fields: Any) -> int:
    """Record a 公示 (start_date, end_date, channel, content); refused when shorter than the standard's minimum."""
    return _write(store, actor, assessment_id, lambda s: apply_publicity(s, actor, assessment_id, fields))


# --- consultations -----------------------------------------------------------------------------------
def clean_consultation(fields: Mapping[str, Any]) -> dict[str, Any]:
    raw = fields.get("participants") or {}
    if not isinstance(raw, Mapping):
        raise EvidenceFieldError("evidence.error.bad_participants", field="participants", value=str(raw)[:80])
    participants: dict[str, int] = {}
    for key, value in raw.items():
        category = choice("participants", key, PARTICIPANT_CATEGORIES)
        n = count("participants", value)
        if n:
            participants[category] = participants.get(category, 0) + n
    return {
        "kind": choice("kind", fields.get("kind"), CONSULTATION_KINDS),
        "held_on": day("held_on", fields.get("held_on")).isoformat(),
        "place": text("place", fields.get("place"), max_len=200),
        "participants": participants,
        "opinions": text("opinions", fields.get("opinions"), max_len=20000),
    }


def apply_consultation(s: Session, actor: Actor, assessment_id: int, clean: dict[str, Any]) -> int:
    row = EvidenceConsultation(assessment_id=assessment_id, created_at=now(), created_by_id=actor.user_id, **clean)
    s.add(row)
    s.flush()
    audit.record(
        s, actor, "evidence.consultation.add", "evidence_consultation", row.id, assessment=assessment_id, **clean
    )
    return row.id


def add_consultation(store: Store, actor: Actor, assessment_id: int, **fields: Any) -> int:
    """A 座谈会 / 听证会 / 入户走访 / 现场踏勘 / 舆情监测 record (kind, held_on, place, participants, opinions)."""
    clean = clean_consultation(fields)
    return _write(store, actor, assessment_id, lambda s: apply_consultation(s, actor, assessment_id, clean))


# --- the survey in detail ----------------------------------------------------------------------------
def _attitudes(name: str, rows: Any, allowed: tuple[str, ...]) -> list[dict[str, Any]]:
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise EvidenceFieldError("evidence.survey.bad_rows", field=name)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in rows:
        if not isinstance(row, Mapping):
            raise EvidenceFieldError("evidence.survey.bad_rows", field=name)
        key = choice(name, row.get("key"), allowed)
        if key in seen:
            raise EvidenceFieldError("evidence.survey.repeated", field=name, value=key)
        seen.add(key)
        out.append({"key": key, **{k: count(name, row.get(k, 0)) for k in ("support", "neutral", "oppose")}})
    return out


def clean_survey(fields: Mapping[str, Any], q: Questionnaire) -> dict[str, Any]:
    issued = count("issued", fields.get("issued"))
    returned = count("returned", fields.get("returned"))
    valid = count("valid", fields.get("valid"))
    aware = fields.get("aware")
    aware = None if aware in (None, "") else count("aware", aware)
    if returned > issued:
        raise EvidenceFieldError("evidence.survey.more_than", field="returned", value=returned, limit=issued)
    if valid > returned:
        raise EvidenceFieldError("evidence.survey.more_than", field="valid", value=valid, limit=returned)
    if aware is not None and aware > valid:
        raise EvidenceFieldError("evidence.survey.more_than", field="aware", value=aware, limit=valid)
    ring_ids = tuple(r.id for r in q.evidence.rings)
    groups = _attitudes("groups", fields.get("groups"), GROUPS)
    rings = _attitudes("rings", fields.get("rings"), ring_ids)
    for name, rows in (("groups", groups), ("rings", rings)):
        total = sum(r["support"] + r["neutral"] + r["oppose"] for r in rows)
        if rows and total != valid:
            raise EvidenceFieldError("evidence.survey.sum", field=name, total=total, valid=valid)
    return {"issued": issued, "returned": returned, "valid": valid, "aware": aware, "groups": groups, "rings": rings}


def apply_survey(s: Session, actor: Actor, assessment_id: int, fields: Mapping[str, Any]) -> int:
    clean = clean_survey(fields, questionnaire_of(s, assessment_id))
    row = s.execute(
        select(EvidenceSurveyDetail).where(EvidenceSurveyDetail.assessment_id == assessment_id)
    ).scalar_one_or_none()
    expected = fields.get("row_version")
    if row is None:
        row = EvidenceSurveyDetail(assessment_id=assessment_id, updated_at=now(), updated_by_id=actor.user_id, **clean)
        s.add(row)
    else:
        if expected is not None and row.row_version != expected:
            raise DomainError("store.db.stale")
        for k, v in clean.items():
            setattr(row, k, v)
        row.updated_at = now()
        row.updated_by_id = actor.user_id
    s.flush()
    audit.record(s, actor, "evidence.survey.save", "evidence_survey", row.id, assessment=assessment_id, **clean)
    return row.id


def save_survey_detail(store: Store, actor: Actor, assessment_id: int, **fields: Any) -> int:
    """发放 / 回收 / 有效, 知晓 and attitudes by group and ring; groups and rings must each add up to 有效."""
    return _write(store, actor, assessment_id, lambda s: apply_survey(s, actor, assessment_id, fields))


# --- 主要诉求 and 意见采纳 ------------------------------------------------------------------------------
def clean_demand(fields: Mapping[str, Any]) -> dict[str, Any]:
    handling = choice("handling", fields.get("handling"), HANDLINGS)
    reason = text("reason", fields.get("reason"), required=False)
    if handling == "未采纳" and not reason:
        raise EvidenceFieldError("evidence.demand.reason_needed", field="reason")
    return {
        "demand": text("demand", fields.get("demand")),
        "raised_by": text("raised_by", fields.get("raised_by"), max_len=200),
        "people": count("people", fields.get("people"), minimum=1),
        "handling": handling,
        "reason": reason,
        "measure": text("measure", fields.get("measure"), required=False),
    }


def apply_demand(s: Session, actor: Actor, assessment_id: int, clean: dict[str, Any]) -> int:
    row = EvidenceDemand(assessment_id=assessment_id, created_at=now(), created_by_id=actor.user_id, **clean)
    s.add(row)
    s.flush()
    audit.record(s, actor, "evidence.demand.add", "evidence_demand", row.id, assessment=assessment_id, **clean)
    return row.id


def add_demand(store: Store, actor: Actor, assessment_id: int, **fields: Any) -> int:
    """A 主要诉求 (demand, raised_by, people) and its handling (采纳 / 部分采纳 / 未采纳 + reason, measure)."""
    clean = clean_demand(fields)
    return _write(store, actor, assessment_id, lambda s: apply_demand(s, actor, assessment_id, clean))


# --- parties -----------------------------------------------------------------------------------------
def clean_parties(fields: Mapping[str, Any]) -> dict[str, Any]:
    third = bool(fields.get("assessor_third_party"))
    registration = text("assessor_registration", fields.get("assessor_registration"), required=False, max_len=100)
    if third and not registration:
        raise EvidenceFieldError("evidence.parties.registration_needed", field="assessor_registration")
    return {
        "commissioning_unit": text("commissioning_unit", fields.get("commissioning_unit"), max_len=200),
        "assessor": text("assessor", fields.get("assessor"), max_len=200),
        "assessor_third_party": third,
        "assessor_registration": registration,
        "compiler": text("compiler", fields.get("compiler"), max_len=200),
        "note": text("note", fields.get("note"), required=False),
    }


def apply_parties(s: Session, actor: Actor, assessment_id: int, clean: dict[str, Any], expected: int | None) -> int:
    row = s.execute(select(EvidenceParties).where(EvidenceParties.assessment_id == assessment_id)).scalar_one_or_none()
    if row is None:
        row = EvidenceParties(assessment_id=assessment_id, updated_at=now(), updated_by_id=actor.user_id, **clean)
        s.add(row)
    else:
        if expected is not None and row.row_version != expected:
            raise DomainError("store.db.stale")
        for k, v in clean.items():
            setattr(row, k, v)
        row.updated_at = now()
        row.updated_by_id = actor.user_id
    s.flush()
    audit.record(s, actor, "evidence.parties.save", "evidence_parties", row.id, assessment=assessment_id, **clean)
    return row.id


def save_parties(store: Store, actor: Actor, assessment_id: int, **fields: Any) -> int:
    """委托单位, 评估主体 (third party: registration number required) and 编制单位."""
    expected = fields.pop("row_version", None)
    clean = clean_parties(fields)
    return _write(store, actor, assessment_id, lambda s: apply_parties(s, actor, assessment_id, clean, expected))


# --- 应急预案 ------------------------------------------------------------------------------------------
def clean_plan(fields: Mapping[str, Any]) -> dict[str, Any]:
    levels_in = fields.get("levels") or []
    if not isinstance(levels_in, list) or not levels_in:
        raise EvidenceFieldError("evidence.error.required", field="levels")
    levels = []
    for item in levels_in:
        if not isinstance(item, Mapping):
            raise EvidenceFieldError("evidence.error.required", field="levels")
        levels.append(
            {
                "level": text("levels", item.get("level"), max_len=100),
                "trigger": text("trigger", item.get("trigger"), max_len=1000),
            }
        )
    steps_in = fields.get("steps") or []
    if isinstance(steps_in, str):
        steps_in = steps_in.splitlines()
    steps = [str(x).strip() for x in steps_in if str(x).strip()]
    if not steps:
        raise EvidenceFieldError("evidence.error.required", field="steps")
    return {
        "factor": text("factor", fields.get("factor"), max_len=200),
        "command": text("command", fields.get("command"), max_len=200),
        "members": text("members", fields.get("members")),
        "levels": levels,
        "steps": steps,
        "resources": text("resources", fields.get("resources")),
        "contacts": text("contacts", fields.get("contacts")),
    }


def apply_plan(
    s: Session, actor: Actor, assessment_id: int, clean: dict[str, Any], plan_id: int | None, expected: int | None
) -> int:
    stamp = now()
    if plan_id is None:
        row = EvidenceEmergencyPlan(assessment_id=assessment_id, created_at=stamp, updated_at=stamp, **clean)
        s.add(row)
    else:
        row = _owned(s, EvidenceEmergencyPlan, plan_id, assessment_id)
        if expected is not None and row.row_version != expected:
            raise DomainError("store.db.stale")
        for k, v in clean.items():
            setattr(row, k, v)
        row.updated_at = stamp
    s.flush()
    audit.record(s, actor, "evidence.plan.save", "evidence_plan", row.id, assessment=assessment_id, **clean)
    return row.id


def save_emergency_plan(
    store: Store,
    actor: Actor,
    assessment_id: int,
    *,
    plan_id: int | None = None,
    row_version: int | None = None,
    **fields: Any,
) -> int:
    """A 应急预案 of one main risk factor (new, or ``plan_id`` edited)."""
    clean = clean_plan(fields)
    return _write(
        store, actor, assessment_id, lambda s: apply_plan(s, actor, assessment_id, clean, plan_id, row_version)
    )


def plan_template(q: Questionnaire, lang: str = "zh") -> PlanTemplate:
    """The standard's 应急预案 template as the fields of a new plan (factor and contacts left to fill)."""
    tpl = q.evidence.emergency_template
    return PlanTemplate(
        command=tpl.command.get(lang),
        members=tpl.members.get(lang),
        levels=[{"level": lv.level.get(lang), "trigger": lv.trigger.get(lang)} for lv in tpl.levels],
        steps=[st.get(lang) for st in tpl.steps],
        resources=tpl.resources.get(lang),
    )


# --- deleting a record -------------------------------------------------------------------------------
KINDS: dict[str, Any] = {
    "publicity": EvidencePublicity,
    "consultation": EvidenceConsultation,
    "demand": EvidenceDemand,
    "plan": EvidenceEmergencyPlan,
}


def delete_record(store: Store, actor: Actor, assessment_id: int, kind: str, record_id: int) -> None:
    cls = KINDS.get(kind)
    if cls is None:
        raise ValidationError("evidence.error.bad_kind", kind=kind, allowed=", ".join(KINDS))

    def _delete(s: Session) -> None:
        row = _owned(s, cls, record_id, assessment_id)
        s.execute(delete(cls).where(cls.id == row.id))
        audit.record(s, actor, f"evidence.{kind}.delete", f"evidence_{kind}", record_id, assessment=assessment_id)

    _write(store, actor, assessment_id, _delete)


# --- reading -----------------------------------------------------------------------------------------
def _attitude_rows(rows: list[dict[str, Any]], labels: dict[str, tuple[str, str]], mins: dict[str, int | None]):
    out = []
    for r in rows:
        rates = survey_rates(r["support"], r["neutral"], r["oppose"])
        n = r["support"] + r["neutral"] + r["oppose"]

        def f(x: Any, n: int = n) -> float | None:
            return None if n == 0 else float(x)

        zh, en = labels.get(r["key"], (r["key"], r["key"]))
        minimum = mins.get(r["key"])
        out.append(
            AttitudeRow(
                key=r["key"],
                label_zh=zh,
                label_en=en,
                respondents=n,
                support=r["support"],
                neutral=r["neutral"],
                oppose=r["oppose"],
                support_rate=f(rates.support),
                oppose_rate=f(rates.oppose),
                support_ci=(f(rates.support_ci[0]), f(rates.support_ci[1])),
                oppose_ci=(f(rates.oppose_ci[0]), f(rates.oppose_ci[1])),
                min_respondents=minimum,
                coverage_ok=None if minimum is None else n >= minimum,
            )
        )
    return out


GROUP_LABELS = {"direct": ("直接利益相关", "directly affected"), "indirect": ("间接利益相关", "indirectly affected")}


def _rate(k: int | None, n: int) -> float | None:
    return None if k is None or n == 0 else k / n


def read_evidence(s: Session, assessment_id: int, q: Questionnaire) -> EvidenceView:
    from riskmodel.services.evidence_review import read_review

    minimum = q.evidence.publicity_min_working_days
    pubs = s.execute(
        select(EvidencePublicity).where(EvidencePublicity.assessment_id == assessment_id).order_by(EvidencePublicity.id)
    ).scalars()
    cons = s.execute(
        select(EvidenceConsultation)
        .where(EvidenceConsultation.assessment_id == assessment_id)
        .order_by(EvidenceConsultation.held_on, EvidenceConsultation.id)
    ).scalars()
    dems = s.execute(
        select(EvidenceDemand).where(EvidenceDemand.assessment_id == assessment_id).order_by(EvidenceDemand.id)
    ).scalars()
    plans = s.execute(
        select(EvidenceEmergencyPlan)
        .where(EvidenceEmergencyPlan.assessment_id == assessment_id)
        .order_by(EvidenceEmergencyPlan.id)
    ).scalars()
    sd = s.execute(
        select(EvidenceSurveyDetail).where(EvidenceSurveyDetail.assessment_id == assessment_id)
    ).scalar_one_or_none()
    pa = s.execute(select(EvidenceParties).where(EvidenceParties.assessment_id == assessment_id)).scalar_one_or_none()
    survey = None
    if sd is not None:
        ring_labels = {r.id: (r.label.zh, r.label.en) for r in q.evidence.rings}
        ring_mins = {r.id: r.min_respondents for r in q.evidence.rings}
        order = {r.id: k for k, r in enumerate(q.evidence.rings)}
        rings = sorted(sd.rings or [], key=lambda r: order.get(r["key"], 99))
        survey = SurveyDetailView(
            issued=sd.issued,
            returned=sd.returned,
            valid=sd.valid,
            aware=sd.aware,
            return_rate=_rate(sd.returned, sd.issued),
            valid_rate=_rate(sd.valid, sd.returned),
            aware_rate=_rate(sd.aware, sd.valid),
            groups=_attitude_rows(sd.groups or [], GROUP_LABELS, {}),
            rings=_attitude_rows(rings, ring_labels, ring_mins),
            row_version=sd.row_version,
        )
    return EvidenceView(
        assessment_id=assessment_id,
        publicity=[
            PublicityView(
                id=p.id,
                start_date=p.start_date,
                end_date=p.end_date,
                channel=p.channel,
                content=p.content,
                working_days=p.working_days,
                holidays_known=p.holidays_known,
                min_working_days=minimum,
                ok=p.working_days >= minimum,
            )
            for p in pubs
        ],
        consultations=[
            ConsultationView(
                id=c.id,
                kind=c.kind,
                held_on=c.held_on,
                place=c.place,
                participants={k: int(v) for k, v in (c.participants or {}).items()},
                opinions=c.opinions,
                total=sum(int(v) for v in (c.participants or {}).values()),
            )
            for c in cons
        ],
        survey=survey,
        demands=[
            DemandView(
                id=d.id,
                demand=d.demand,
                raised_by=d.raised_by,
                people=d.people,
                handling=d.handling,
                reason=d.reason,
                measure=d.measure,
            )
            for d in dems
        ],
        parties=None
        if pa is None
        else PartiesView(
            commissioning_unit=pa.commissioning_unit,
            assessor=pa.assessor,
            assessor_third_party=pa.assessor_third_party,
            assessor_registration=pa.assessor_registration,
            compiler=pa.compiler,
            note=pa.note,
            row_version=pa.row_version,
        ),
        review=read_review(s, assessment_id),
        plans=[
            EmergencyPlanView(
                id=p.id,
                factor=p.factor,
                command=p.command,
                members=p.members,
                levels=list(p.levels or []),
                steps=list(p.steps or []),
                resources=p.resources,
                contacts=p.contacts,
                row_version=p.row_version,
            )
            for p in plans
        ],
        min_working_days=minimum,
    )


def get_evidence(store: Store, assessment_id: int) -> EvidenceView:
    """The whole evidence record of an assessment (anyone who may read the assessment)."""
    with store.read() as s:
        assessment_row(s, assessment_id)
        q = questionnaire_of(s, assessment_id)
        return read_evidence(s, assessment_id, q)


def evidence_dict(store: Store, assessment_id: int) -> dict[str, Any] | None:
    """The record as plain JSON for the report context and the bundle; None when nothing is recorded."""
    view = get_evidence(store, assessment_id)
    return None if view.empty else view.to_dict()


# --- the filing check (``evidence check``) -----------------------------------------------------------
def check_evidence(view: EvidenceView) -> list[Finding]:
    """What a filing office looks for in the record, item by item (``ok`` False: a gap)."""
    out: list[Finding] = []
    best = max((p.working_days for p in view.publicity), default=None)
    out.append(
        Finding(
            "evidence.check.publicity",
            best is not None and best >= view.min_working_days,
            {"days": "—" if best is None else best, "min": view.min_working_days},
        )
    )
    if any(not p.holidays_known for p in view.publicity):
        out.append(Finding("evidence.check.holidays_unknown", False, {}))
    out.append(Finding("evidence.check.consultations", bool(view.consultations), {"count": len(view.consultations)}))
    sv = view.survey
    out.append(Finding("evidence.check.survey", sv is not None, {"valid": "—" if sv is None else sv.valid}))
    if sv is not None:
        for r in sv.rings:
            if r.coverage_ok is not None:
                out.append(
                    Finding(
                        "evidence.check.ring",
                        r.coverage_ok,
                        {"ring": r.label_zh, "n": r.respondents, "min": r.min_respondents},
                    )
                )
    out.append(Finding("evidence.check.demands", bool(view.demands), {"count": len(view.demands)}))
    out.append(Finding("evidence.check.parties", view.parties is not None, {}))
    rv = view.review
    out.append(
        Finding(
            "evidence.check.review",
            rv is not None and rv.complete,
            {"confirmed": 0 if rv is None else rv.confirmed, "experts": 0 if rv is None else len(rv.experts)},
        )
    )
    out.append(Finding("evidence.check.plans", bool(view.plans), {"count": len(view.plans)}))
    return out
