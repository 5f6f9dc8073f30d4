"""Assessments: creation, workflow steps, the engine input built from the database, cached results.

Which ratings count (the bridge to the engine, ``assessment_input``): for every panel expert ×
indicator × phase, the rating from the **latest round in which that expert rated that indicator and
phase** (open or closed round), and within that round the **latest submitted version**. Drafts never
count. Experts who declared a conflict of interest are left out of the panel and their ratings with
them. Indicators no longer in the assessment's questionnaire version are ignored.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from riskmodel.domain import MeasureStatus, RoundStatus, State
from riskmodel.engine import assess
from riskmodel.engine.inputs import (
    AssessmentInput,
    Expert,
    MobilisationEvidence,
    ProjectInfo,
    SurveyCounts,
    UncertaintyRequest,
)
from riskmodel.engine.inputs import Exclusion as ExclusionIn
from riskmodel.engine.inputs import Measure as MeasureIn
from riskmodel.engine.inputs import Rating as RatingIn
from riskmodel.engine.result import AssessmentResult
from riskmodel.errors import DomainError, RiskModelError, ValidationError
from riskmodel.questionnaire import Questionnaire
from riskmodel.services import audit, counting, workflow
from riskmodel.services import questionnaires as _questionnaires
from riskmodel.services._lookup import assessment_row, iso, latest_round, open_round, project_row, version_row
from riskmodel.services.audit import canonical_json
from riskmodel.services.context import Actor, now, require_role
from riskmodel.services.questionnaires import ensure_version, parse_text, parse_version
from riskmodel.services.views.assessments import AssessmentView, QuestionnaireRef, ResultView, RoundRef
from riskmodel.store.db import Store
from riskmodel.store.models import (
    Assessment,
    AuditEntry,
    Exclusion,
    Measure,
    PanelMember,
    Rating,
    Result,
    Round,
    Survey,
    User,
    Verdict,
)

log = logging.getLogger(__name__)


# --- creation and reading -------------------------------------------------------------------
def create_assessment(
    store: Store,
    actor: Actor,
    project_id: int | str,
    questionnaire_id: str,
    *,
    title: str | None = None,
    group_event_people: int | None = None,
    uncertainty_draws: int | None = None,
    uncertainty_seed: int | None = None,
    questionnaire_text: str | None = None,
    group_event_people_after: int | None = None,
) -> AssessmentView:
    """Start an assessment (state 草稿) of a project with the current version of a questionnaire.

    The questionnaire's YAML text is stored (or reused when unchanged), so later edits of the file
    never change this assessment. ``questionnaire_text`` uses an uploaded text instead of the built-in file.
    """
    require_role(actor, "organizer", "admin")
    _check_people(group_event_people, group_event_people_after)
    text = questionnaire_text if questionnaire_text is not None else _questionnaires.builtin_text(questionnaire_id)
    parse_text(text, questionnaire_id)  # parse (slow) before the write transaction, not inside it

    def _create(s: Session) -> AssessmentView:
        project = project_row(s, project_id)
        qv = ensure_version(s, questionnaire_id, text=text)
        stamp = now()
        a = Assessment(
            project_id=project.id,
            questionnaire_version_id=qv.id,
            title=title,
            state=workflow.DRAFT,
            group_event_people=group_event_people,
            group_event_people_after=group_event_people_after,
            uncertainty_draws=uncertainty_draws,
            uncertainty_seed=uncertainty_seed,
            panel_override=False,
            created_at=stamp,
            updated_at=stamp,
            created_by_id=actor.user_id,
        )
        s.add(a)
        s.flush()
        audit.record(
            s,
            actor,
            "assessment.create",
            "assessment",
            a.id,
            project=project.code,
            questionnaire=qv.qid,
            revision=qv.revision,
            sha256=qv.sha256,
        )
        return assessment_view(s, a)

    return store.write(_create)


def update_assessment(
    store: Store,
    actor: Actor,
    assessment_id: int,
    *,
    title: str | None = None,
    group_event_people: int | None = None,
    uncertainty_draws: int | None = None,
    uncertainty_seed: int | None = None,
    group_event_people_after: int | None = None,
) -> AssessmentView:
    """Edit the assessment's own facts (before the verdict). ``group_event_people_after`` is the panel's
    crowd estimate once the measures are in place (post-measure evidence for the residual level)."""
    require_role(actor, "organizer", "admin")
    _check_people(group_event_people, group_event_people_after)
    changes = {
        k: v
        for k, v in {
            "title": title,
            "group_event_people": group_event_people,
            "group_event_people_after": group_event_people_after,
            "uncertainty_draws": uncertainty_draws,
            "uncertainty_seed": uncertainty_seed,
        }.items()
        if v is not None
    }

    def _update(s: Session) -> AssessmentView:
        a = assessment_row(s, assessment_id, lock=True)
        workflow.check(a, "edit_setup")
        for key, value in changes.items():
            setattr(a, key, value)
        a.updated_at = now()
        mark_stale(s, a.id)
        audit.record(s, actor, "assessment.update", "assessment", a.id, **changes)
        return assessment_view(s, a)

    return store.write(_update)


def _check_people(*values: int | None) -> None:
    for value in values:
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise ValidationError("store.assessment.bad_people", value=value)


def _round_ref(r: Round) -> RoundRef:
    return RoundRef(
        number=r.number, status=RoundStatus(r.status), opened_at=iso(r.opened_at), closed_at=iso(r.closed_at)
    )


def assessment_view(s: Session, a: Assessment) -> AssessmentView:
    """The typed read model of one assessment row (its project, questionnaire version and rounds)."""
    qv = version_row(s, a.questionnaire_version_id)
    project = project_row(s, a.project_id)
    rounds = tuple(
        _round_ref(r)
        for r in s.execute(select(Round).where(Round.assessment_id == a.id).order_by(Round.number)).scalars()
    )
    return AssessmentView(
        id=a.id,
        project_id=a.project_id,
        project_code=project.code,
        project_name=project.name,
        title=a.title,
        state=State(a.state),
        questionnaire=QuestionnaireRef(
            id=qv.qid,
            version=qv.version,
            revision=qv.revision,
            version_id=qv.id,
            name=qv.name,
            method=qv.method,
            sha256=qv.sha256,
        ),
        round=rounds[-1] if rounds else None,
        rounds=rounds,
        group_event_people=a.group_event_people,
        group_event_people_after=a.group_event_people_after,
        uncertainty_draws=a.uncertainty_draws,
        uncertainty_seed=a.uncertainty_seed,
        panel_override=bool(a.panel_override),
        panel_override_reason=a.panel_override_reason,
        created_at=iso(a.created_at),
        updated_at=iso(a.updated_at),
        row_version=a.row_version,
    )


def get_assessment(store: Store, assessment_id: int) -> AssessmentView:
    with store.read() as s:
        return assessment_view(s, assessment_row(s, assessment_id))


def list_assessments(
    store: Store, actor: Actor, *, project_id: int | None = None, state: str | None = None
) -> list[AssessmentView]:
    """Assessments visible to the actor: experts see only those whose panel they are on."""
    with store.read() as s:
        q = select(Assessment).order_by(Assessment.id)
        if project_id is not None:
            q = q.where(Assessment.project_id == project_id)
        if state:
            q = q.where(Assessment.state == state)
        if actor.role == "expert" and not actor.is_system:
            q = q.join(PanelMember, PanelMember.assessment_id == Assessment.id).where(
                PanelMember.user_id == actor.user_id
            )
        return [assessment_view(s, a) for a in s.execute(q).scalars()]


def questionnaire_of(store_or_session: Store | Session, assessment_id: int) -> Questionnaire:
    """The exact questionnaire version an assessment uses."""

    def _get(s: Session) -> Questionnaire:
        a = assessment_row(s, assessment_id)
        return parse_version(version_row(s, a.questionnaire_version_id))

    if isinstance(store_or_session, Session):
        return _get(store_or_session)
    with store_or_session.read() as s:
        return _get(s)


# --- workflow steps ---------------------------------------------------------------------------
def begin_review(store: Store, actor: Actor, assessment_id: int, *, refresh: bool = True) -> AssessmentView:
    """专家评分 → 复核: needs every round closed and at least one submitted rating."""
    require_role(actor, "organizer", "admin")

    def _step(s: Session) -> AssessmentView:
        a = assessment_row(s, assessment_id, lock=True)
        workflow.check(a, "begin_review")
        if open_round(s, a.id) is not None:
            raise DomainError("store.review.round_open", id=a.id)
        if s.execute(select(Rating.id).where(Rating.assessment_id == a.id).limit(1)).first() is None:
            raise DomainError("store.review.no_ratings", id=a.id)
        a.state = workflow.REVIEW
        a.updated_at = now()
        audit.record(s, actor, "assessment.review", "assessment", a.id)
        return assessment_view(s, a)

    out = store.write(_step)
    if refresh:
        refresh_quietly(store, assessment_id)
    return out


def start_tracking(store: Store, actor: Actor, assessment_id: int) -> AssessmentView:
    """已出结论 → 跟踪: the measures are now followed up."""
    require_role(actor, "organizer", "admin")

    def _step(s: Session) -> AssessmentView:
        a = assessment_row(s, assessment_id, lock=True)
        workflow.check(a, "start_tracking")
        a.state = workflow.TRACKING
        a.updated_at = now()
        audit.record(s, actor, "assessment.track", "assessment", a.id)
        return assessment_view(s, a)

    return store.write(_step)


def reassess(store: Store, actor: Actor, assessment_id: int, *, title: str | None = None) -> AssessmentView:
    """A new assessment of the same project (the old verdict stays as issued); the panel is copied."""
    require_role(actor, "organizer", "admin")

    def _new(s: Session) -> AssessmentView:
        old = assessment_row(s, assessment_id)
        qv = version_row(s, old.questionnaire_version_id)
        try:
            current = ensure_version(s, qv.qid)
        except RiskModelError:  # an uploaded questionnaire: keep the same text
            current = qv
        stamp = now()
        a = Assessment(
            project_id=old.project_id,
            questionnaire_version_id=current.id,
            title=title or old.title,
            state=workflow.DRAFT,
            group_event_people=old.group_event_people,
            uncertainty_draws=old.uncertainty_draws,
            uncertainty_seed=old.uncertainty_seed,
            panel_override=False,
            created_at=stamp,
            updated_at=stamp,
            created_by_id=actor.user_id,
        )
        s.add(a)
        s.flush()
        for m in s.execute(select(PanelMember).where(PanelMember.assessment_id == old.id)).scalars():
            s.add(
                PanelMember(
                    assessment_id=a.id,
                    user_id=m.user_id,
                    field=m.field,
                    ca=m.ca,
                    cs=m.cs,
                    has_conflict=m.has_conflict,
                    conflict_statement=m.conflict_statement,
                    conflict_declared_at=m.conflict_declared_at,
                    added_at=stamp,
                )
            )
        s.flush()
        audit.record(s, actor, "assessment.reassess", "assessment", a.id, previous=old.id)
        return assessment_view(s, a)

    return store.write(_new)


# --- engine input -----------------------------------------------------------------------------
def counted_ratings(s: Session, assessment_id: int) -> list[tuple[Rating, str, int]]:
    """(rating, username, round number) of the ratings that count — see the module docstring."""
    rows = s.execute(
        select(Rating, User.username, Round.number)
        .join(User, Rating.user_id == User.id)
        .join(Round, Rating.round_id == Round.id)
        .where(Rating.assessment_id == assessment_id)
    ).all()
    best = counting.counted(
        rows, key=lambda t: (t[0].user_id, t[0].indicator, t[0].phase), rank=lambda t: (t[2], t[0].version)
    )
    return sorted(((r, u, n) for r, u, n in best.values()), key=lambda t: (t[1], t[0].indicator, t[0].phase))


def _build_input(s: Session, assessment_id: int) -> tuple[AssessmentInput, Questionnaire, dict]:
    a = assessment_row(s, assessment_id)
    qv = version_row(s, a.questionnaire_version_id)
    q = parse_version(qv)
    project = project_row(s, a.project_id)
    members = s.execute(
        select(PanelMember, User)
        .join(User, PanelMember.user_id == User.id)
        .where(PanelMember.assessment_id == a.id)
        .order_by(User.username)
    ).all()
    eligible = {u.id: (m, u) for m, u in members if not m.has_conflict}
    if not eligible:
        raise DomainError("store.assessment.no_panel", id=a.id)
    experts = [Expert(id=u.username, field=m.field or u.field, ca=m.ca, cs=m.cs) for m, u in eligible.values()]
    # issue 15: weights from the record, unchanged unless the standard sets expert_weighting = performance
    # (imported here: the back-test reads stored results through this module)
    from riskmodel.services.backtest_experts import performance_panel

    experts = performance_panel(s, experts, q, a.id)
    known = set(q.indicator_ids())
    ratings = [
        RatingIn(
            expert=username,
            indicator=r.indicator,
            phase=r.phase,
            score=r.score,
            probability=r.probability,
            impact=r.impact,
            comment=r.comment,
        )
        for r, username, _n in counted_ratings(s, a.id)
        if r.user_id in eligible and r.indicator in known and r.phase in q.phases
    ]
    survey = _latest_survey(s, a.id, "before")
    survey_after = _latest_survey(s, a.id, "after")
    exclusions = [
        ExclusionIn(indicator=e.indicator, reason=e.reason, phase="after" if e.phase == "after" else None)
        for e in s.execute(select(Exclusion).where(Exclusion.assessment_id == a.id).order_by(Exclusion.id)).scalars()
        if e.indicator in known
    ]
    measures = (
        s.execute(
            select(Measure)
            .where(Measure.assessment_id == a.id, Measure.status != MeasureStatus.CANCELLED)
            .order_by(Measure.id)
        )
        .scalars()
        .all()
    )
    inp = AssessmentInput(
        project=ProjectInfo(
            name=project.name,
            type=project.type,
            region=project.region,
            investment_wan=project.investment_wan,
            affected_households=project.affected_households,
            stage=project.stage,
            description=project.description,
        ),
        questionnaire=q.id,
        questionnaire_version=q.version,
        experts=experts,
        ratings=ratings,
        survey=_survey_counts(survey),
        survey_after=_survey_counts(survey_after),
        exclusions=exclusions,
        mobilisation=_mobilisation(s, a.id),
        measures=[
            MeasureIn(
                factor=m.factor,
                measure=m.measure,
                phase=m.phase,
                deadline=m.deadline,
                responsible=m.responsible,
                assisting=m.assisting,
                # progress (计划 → 实施中 → 已完成) is followed up after the verdict, not assessed: it is
                # no input of the computation, so tracking never changes the result the verdict was signed on
                status=None,
            )
            for m in measures
        ],
        group_event_people=a.group_event_people,
        group_event_people_after=a.group_event_people_after,
        uncertainty=UncertaintyRequest(draws=a.uncertainty_draws, seed=a.uncertainty_seed),
    )
    current = latest_round(s, a.id)
    meta = {
        "assessment_id": a.id,
        "project_id": project.id,
        "project_code": project.code,
        "state": a.state,
        "round": None if current is None else current.number,
        "round_status": None if current is None else current.status,
        "questionnaire": q.key,
        "questionnaire_revision": qv.revision,
        "questionnaire_sha256": qv.sha256,
        "experts_submitted": len({r.expert for r in ratings}),
        "ratings_count": len(ratings),
    }
    return inp, q, meta


def _latest_survey(s: Session, assessment_id: int, phase: str) -> Survey | None:
    """The latest survey of one phase (before / after measures): the one that counts."""
    return s.execute(
        select(Survey)
        .where(Survey.assessment_id == assessment_id, Survey.phase == phase)
        .order_by(Survey.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _survey_counts(row: Survey | None) -> SurveyCounts | None:
    if row is None:
        return None
    return SurveyCounts(
        support=row.support,
        neutral=row.neutral,
        oppose=row.oppose,
        respondents_direct=row.respondents_direct,
        respondents_indirect=row.respondents_indirect,
        households_covered=row.households_covered,
    )


NETWORK_EVIDENCE_ACTION = "network.evidence"  # services/network_analysis.EVIDENCE_ACTION


def _mobilisation(s: Session, assessment_id: int) -> MobilisationEvidence | None:
    """The network simulation the panel saw (the latest stored evidence): shown beside its crowd estimate."""
    row = s.execute(
        select(AuditEntry.details)
        .where(
            AuditEntry.action == NETWORK_EVIDENCE_ACTION,
            AuditEntry.entity == "assessment",
            AuditEntry.entity_id == str(assessment_id),
        )
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    mob = (json.loads(row[0]) or {}).get("mobilisation") or {}
    if mob.get("expected_people") is None:
        return None
    return MobilisationEvidence(
        expected_people=float(mob["expected_people"]),
        p_ge_100=mob.get("p_ge_100"),
        p_ge_200=mob.get("p_ge_200"),
        runs=mob.get("runs"),
    )


def assessment_input(
    session_or_store: Store | Session, assessment_id: int
) -> tuple[AssessmentInput, Questionnaire, dict]:
    """(AssessmentInput, Questionnaire, meta) of one assessment, read from the database.

    ``meta`` has ``experts_submitted`` and ``ratings_count`` (what ``assess --assessment ID --json``
    prints beside the engine's result) and the assessment's state, round and questionnaire key.
    """
    if isinstance(session_or_store, Session):
        return _build_input(session_or_store, assessment_id)
    with session_or_store.read() as s:
        return _build_input(s, assessment_id)


def input_sha256(inp: AssessmentInput, meta: dict) -> str:
    text = canonical_json({"input": inp.model_dump(mode="json"), "questionnaire": meta["questionnaire_sha256"]})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- results cache ----------------------------------------------------------------------------
def mark_stale(s: Session, assessment_id: int) -> None:
    """Inputs changed: dashboards show the stored result as out of date until it is recomputed."""
    s.execute(update(Result).where(Result.assessment_id == assessment_id, Result.stale.is_(False)).values(stale=True))


def run_engine(inp: AssessmentInput, q: Questionnaire) -> dict:
    """The engine's JSON for one input (``riskmodel.assess(inp, q).to_dict()``)."""
    return assess(inp, q).to_dict()


def summarize(result: dict) -> dict:
    """Summary columns of a result (what the portfolio shows without reading the whole JSON).

    ``dimension_scores`` = {dimension id: {"before": score, "after": score}} from the engine's
    ``dimensions`` list (entries ``{"id", "before": {"score", "level"}, "after": {...}}``).
    """
    scores: dict[str, dict[str, float | None]] = {}
    for item in result.get("dimensions") or []:
        if isinstance(item, dict) and "id" in item:
            scores[item["id"]] = {phase: _num((item.get(phase) or {}).get("score")) for phase in ("before", "after")}
    scale = result.get("index_scale") or {}
    return {
        "level": result.get("level"),
        "residual_level": result.get("residual_level"),
        "verdict": result.get("verdict"),
        "index_value": _num(result.get("index")),
        "residual_index": _num(result.get("residual_index")),
        "dimension_scores": scores,
        "index_100": _num(result.get("index_100")),
        "residual_index_100": _num(result.get("residual_index_100")),
        "index_unit": scale.get("unit"),
        "index_min": _num(scale.get("min")),
        "index_max": _num(scale.get("max")),
    }


def _num(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def refresh_result(store: Store, assessment_id: int) -> ResultView:
    """Run the engine on the stored inputs and keep the result (and its summary) in ``results``.

    The engine runs outside any transaction; the row is written afterwards and marked stale if the
    inputs changed meanwhile. Returns the stored summary (``error`` set when the engine refused).
    """
    inp, q, meta = assessment_input(store, assessment_id)
    digest = input_sha256(inp, meta)
    error = None
    result: dict = {}
    if meta["ratings_count"]:
        try:
            result = run_engine(inp, q)
        except RiskModelError as exc:
            error = exc.message()
    else:
        error = "no ratings"
    summary = (
        summarize(result)
        if result
        else {
            "level": None,
            "residual_level": None,
            "verdict": None,
            "index_value": None,
            "residual_index": None,
            "dimension_scores": {},
            "index_100": None,
            "residual_index_100": None,
            "index_unit": None,
            "index_min": None,
            "index_max": None,
        }
    )

    def _save(s: Session) -> ResultView:
        inp2, _q2, meta2 = _build_input(s, assessment_id)
        row = s.get(Result, assessment_id)
        if row is None:
            row = Result(assessment_id=assessment_id)
            s.add(row)
        row.computed_at = now()
        row.input_sha256 = digest
        row.experts_submitted = meta["experts_submitted"]
        row.ratings_count = meta["ratings_count"]
        row.stale = input_sha256(inp2, meta2) != digest
        row.error = error
        row.result = result
        for key, value in summary.items():
            setattr(row, key, value)
        s.flush()
        audit.record(
            s,
            Actor.system(),
            "result.refresh",
            "assessment",
            assessment_id,
            input_sha256=digest,
            level=summary["level"],
            residual_level=summary["residual_level"],
            error=error,
        )
        return result_view(row)

    return store.write(_save)


def refresh_quietly(store: Store, assessment_id: int) -> None:
    """Refresh after a workflow step that has already committed: a failure here must not make the
    step look failed — the stored result simply stays marked out of date (and is logged)."""
    try:
        refresh_result(store, assessment_id)
    except Exception:
        log.exception("could not refresh the result of assessment %s", assessment_id)


def result_sha256(result: dict | None) -> str | None:
    """SHA-256 of a stored result's canonical JSON (what the verdict keeps and the report prints)."""
    if not result:
        return None
    return hashlib.sha256(canonical_json(result).encode("utf-8")).hexdigest()


def result_view(row: Result) -> ResultView:
    """The typed read model of a stored result row."""
    raw = row.result or None
    return ResultView(
        assessment_id=row.assessment_id,
        computed_at=iso(row.computed_at),
        input_sha256=row.input_sha256,
        result_sha256=result_sha256(raw),
        stale=bool(row.stale),
        error=row.error,
        experts_submitted=row.experts_submitted,
        ratings_count=row.ratings_count,
        level=row.level,
        residual_level=row.residual_level,
        verdict=row.verdict,
        index=row.index_value,
        residual_index=row.residual_index,
        dimension_scores=dict(row.dimension_scores or {}),
        result=AssessmentResult.from_dict(raw) if raw else None,
        raw=raw,
    )


def get_result(store: Store, assessment_id: int, *, refresh_if_stale: bool = False) -> ResultView | None:
    """The stored result (None if never computed) — the one route every surface reads a result by.

    With ``refresh_if_stale`` it is recomputed first when missing, marked out of date, or computed from
    other inputs than the database holds now (the input digest differs), so a page never shows a stale one.
    """
    with store.read() as s:
        assessment_row(s, assessment_id)
        row = s.get(Result, assessment_id)
        out = None if row is None else result_view(row)
        current = None
        if refresh_if_stale and out is not None and not out.stale:
            try:
                inp, _q, meta = _build_input(s, assessment_id)
                current = input_sha256(inp, meta)
            except RiskModelError:
                current = None
    if refresh_if_stale and (out is None or out.stale or (current is not None and current != out.input_sha256)):
        return refresh_result(store, assessment_id)
    return out


def refresh_stale_results(store: Store) -> int:
    """Recompute every result marked stale or missing (for assessments with ratings); return the count."""
    with store.read() as s:
        ids = (
            s.execute(
                select(Assessment.id)
                .outerjoin(Result, Result.assessment_id == Assessment.id)
                .where((Result.stale.is_(True)) | (Result.assessment_id.is_(None)))
                .where(Assessment.id.in_(select(Rating.assessment_id)))
                .order_by(Assessment.id)
            )
            .scalars()
            .all()
        )
    for aid in ids:
        refresh_result(store, aid)
    return len(ids)


def verdict_of(s: Session, assessment_id: int) -> Verdict | None:
    return s.execute(select(Verdict).where(Verdict.assessment_id == assessment_id)).scalar_one_or_none()
