"""评估工作台 — the organizer runs one assessment: panel, Delphi rounds, consensus diagnostics, opinion
survey, mitigation measures (Table 2), and the verdict (with a confirmation step; read-only afterwards).
"""

from __future__ import annotations

import importlib.util
import inspect
from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.errors import RiskModelError
from riskmodel.questionnaire import LEVELS, VERDICTS
from riskmodel.services import (
    assessments,
    auth,
    imports,
    measures,
    panels,
    projects,
    rounds,
    surveys,
    ui_support,
    verdicts,
)
from riskmodel.services.measures import MEASURE_STATUSES
from riskmodel.services.workflow import CONCLUDED, DRAFT, REVIEW, SCORING, TRACKING
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import flash, run_action, show_flash, try_action
from riskmodel.ui.components.lists import assessment_list
from riskmodel.ui.components.pickers import assessment_picker
from riskmodel.ui.components.results import assessment_result
from riskmodel.ui.components.text import (
    fmt_number,
    labeled,
    lang,
    level_label,
    lkey,
    measure_status_label,
    phase_label,
    project_type_label,
    round_status_label,
    stage_label,
    state_label,
    text_of,
    tr,
    verdict_label,
)

VERDICT_PENDING_KEY = "org_verdict_pending"
MEASURE_FIELDS = ("phase", "factor", "measure", "deadline", "responsible", "assisting", "status")
CANCELLED = MEASURE_STATUSES[-1]
PANEL_ACTIONS = ("update", "conflict", "remove")


def render() -> None:
    ctx = shell.page_context("organizer")
    st.title(tr("ui.org_assessment.title"))
    show_flash()
    items = assessment_list(ctx.store, ctx.actor)
    if not items:
        st.info(tr("ui.org_assessment.empty"))
        return
    chosen = assessment_picker(sorted(items, key=lambda x: -x["id"]), key="org_pick")  # newest first
    if chosen is None:
        return
    aid = chosen["id"]
    a = assessments.get_assessment(ctx.store, aid)
    q = assessments.questionnaire_of(ctx.store, aid)
    project = projects.get_project(ctx.store, a["project_id"])
    verdict = verdicts.get_verdict(ctx.store, aid)
    ok, computed = try_action(assessment_result, ctx.store, aid)
    result, meta = computed if ok and computed else (None, {})
    _header(a, result, verdict)

    tabs = st.tabs(
        [
            tr("ui.org_assessment.tab.overview"),
            tr("ui.org_assessment.tab.panel"),
            tr("ui.org_assessment.tab.rounds"),
            tr("ui.org_assessment.tab.consensus"),
            tr("ui.org_assessment.tab.survey"),
            tr("ui.org_assessment.tab.measures"),
            tr("ui.org_assessment.tab.verdict"),
        ],
        key="org_tabs",
    )
    with tabs[0]:
        _overview(ctx, a, q, project, result, meta)
    with tabs[1]:
        _panel(ctx, a, q)
    with tabs[2]:
        _rounds(ctx, a, q)
    with tabs[3]:
        _consensus(q, result)
    with tabs[4]:
        _survey(ctx, a, q, project, result)
    with tabs[5]:
        _measures(ctx, a, q)
    with tabs[6]:
        _verdict(ctx, a, result, verdict)


# --- header and overview -------------------------------------------------------------------------
def _header(a: dict, result: dict | None, verdict: dict | None) -> None:
    cols = st.columns(4)
    cols[0].metric(tr("ui.org_assessment.m.state"), state_label(a["state"]))
    if a["round"]:
        cols[1].metric(
            tr("ui.org_assessment.m.round_status", status=round_status_label(a["round"]["status"])),
            tr("ui.org_assessment.round_value", number=a["round"]["number"]),
        )
    else:
        cols[1].metric(tr("ui.org_assessment.m.round"), tr("ui.common.none"))
    if verdict:
        cols[2].metric(tr("ui.org_assessment.m.residual_level"), level_label(verdict["residual_level"]))
        cols[3].metric(tr("ui.org_assessment.m.verdict"), verdict_label(verdict["verdict"]))
    elif result:
        cols[2].metric(
            tr("ui.org_assessment.m.residual_level"), level_label(result.get("residual_level") or result["level"])
        )
        cols[3].metric(tr("ui.org_assessment.m.proposed_verdict"), verdict_label(result.get("verdict")))
    else:
        cols[2].metric(tr("ui.org_assessment.m.residual_level"), tr("ui.common.none"))
        cols[3].metric(tr("ui.org_assessment.m.proposed_verdict"), tr("ui.common.none"))


