"""评估工作台 — the organizer runs one assessment: panel, Delphi rounds, consensus diagnostics, opinion
survey, mitigation measures (Table 2), and the verdict (with a confirmation step; read-only afterwards).

The page only lays out the tabs; each tab is its own component (``ui/components/org_*.py``).
"""

from __future__ import annotations

import streamlit as st

from riskmodel.services import assessments, projects, verdicts
from riskmodel.ui import shell
from riskmodel.ui.components import (
    org_consensus,
    org_measures,
    org_overview,
    org_panel,
    org_rounds,
    org_survey,
    org_verdict,
)
from riskmodel.ui.components.feedback import show_flash, try_action
from riskmodel.ui.components.lists import assessment_list
from riskmodel.ui.components.pickers import assessment_picker
from riskmodel.ui.components.results import assessment_result
from riskmodel.ui.components.text import tr

TABS = ("overview", "panel", "rounds", "consensus", "survey", "measures", "verdict")


def render() -> None:
    ctx = shell.page_context("organizer")
    st.title(tr("ui.org_assessment.title"))
    show_flash()
    items = assessment_list(ctx.store, ctx.actor)
    if not items:
        st.info(tr("ui.org_assessment.empty"))
        return
    chosen = assessment_picker(sorted(items, key=lambda x: -x.id), key="org_pick")  # newest first
    if chosen is None:
        return
    aid = chosen.id
    a = assessments.get_assessment(ctx.store, aid)
    q = assessments.questionnaire_of(ctx.store, aid)
    project = projects.get_project(ctx.store, a.project_id)
    verdict = verdicts.get_verdict(ctx.store, aid)
    ok, view = try_action(assessment_result, ctx.store, aid)  # the stored result, via assessments.get_result
    view = view if ok else None
    result = view.result if view is not None else None  # the typed AssessmentResult
    org_overview.render_header(a, view, verdict)

    tabs = st.tabs([tr(f"ui.org_assessment.tab.{name}") for name in TABS], key="org_tabs")
    with tabs[0]:
        org_overview.render(ctx, a, q, project, view)
    with tabs[1]:
        org_panel.render(ctx, a, q)
    with tabs[2]:
        org_rounds.render(ctx, a, q)
    with tabs[3]:
        org_consensus.render(q, result)
    with tabs[4]:
        org_survey.render(ctx, a, q, project)
    with tabs[5]:
        org_measures.render(ctx, a, q)
    with tabs[6]:
        org_verdict.render(ctx, a, q, view, verdict)


if __name__ == "__main__":
    render()
