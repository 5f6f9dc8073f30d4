"""备案 review: submitting an assessment for filing, the form check, and the reviewer's decision (issue 11).

An assessment with a signed verdict is submitted (by its organizer, or the system on the command line);
the check (``checklist``) runs against the 428 outline and the standard and is kept with the submission.
A ``reviewer`` (备案审查) accepts it — 予以备案, with a filing number and a receipt (备案回执) — or returns it
with reasons (退回补正); a returned filing may be resubmitted with a change note (修改说明); an accepted one
stays accepted. Nobody decides a filing he submitted, or one of an assessment he created or signed
(organisers cannot accept their own filings). Filings of an unregistered, inactive or expired 评估机构 are
refused. Every step is audited.

Checklist items (``item``): ``signed_verdict``, ``panel_size``, ``ahp_cr``, ``consensus``,
``survey_coverage``, ``publicity`` (the longest 公示 recorded by the evidence area against the standard's
minimum working days),
``tables`` (Table 1 and Table 2 present), ``measures_responsible``, ``verdict_rule``, ``assessor``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, NotFoundError, PermissionDenied, ValidationError
from riskmodel.i18n import t
from riskmodel.services import audit
from riskmodel.services._lookup import assessment_row
from riskmodel.services.assessments import questionnaire_of
from riskmodel.services.assessors import check_valid, record, status_of
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.register import assessor_by_code
from riskmodel.services.views.register import ACCEPTED, PENDING, RETURNED, CheckItem, FilingView
from riskmodel.store.db import Store
from riskmodel.store.models import Assessment, Assessor, Filing, Measure, Project, RegisterLink, Result, Verdict

CR_MAX = 0.10


def _item(item: str, passed: bool | None, key: str, lang: str | None, **params: Any) -> CheckItem:
    return CheckItem(item, passed, t(f"register.check.{key}", lang, **params))


def _publicity(s: Session, a: Assessment, lang: str | None) -> CheckItem:
    """公示 long enough: the longest 公示 recorded by the evidence area (``evidence_publicity``, working days
    counted with the public holidays) against the standard's ``evidence.publicity_min_working_days``; "no
    record" (not checked) while the store has no such records."""
    from riskmodel.store import models

    publicity = getattr(models, "EvidencePublicity", None)
    if publicity is None:
        return CheckItem("publicity", None, "no record")
    days = s.execute(select(func.max(publicity.working_days)).where(publicity.assessment_id == a.id)).scalar()
    q = questionnaire_of(s, a.id)
    rule = getattr(q, "evidence", None)
    minimum = int(getattr(rule, "publicity_min_working_days", 7))
    if days is None:
        return _item("publicity", False, "publicity_none", lang, min=minimum)
    return _item("publicity", int(days) >= minimum, "publicity", lang, days=int(days), min=minimum)