def _overview(ctx: shell.PageContext, a: dict, q, project: dict, result: dict | None, meta: dict) -> None:
    st.subheader(tr("ui.org_assessment.project_facts"))
    facts = [
        (tr("ui.org_projects.col.code"), project["code"]),
        (tr("ui.org_projects.col.name"), project["name"]),
        (tr("ui.org_projects.col.type"), project_type_label(project["type"])),
        (tr("ui.org_projects.col.region"), project["region"]),
        (tr("ui.org_projects.col.stage"), stage_label(project["stage"])),
        (tr("ui.org_projects.col.investment"), fmt_number(project["investment_wan"], 0)),
        (tr("ui.org_projects.col.households"), fmt_number(project["affected_households"], 0)),
        (tr("ui.org_assessment.questionnaire"), f"{text_of(q.name)} ({q.id} v{q.version})"),
        (tr("ui.org_assessment.standard"), text_of(q.standard)),
        (tr("ui.org_assessment.group_event_people"), fmt_number(a["group_event_people"], 0)),
    ]
    st.table(
        pd.DataFrame(facts, columns=[tr("ui.org_assessment.fact"), tr("ui.org_assessment.value")]), hide_index=True
    )
    if project.get("description"):
        st.caption(project["description"])
    st.subheader(tr("ui.org_assessment.result"))
    if result is None:
        st.info(tr("ui.org_assessment.no_result"))
    else:
        cols = st.columns(3)
        cols[0].metric(tr("ui.org_assessment.m.level"), level_label(result["level"]))
        cols[1].metric(tr("ui.org_assessment.m.index"), fmt_number(result["index"]))
        cols[2].metric(tr("ui.org_assessment.m.residual_index"), fmt_number(result.get("residual_index")))
        st.caption(
            tr(
                "ui.org_assessment.result_basis",
                experts=meta.get("experts_submitted", 0),
                ratings=meta.get("ratings_count", 0),
            )
        )
        probs = result.get("residual_level_probabilities") or result.get("level_probabilities") or {}
        if probs:
            st.markdown(
                tr("ui.org_assessment.level_probabilities", draws=result.get("uncertainty", {}).get("draws", 0))
            )
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("ui.org_assessment.col.level"): level_label(k),
                            tr("ui.org_assessment.col.probability"): f"{v:.1%}",
                        }
                        for k, v in probs.items()
                        if k in LEVELS
                    ]
                ),
                hide_index=True,
                key="org_level_probs",
                width="stretch",
            )
        dims = result.get("dimensions") or []
        if dims:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("ui.org_assessment.col.dimension"): d["name_en"] if lang() == "en" else d["name_zh"],
                            tr("ui.org_assessment.col.weight"): fmt_number(d["weight"], 3),
                            tr("ui.org_assessment.col.before"): _dim_text(d.get("before")),
                            tr("ui.org_assessment.col.after"): _dim_text(d.get("after")),
                        }
                        for d in dims
                    ]
                ),
                hide_index=True,
                key="org_dims",
                width="stretch",
            )
    _export_panel(ctx.store, a["id"])


def _dim_text(value: dict | None) -> str:
    if not value:
        return tr("ui.common.none")
    return f"{fmt_number(value.get('score'))} · {level_label(value.get('level'))}"


def _export_panel(store, assessment_id: int) -> None:
    """Hook for the export area: ``exports.render_export_panel(assessment_id, lang, store)`` when that
    module exists (its parameters are matched by name, so the two areas can evolve separately)."""
    if importlib.util.find_spec("riskmodel.ui.components.exports") is None:
        return
    from riskmodel.ui.components import exports

    st.subheader(tr("ui.org_assessment.exports"))
    accepted = inspect.signature(exports.render_export_panel).parameters
    kwargs = {name: value for name, value in (("lang", lang()), ("store", store)) if name in accepted}
    exports.render_export_panel(assessment_id, **kwargs)


