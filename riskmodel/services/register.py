"""The 稳评 register (稳评事项台账): matters that require an assessment, their links and decisions (issue 11).

A matter's state follows from its facts, so it can never disagree with them:
应评 (no assessment linked) → 评估中 (linked) → 已评估 (a linked assessment has a signed verdict) →
已备案 (a linked assessment's filing was accepted, 予以备案) → 已决策 (the decision is recorded).

**The gate**: recording a decision on a matter without a filed 稳评 flags it 未评先决
(``decided_without_assessment``); a decision that differs from the filed verdict flags
``decision_departs``. Flags are fixed when the decision is recorded (a filing made afterwards does not
clear 未评先决) and the decision, the flags and any move of an assessment between matters are audited.

Imports (CSV/XLSX through ``riskmodel.tabular``) check every row and store nothing unless all are valid;
a re-import updates matters by ``code``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, case, exists, insert, select
from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, NotFoundError, ValidationError
from riskmodel.services import audit
from riskmodel.services._lookup import assessment_row
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.imports import parse_keyed_rows
from riskmodel.services.validation import RowProblem, RowsInvalid
from riskmodel.services.views.register import (
    ACCEPTED,
    CHECKPOINTS,
    DECISIONS,
    KINDS,
    TRACKS,
    ImportCounts,
    MatterLink,
    MatterView,
)
from riskmodel.store.db import Store
from riskmodel.store.models import Assessor, Filing, RegisterLink, RegisterMatter, Verdict

COLUMNS = ("code", "title", "kind", "checkpoint", "department", "region", "year", "planned_decision_date", "track")
REQUIRED = COLUMNS[:7]
ALIASES = {
    "编号": "code",
    "事项编号": "code",
    "名称": "title",
    "事项名称": "title",
    "类别": "kind",
    "事项类别": "kind",
    "关口": "checkpoint",
    "决策或申报单位": "department",
    "单位": "department",
    "部门": "department",
    "地区": "region",
    "区域": "region",
    "年度": "year",
    "计划决策日期": "planned_decision_date",
    "程序": "track",
    "评估程序": "track",
}
LIMITS = {"code": 40, "title": 200, "department": 100, "region": 100}
_CODE = re.compile(r"^[0-9A-Za-z\u4e00-\u9fff][0-9A-Za-z_\-.()/\u4e00-\u9fff（）〔〕]*$")
EDIT_ROLES = ("organizer", "admin")


# --- values ----------------------------------------------------------------------------------------
def parse_date(value: Any) -> str | None:
    """YYYY-MM-DD (also YYYY/M/D, YYYY年M月D日, an XLSX date) as ISO text; '' → None; else ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?", text)
    if not m:
        raise ValueError(text)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()


