"""Read queries for the leader dashboard (领导驾驶舱): one flat portfolio query and a data version.

Why a module of its own: the dashboard must stay fast with thousands of assessments, so it reads
only columns (never the engine's full result JSON) in one joined query, and it exposes a cheap
``data_version`` the UI keys its cache on — any new project, assessment, rating submission, result
or verdict changes the version, so a cached portfolio is never stale. The single-assessment view
(``assessment_detail``) loads the full stored result of one assessment only.

Level counted on the dashboard (``level_shown``): the residual level (落实措施后的风险等级) of the
issued verdict when there is one, else the engine's level before measures of the latest result.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from riskmodel.errors import NotFoundError
from riskmodel.questionnaire import Questionnaire
from riskmodel.services import rounds
from riskmodel.services._lookup import project_row
from riskmodel.services.assessments import result_view
from riskmodel.services.context import Actor, require_role
from riskmodel.services.questionnaires import parse_version
from riskmodel.services.views.dashboard import (
    AssessmentDetail,
    DataVersion,
    DetailAssessment,
    DetailMeasure,
    DetailProject,
    DetailVerdict,
    DimensionName,
    PortfolioRow,
    QuestionnaireMeta,
)
from riskmodel.services.views.networks import ReassessmentFlag
from riskmodel.store.db import Store
from riskmodel.store.models import (
    Assessment,
    AuditHead,
    Measure,
    PanelMember,
    Project,
    QuestionnaireVersion,
    Result,
    Submission,
    User,
    Verdict,
)

READ_ROLES = ("leader", "admin")

PORTFOLIO_COLUMNS = (
    "assessment_id",
    "project_id",
    "code",
    "project",
    "title",
    "region",
    "type",
    "stage",
    "state",
    "questionnaire_version_id",
    "created_at",
    "updated_at",
    "computed_at",
    "verdict_at",
    "date",
    "level",
    "residual_level",
    "computed_verdict",
    "verdict",
    "level_shown",
    "level_basis",
    "index",
    "residual_index",
    "stale",
    "dimension_scores",
    "index_100",  # the 0–100 index and the raw index's unit (issue 9: one comparable index)
    "residual_index_100",
    "index_unit",
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def version_info(store: Store) -> DataVersion:
    """``version``: a short text that changes whenever anything the dashboard shows may have changed;
    ``stale``: how many assessments need their result (re)computed — stored results whose inputs changed,
    and assessments with submitted ratings but no result yet.

    One round trip of aggregate sub-queries (counts and latest timestamps of projects, assessments,
    results, verdicts, submissions and measures); cheap enough to run on every rerun.
    """

    def count(model: Any, *where: Any) -> Any:
        return select(func.count()).select_from(model).where(*where).scalar_subquery()

    def latest(column: Any) -> Any:  # a bare max(): one index lookup (migration 0008), not a scan
        return select(func.max(column)).scalar_subquery()

    missing = (
        select(func.count(func.distinct(Submission.assessment_id)))
        .where(~Submission.assessment_id.in_(select(Result.assessment_id)))
        .scalar_subquery()
    )
    q = select(
        count(Project),
        latest(Project.updated_at),
        count(Assessment),
        latest(Assessment.updated_at),
        count(Result),
        latest(Result.computed_at),
        count(Measure),
        latest(Measure.updated_at),
        latest(Verdict.id),
        count(Verdict),
        latest(Submission.id),
        select(AuditHead.last_seq).where(AuditHead.id == 1).scalar_subquery(),
        missing,
        count(Result, Result.stale.is_(True)),
    )
    with store.read() as s:
        row = s.execute(q).one()
    return DataVersion(
        version="|".join("" if v is None else str(v) for v in row),
        stale=int(row[-1] or 0) + int(row[-2] or 0),
    )


def data_version(store: Store) -> str:
    """See ``version_info``: the text the dashboard's cache is keyed on."""
    return version_info(store).version


def stale_assessment_ids(store: Store, limit: int | None = None) -> list[int]:
    """Assessments whose result must be (re)computed: never computed despite submitted ratings first,
    then stored results that are out of date, oldest first."""
    never = (
        select(Submission.assessment_id)
        .distinct()
        .where(~Submission.assessment_id.in_(select(Result.assessment_id)))
        .order_by(Submission.assessment_id)
    )
    stale = (
        select(Result.assessment_id).where(Result.stale.is_(True)).order_by(Result.computed_at, Result.assessment_id)
    )
    if limit:
        never, stale = never.limit(limit), stale.limit(limit)
    with store.read() as s:
        ids = list(s.execute(never).scalars()) + list(s.execute(stale).scalars())
    return ids[:limit] if limit else ids