# --- panel ---------------------------------------------------------------------------------------
def _coef_text(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {fmt_number(v, 1)}" for k, v in value.items())
    return fmt_number(value, 2)


def _panel(ctx: shell.PageContext, a: dict, q) -> None:
    aid = a["id"]
    members = panels.list_panel(ctx.store, ctx.actor, aid)
    status = panels.check_panel(ctx.store, aid)
    round_open = bool(a["round"] and a["round"]["status"] == "open")
    editable = a["state"] in (DRAFT, SCORING, REVIEW) and not round_open
    if members:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("ui.panel.col.username"): m["username"],
                        tr("ui.panel.col.name"): m["display_name"],
                        tr("ui.panel.col.field"): m["field"] or "",
                        tr("ui.panel.col.ca"): _coef_text(m["ca"]),
                        tr("ui.panel.col.cs"): _coef_text(m["cs"]),
                        tr("ui.panel.col.conflict"): tr("ui.common.yes_label")
                        if m["has_conflict"]
                        else tr("ui.common.no_label"),
                    }
                    for m in members
                ]
            ),
            hide_index=True,
            key="panel_table",
            width="stretch",
        )
    else:
        st.info(tr("ui.panel.empty"))
    if status["meets_rule"]:
        st.success(tr("ui.panel.meets", eligible=status["eligible"], required=status["required"]))
    else:
        st.warning(tr("ui.panel.below", eligible=status["eligible"], required=status["required"]))
        if status["override"]:
            st.info(tr("ui.panel.override_recorded", reason=status["override_reason"] or ""))
        elif editable:
            with st.form("panel_override_form"):
                reason = st.text_area(tr("ui.panel.override_reason"), key="panel_override_reason", max_chars=2000)
                if st.form_submit_button(tr("ui.panel.override_submit"), key="panel_override_submit"):
                    if run_action(panels.record_panel_override, ctx.store, ctx.actor, aid, reason):
                        flash(tr("ui.panel.override_done"))
                        st.rerun()
    if round_open:
        st.info(tr("ui.panel.locked_round"))
        return
    if not editable:
        return
    experts = [u for u in auth.list_users(ctx.store, ctx.actor, role="expert") if u["active"]]
    on_panel = {m["username"] for m in members}
    candidates = {u["username"]: u for u in experts if u["username"] not in on_panel}
    col_add, col_edit = st.columns(2)
    with col_add, st.form("panel_add_form"):
        st.markdown(f"**{tr('ui.panel.add_title')}**")
        if candidates:
            who = st.selectbox(
                tr("ui.panel.expert"),
                list(candidates),
                key="panel_add_user",
                format_func=lambda u: f"{candidates[u]['display_name']} ({u})",
            )
        else:
            who = None
            st.caption(tr("ui.panel.no_candidates"))
        field = st.text_input(tr("ui.panel.field"), key="panel_add_field", max_chars=100)
        ca = st.number_input(tr("ui.panel.ca"), 0.0, 1.0, 0.8, 0.1, key="panel_add_ca")
        cs = st.number_input(tr("ui.panel.cs"), 0.0, 1.0, 0.8, 0.1, key="panel_add_cs")
        conflict = st.checkbox(tr("ui.panel.conflict"), key="panel_add_conflict")
        statement = st.text_input(tr("ui.panel.conflict_statement"), key="panel_add_statement", max_chars=2000)
        if st.form_submit_button(tr("ui.panel.add"), key="panel_add_submit", type="primary") and who:
            if run_action(
                panels.add_member,
                ctx.store,
                ctx.actor,
                aid,
                who,
                field=field or None,
                ca=ca,
                cs=cs,
                has_conflict=conflict,
                conflict_statement=statement or None,
            ):
                flash(tr("ui.panel.added", username=who))
                st.rerun()
    if not members:
        return
    names = {m["username"]: m for m in members}
    with col_edit, st.form("panel_edit_form"):
        st.markdown(f"**{tr('ui.panel.edit_title')}**")
        who = st.selectbox(
            tr("ui.panel.expert"),
            list(names),
            key="panel_edit_user",
            format_func=lambda u: f"{names[u]['display_name']} ({u})",
        )
        action = st.radio(
            tr("ui.panel.edit_action"),
            PANEL_ACTIONS,
            key=lkey("panel_edit_action"),
            format_func=labeled(PANEL_ACTIONS, lambda k: tr(f"ui.panel.action.{k}")),
            horizontal=True,
        )
        field = st.text_input(tr("ui.panel.field"), key="panel_edit_field", max_chars=100)
        ca = st.number_input(tr("ui.panel.ca"), 0.0, 1.0, value=None, step=0.1, key="panel_edit_ca")
        cs = st.number_input(tr("ui.panel.cs"), 0.0, 1.0, value=None, step=0.1, key="panel_edit_cs")
        statement = st.text_input(tr("ui.panel.conflict_statement"), key="panel_edit_statement", max_chars=2000)
        if st.form_submit_button(tr("ui.panel.apply"), key="panel_edit_submit"):
            if action == "update":
                done = run_action(
                    panels.update_member, ctx.store, ctx.actor, aid, who, field=field or None, ca=ca, cs=cs
                )
            elif action == "conflict":
                done = run_action(panels.declare_conflict, ctx.store, ctx.actor, aid, True, statement, username=who)
            else:
                ok, _ = try_action(panels.remove_member, ctx.store, ctx.actor, aid, who)
                done = ok or None
            if done:
                flash(tr("ui.panel.changed", username=who))
                st.rerun()


