"""评估工作台, header and 概况 tab: the assessment's state, round and verdict metrics; project facts, the stored
result (levels, probabilities, dimensions) and the export panel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.engine.result import DimensionPhase
from riskmodel.services.views.assessments import AssessmentView, ResultView
from riskmodel.services.views.projects import ProjectView
from riskmodel.services.views.verdicts import VerdictView
from riskmodel.ui.components import chain_result, exports
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.text import (
    fmt_number,
    lang,
    level_label,
    md,
    project_type_label,
    round_status_label,
    stage_label,
    state_label,
    text_of,
    tr,
    verdict_label,
)


def render_header(a: AssessmentView, view: ResultView | None, verdict: VerdictView | None) -> None:
    cols = st.columns(4)
    cols[0].metric(tr("ui.org_assessment.m.state"), state_label(a.state))
    if a.round is not None:
        cols[1].metric(
            tr("ui.org_assessment.m.round_status", status=round_status_label(a.round.status)),
            tr("ui.org_assessment.round_value", number=a.round.number),
        )
    else:
        cols[1].metric(tr("ui.org_assessment.m.round"), tr("ui.common.none"))
    if verdict is not None:
        cols[2].metric(tr("ui.org_assessment.m.residual_level"), level_label(verdict.residual_level))
        cols[3].metric(tr("ui.org_assessment.m.verdict"), verdict_label(verdict.verdict))
    elif view is not None and view.result is not None:
        cols[2].metric(tr("ui.org_assessment.m.residual_level"), level_label(view.residual_level or view.level))
        cols[3].metric(tr("ui.org_assessment.m.proposed_verdict"), verdict_label(view.verdict))
    else:
        cols[2].metric(tr("ui.org_assessment.m.residual_level"), tr("ui.common.none"))
        cols[3].metric(tr("ui.org_assessment.m.proposed_verdict"), tr("ui.common.none"))


def render(ctx: PageContext, a: AssessmentView, q, project: ProjectView, view: ResultView | None) -> None:
    st.subheader(tr("ui.org_assessment.project_facts"))
    facts = [
        (tr("ui.org_projects.col.code"), project.code),
        (tr("ui.org_projects.col.name"), project.name),
        (tr("ui.org_projects.col.type"), project_type_label(project.type)),
        (tr("ui.org_projects.col.region"), project.region),
        (tr("ui.org_projects.col.stage"), stage_label(project.stage)),
        (tr("ui.org_projects.col.investment"), fmt_number(project.investment_wan, 0)),
        (tr("ui.org_projects.col.households"), fmt_number(project.affected_households, 0)),
        (tr("ui.org_assessment.questionnaire"), f"{text_of(q.name)} ({q.id} v{q.version})"),
        (tr("ui.org_assessment.standard"), text_of(q.standard)),
    ]
    st.table(
        pd.DataFrame(facts, columns=[tr("ui.org_assessment.fact"), tr("ui.org_assessment.value")]), hide_index=True
    )
    if project.description:
        st.caption(md(project.description))
    st.subheader(tr("ui.org_assessment.result"))
    r = view.result if view is not None else None
    if view is None or r is None:
        st.info(tr("ui.org_assessment.no_result"))
    else:
        chain_result.render_completeness(r, {i.id: (i.name_en if lang() == "en" else i.name_zh) for i in r.indicators})
        chain_result.render_levels(r)
        st.caption(
            tr(
                "ui.org_assessment.result_basis",
                experts=view.experts_submitted,
                ratings=view.ratings_count,
            )
        )
        chain_result.render_probabilities(r, key="org_level_probs")
        chain_result.render_crowd(r)
        st.caption(tr("chain.ui.sha256", sha=view.result_sha256 or "—"))
        dims = r.dimensions
        if dims:
            st.dataframe(
                pd.DataFrame(
                    [
                        {
                            tr("ui.org_assessment.col.dimension"): d.name_en if lang() == "en" else d.name_zh,
                            tr("ui.org_assessment.col.weight"): fmt_number(d.weight, 3),
                            tr("ui.org_assessment.col.before"): _dim_text(d.before),
                            tr("ui.org_assessment.col.after"): _dim_text(d.after),
                        }
                        for d in dims
                    ]
                ),
                hide_index=True,
                key="org_dims",
                width="stretch",
            )
    _export_panel(ctx.store, a.id)


def _dim_text(value: DimensionPhase | None) -> str:
    if value is None:
        return tr("ui.common.none")
    return f"{fmt_number(value.score)} · {level_label(value.level)}"


def _export_panel(store, assessment_id: int) -> None:
    st.subheader(tr("ui.org_assessment.exports"))
    exports.render_export_panel(assessment_id, lang(), store=store)