def _year(value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{4}", text) or not 2000 <= int(text) <= 2100:
        raise ValueError(text)
    return int(text)


def check_matter(fields: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """Clean field values and the problems (catalog key, params) of one matter."""
    out: dict[str, Any] = {}
    problems: list[tuple[str, dict[str, Any]]] = []
    for name in COLUMNS:
        raw = fields.get(name)
        value = "" if raw is None else (raw.strip() if isinstance(raw, str) else raw)
        if name in REQUIRED and (value == "" or value is None):
            problems.append(("register.rows.missing", {"column": name}))
            continue
        if name in LIMITS and len(str(value)) > LIMITS[name]:
            problems.append(("register.rows.too_long", {"column": name, "max": LIMITS[name], "value": str(value)[:40]}))
            continue
        if name == "code" and not _CODE.match(str(value)):
            problems.append(("register.rows.bad_code", {"value": str(value)[:40]}))
        elif name == "kind" and value not in KINDS:
            problems.append(("register.rows.bad_choice", {"column": name, "value": value, "allowed": "、".join(KINDS)}))
        elif name == "checkpoint" and value not in CHECKPOINTS:
            problems.append(
                ("register.rows.bad_choice", {"column": name, "value": value, "allowed": "、".join(CHECKPOINTS)})
            )
        elif name == "track" and value not in ("", None, *TRACKS):
            problems.append(
                ("register.rows.bad_choice", {"column": name, "value": value, "allowed": "、".join(TRACKS)})
            )
        elif name == "year":
            try:
                out[name] = _year(value)
            except ValueError:
                problems.append(("register.rows.bad_year", {"value": str(value)[:20]}))
            continue
        elif name == "planned_decision_date":
            try:
                out[name] = parse_date(value)
            except ValueError:
                problems.append(("register.rows.bad_date", {"column": name, "value": str(value)[:20]}))
            continue
        out[name] = str(value) if value not in ("", None) else None
    return out, problems


# --- import ----------------------------------------------------------------------------------------
def parse_matters_file(path: str | Path, data: bytes | None = None) -> list[dict[str, Any]]:
    """The matters of a CSV/XLSX file, every row checked; RowsInvalid names each bad row and value."""
    return parse_keyed_rows(
        path, data, aliases=ALIASES, columns=COLUMNS, required=REQUIRED, check_row=check_matter, key="code"
    )


def import_matters(store: Store, actor: Actor, path: str | Path, data: bytes | None = None) -> ImportCounts:
    """Create or update (by code) every matter of the file, in one transaction; nothing unless all valid."""
    require_role(actor, *EDIT_ROLES)
    raw = data if data is not None else Path(path).read_bytes()
    entries = parse_matters_file(path, raw)
    digest = hashlib.sha256(raw).hexdigest()

    def _import(s: Session) -> ImportCounts:
        existing = {m.code: m for m in s.execute(select(RegisterMatter)).scalars()}
        stamp = now()
        created = updated = 0
        new_rows = []
        for e in entries:
            m = existing.get(e["code"])
            if m is None:
                new_rows.append({**e, "created_at": stamp, "updated_at": stamp, "row_version": 1})
                created += 1
            elif any(getattr(m, k) != e[k] for k in COLUMNS):
                for k in COLUMNS:
                    setattr(m, k, e[k])
                m.updated_at = stamp
                updated += 1
        if new_rows:
            s.execute(insert(RegisterMatter), new_rows)
        audit.record(
            s,
            actor,
            "register.import",
            "register",
            None,
            file=Path(path).name,
            sha256=digest,
            rows=len(entries),
            created=created,
            updated=updated,
        )
        return ImportCounts(len(entries), created, updated)

    return store.write(_import)


# --- entering and editing --------------------------------------------------------------------------
def _matter(s: Session, code: str, *, lock: bool = False) -> RegisterMatter:
    q = select(RegisterMatter).where(RegisterMatter.code == str(code).strip())
    if lock:
        q = q.with_for_update()
    row = s.execute(q).scalar_one_or_none()
    if row is None:
        raise NotFoundError("register.matter.not_found", code=code)
    return row


def save_matter(store: Store, actor: Actor, fields: dict[str, Any], *, row_version: int | None = None) -> MatterView:
    """Create a matter, or edit the one with this code (``row_version`` guards against lost updates)."""
    require_role(actor, *EDIT_ROLES)
    clean, problems = check_matter(fields)
    if problems:
        raise RowsInvalid(clean.get("code") or "form", [RowProblem(1, k, p) for k, p in problems])

    def _save(s: Session) -> MatterView:
        m = s.execute(select(RegisterMatter).where(RegisterMatter.code == clean["code"])).scalar_one_or_none()
        stamp = now()
        if m is None:
            m = RegisterMatter(**clean, created_at=stamp, updated_at=stamp)
            s.add(m)
            action, changes = "register.create", clean
        else:
            if row_version is not None and m.row_version != row_version:
                raise DomainError("store.db.stale")
            changes = {k: [getattr(m, k), v] for k, v in clean.items() if getattr(m, k) != v}
            for k, v in clean.items():
                setattr(m, k, v)
            m.updated_at = stamp
            action = "register.edit"
        s.flush()
        audit.record(s, actor, action, "register_matter", m.code, **{"changes": changes})
        return _views(s, [m])[0]

    return store.write(_save)


# --- links -----------------------------------------------------------------------------------------
def assessor_by_code(s: Session, credit_code: str) -> Assessor:
    row = s.execute(select(Assessor).where(Assessor.credit_code == credit_code.strip().upper())).scalar_one_or_none()
    if row is None:
        raise NotFoundError("register.assessor.not_registered", code=credit_code)
    return row


def link_assessment(
    store: Store, actor: Actor, code: str, assessment_id: int, *, assessor_code: str | None = None
) -> MatterLink:
    """Link an assessment to a matter; an assessment linked elsewhere moves (audited with both codes)."""
    require_role(actor, *EDIT_ROLES)

    def _link(s: Session) -> MatterLink:
        m = _matter(s, code, lock=True)
        a = assessment_row(s, assessment_id)
        assessor = assessor_by_code(s, assessor_code) if assessor_code else None
        link = s.get(RegisterLink, a.id)
        moved_from = None
        if link is None:
            link = RegisterLink(assessment_id=a.id, matter_id=m.id, linked_at=now(), linked_by=actor.username)
            s.add(link)
        elif link.matter_id != m.id:
            moved_from = s.get(RegisterMatter, link.matter_id).code  # type: ignore[union-attr]
            link.matter_id = m.id
            link.linked_at = now()
            link.linked_by = actor.username
        if assessor is not None:
            link.assessor_id = assessor.id
        m.updated_at = now()
        s.flush()
        action = "register.relink" if moved_from else "register.link"
        audit.record(
            s,
            actor,
            action,
            "register_matter",
            m.code,
            assessment_id=a.id,
            moved_from=moved_from,
            assessor=assessor.credit_code if assessor else None,
        )
        return MatterLink(m.code, a.id, moved_from)

    return store.write(_link)


def unlink_assessment(store: Store, actor: Actor, assessment_id: int) -> None:
    require_role(actor, *EDIT_ROLES)

    def _unlink(s: Session) -> None:
        link = s.get(RegisterLink, int(assessment_id))
        if link is None:
            raise NotFoundError("register.link.none", id=assessment_id)
        code = s.get(RegisterMatter, link.matter_id).code  # type: ignore[union-attr]
        s.delete(link)
        s.flush()
        audit.record(s, actor, "register.unlink", "register_matter", code, assessment_id=int(assessment_id))

    store.write(_unlink)


def filed_verdict(s: Session, matter_id: int) -> str | None:
    """The verdict of the matter's latest accepted filing (None: nothing filed)."""
    row = s.execute(
        select(Verdict.verdict)
        .join(Filing, Filing.assessment_id == Verdict.assessment_id)
        .join(RegisterLink, RegisterLink.assessment_id == Verdict.assessment_id)
        .where(RegisterLink.matter_id == matter_id, Filing.state == ACCEPTED)
        .order_by(Filing.decided_at.desc(), Filing.id.desc())
        .limit(1)
    ).first()
    return None if row is None else str(row[0])


# --- the decision and the gate ------------------------------------------------------------------
def decide(
    store: Store, actor: Actor, code: str, decision: str, decision_date: Any, *, note: str | None = None
) -> MatterView:
    """Record the decision taken on a matter and flag it at the gate (未评先决 / departs from the verdict)."""
    require_role(actor, *EDIT_ROLES)
    if decision not in DECISIONS:
        raise ValidationError("register.decide.bad_decision", value=decision, allowed="|".join(DECISIONS))
    try:
        when = parse_date(decision_date)
    except ValueError:
        raise ValidationError("register.decide.bad_date", value=str(decision_date)[:20]) from None
    if when is None:
        raise ValidationError("register.decide.bad_date", value="")

    def _decide(s: Session) -> MatterView:
        m = _matter(s, code, lock=True)
        verdict = filed_verdict(s, m.id)
        previous = m.decision
        without = verdict is None
        m.decided_without_assessment = bool(m.decided_without_assessment and previous is not None) or without
        m.decision_departs = verdict is not None and verdict != decision
        m.decision = decision
        m.decision_date = when
        m.decision_note = (note or "").strip() or None
        m.updated_at = now()
        s.flush()
        audit.record(
            s,
            actor,
            "register.decide",
            "register_matter",
            m.code,
            decision=decision,
            date=when,
            previous=previous,
            filed_verdict=verdict,
            decided_without_assessment=m.decided_without_assessment,
            decision_departs=m.decision_departs,
        )
        return _views(s, [m])[0]

    return store.write(_decide)


# --- reading ---------------------------------------------------------------------------------------
def _flags():
    """SQL expressions: linked, assessed (signed verdict), filed (accepted filing), per matter row."""
    m = RegisterMatter
    linked = exists().where(RegisterLink.matter_id == m.id)
    assessed = exists().where(and_(RegisterLink.matter_id == m.id, Verdict.assessment_id == RegisterLink.assessment_id))
    filed = exists().where(
        and_(
            RegisterLink.matter_id == m.id,
            Filing.assessment_id == RegisterLink.assessment_id,
            Filing.state == ACCEPTED,
        )
    )
    return linked, assessed, filed


def state_expression():
    linked, assessed, filed = _flags()
    return case(
        (RegisterMatter.decision.is_not(None), "已决策"),
        (filed, "已备案"),
        (assessed, "已评估"),
        (linked, "评估中"),
        else_="应评",
    )


def _views(s: Session, matters: list[RegisterMatter]) -> list[MatterView]:
    if not matters:
        return []
    ids = [m.id for m in matters]
    states: dict[int, str] = dict(
        s.execute(select(RegisterMatter.id, state_expression()).where(RegisterMatter.id.in_(ids))).all()
    )
    links: dict[int, list[int]] = {}
    for aid, mid in s.execute(
        select(RegisterLink.assessment_id, RegisterLink.matter_id)
        .where(RegisterLink.matter_id.in_(ids))
        .order_by(RegisterLink.assessment_id)
    ):
        links.setdefault(mid, []).append(aid)
    verdicts: dict[int, str] = {}
    for mid, verdict in s.execute(
        select(RegisterLink.matter_id, Verdict.verdict)
        .join(Filing, Filing.assessment_id == RegisterLink.assessment_id)
        .join(Verdict, Verdict.assessment_id == RegisterLink.assessment_id)
        .where(RegisterLink.matter_id.in_(ids), Filing.state == ACCEPTED)
        .order_by(Filing.decided_at, Filing.id)
    ):
        verdicts[mid] = verdict  # the latest accepted filing wins
    out = []
    for m in matters:
        out.append(
            MatterView(
                id=m.id,
                code=m.code,
                title=m.title,
                kind=m.kind,
                checkpoint=m.checkpoint,
                department=m.department,
                region=m.region,
                year=m.year,
                planned_decision_date=m.planned_decision_date,
                track=m.track,
                state=str(states.get(m.id, "应评")),
                decision=m.decision,
                decision_date=m.decision_date,
                decided_without_assessment=bool(m.decided_without_assessment),
                decision_departs=bool(m.decision_departs),
                assessment_ids=tuple(links.get(m.id, ())),
                filed_verdict=verdicts.get(m.id),
                row_version=m.row_version,
            )
        )
    return out


def list_matters(
    store: Store,
    *,
    year: int | None = None,
    department: str | None = None,
    region: str | None = None,
    state: str | None = None,
    limit: int | None = None,
) -> list[MatterView]:
    with store.read() as s:
        q = select(RegisterMatter).order_by(RegisterMatter.year.desc(), RegisterMatter.code)
        if year is not None:
            q = q.where(RegisterMatter.year == int(year))
        if department:
            q = q.where(RegisterMatter.department == department)
        if region:
            q = q.where(RegisterMatter.region == region)
        if state:
            q = q.where(state_expression() == state)
        if limit:
            q = q.limit(int(limit))
        return _views(s, list(s.execute(q).scalars()))


def get_matter(store: Store, code: str) -> MatterView:
    with store.read() as s:
        return _views(s, [_matter(s, code)])[0]


def matter_of_assessment(store: Store, assessment_id: int) -> str | None:
    with store.read() as s:
        link = s.get(RegisterLink, int(assessment_id))
        if link is None:
            return None
        m = s.get(RegisterMatter, link.matter_id)
        return None if m is None else m.code


def years(store: Store) -> list[int]:
    with store.read() as s:
        return [
            int(y)
            for y in s.execute(select(RegisterMatter.year).distinct().order_by(RegisterMatter.year.desc())).scalars()
        ]