# --- rounds --------------------------------------------------------------------------------------
def _rounds(ctx: shell.PageContext, a: dict, q) -> None:
    aid = a["id"]
    items = rounds.list_rounds(ctx.store, aid)
    if items:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("ui.rounds.col.number"): r["number"],
                        tr("ui.rounds.col.status"): round_status_label(r["status"]),
                        tr("ui.rounds.col.opened"): (r["opened_at"] or "")[:16].replace("T", " "),
                        tr("ui.rounds.col.closed"): (r["closed_at"] or "")[:16].replace("T", " "),
                        tr("ui.rounds.col.experts"): r["experts_submitted"],
                        tr("ui.rounds.col.ratings"): r["ratings"],
                    }
                    for r in items
                ]
            ),
            hide_index=True,
            key="rounds_table",
            width="stretch",
        )
    else:
        st.info(tr("ui.rounds.none"))
    if a["state"] in (CONCLUDED, TRACKING):
        st.caption(tr("ui.rounds.concluded"))
        return
    open_round = next((r for r in items if r["status"] == "open"), None)
    if open_round is not None:
        eligible = panels.check_panel(ctx.store, aid)["eligible"]
        st.progress(
            min(1.0, open_round["experts_submitted"] / eligible) if eligible else 0.0,
            text=tr("ui.rounds.progress", done=open_round["experts_submitted"], total=eligible),
        )
        confirm = st.checkbox(tr("ui.rounds.close_confirm", number=open_round["number"]), key="rounds_close_confirm")
        if st.button(
            tr("ui.rounds.close", number=open_round["number"]),
            key="rounds_close",
            disabled=not confirm,
            icon=":material/lock:",
        ):
            if run_action(rounds.close_round, ctx.store, ctx.actor, aid):
                st.session_state.pop("rounds_close_confirm", None)
                flash(tr("ui.rounds.closed", number=open_round["number"]))
                st.rerun()
        return
    next_number = (items[-1]["number"] + 1) if items else 1
    active = [m for m in measures.list_measures(ctx.store, aid) if m["status"] != CANCELLED]
    post_measure = "after" in q.phases and bool(active)
    if post_measure:
        st.info(tr("ui.rounds.post_measure_hint", count=len(active)))
    elif "after" in q.phases:
        st.caption(tr("ui.rounds.no_measures_hint"))
    label = tr("ui.rounds.open_post" if post_measure else "ui.rounds.open", number=next_number)
    c1, c2 = st.columns(2)
    if c1.button(label, key="rounds_open", type="primary", icon=":material/play_arrow:"):
        if run_action(rounds.open_next_round, ctx.store, ctx.actor, aid):
            flash(tr("ui.rounds.opened", number=next_number))
            st.rerun()
    if a["state"] == SCORING and items:
        if c2.button(tr("ui.rounds.begin_review"), key="rounds_review", icon=":material/rate_review:"):
            if run_action(assessments.begin_review, ctx.store, ctx.actor, aid):
                flash(tr("ui.rounds.review_started"))
                st.rerun()


