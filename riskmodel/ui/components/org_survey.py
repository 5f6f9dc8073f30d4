"""评估工作台, 民意调查 tab: the latest survey of each phase (措施前 / 措施后) with its coverage check, file
import and manual entry (either marked 措施后), the panel's crowd estimate after measures, history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.engine.result import SurveyCoverage
from riskmodel.services import (
    assessments,
    imports,
    questionnaires,
    surveys,
    workflow,
)
from riskmodel.services.views.assessments import AssessmentView
from riskmodel.services.views.projects import ProjectView
from riskmodel.services.views.surveys import SurveyView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import flash, run_action, succeeded, try_action
from riskmodel.ui.components.text import (
    fmt_number,
    labeled,
    lkey,
    text_of,
    tr,
    upload_help,
)

PHASES = ("before", "after")


def render(ctx: PageContext, a: AssessmentView, q, project: ProjectView) -> None:
    aid = a.id
    rule = q.survey_rule_for(project.type)
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
    for phase in PHASES:
        _latest(q, project, surveys.latest_survey(ctx.store, aid, phase=phase), phase)
    if not workflow.allowed(a.state, "edit_setup"):
        return
    phase = st.radio(
        tr("chain.ui.survey.phase"),
        PHASES,
        format_func=labeled(PHASES, lambda p: tr(f"chain.ui.survey.phase_{p}")),
        key=lkey("survey_phase"),
        horizontal=True,
    )
    _import(ctx, aid, q, project, phase)
    _manual(ctx, aid, phase)
    _crowd_after(ctx, a)
    _history(ctx, aid)


def _latest(q, project: ProjectView, latest: SurveyView | None, phase: str) -> None:
    if latest is None and phase == "after":
        return
    st.markdown(f"**{tr('chain.ui.survey.latest', phase=tr(f'chain.ui.phase.{phase}'))}**")
    if latest is not None:
        cols = st.columns(4)
        cols[0].metric(tr("ui.survey.support"), latest.support)
        cols[1].metric(tr("ui.survey.neutral"), latest.neutral)
        cols[2].metric(tr("ui.survey.oppose"), latest.oppose)
        share = latest.oppose_share
        cols[3].metric(tr("ui.survey.oppose_share"), f"{share:.1%}" if share is not None else "—")
        _coverage_table(questionnaires.survey_coverage(q, project, latest.counts()), key=f"survey_coverage_{phase}")
    else:
        st.info(tr("ui.survey.none"))


def _import(ctx: PageContext, aid: int, q, project: ProjectView, phase: str) -> None:
    st.markdown(f"**{tr('ui.survey.import_title')}**")
    st.caption(tr("ui.survey.import_help"))
    upload = st.file_uploader(
        tr("ui.survey.file"), type=["csv", "xlsx"], key="survey_upload", help=upload_help(["csv", "xlsx"])
    )
    if upload is not None:
        data = upload.getvalue()
        ok, counts = try_action(imports.parse_survey_file, upload.name, data)
        if ok and counts:
            preview = counts.model_dump()
            st.dataframe(
                pd.DataFrame([{tr(f"ui.survey.count.{k}"): v for k, v in preview.items()}]),
                hide_index=True,
                key="survey_preview",
                width="stretch",
            )
            _coverage_table(questionnaires.survey_coverage(q, project, preview), key="survey_coverage_preview")
            method = st.text_input(tr("ui.survey.method"), key="survey_import_method", max_chars=100)
            if st.button(tr("ui.survey.import"), key="survey_import", type="primary", icon=":material/upload:"):
                if run_action(
                    imports.import_survey,
                    ctx.store,
                    ctx.actor,
                    aid,
                    upload.name,
                    data,
                    method=method or None,
                    phase=phase,
                ):
                    flash(tr("ui.survey.imported", file=upload.name))
                    st.rerun()


def _manual(ctx: PageContext, aid: int, phase: str) -> None:
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
                phase=phase,
            ):
                flash(tr("ui.survey.recorded"))
                st.rerun()


def _crowd_after(ctx: PageContext, a: AssessmentView) -> None:
    """The panel's crowd estimate after measures (post-measure evidence for the group-event rule)."""
    before = a.group_event_people
    st.caption(tr("chain.ui.crowd.before_line", people=before if before is not None else tr("ui.common.none")))
    with st.form("crowd_after_form"):
        people = st.number_input(
            tr("chain.ui.crowd.people_after"),
            min_value=0,
            value=a.group_event_people_after,
            step=1,
            key="crowd_after_people",
            help=tr("chain.ui.crowd.people_after_help"),
        )
        if (
            st.form_submit_button(tr("chain.ui.crowd.save"), key="crowd_after_save")
            and people is not None
            and succeeded(
                assessments.update_assessment, ctx.store, ctx.actor, a.id, group_event_people_after=int(people)
            )
        ):
            flash(tr("chain.ui.crowd.saved"))
            st.rerun()


def _history(ctx: PageContext, aid: int) -> None:
    history = surveys.survey_history(ctx.store, aid)
    if len(history) > 1:
        with st.expander(tr("ui.survey.history"), key="survey_history"):
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("ui.survey.recorded_at"): (h.recorded_at or "")[:16].replace("T", " "),
                            tr("ui.survey.support"): h.support,
                            tr("ui.survey.neutral"): h.neutral,
                            tr("ui.survey.oppose"): h.oppose,
                            tr("chain.ui.survey.phase"): tr(f"chain.ui.phase.{h.phase.value}"),
                            tr("ui.survey.source"): h.source or "",
                        }
                        for h in reversed(history)
                    ]
                ),
                hide_index=True,
                key="survey_history_table",
                width="stretch",
            )


def _coverage_table(coverage: SurveyCoverage | None, key: str) -> None:
    if coverage is None:
        st.caption(tr("ui.survey.no_rule"))
        return
    rows = []
    for c in coverage.checks:
        share = c.what == "households"
        required = f"{c.required:.0%}" if share else str(c.required)
        actual = "—" if c.actual is None else (f"{c.actual:.0%}" if share else str(c.actual))
        rows.append(
            {
                tr("ui.survey.check.what"): tr(f"ui.survey.check.{c.what}"),
                tr("ui.survey.check.required"): required,
                tr("ui.survey.check.actual"): actual,
                tr("ui.survey.check.ok"): tr("ui.survey.check.pass") if c.ok else tr("ui.survey.check.fail"),
            }
        )
    if coverage.ok:
        st.success(tr("ui.survey.coverage_ok"))
    else:
        st.warning(tr("ui.survey.coverage_fail"))
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, key=key, width="stretch")
