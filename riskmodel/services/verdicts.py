"""Verdicts (评估结论): level, residual level (落实措施后), verdict, rationale, signed by an organizer.

Issued only in review (复核) with no round open; immutable afterwards — reassessing means a new
assessment (``assessments.reassess``). By default the engine's level, residual level and proposed
verdict are used; an organizer may decide otherwise, and both are kept side by side.

The rules (asked by the page through ``requirements`` before the form is shown, enforced again here):
- an incomplete result (an indicator without a counted rating in a required phase) cannot be signed,
  unless each such indicator is covered by a recorded exclusion with its reason (``services/exclusions``);
- a verdict departing from the engine's levels or from the standard's decision rule for the chosen levels
  needs a written justification (``deviation_reason``, 偏离说明), kept on the verdict and in the audit trail;
- the verdict keeps ``result_sha256``, the SHA-256 of the stored result it was signed on (the report prints it).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from riskmodel.domain import Level
from riskmodel.domain import Verdict as VerdictValue
from riskmodel.errors import DomainError, PermissionDenied, ValidationError
from riskmodel.questionnaire import LEVELS, VERDICTS
from riskmodel.services import audit, workflow
from riskmodel.services import exclusions as _exclusions
from riskmodel.services._lookup import assessment_row, iso, open_round
from riskmodel.services.assessments import questionnaire_of, refresh_result, result_view, verdict_of
from riskmodel.services.context import Actor, now
from riskmodel.services.views.assessments import ResultView, VerdictRequirements
from riskmodel.services.views.verdicts import VerdictView
from riskmodel.store.db import Store
from riskmodel.store.models import Result, User, Verdict

MAX_DEVIATION_REASON = 4000


def verdict_view(v: Verdict, signer: User | None = None) -> VerdictView:
    return VerdictView(
        assessment_id=v.assessment_id,
        level=Level(v.level),
        residual_level=Level(v.residual_level),
        verdict=VerdictValue(v.verdict),
        rationale=v.rationale,
        computed_level=None if v.computed_level is None else Level(v.computed_level),
        computed_residual_level=None if v.computed_residual_level is None else Level(v.computed_residual_level),
        computed_verdict=None if v.computed_verdict is None else VerdictValue(v.computed_verdict),
        result_sha256=v.result_sha256,
        deviation_reason=v.deviation_reason,
        signed_by=signer.username if signer else None,
        signed_by_name=signer.display_name if signer else None,
        signed_at=iso(v.signed_at),
    )


def issue_verdict(
    store: Store,
    actor: Actor,
    assessment_id: int,
    rationale: str,
    *,
    level: str | None = None,
    residual_level: str | None = None,
    verdict: str | None = None,
    deviation_reason: str | None = None,
) -> VerdictView:
    """Sign the verdict (复核 → 已出结论). Only an organizer signs; the rationale is required, and the
    rules of the module docstring apply (complete result, justification of a deviation)."""
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
    justification = (deviation_reason or "").strip() or None
    if justification is not None and len(justification) > MAX_DEVIATION_REASON:
        raise ValidationError("chain.verdict.deviation_reason_too_long", max=MAX_DEVIATION_REASON)
    q = questionnaire_of(store, assessment_id)

    def _precheck(s: Session) -> None:
        _check(s, assessment_row(s, assessment_id))

    with store.read() as s:  # fail fast before running the engine
        _precheck(s)
    refresh_result(store, assessment_id)

    def _issue(s: Session) -> VerdictView:
        a = assessment_row(s, assessment_id, lock=True)
        _check(s, a)
        row = s.get(Result, a.id)
        if row is not None and row.stale:
            raise DomainError("chain.verdict.stale", id=a.id)
        view = result_view(row) if row is not None else None
        computed = (row.level, row.residual_level, row.verdict) if row else (None, None, None)
        final = (level or computed[0], residual_level or computed[1], verdict or computed[2])
        if row is None or view is None or view.result is None or None in final:
            raise DomainError("store.verdict.no_result", id=a.id)
        _refuse_incomplete(view)
        departs = _deviation(q, computed, final, level=level, residual_level=residual_level)
        if departs and justification is None:
            raise ValidationError(
                "chain.verdict.deviation_reason_required",
                verdict=final[2],
                rule_verdict=q.decision_rule.verdict(str(final[1]), str(final[0])),
                what="、".join(departs),
            )
        v = Verdict(
            assessment_id=a.id,
            level=final[0],
            residual_level=final[1],
            verdict=final[2],
            rationale=rationale.strip(),
            computed_level=computed[0],
            computed_residual_level=computed[1],
            computed_verdict=computed[2],
            result_sha256=view.result_sha256,
            deviation_reason=justification if departs else None,
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
            input_sha256=row.input_sha256,
            deviation=departs,
            deviation_reason=v.deviation_reason,
            exclusions=[e.indicator for e in view.result.exclusions],
        )
        return verdict_view(v, s.get(User, actor.user_id))

    return store.write(_issue)


def _refuse_incomplete(view: ResultView) -> None:
    """An incomplete result is not signed: the missing indicators are rated or excluded with a reason first."""
    result = view.result
    if result is None:
        raise DomainError("store.verdict.no_result", id=view.assessment_id)
    if result.complete is False or result.missing_indicators:
        raise DomainError(
            "chain.verdict.incomplete",
            id=view.assessment_id,
            missing="、".join(result.missing_indicators) or "—",
            count=len(result.missing_indicators),
        )


def _deviation(q, computed: tuple, final: tuple, *, level: str | None, residual_level: str | None) -> list[str]:
    """What departs: chosen levels other than the engine's, a verdict other than the rule's for the levels."""
    out = []
    if level is not None and level != computed[0]:
        out.append("level")
    if residual_level is not None and residual_level != computed[1]:
        out.append("residual_level")
    if final[2] != q.decision_rule.verdict(final[1], final[0]):
        out.append("verdict")
    return out


def requirements(store: Store, assessment_id: int, *, refresh: bool = True) -> VerdictRequirements:
    """What issuing the verdict needs now (the page asks before showing the form; the same rules are
    enforced by ``issue_verdict``): the stored result (recomputed when out of date), its completeness,
    the exclusions, the engine's levels and the decision rule."""
    from riskmodel.services.assessments import get_result

    q = questionnaire_of(store, assessment_id)
    view = get_result(store, assessment_id, refresh_if_stale=refresh)
    result = None if view is None else view.result
    excl = _exclusions.list_exclusions(store, assessment_id)
    rule = {(r, b): q.decision_rule.verdict(r, b) for r in LEVELS for b in LEVELS}
    with store.read() as s:
        a = assessment_row(s, assessment_id)
        refusal: tuple[str | None, dict] = (None, {})
        if verdict_of(s, a.id) is not None:
            refusal = ("store.verdict.immutable", {"id": a.id})
        elif open_round(s, a.id) is not None:
            refusal = ("store.verdict.round_open", {"id": a.id})
        elif a.state != workflow.REVIEW:
            refusal = ("chain.verdict.not_in_review", {"state": a.state})
    missing = [] if result is None else list(result.missing_indicators)
    complete = result is not None and result.complete is not False and not missing
    if refusal[0] is None and result is None:
        refusal = ("store.verdict.no_result", {"id": assessment_id})
    elif refusal[0] is None and not complete:
        refusal = (
            "chain.verdict.incomplete",
            {"id": assessment_id, "missing": "、".join(missing) or "—", "count": len(missing)},
        )
    return VerdictRequirements(
        assessment_id=int(assessment_id),
        has_result=result is not None,
        complete=complete,
        missing=missing,
        missing_by_phase={} if result is None else {k: list(v) for k, v in result.missing_by_phase.items()},
        exclusions=excl,
        suggested_level=None if result is None else result.level,
        suggested_residual_level=None if result is None else result.residual_level,
        suggested_verdict=None if result is None else result.verdict,
        result_sha256=None if view is None else view.result_sha256,
        uncertainty_basis=None if result is None else result.uncertainty_basis,
        can_issue=refusal[0] is None,
        refusal_key=refusal[0],
        refusal_params=refusal[1],
        rule=rule,
    )


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


def get_verdict(store: Store, assessment_id: int) -> VerdictView | None:
    with store.read() as s:
        assessment_row(s, assessment_id)
        v = verdict_of(s, assessment_id)
        return None if v is None else verdict_view(v, s.get(User, v.signed_by_id))