# --- consensus -----------------------------------------------------------------------------------
def _consensus(q, result: dict | None) -> None:
    if result is None:
        st.info(tr("ui.org_assessment.no_result"))
        return
    cv_max = q.consensus.cv_max
    for key, phase in (("kendall", "before"), ("kendall_after", "after")):
        k = result.get(key)
        if not k:
            continue
        st.markdown(f"**{tr('ui.consensus.kendall_title', phase=phase_label(phase))}**")
        cols = st.columns(4)
        cols[0].metric(tr("ui.consensus.w"), fmt_number(k.get("w"), 3))
        cols[1].metric(tr("ui.consensus.chi2"), fmt_number(k.get("chi2"), 2))
        cols[2].metric(tr("ui.consensus.df"), k.get("df"))
        cols[3].metric(tr("ui.consensus.p"), fmt_number(k.get("p"), 4))
        if k.get("significant"):
            st.success(tr("ui.consensus.significant", m=k.get("m"), alpha=q.consensus.kendall_alpha))
        else:
            st.warning(tr("ui.consensus.not_significant", m=k.get("m"), alpha=q.consensus.kendall_alpha))
    names = {ind.id: text_of(ind.name) for ind in q.indicators()}
    rows = []
    for ind in result.get("indicators", []):
        rows.append(
            {
                "id": ind["id"],
                "name": names.get(ind["id"], ind["id"]),
                "n": ind["n"],
                "mean": ind["mean"],
                "median": ind["median"],
                "iqr": ind["iqr"],
                "cv": ind["cv"],
                "flag": bool(ind["cv_flag"]),
            }
        )
    flagged = sum(r["flag"] for r in rows)
    st.markdown(f"**{tr('ui.consensus.cv_title', cv_max=cv_max)}**")
    if flagged:
        st.warning(tr("ui.consensus.cv_flagged", count=flagged, cv_max=cv_max))
    else:
        st.success(tr("ui.consensus.cv_ok", cv_max=cv_max))
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        key="consensus_cv",
        width="stretch",
        column_config={
            "id": st.column_config.TextColumn(tr("ui.consensus.col.id")),
            "name": st.column_config.TextColumn(tr("ui.consensus.col.name")),
            "n": st.column_config.NumberColumn(tr("ui.consensus.col.n")),
            "mean": st.column_config.NumberColumn(tr("ui.consensus.col.mean"), format="%.2f"),
            "median": st.column_config.NumberColumn(tr("ui.consensus.col.median"), format="%.2f"),
            "iqr": st.column_config.NumberColumn(tr("ui.consensus.col.iqr"), format="%.2f"),
            "cv": st.column_config.NumberColumn(tr("ui.consensus.col.cv"), format="%.3f"),
            "flag": st.column_config.CheckboxColumn(tr("ui.consensus.col.flag")),
        },
    )
    outliers = result.get("outliers") or []
    st.markdown(f"**{tr('ui.consensus.outliers_title')}**")
    far = [o for o in outliers if o.get("far")]
    if far:
        st.warning(tr("ui.consensus.outliers_far", experts=", ".join(o["expert"] for o in far)))
    else:
        st.success(tr("ui.consensus.outliers_none"))
    if outliers:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("ui.consensus.col.expert"): o["expert"],
                        tr("ui.consensus.col.deviation"): fmt_number(o["mean_abs_deviation"]),
                        tr("ui.consensus.col.z"): fmt_number(o["z"]),
                        tr("ui.consensus.col.far"): tr("ui.common.yes_label")
                        if o.get("far")
                        else tr("ui.common.no_label"),
                    }
                    for o in outliers
                ]
            ),
            hide_index=True,
            key="consensus_outliers",
            width="stretch",
        )
    if flagged or any(result.get(k) and not result[k].get("significant") for k in ("kendall",)):
        st.info(tr("ui.consensus.another_round"))