def _checklist(s: Session, a: Assessment, note: str | None, lang: str | None) -> list[CheckItem]:
    v = s.execute(select(Verdict).where(Verdict.assessment_id == a.id)).scalar_one_or_none()
    res = s.get(Result, a.id)
    r: dict[str, Any] = res.result if res is not None and isinstance(res.result, dict) else {}
    items = [_item("signed_verdict", v is not None, "signed_verdict_ok" if v else "signed_verdict_missing", lang)]
    panel = r.get("panel") or {}
    if panel:
        extra = t("register.check.override", lang, reason=a.panel_override_reason or "") if a.panel_override else ""
        items.append(
            _item(
                "panel_size",
                bool(panel.get("ok")),
                "panel_size",
                lang,
                size=panel.get("size"),
                required=panel.get("required"),
                extra=extra,
            )
        )
    else:
        items.append(_item("panel_size", False, "no_result", lang))
    crs = (r.get("questionnaire") or {}).get("weights_cr") or {}
    worst = max(crs.values()) if crs else None
    items.append(
        _item("ahp_cr", worst is None or worst < CR_MAX, "cr" if crs else "cr_none", lang, cr=f"{worst or 0:.3f}")
    )
    kendall = r.get("kendall") or {}
    flagged = [i.get("id") for i in r.get("indicators") or [] if i.get("cv_flag")]
    if kendall.get("significant") or (r and not flagged and kendall):
        items.append(_item("consensus", True, "consensus_ok", lang, w=f"{kendall.get('w') or 0:.3f}"))
    elif note and note.strip():
        items.append(_item("consensus", True, "consensus_explained", lang, note=note.strip()[:200]))
    else:
        items.append(
            _item("consensus", False, "consensus_weak", lang, w=f"{kendall.get('w') or 0:.3f}", flagged=len(flagged))
        )
    survey = r.get("survey")
    if not survey:
        items.append(_item("survey_coverage", False, "survey_missing", lang))
    elif not survey.get("coverage"):
        items.append(_item("survey_coverage", True, "survey_no_rule", lang))
    else:
        cov = survey["coverage"]
        parts = "; ".join(f"{c['what']} {c.get('actual')}/{c['required']}" for c in cov.get("checks", []))
        items.append(_item("survey_coverage", bool(cov.get("ok")), "survey", lang, checks=parts))
    items.append(_publicity(s, a, lang))
    measures = list(s.execute(select(Measure).where(Measure.assessment_id == a.id)).scalars())
    live = [m for m in measures if m.status != "已取消"]
    has_t1 = bool(r.get("main_factors"))
    items.append(
        _item("tables", has_t1 and bool(live), "tables", lang, t1=len(r.get("main_factors") or []), t2=len(live))
    )
    missing = [m.factor for m in live if not (m.responsible or "").strip()]
    items.append(
        _item(
            "measures_responsible",
            bool(live) and not missing,
            "responsible_ok" if live and not missing else "responsible_missing",
            lang,
            count=len(missing),
            factors="、".join(missing[:5]),
        )
    )
    if v is None:
        items.append(_item("verdict_rule", False, "signed_verdict_missing", lang))
    else:
        follows = (v.verdict, v.level, v.residual_level) == (
            v.computed_verdict,
            v.computed_level,
            v.computed_residual_level,
        )
        justification = getattr(v, "deviation_reason", None)
        if follows:
            items.append(_item("verdict_rule", True, "rule_followed", lang, verdict=v.verdict))
        elif hasattr(Verdict, "deviation_reason"):
            ok = bool((justification or "").strip())
            items.append(
                _item(
                    "verdict_rule",
                    ok,
                    "rule_justified" if ok else "rule_unjustified",
                    lang,
                    verdict=v.verdict,
                    computed=v.computed_verdict or "",
                    reason=(justification or "")[:200],
                )
            )
        else:
            ok = bool((v.rationale or "").strip())
            items.append(
                _item(
                    "verdict_rule",
                    ok,
                    "rule_rationale" if ok else "rule_unjustified",
                    lang,
                    verdict=v.verdict,
                    computed=v.computed_verdict or "",
                    reason=(v.rationale or "")[:200],
                )
            )
    link = s.get(RegisterLink, a.id)
    firm = s.get(Assessor, link.assessor_id) if link is not None and link.assessor_id else None
    if firm is None:
        items.append(_item("assessor", True, "assessor_office", lang))
    else:
        status = status_of(firm)
        items.append(
            _item(
                "assessor", status == "valid", f"assessor_{status}", lang, name=firm.name, until=firm.valid_until or ""
            )
        )
    return items


def checklist(store: Store, assessment_id: int, *, note: str | None = None, lang: str | None = None) -> list[CheckItem]:
    """The form check of an assessment now (what a submission would record)."""
    with store.read() as s:
        return _checklist(s, assessment_row(s, assessment_id), note, lang)


def _latest(s: Session, assessment_id: int, *, lock: bool = False) -> Filing | None:
    q = select(Filing).where(Filing.assessment_id == assessment_id).order_by(Filing.number.desc()).limit(1)
    if lock:
        q = q.with_for_update()
    return s.execute(q).scalar_one_or_none()


def submit(
    store: Store, actor: Actor, assessment_id: int, *, note: str | None = None, assessor_code: str | None = None
) -> FilingView:
    """Submit an assessment with a signed verdict for filing; a resubmission needs its 修改说明 (``note``)."""
    require_role(actor, "organizer", "admin")

    def _submit(s: Session) -> FilingView:
        a = assessment_row(s, assessment_id, lock=True)
        if s.execute(select(Verdict.id).where(Verdict.assessment_id == a.id)).first() is None:
            raise DomainError("register.filing.no_verdict", id=a.id)
        last = _latest(s, a.id, lock=True)
        if last is not None and last.state == PENDING:
            raise DomainError("register.filing.pending", id=a.id)
        if last is not None and last.state == ACCEPTED:
            raise DomainError("register.filing.accepted", id=a.id, number=last.filing_number or "")
        if last is not None and last.state == RETURNED and not (note or "").strip():
            raise ValidationError("register.filing.change_note_required", id=a.id)
        link = s.get(RegisterLink, a.id)
        firm: Assessor | None = None
        if assessor_code:
            firm = assessor_by_code(s, assessor_code)
        elif link is not None and link.assessor_id:
            firm = s.get(Assessor, link.assessor_id)
        if firm is not None:
            check_valid(firm)
        items = _checklist(s, a, note, None)
        f = Filing(
            assessment_id=a.id,
            number=(last.number + 1) if last else 1,
            state=PENDING,
            assessor_id=firm.id if firm else None,
            change_note=(note or "").strip() or None,
            checklist=[i.as_dict() for i in items],
            submitted_at=now(),
            submitted_by=actor.username,
            submitted_by_id=actor.user_id,
        )
        s.add(f)
        s.flush()
        audit.record(
            s,
            actor,
            "filing.submit",
            "assessment",
            a.id,
            filing_id=f.id,
            number=f.number,
            assessor=firm.credit_code if firm else None,
            change_note=f.change_note,
            failed=[i.item for i in items if i.passed is False],
        )
        return _view(s, f)

    return store.write(_submit)


