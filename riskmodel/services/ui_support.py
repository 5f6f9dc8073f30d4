"""Small service functions the Streamlit app needs beyond the core services (no Streamlit here).

Kept apart so the UI never runs SQL itself: a few read-only summaries built on the store's repositories
and the other service modules. (Start-up seeding and the demo accounts moved to ``services/bootstrap.py``,
role changes to ``services/auth.py``.)
"""

from __future__ import annotations

import logging

from riskmodel.questionnaire.schema import survey_coverage as check_survey_coverage
from riskmodel.store.db import Store

log = logging.getLogger(__name__)


# --- expert self-assessment (Ca/Cs per dimension) ------------------------------------------------
def set_self_assessment(store: Store, actor, assessment_id: int, ca: dict[str, float], cs: dict[str, float]) -> dict:
    """An expert's own 判断依据 (Ca) and 熟悉程度 (Cs) per dimension, given with his ratings in the open round.

    The organizer sets the starting values on the panel; the expert's self-assessment replaces them for
    his membership (both stay in the audit log). Refused without an open round or outside the panel.
    """
    from riskmodel.errors import DomainError, PermissionDenied
    from riskmodel.services import audit
    from riskmodel.services._lookup import assessment_row, membership, open_round
    from riskmodel.services.assessments import mark_stale
    from riskmodel.services.panels import _check_coefficient, _dimensions

    if actor.role != "expert" or actor.user_id is None:
        raise PermissionDenied("store.rating.experts_only", user=actor.username, role=actor.role)

    def _set(s) -> dict:
        a = assessment_row(s, assessment_id, lock=True)
        r = open_round(s, a.id)
        if r is None:
            raise DomainError("store.rating.no_open_round", id=a.id)
        m = membership(s, a.id, actor.user_id)
        if m is None:
            raise DomainError("store.rating.not_on_panel", user=actor.username, id=a.id)
        if m.has_conflict:
            raise DomainError("store.rating.conflict", user=actor.username, id=a.id)
        dims = _dimensions(s, a)
        new_ca = _check_coefficient(dict(ca), dims, "Ca")
        new_cs = _check_coefficient(dict(cs), dims, "Cs")
        if new_ca == m.ca and new_cs == m.cs:
            return {"ca": m.ca, "cs": m.cs, "changed": False}
        m.ca, m.cs = new_ca, new_cs
        s.flush()
        mark_stale(s, a.id)
        audit.record(
            s,
            actor,
            "panel.self_assessment",
            "assessment",
            a.id,
            expert=actor.username,
            round=r.number,
            ca=new_ca,
            cs=new_cs,
        )
        return {"ca": new_ca, "cs": new_cs, "changed": True}

    return store.write(_set)


def my_membership(store: Store, actor, assessment_id: int) -> dict | None:
    """The expert's own panel entry (field, Ca, Cs, conflict declaration) or None."""
    from riskmodel.services._lookup import assessment_row, membership

    with store.read() as s:
        a = assessment_row(s, assessment_id)
        m = membership(s, a.id, actor.user_id)
        if m is None:
            return None
        return {
            "field": m.field,
            "ca": m.ca,
            "cs": m.cs,
            "has_conflict": m.has_conflict,
            "conflict_statement": m.conflict_statement,
        }


def expert_overview(store: Store, actor) -> list[dict]:
    """The expert's assessments with his progress in the current round (for 'my assessments')."""
    from riskmodel.services import assessments, ratings

    out = []
    for a in assessments.list_assessments(store, actor):
        q = assessments.questionnaire_of(store, a["id"])
        mine = ratings.my_ratings(store, actor, a["id"])
        current = mine["round"]
        submitted_now = [r for r in mine["submitted"] if current is not None and r["round"] == current]
        out.append(
            {
                **a,
                "questionnaire_obj": q,
                "indicators": len(q.indicator_ids()),
                "round_open": mine["round_open"],
                "round_number": current,
                "submitted_in_round": len({(r["indicator"], r["phase"]) for r in submitted_now}),
                "drafts": len(mine["drafts"]),
                "submitted_total": len(mine["submitted"]),
            }
        )
    return out


# --- engine results for the pages ------------------------------------------------------------------
def result_inputs(store: Store, assessment_id: int):
    """(AssessmentInput, Questionnaire, meta, input sha256): what a result is computed from and its key.

    The digest changes with every submission, panel change, survey, measure or coefficient, so a
    result cached under it can never be stale.
    """
    from riskmodel.services import assessments

    inp, q, meta = assessments.assessment_input(store, assessment_id)
    return inp, q, meta, assessments.input_sha256(inp, meta)


def compute_result(inp, q, *, on_progress=None) -> dict:
    """The engine's JSON for one input, reporting the uncertainty draws through ``on_progress(done, total)``."""
    from riskmodel.engine import assess

    return assess(inp, q, on_progress=on_progress).to_dict()


# --- questionnaires and users for forms ------------------------------------------------------------
def questionnaire_choices(store: Store) -> list[dict]:
    """Questionnaires an organizer may start an assessment with: the built-in files, then versions an
    admin registered that are not built-in files (their stored text is used)."""
    from riskmodel.questionnaire import builtin_questionnaires
    from riskmodel.services import questionnaires

    builtins = builtin_questionnaires()
    out = [
        {"key": f"builtin:{qid}", "qid": qid, "version_id": None, "questionnaire": q}
        for qid, q in sorted(builtins.items())
    ]
    builtin_sha = {questionnaires.sha256_text(questionnaires.builtin_text(qid)) for qid in builtins}
    for v in reversed(questionnaires.list_versions(store)):
        if v["sha256"] in builtin_sha:
            continue
        out.append(
            {
                "key": f"version:{v['id']}",
                "qid": v["qid"],
                "version_id": v["id"],
                "questionnaire": questionnaires.get_version_questionnaire(store, v["id"]),
                "revision": v["revision"],
            }
        )
    return out


def version_text(store: Store, version_id: int) -> str:
    """The stored YAML text of a questionnaire version."""
    from riskmodel.errors import NotFoundError
    from riskmodel.store.models import QuestionnaireVersion

    with store.read() as s:
        row = s.get(QuestionnaireVersion, int(version_id))
        if row is None:
            raise NotFoundError("store.questionnaire.version_not_found", id=version_id)
        return row.text


def survey_coverage(q, project: dict, counts: dict) -> dict | None:
    """The standard's survey coverage check for ``counts`` (before anything is stored, e.g. an upload preview).

    Same rule and output shape as the engine's ``survey.coverage`` (``checks`` of what/required/actual/ok).
    """
    return check_survey_coverage(q.survey_rule_for(project.get("type")), counts, project.get("affected_households"))