# --- survey --------------------------------------------------------------------------------------
def _survey(ctx: shell.PageContext, a: dict, q, project: dict, result: dict | None) -> None:
    aid = a["id"]
    latest = surveys.latest_survey(ctx.store, aid)
    rule = q.survey_rule_for(project["type"])
    if rule is not None:
        st.caption(
            tr(
                "ui.survey.rule",
                description=text_of(rule.description)
                if rule.description
                else tr(
                    "ui.survey.rule_numbers",
                    direct=rule.min_direct,
                    indirect=rule.min_indirect,
                    households=fmt_number((rule.household_coverage or 0) * 100, 0),
                ),
            )
        )
    if latest:
        cols = st.columns(4)
        cols[0].metric(tr("ui.survey.support"), latest["support"])
        cols[1].metric(tr("ui.survey.neutral"), latest["neutral"])
        cols[2].metric(tr("ui.survey.oppose"), latest["oppose"])
        cols[3].metric(
            tr("ui.survey.oppose_share"), f"{latest['oppose_share']:.1%}" if latest["oppose_share"] is not None else "—"
        )
        _coverage_table(ui_support.survey_coverage(q, project, latest), key="survey_coverage_current")
    else:
        st.info(tr("ui.survey.none"))
    if a["state"] not in (DRAFT, SCORING, REVIEW):
        return
    st.markdown(f"**{tr('ui.survey.import_title')}**")
    st.caption(tr("ui.survey.import_help"))
    upload = st.file_uploader(tr("ui.survey.file"), type=["csv", "xlsx"], key="survey_upload")
    if upload is not None:
        data = upload.getvalue()
        ok, counts = try_action(imports.parse_survey_file, upload.name, data)
        if ok and counts:
            preview = {
                k: counts.get(k)
                for k in (
                    "support",
                    "neutral",
                    "oppose",
                    "respondents_direct",
                    "respondents_indirect",
                    "households_covered",
                )
            }
            st.dataframe(
                pd.DataFrame([{tr(f"ui.survey.count.{k}"): v for k, v in preview.items()}]),
                hide_index=True,
                key="survey_preview",
                width="stretch",
            )
            _coverage_table(ui_support.survey_coverage(q, project, preview), key="survey_coverage_preview")
            method = st.text_input(tr("ui.survey.method"), key="survey_import_method", max_chars=100)
            if st.button(tr("ui.survey.import"), key="survey_import", type="primary", icon=":material/upload:"):
                if run_action(
                    imports.import_survey, ctx.store, ctx.actor, aid, upload.name, data, method=method or None
                ):
                    flash(tr("ui.survey.imported", file=upload.name))
                    st.rerun()
    with st.expander(tr("ui.survey.manual_title"), key="survey_manual"), st.form("survey_manual_form"):
        c1, c2, c3 = st.columns(3)
        support = c1.number_input(tr("ui.survey.support"), min_value=0, step=1, key="survey_m_support")
        neutral = c2.number_input(tr("ui.survey.neutral"), min_value=0, step=1, key="survey_m_neutral")
        oppose = c3.number_input(tr("ui.survey.oppose"), min_value=0, step=1, key="survey_m_oppose")
        direct = c1.number_input(
            tr("ui.survey.count.respondents_direct"), min_value=0, value=None, step=1, key="survey_m_direct"
        )
        indirect = c2.number_input(
            tr("ui.survey.count.respondents_indirect"), min_value=0, value=None, step=1, key="survey_m_indirect"
        )
        households = c3.number_input(
            tr("ui.survey.count.households_covered"), min_value=0, value=None, step=1, key="survey_m_households"
        )
        method = st.text_input(tr("ui.survey.method"), key="survey_m_method", max_chars=100)
        note = st.text_input(tr("ui.survey.note"), key="survey_m_note", max_chars=2000)
        if st.form_submit_button(tr("ui.survey.record"), key="survey_m_submit", type="primary"):

            def as_int(v):
                return None if v is None else int(v)

            if run_action(
                surveys.record_survey,
                ctx.store,
                ctx.actor,
                aid,
                support=int(support),
                neutral=int(neutral),
                oppose=int(oppose),
                respondents_direct=as_int(direct),
                respondents_indirect=as_int(indirect),
                households_covered=as_int(households),
                method=method or None,
                note=note or None,
            ):
                flash(tr("ui.survey.recorded"))
                st.rerun()
    history = surveys.survey_history(ctx.store, aid)
    if len(history) > 1:
        with st.expander(tr("ui.survey.history"), key="survey_history"):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("ui.survey.recorded_at"): (h["recorded_at"] or "")[:16].replace("T", " "),
                            tr("ui.survey.support"): h["support"],
                            tr("ui.survey.neutral"): h["neutral"],
                            tr("ui.survey.oppose"): h["oppose"],
                            tr("ui.survey.source"): h.get("source") or "",
                        }
                        for h in reversed(history)
                    ]
                ),
                hide_index=True,
                key="survey_history_table",
                width="stretch",
            )


def _coverage_table(coverage: dict | None, key: str) -> None:
    if coverage is None:
        st.caption(tr("ui.survey.no_rule"))
        return
    rows = []
    for c in coverage["checks"]:
        required = f"{c['required']:.0%}" if c["what"] == "households" else str(c["required"])
        actual = (
            f"{c['actual']:.0%}"
            if c["what"] == "households" and c["actual"] is not None
            else ("—" if c["actual"] is None else str(c["actual"]))
        )
        rows.append(
            {
                tr("ui.survey.check.what"): tr(f"ui.survey.check.{c['what']}"),
                tr("ui.survey.check.required"): required,
                tr("ui.survey.check.actual"): actual,
                tr("ui.survey.check.ok"): tr("ui.survey.check.pass") if c["ok"] else tr("ui.survey.check.fail"),
            }
        )
    if coverage["ok"]:
        st.success(tr("ui.survey.coverage_ok"))
    else:
        st.warning(tr("ui.survey.coverage_fail"))
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, key=key, width="stretch")