def _filing_number(s: Session, year: int) -> str:
    prefix = f"稳评备〔{year}〕"
    n = s.execute(select(func.count()).select_from(Filing).where(Filing.filing_number.like(prefix + "%"))).scalar_one()
    return f"{prefix}{int(n) + 1:03d}号"


def _receipt(s: Session, f: Filing, a: Assessment, v: Verdict | None, firm: Assessor | None) -> str:
    p = s.get(Project, a.project_id)
    lines = [
        t("register.receipt.title", "zh"),
        t("register.receipt.number", "zh", number=f.filing_number),
        t("register.receipt.project", "zh", code=p.code if p else "", name=p.name if p else ""),
        t(
            "register.receipt.verdict",
            "zh",
            id=a.id,
            verdict=v.verdict if v else "",
            level=v.level if v else "",
            residual=v.residual_level if v else "",
        ),
        t("register.receipt.assessor", "zh", name=firm.name if firm else t("register.receipt.office", "zh")),
        t("register.receipt.submitted", "zh", by=f.submitted_by, at=f.submitted_at.date().isoformat()),
        t("register.receipt.opinion", "zh", reason=f.decision_reason or ""),
        t(
            "register.receipt.decided",
            "zh",
            by=f.decided_by,
            at=f.decided_at.date().isoformat() if f.decided_at else "",
        ),
    ]
    return "\n".join(lines)


def decide(store: Store, actor: Actor, assessment_id: int, *, accept: bool, reason: str | None = None) -> FilingView:
    """The reviewer's decision on the pending filing: 予以备案 (number + receipt) or 退回补正 (reasons)."""
    require_role(actor, "reviewer")
    text = (reason or "").strip()
    if not accept and not text:
        raise ValidationError("register.filing.reason_required")

    def _decide(s: Session) -> FilingView:
        a = assessment_row(s, assessment_id, lock=True)
        f = _latest(s, a.id, lock=True)
        if f is None:
            raise NotFoundError("register.filing.none", id=a.id)
        if f.state != PENDING:
            raise DomainError("register.filing.decided", id=a.id, state=f.state)
        v = s.execute(select(Verdict).where(Verdict.assessment_id == a.id)).scalar_one_or_none()
        if not actor.is_system and actor.user_id in {f.submitted_by_id, a.created_by_id, v.signed_by_id if v else None}:
            raise PermissionDenied("register.filing.own", user=actor.username)
        failed = [i["item"] for i in f.checklist or [] if i.get("passed") is False]
        if accept and failed and not text:
            raise ValidationError("register.filing.accept_reason_required", items=", ".join(failed))
        stamp = now()
        f.state = ACCEPTED if accept else RETURNED
        f.decided_at = stamp
        f.decided_by = actor.username
        f.decision_reason = text or None
        firm = s.get(Assessor, f.assessor_id) if f.assessor_id else None
        if accept:
            f.filing_number = _filing_number(s, stamp.year)
            f.receipt = _receipt(s, f, a, v, firm)
        s.flush()
        if not accept and firm is not None:
            record(s, actor, firm, "returned", text, f.id)
        audit.record(
            s,
            actor,
            "filing.accept" if accept else "filing.return",
            "assessment",
            a.id,
            filing_id=f.id,
            number=f.number,
            filing_number=f.filing_number,
            reason=f.decision_reason,
            failed=failed,
        )
        return _view(s, f)

    return store.write(_decide)


def _view(s: Session, f: Filing) -> FilingView:
    a = s.get(Assessment, f.assessment_id)
    p = s.get(Project, a.project_id) if a else None
    firm = s.get(Assessor, f.assessor_id) if f.assessor_id else None
    return FilingView(
        id=f.id,
        assessment_id=f.assessment_id,
        project_code=p.code if p else "",
        project_name=p.name if p else "",
        number=f.number,
        state=f.state,
        assessor=firm.name if firm else None,
        change_note=f.change_note,
        checklist=tuple(CheckItem(i["item"], i.get("passed"), i.get("detail", "")) for i in f.checklist or ()),
        submitted_at=f.submitted_at.isoformat(timespec="seconds"),
        submitted_by=f.submitted_by,
        decided_at=f.decided_at.isoformat(timespec="seconds") if f.decided_at else None,
        decided_by=f.decided_by,
        decision_reason=f.decision_reason,
        filing_number=f.filing_number,
        receipt=f.receipt,
    )


def list_filings(store: Store, *, state: str | None = None, assessment_id: int | None = None) -> list[FilingView]:
    with store.read() as s:
        q = select(Filing).order_by(Filing.submitted_at.desc(), Filing.id.desc())
        if state:
            q = q.where(Filing.state == state)
        if assessment_id is not None:
            q = q.where(Filing.assessment_id == int(assessment_id))
        return [_view(s, f) for f in s.execute(q).scalars()]


def latest_filing(store: Store, assessment_id: int) -> FilingView | None:
    with store.read() as s:
        f = _latest(s, int(assessment_id))
        return None if f is None else _view(s, f)