def refresh_stale(store: Store, actor: Actor, limit: int = 10) -> tuple[int, int]:
    """Recompute up to ``limit`` out-of-date results (the engine runs once per assessment).

    The dashboard calls this so a leader sees an assessment as it stands after the latest rating,
    survey or measure — without ever running the engine for the whole portfolio. Returns
    (refreshed, still stale).
    """
    require_role(actor, *READ_ROLES)
    from riskmodel.services.assessments import refresh_result

    ids = stale_assessment_ids(store, limit + 1)
    done = 0
    for aid in ids[:limit]:
        refresh_result(store, aid)
        done += 1
    left = version_info(store).stale if len(ids) > limit else 0
    return done, left


def portfolio_rows(store: Store, actor: Actor) -> list[PortfolioRow]:
    """One row per assessment with its project, latest stored result and issued verdict.

    ``dimension_scores`` is the stored {dimension id: {"before", "after"}}; ``date`` is the verdict
    date when a verdict exists, else the assessment's creation date (the period filter uses it).
    """
    require_role(actor, *READ_ROLES)
    q = (
        select(
            Assessment.id,
            Assessment.project_id,
            Project.code,
            Project.name,
            Assessment.title,
            Project.region,
            Project.type,
            Project.stage,
            Assessment.state,
            Assessment.questionnaire_version_id,
            Assessment.created_at,
            Assessment.updated_at,
            Result.computed_at,
            Verdict.signed_at,
            Result.level,
            Result.residual_level,
            Result.verdict,
            Verdict.verdict,
            Verdict.residual_level,
            Result.index_value,
            Result.residual_index,
            Result.stale,
            Result.dimension_scores,
            Verdict.level,
            Result.index_100,
            Result.residual_index_100,
            Result.index_unit,
        )
        .join(Project, Project.id == Assessment.project_id)
        .outerjoin(Result, Result.assessment_id == Assessment.id)
        .outerjoin(Verdict, Verdict.assessment_id == Assessment.id)
        .order_by(Assessment.id)
    )
    out: list[PortfolioRow] = []
    basis: str | None
    with store.read() as s:
        for (
            aid,
            pid,
            code,
            name,
            title,
            region,
            ptype,
            stage,
            state,
            qvid,
            created,
            updated,
            computed,
            signed,
            level,
            residual,
            computed_verdict,
            verdict,
            v_residual,
            index,
            r_index,
            stale,
            dims,
            v_level,
            index_100,
            r_index_100,
            unit,
        ) in s.execute(q):
            if verdict is not None:
                shown, basis = v_residual, "residual"
                level = v_level or level
                residual = v_residual
            else:
                shown, basis = level, ("before" if level else None)
            out.append(
                PortfolioRow(
                    assessment_id=aid,
                    project_id=pid,
                    code=code,
                    project=name,
                    title=title,
                    region=region,
                    type=ptype,
                    stage=stage,
                    state=state,
                    questionnaire_version_id=qvid,
                    created_at=created,
                    updated_at=updated,
                    computed_at=computed,
                    verdict_at=signed,
                    date=signed or created,
                    level=level,
                    residual_level=residual,
                    computed_verdict=computed_verdict,
                    verdict=verdict,
                    level_shown=shown,
                    level_basis=basis,
                    index=index,
                    residual_index=r_index,
                    stale=bool(stale) if stale is not None else None,
                    dimension_scores=_dimension_scores(dims),
                    index_100=index_100,
                    residual_index_100=r_index_100,
                    index_unit=unit,
                )
            )
    return out


def _dimension_scores(raw: Any) -> dict[str, dict[str, float | None]]:
    """{dimension id: {"before": score, "after": score}} (also accepts a bare score as "before")."""
    out: dict[str, dict[str, float | None]] = {}
    for key, value in (raw or {}).items():
        if isinstance(value, dict):
            out[str(key)] = {"before": value.get("before"), "after": value.get("after")}
        elif isinstance(value, (int, float)):
            out[str(key)] = {"before": float(value), "after": None}
    return out


def questionnaire_of(store: Store, version_id: int) -> Questionnaire:
    """The questionnaire an assessment was run with (stored text, parsed once per process by the one
    questionnaire cache, ``questionnaires.parse_version``)."""
    with store.read() as s:
        row = s.get(QuestionnaireVersion, version_id)
        if row is None:
            raise NotFoundError("ui_leader.error.questionnaire_missing", id=version_id)
        return parse_version(row)


def questionnaire_meta(store: Store, version_ids: list[int] | set[int]) -> dict[int, QuestionnaireMeta]:
    """Names of each questionnaire version's dimensions and its score range (for heatmap colours)."""
    meta: dict[int, QuestionnaireMeta] = {}
    with store.read() as s:
        rows = s.execute(select(QuestionnaireVersion).where(QuestionnaireVersion.id.in_(sorted(version_ids)))).scalars()
        for row in rows:
            q = parse_version(row)
            scale = (float(q.scale.min), float(q.scale.max)) if q.method == "score" and q.scale else None
            meta[row.id] = QuestionnaireMeta(
                qid=q.id,
                version=q.version,
                revision=row.revision,
                method=q.method,
                name_zh=q.name.zh,
                name_en=q.name.en,
                scale=scale,
                dimensions=tuple(DimensionName(d.id, d.name.zh, d.name.en) for d in q.dimensions),
            )
    return meta


