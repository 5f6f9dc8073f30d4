"""Build a report context for a stored assessment, through the services (read-only but for the cache).

The stored engine result is used as is (recomputed first only when it is missing or out of date, via
``get_result(refresh_if_stale=True)``), so the bundle's ``result`` is the one the office saw and
``assess`` on the bundle reproduces it. User names never reach the context: experts become panel
codes here; a rating by someone no longer on the panel gets a code after the panel's.
"""

from __future__ import annotations

import logging
from typing import Any

from riskmodel.errors import DomainError
from riskmodel.reports.context import (
    RatingRow,
    ReportContext,
    RoundInfo,
    VerdictInfo,
    context_from_input,
    panel_code,
    sha256_text,
)
from riskmodel.services import counting
from riskmodel.services.views.ratings import SubmittedRating
from riskmodel.services.views.verdicts import VerdictView

log = logging.getLogger(__name__)
NETWORK_RUNS = 500  # mobilisation runs for the report's network summary (seeded, so repeatable)


def context_from_db(db_url: str | None, assessment_id: int, *, lang: str = "zh") -> ReportContext:
    """A context for a stored assessment, read through the services."""
    return build_context(db_url, assessment_id, lang=lang)


def build_context(db_url: str | None, assessment_id: int, *, lang: str = "zh", store=None) -> ReportContext:
    from riskmodel.services import assessments, measures, projects, rounds, surveys, verdicts
    from riskmodel.services.context import Actor
    from riskmodel.services.ratings import ratings_table
    from riskmodel.store.db import get_store

    store = store or get_store(db_url)
    info = assessments.get_assessment(store, assessment_id)
    inp, q, _meta = assessments.assessment_input(store, assessment_id)
    stored = assessments.get_result(store, assessment_id, refresh_if_stale=True)
    result = None if stored is None else stored.result_dict()
    if stored is None or not result:
        raise DomainError("report.export.no_result", id=assessment_id, reason=(stored.error if stored else None) or "—")
    text = _questionnaire_text(store, info.questionnaire.version_id)

    project = projects.get_project(store, info.project_id)
    verdict = verdicts.get_verdict(store, assessment_id)
    organizer = None
    if verdict is not None and verdict.signed_by:
        try:
            from riskmodel.services.auth import get_user

            organizer = get_user(store, verdict.signed_by).organization
        except Exception:  # noqa: BLE001 — the organisation is a nicety on the cover
            organizer = None

    mapping = {e.id: panel_code(i) for i, e in enumerate(inp.experts)}
    all_ratings = ratings_table(store, Actor.system(), assessment_id)
    rows = _rating_rows(all_ratings, mapping)
    survey = surveys.latest_survey(store, assessment_id)
    measure_rows = [m.to_dict() for m in measures.list_measures(store, assessment_id) if m.active]

    ctx = context_from_input(
        inp,
        q,
        lang=lang,
        questionnaire_text=text,
        result=result,
        rounds=[
            RoundInfo(number=r.number, status=r.status.value, opened_at=r.opened_at, closed_at=r.closed_at)
            for r in rounds.list_rounds(store, assessment_id)
        ],
        ratings=rows,
        survey=None if survey is None else survey.to_dict(),
        measures=measure_rows,
        organizer=organizer,
        verdict=None if verdict is None else _verdict_info(verdict),
        network=network_summary_for_project(store, info.project_id),
        demo=_is_demo(store, assessment_id),
    )
    facts = project.to_dict()
    ctx.project = {
        k: facts[k]
        for k in ("name", "code", "type", "region", "investment_wan", "affected_households", "stage", "description")
    }
    ctx.assessment = {
        "id": info.id,
        "title": info.title,
        "state": info.state.value,
        "created_at": info.created_at,
        "result_computed_at": stored.computed_at,
        "questionnaire_revision": info.questionnaire.revision,
    }
    from riskmodel.services.evidence import evidence_dict  # issue 10: the records the chapters/ builders print

    ctx.evidence = evidence_dict(store, assessment_id)
    progress = rounds.round_progress(store, assessment_id)  # counts in the open round, not over all rounds
    if progress is not None and progress.open:
        ctx.open_round = {
            "number": progress.number,
            "submitted": progress.experts_submitted,
            "eligible": progress.eligible,
        }
    from riskmodel.services.feeds_tracking import report_paragraphs  # issue 12: what the feeds say

    ctx.feeds = {lang_: report_paragraphs(store, info.project_id, lang_) for lang_ in ("zh", "en")}
    if ctx.evidence and ctx.evidence.get("parties"):
        ctx.organizer = ctx.evidence["parties"]["assessor"]  # the recorded 评估主体 (a firm, say) comes first
    if text and sha256_text(text) != info.questionnaire.sha256:
        log.warning("questionnaire text of assessment %s does not match its stored sha256", assessment_id)
    return ctx


def _verdict_info(verdict: VerdictView) -> VerdictInfo:
    v = verdict.to_dict()
    return VerdictInfo(
        level=v["level"],
        residual_level=v["residual_level"],
        verdict=v["verdict"],
        rationale=v["rationale"],
        signer=verdict.signer,
        signed_at=v["signed_at"],
        computed_level=v["computed_level"],
        computed_residual_level=v["computed_residual_level"],
        computed_verdict=v["computed_verdict"],
        deviation_reason=v["deviation_reason"],
        result_sha256=v["result_sha256"],
    )