# --- measures (Table 2) --------------------------------------------------------------------------
def _measures(ctx: shell.PageContext, a: dict, q) -> None:
    aid = a["id"]
    items = measures.list_measures(ctx.store, aid)
    locked = a["state"] in (CONCLUDED, TRACKING)
    st.caption(tr("ui.measures.help_locked" if locked else "ui.measures.help"))
    indicator_names = {ind.id: f"{ind.id} {text_of(ind.name)}" for ind in q.indicators()}
    factor_options = list(indicator_names) + sorted({m["factor"] for m in items if m["factor"] not in indicator_names})
    frame = pd.DataFrame(
        [{"id": m["id"], "row_version": m["row_version"], **{f: m.get(f) for f in MEASURE_FIELDS}} for m in items],
        columns=["id", "row_version", *MEASURE_FIELDS],
    )
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    editor_key = f"measures_editor_{aid}"
    column_config = {
        "_index": st.column_config.NumberColumn(tr("ui.measures.col.seq")),
        "id": None,
        "row_version": None,
        "phase": st.column_config.TextColumn(tr("ui.measures.col.phase"), disabled=locked, max_chars=100),
        "factor": st.column_config.SelectboxColumn(
            tr("ui.measures.col.factor"),
            options=factor_options,
            required=True,
            disabled=locked,
            format_func=lambda v: indicator_names.get(v, v),
            width="medium",
        ),
        "measure": st.column_config.TextColumn(
            tr("ui.measures.col.measure"), required=True, disabled=locked, width="large"
        ),
        "deadline": st.column_config.TextColumn(tr("ui.measures.col.deadline"), disabled=locked, max_chars=200),
        "responsible": st.column_config.TextColumn(tr("ui.measures.col.responsible"), disabled=locked, max_chars=200),
        "assisting": st.column_config.TextColumn(tr("ui.measures.col.assisting"), disabled=locked, max_chars=200),
        "status": st.column_config.SelectboxColumn(
            tr("ui.measures.col.status"),
            options=list(MEASURE_STATUSES),
            required=True,
            default=MEASURE_STATUSES[0],
            format_func=measure_status_label,
        ),
    }
    editable_state = a["state"] in (DRAFT, SCORING, REVIEW, CONCLUDED, TRACKING)
    st.data_editor(
        frame,
        key=editor_key,
        width="stretch",
        column_config=column_config,
        num_rows="fixed" if locked else "dynamic",
        disabled=not editable_state,
    )
    if not locked:
        st.caption(tr("ui.measures.delete_note"))
    if st.button(tr("ui.measures.save"), key="measures_save", type="primary", icon=":material/save:"):
        changes = st.session_state.get(editor_key) or {}
        if _apply_measure_changes(ctx, aid, frame, changes, locked):
            flash(tr("ui.measures.saved"))
            st.session_state.pop(editor_key, None)
            st.rerun()
    if a["state"] == CONCLUDED:
        if st.button(tr("ui.measures.start_tracking"), key="measures_track", icon=":material/track_changes:"):
            if run_action(assessments.start_tracking, ctx.store, ctx.actor, aid):
                flash(tr("ui.measures.tracking_started"))
                st.rerun()


