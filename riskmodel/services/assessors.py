"""Third-party assessment firms (评估机构): registration and their record (issue 11).

A firm is registered with its name, 统一社会信用代码 (18 characters, GB 32100-2015 check digit), staff,
registration number and validity; returned filings and misconduct are kept in its record. Filings from an
unregistered, inactive or expired firm are refused (``check_valid``, used by ``services/filing.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, ValidationError
from riskmodel.services import audit
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.register import assessor_by_code, parse_date
from riskmodel.services.views.register import AssessorView
from riskmodel.store.db import Store
from riskmodel.store.models import Assessor, AssessorRecord

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ROLES = ("admin", "reviewer")


def check_digit(first17: str) -> str:
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return CODE_CHARS[(31 - total % 31) % 31]


def valid_credit_code(code: str) -> bool:
    code = (code or "").strip().upper()
    if len(code) != 18 or any(c not in CODE_CHARS for c in code):
        return False
    return check_digit(code[:17]) == code[17]


def status_of(a: Assessor, today: date | None = None) -> str:
    """valid / expired / not_yet / inactive."""
    today_text = (today or now().date()).isoformat()
    if not a.active:
        return "inactive"
    if a.valid_until and a.valid_until < today_text:
        return "expired"
    if a.valid_from and a.valid_from > today_text:
        return "not_yet"
    return "valid"


def check_valid(a: Assessor) -> None:
    status = status_of(a)
    if status != "valid":
        raise DomainError(f"register.assessor.{status}", name=a.name, code=a.credit_code, until=a.valid_until or "")


def register_assessor(
    store: Store,
    actor: Actor,
    *,
    name: str,
    credit_code: str,
    staff: int = 0,
    registration_number: str | None = None,
    valid_from: Any = None,
    valid_until: Any = None,
    active: bool = True,
) -> AssessorView:
    """Register a firm, or update the one with this credit code."""
    require_role(actor, *ROLES)
    code = (credit_code or "").strip().upper()
    if not valid_credit_code(code):
        raise ValidationError("register.assessor.bad_credit_code", value=code[:20])
    if not (name or "").strip() or len(name) > 200:
        raise ValidationError("register.assessor.bad_name")
    try:
        start, until = parse_date(valid_from), parse_date(valid_until)
    except ValueError as exc:
        raise ValidationError("register.rows.bad_date", column="valid", value=str(exc)[:20]) from None
    if start and until and until < start:
        raise ValidationError("register.assessor.bad_validity", start=start, until=until)
    if int(staff) < 0:
        raise ValidationError("register.assessor.bad_staff", value=staff)

    def _save(s: Session) -> AssessorView:
        row = s.execute(select(Assessor).where(Assessor.credit_code == code)).scalar_one_or_none()
        stamp = now()
        fields = {
            "name": name.strip(),
            "staff": int(staff),
            "registration_number": (registration_number or "").strip() or None,
            "valid_from": start,
            "valid_until": until,
            "active": bool(active),
        }
        if row is None:
            row = Assessor(credit_code=code, created_at=stamp, updated_at=stamp, **fields)
            s.add(row)
            action = "assessor.register"
        else:
            for k, v in fields.items():
                setattr(row, k, v)
            row.updated_at = stamp
            action = "assessor.update"
        s.flush()
        audit.record(s, actor, action, "assessor", code, **fields)
        return _view(s, row)

    return store.write(_save)


def add_record(
    store: Store, actor: Actor, credit_code: str, kind: str, note: str, *, filing_id: int | None = None
) -> None:
    """A misconduct entry (or a returned filing) in a firm's record."""
    require_role(actor, *ROLES)
    if kind not in ("misconduct", "returned"):
        raise ValidationError("register.assessor.bad_record_kind", value=kind)
    if not (note or "").strip():
        raise ValidationError("register.assessor.note_required")

    def _add(s: Session) -> None:
        a = assessor_by_code(s, credit_code)
        record(s, actor, a, kind, note.strip(), filing_id)

    store.write(_add)


def record(s: Session, actor: Actor, a: Assessor, kind: str, note: str, filing_id: int | None) -> None:
    s.add(AssessorRecord(assessor_id=a.id, kind=kind, note=note, filing_id=filing_id, at=now(), by=actor.username))
    s.flush()
    audit.record(s, actor, f"assessor.{kind}", "assessor", a.credit_code, note=note, filing_id=filing_id)


def _view(s: Session, a: Assessor, *, with_records: bool = False) -> AssessorView:
    counts = dict(
        s.execute(
            select(AssessorRecord.kind, func.count())
            .where(AssessorRecord.assessor_id == a.id)
            .group_by(AssessorRecord.kind)
        ).all()
    )
    records: tuple[dict[str, Any], ...] = ()
    if with_records:
        records = tuple(
            {
                "kind": r.kind,
                "note": r.note,
                "at": r.at.isoformat(timespec="seconds"),
                "by": r.by,
                "filing_id": r.filing_id,
            }
            for r in s.execute(
                select(AssessorRecord).where(AssessorRecord.assessor_id == a.id).order_by(AssessorRecord.at.desc())
            ).scalars()
        )
    return AssessorView(
        id=a.id,
        name=a.name,
        credit_code=a.credit_code,
        staff=a.staff,
        registration_number=a.registration_number,
        valid_from=a.valid_from,
        valid_until=a.valid_until,
        active=a.active,
        status=status_of(a),
        returned=int(counts.get("returned", 0)),
        misconduct=int(counts.get("misconduct", 0)),
        records=records,
    )


def list_assessors(store: Store, *, with_records: bool = False) -> list[AssessorView]:
    with store.read() as s:
        return [
            _view(s, a, with_records=with_records)
            for a in s.execute(select(Assessor).order_by(Assessor.name)).scalars()
        ]