def _is_demo(store, assessment_id: int) -> bool:
    """Seeded by the demo (its ratings were submitted with source ``demo``): every page says 演示数据."""
    from sqlalchemy import select

    from riskmodel.store.models import Submission

    with store.read() as s:
        row = s.execute(
            select(Submission.id).where(Submission.assessment_id == assessment_id, Submission.source == "demo").limit(1)
        ).first()
        return row is not None


def _questionnaire_text(store, version_id: int) -> str | None:
    """The stored YAML text of a questionnaire version (no service returns the text itself)."""
    from riskmodel.store.models import QuestionnaireVersion

    with store.read() as s:
        row = s.get(QuestionnaireVersion, version_id)
        return None if row is None else row.text


def _rating_rows(ratings: list[SubmittedRating], mapping: dict[str, str]) -> list[RatingRow]:
    """Every submitted rating, anonymised; ``counted`` marks the ones the engine used (latest round, then
    latest version, of each expert × indicator × phase, experts on the panel only)."""
    codes = dict(mapping)
    for r in ratings:
        if r.expert not in codes:
            codes[r.expert] = panel_code(len(codes))
    best = {
        k: (r.round, r.version or 1)
        for k, r in counting.counted(
            ratings,
            key=lambda r: (r.expert, r.indicator, r.phase),
            rank=lambda r: (r.round, r.version or 1),
        ).items()
    }
    out = []
    for r in ratings:
        key = (r.expert, r.indicator, r.phase)
        counted = r.expert in mapping and best[key] == (r.round, r.version or 1)
        out.append(
            RatingRow(
                round=r.round,
                expert=codes[r.expert],
                indicator=r.indicator,
                phase=r.phase,
                score=r.score,
                probability=r.probability,
                impact=r.impact,
                comment=r.comment,
                version=r.version or 1,
                counted=counted,
                submitted_at=r.submitted_at,
            )
        )
    return out


def network_summary_for_project(store, project_id: int) -> dict[str, Any] | None:
    """The project's latest stakeholder network, summarised; None when there is none or it cannot be read."""
    try:
        from riskmodel.services.networks import latest_version

        stored = latest_version(store, project_id)
    except Exception:
        log.exception("network summary unavailable for project %s", project_id)
        return None
    if stored is None or not stored.data:
        return None
    return network_summary(stored.data, version=stored.version)


def network_summary(
    data: dict[str, Any], *, runs: int = NETWORK_RUNS, version: int | None = None
) -> dict[str, Any] | None:
    """Counts, coalitions, brokers, mobilisation and disputes by channel/status of a stored network."""
    try:
        from riskmodel.network.model import Network
        from riskmodel.network.report import network_report

        network = Network.from_dict(data)
        rep = network_report(network, runs=runs, seed=42)
    except Exception:
        log.exception("network summary failed")
        return None
    s = rep.get("summary", {})
    # groups and organisations by name; individual key persons (重点人员) never by name in a document
    # that circulates, and dispute records are not coalition labels
    public = {n["id"]: n["name"] for n in rep.get("nodes", []) if n.get("kind") in ("group", "organisation")}
    persons = {n["id"] for n in rep.get("nodes", []) if n.get("kind") == "person"}
    communities = []
    for c in rep.get("communities", []):
        named = [public[m] for m in c.get("top_members", []) if m in public][:2]
        communities.append(
            {
                "id": c["id"],
                "label": "、".join(named) or f"#{c['id']}",
                "people": c.get("people"),
                "opposed_share": c.get("opposed_share"),
                "open_disputes": c.get("open_disputes"),
            }
        )
    brokers = [
        {
            "id": b["id"],
            "name": public.get(b["id"]) or ("key person" if b["id"] in persons else b["id"]),
            "kind": b.get("kind"),
            "betweenness": b.get("betweenness"),
        }
        for b in rep.get("brokers", [])
        if b["id"] in public
    ]
    by_channel: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for node in network.nodes if hasattr(network, "nodes") else []:
        if getattr(node, "is_dispute", False):
            by_channel[node.channel or "—"] = by_channel.get(node.channel or "—", 0) + 1
            by_status[node.status or "—"] = by_status.get(node.status or "—", 0) + 1
    mob = rep.get("mobilisation", {})
    return {
        "version": version,
        "as_of": s.get("as_of"),
        "nodes": s.get("nodes"),
        "edges": s.get("edges"),
        "people": s.get("people"),
        "opposed_people": s.get("opposed_people"),
        "communities": communities,
        "brokers": brokers,
        "broker_count": len(rep.get("brokers", [])),
        "mobilisation": {
            "expected_people": mob.get("expected_people"),
            "p_ge_100": mob.get("p_ge_100"),
            "p_ge_200": mob.get("p_ge_200"),
            "runs": mob.get("runs"),
            "seed": mob.get("seed"),
        },
        "disputes": {
            "total": sum(by_channel.values()),
            "open": s.get("open_disputes"),
            "by_channel": by_channel,
            "by_status": by_status,
        },
    }