def _clean(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.strip() if isinstance(value, str) else value


def _apply_measure_changes(ctx: shell.PageContext, aid: int, frame: pd.DataFrame, changes: dict, locked: bool) -> bool:
    """Turn the editor's edits into service calls; deleted rows are cancelled (the record is kept)."""
    positions = list(frame.index)
    ok = True
    for pos, edit in (changes.get("edited_rows") or {}).items():
        row = frame.iloc[int(pos)]
        fields = {k: _clean(v) for k, v in edit.items() if k in MEASURE_FIELDS}
        if locked:
            fields = {k: v for k, v in fields.items() if k == "status"}
        if fields:
            ok &= (
                run_action(
                    measures.update_measure,
                    ctx.store,
                    ctx.actor,
                    int(row["id"]),
                    expected_row_version=int(row["row_version"]),
                    **fields,
                )
                is not None
            )
    if not locked:
        for added in changes.get("added_rows") or []:
            fields = {k: _clean(added.get(k)) for k in MEASURE_FIELDS}
            fields["status"] = fields.get("status") or MEASURE_STATUSES[0]
            ok &= (
                run_action(
                    measures.add_measure,
                    ctx.store,
                    ctx.actor,
                    aid,
                    factor=fields.pop("factor") or "",
                    measure=fields.pop("measure") or "",
                    **fields,
                )
                is not None
            )
        for pos in changes.get("deleted_rows") or []:
            if int(pos) >= len(positions):
                continue
            row = frame.iloc[int(pos)]
            ok &= (
                run_action(
                    measures.update_measure,
                    ctx.store,
                    ctx.actor,
                    int(row["id"]),
                    expected_row_version=int(row["row_version"]),
                    status=CANCELLED,
                )
                is not None
            )
    return ok


# --- verdict -------------------------------------------------------------------------------------
def _verdict(ctx: shell.PageContext, a: dict, result: dict | None, verdict: dict | None) -> None:
    aid = a["id"]
    if verdict is not None:
        st.success(
            tr(
                "ui.verdict.issued",
                name=verdict.get("signed_by_name") or verdict.get("signed_by") or "",
                at=(verdict["signed_at"] or "")[:16].replace("T", " "),
            )
        )
        cols = st.columns(3)
        cols[0].metric(tr("ui.org_assessment.m.level"), level_label(verdict["level"]))
        cols[1].metric(tr("ui.org_assessment.m.residual_level"), level_label(verdict["residual_level"]))
        cols[2].metric(tr("ui.org_assessment.m.verdict"), verdict_label(verdict["verdict"]))
        st.markdown(f"**{tr('ui.verdict.rationale')}**")
        st.text(verdict["rationale"])
        computed = (
            verdict.get("computed_level"),
            verdict.get("computed_residual_level"),
            verdict.get("computed_verdict"),
        )
        if computed != (verdict["level"], verdict["residual_level"], verdict["verdict"]):
            st.caption(
                tr(
                    "ui.verdict.differs",
                    level=level_label(computed[0]),
                    residual=level_label(computed[1]),
                    verdict=verdict_label(computed[2]),
                )
            )
        st.caption(tr("ui.verdict.read_only"))
        return
    if a["state"] != REVIEW:
        st.info(tr("ui.verdict.not_ready", state=state_label(a["state"])))
        return
    if result is None:
        st.warning(tr("ui.org_assessment.no_result"))
        return
    proposal = (result["level"], result.get("residual_level") or result["level"], result.get("verdict"))
    st.markdown(
        tr(
            "ui.verdict.proposal",
            level=level_label(proposal[0]),
            residual=level_label(proposal[1]),
            verdict=verdict_label(proposal[2]),
        )
    )
    if result.get("verdict_probabilities"):
        probs = result["verdict_probabilities"]
        st.caption(
            tr(
                "ui.verdict.probabilities",
                details=tr("ui.common.list_sep").join(f"{verdict_label(k)} {v:.0%}" for k, v in probs.items() if v),
            )
        )
    pending = st.session_state.get(VERDICT_PENDING_KEY)
    if pending and pending.get("aid") == aid:
        _verdict_confirm(ctx, aid, pending)
        return
    with st.form("verdict_form"):
        level = st.selectbox(
            tr("ui.verdict.level"),
            LEVELS,
            index=LEVELS.index(proposal[0]),
            format_func=labeled(LEVELS, level_label),
            key=lkey("verdict_level"),
        )
        residual = st.selectbox(
            tr("ui.verdict.residual_level"),
            LEVELS,
            index=LEVELS.index(proposal[1]),
            format_func=labeled(LEVELS, level_label),
            key=lkey("verdict_residual"),
        )
        choice = st.selectbox(
            tr("ui.verdict.verdict"),
            VERDICTS,
            index=VERDICTS.index(proposal[2]) if proposal[2] in VERDICTS else 0,
            format_func=labeled(VERDICTS, verdict_label),
            key=lkey("verdict_choice"),
        )
        rationale = st.text_area(
            tr("ui.verdict.rationale"), key="verdict_rationale", max_chars=10000, help=tr("ui.verdict.rationale_help")
        )
        if st.form_submit_button(tr("ui.verdict.issue"), key="verdict_issue", type="primary", icon=":material/gavel:"):
            if not (rationale or "").strip():
                st.error(tr("ui.verdict.rationale_required"))
            else:
                st.session_state[VERDICT_PENDING_KEY] = {
                    "aid": aid,
                    "level": level,
                    "residual": residual,
                    "verdict": choice,
                    "rationale": rationale.strip(),
                    "proposal": list(proposal),
                }
                st.rerun()


def _verdict_confirm(ctx: shell.PageContext, aid: int, pending: dict) -> None:
    with st.container(border=True, key="verdict_confirm_box"):
        st.subheader(tr("ui.verdict.confirm_title"))
        st.markdown(
            tr(
                "ui.verdict.confirm_summary",
                level=level_label(pending["level"]),
                residual=level_label(pending["residual"]),
                verdict=verdict_label(pending["verdict"]),
            )
        )
        st.text(pending["rationale"])
        if [pending["level"], pending["residual"], pending["verdict"]] != pending["proposal"]:
            st.warning(tr("ui.verdict.confirm_override"))
        st.caption(tr("ui.verdict.confirm_note"))
        c1, c2 = st.columns(2)
        yes = c1.button(
            tr("ui.verdict.confirm_yes"), key="verdict_confirm_yes", type="primary", icon=":material/gavel:"
        )
        back = c2.button(tr("ui.verdict.confirm_back"), key="verdict_confirm_no", icon=":material/arrow_back:")
    if yes:
        try:
            verdicts.issue_verdict(
                ctx.store,
                ctx.actor,
                aid,
                pending["rationale"],
                level=pending["level"],
                residual_level=pending["residual"],
                verdict=pending["verdict"],
            )
        except RiskModelError as exc:
            st.error(exc.message(lang()))
            return
        st.session_state.pop(VERDICT_PENDING_KEY, None)
        flash(tr("ui.verdict.done"))
        st.rerun()
    if back:
        st.session_state.pop(VERDICT_PENDING_KEY, None)
        st.rerun()


if __name__ == "__main__":
    render()