def assessment_detail(store: Store, actor: Actor, assessment_id: int) -> AssessmentDetail:
    """Everything the single-assessment page shows: project, state, stored result, verdict, measures.

    ``result`` is the engine's stored ``AssessmentResult.to_dict()`` (or None before the first run);
    ``indicator_meta`` carries the questionnaire's bilingual stage and area per indicator, and the
    verbal scales, so the Table 1 view can be shown in either language.
    """
    require_role(actor, *READ_ROLES)
    with store.read() as s:
        a = s.get(Assessment, assessment_id)
        if a is None:
            raise NotFoundError("ui_leader.error.assessment_missing", id=assessment_id)
        p = project_row(s, a.project_id)
        res = s.get(Result, assessment_id)
        v = s.execute(select(Verdict).where(Verdict.assessment_id == assessment_id)).scalar_one_or_none()
        signer = s.get(User, v.signed_by_id) if v is not None else None
        measures = (
            s.execute(select(Measure).where(Measure.assessment_id == assessment_id).order_by(Measure.id))
            .scalars()
            .all()
        )
        qv = s.get(QuestionnaireVersion, a.questionnaire_version_id)
        q = parse_version(qv) if qv is not None else None
        view = result_view(res) if res is not None else None  # the one read model of a stored result
        return AssessmentDetail(
            assessment=DetailAssessment(a.id, a.title, a.state, _iso(a.created_at), _iso(a.updated_at)),
            project=DetailProject(
                p.id,
                p.code,
                p.name,
                p.type,
                p.region,
                p.stage,
                p.investment_wan,
                p.affected_households,
                p.description,
            ),
            result_view=view,
            verdict=None
            if v is None
            else DetailVerdict(
                level=v.level,
                residual_level=v.residual_level,
                verdict=v.verdict,
                rationale=v.rationale,
                signed_by=signer.display_name if signer is not None else None,
                signed_at=_iso(v.signed_at),
                deviation_reason=v.deviation_reason,
                result_sha256=v.result_sha256,
            ),
            measures=tuple(
                DetailMeasure(m.id, m.factor, m.measure, m.phase, m.deadline, m.responsible, m.assisting, m.status)
                for m in measures
            ),
            round_progress=rounds.progress_in(s, a),
            expert_codes=expert_codes(s, a.id),
            questionnaire=_questionnaire_view(q) if q is not None else None,
        )


def _questionnaire_view(q: Questionnaire) -> dict[str, Any]:
    def text(x):
        return None if x is None else {"zh": x.zh, "en": x.en}

    return {
        "id": q.id,
        "version": q.version,
        "method": q.method,
        "name": text(q.name),
        "standard": text(q.standard),
        "cv_max": q.consensus.cv_max,
        "scale": None
        if q.scale is None
        else {
            "min": q.scale.min,
            "max": q.scale.max,
            "anchors": [{"value": a.value, "label": text(a.label)} for a in q.scale.anchors],
        },
        "probability_scale": None
        if q.probability_scale is None
        else [{"level": lv.level, "label": text(lv.label)} for lv in q.probability_scale.levels],
        "impact_scale": None
        if q.impact_scale is None
        else [{"level": lv.level, "label": text(lv.label)} for lv in q.impact_scale.levels],
        "grades": {g.id: text(g.label) for g in q.risk_degree_grades},
        "dimensions": {d.id: text(d.name) for d in q.dimensions},
        "indicators": {
            ind.id: {"dimension": d.id, "name": text(ind.name), "area": ind.area, "stage": text(ind.stage)}
            for d in q.dimensions
            for ind in d.indicators
        },
    }


# --- tracking flags from the network area (issue 5, item 7) and the feeds (issue 12) ------------
def reassessment_flags(store: Store) -> dict[int, ReassessmentFlag]:
    """{project id: flag} of tracked projects (建议重新评估 when ``flag.flag``): the network area's new
    disputes (``services.network_tracking``, imported late: it pulls in the network package) with the
    feeds' 告警 after the verdict merged into the same flag."""
    from riskmodel.services import network_tracking
    from riskmodel.services.feeds_tracking import merge_feed_flags

    return merge_feed_flags(store, network_tracking.reassessment_flags(store))


def expert_codes(s: Any, assessment_id: int) -> dict[str, str]:
    """username → panel code (A, B, …) as the exports print them (专家A…): the eligible panel in the
    engine's order (by username), so a leader never sees an expert's name beside his ratings."""
    from riskmodel.reports.context import panel_code

    names = s.execute(
        select(User.username)
        .join(PanelMember, PanelMember.user_id == User.id)
        .where(PanelMember.assessment_id == assessment_id, PanelMember.has_conflict.is_(False))
        .order_by(User.username)
    ).scalars()
    return {name: panel_code(i) for i, name in enumerate(names)}
