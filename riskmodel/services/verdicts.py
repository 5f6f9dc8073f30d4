"""Verdicts (评估结论): level, residual level (落实措施后), verdict, rationale, signed by an organizer.

Issued only in review (复核) with no round open; immutable afterwards — reassessing means a new
assessment (``assessments.reassess``). By default the engine's level, residual level and proposed
verdict are used; an organizer may decide otherwise, and both are kept side by side.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from riskmodel.errors import DomainError, PermissionDenied, ValidationError
from riskmodel.questionnaire import LEVELS, VERDICTS
from riskmodel.services import audit, workflow
from riskmodel.services._lookup import assessment_row, iso, open_round
from riskmodel.services.assessments import refresh_result, verdict_of
from riskmodel.services.context import Actor, now
from riskmodel.store.db import Store
from riskmodel.store.models import Result, User, Verdict


def verdict_dict(v: Verdict, signer: User | None = None) -> dict:
    return {
        "assessment_id": v.assessment_id,
        "level": v.level,
        "residual_level": v.residual_level,
        "verdict": v.verdict,
        "rationale": v.rationale,
        "computed_level": v.computed_level,
        "computed_residual_level": v.computed_residual_level,
        "computed_verdict": v.computed_verdict,
        "result_sha256": v.result_sha256,
        "signed_by": signer.username if signer else None,
        "signed_by_name": signer.display_name if signer else None,
        "signed_at": iso(v.signed_at),
    }


def issue_verdict(
    store: Store,
    actor: Actor,
    assessment_id: int,
    rationale: str,
    *,
    level: str | None = None,
    residual_level: str | None = None,
    verdict: str | None = None,
) -> dict:
    """Sign the verdict (复核 → 已出结论). Only an organizer signs; the rationale is required."""
    if actor.role != "organizer" or actor.user_id is None:
        raise PermissionDenied("store.verdict.organizer_only", user=actor.username, role=actor.role)
    if not (rationale or "").strip():
        raise ValidationError("store.verdict.rationale_required")
    for value, allowed, name in (
        (level, LEVELS, "level"),
        (residual_level, LEVELS, "residual_level"),
        (verdict, VERDICTS, "verdict"),
    ):
        if value is not None and value not in allowed:
            raise ValidationError("store.verdict.bad_value", field=name, value=value, allowed="、".join(allowed))

    def _precheck(s: Session) -> None:
        _check(s, assessment_row(s, assessment_id))

    with store.read() as s:  # fail fast before running the engine
        _precheck(s)
    refresh_result(store, assessment_id)

    def _issue(s: Session) -> dict:
        a = assessment_row(s, assessment_id, lock=True)
        _check(s, a)
        result = s.get(Result, a.id)
        computed = (result.level, result.residual_level, result.verdict) if result else (None, None, None)
        final = (level or computed[0], residual_level or computed[1], verdict or computed[2])
        if None in final:
            raise DomainError("store.verdict.no_result", id=a.id)
        v = Verdict(
            assessment_id=a.id,
            level=final[0],
            residual_level=final[1],
            verdict=final[2],
            rationale=rationale.strip(),
            computed_level=computed[0],
            computed_residual_level=computed[1],
            computed_verdict=computed[2],
            result_sha256=result.input_sha256 if result else None,
            signed_by_id=actor.user_id,
            signed_at=now(),
        )
        s.add(v)
        a.state = workflow.CONCLUDED
        a.updated_at = now()
        s.flush()
        audit.record(
            s,
            actor,
            "verdict.issue",
            "assessment",
            a.id,
            level=v.level,
            residual_level=v.residual_level,
            verdict=v.verdict,
            computed=list(computed),
            rationale=v.rationale,
            result_sha256=v.result_sha256,
        )
        return verdict_dict(v, s.get(User, actor.user_id))

    return store.write(_issue)


def _check(s: Session, a) -> None:
    if verdict_of(s, a.id) is not None:
        raise DomainError("store.verdict.immutable", id=a.id)
    if open_round(s, a.id) is not None:
        raise DomainError("store.verdict.round_open", id=a.id)
    workflow.check(a, "issue_verdict")


def amend_verdict(store: Store, actor: Actor, assessment_id: int, **_changes) -> None:
    """Always refused: an issued verdict is immutable (reassess to reach a new one)."""
    with store.read() as s:
        a = assessment_row(s, assessment_id)
        if verdict_of(s, a.id) is None:
            raise DomainError("store.verdict.none", id=a.id)
    raise DomainError("store.verdict.immutable", id=assessment_id)


def get_verdict(store: Store, assessment_id: int) -> dict | None:
    with store.read() as s:
        assessment_row(s, assessment_id)
        v = verdict_of(s, assessment_id)
        return None if v is None else verdict_dict(v, s.get(User, v.signed_by_id))
