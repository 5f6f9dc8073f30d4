"""风险调查与评审记录 — the organizer records the evidence a filing office reads: 公示, consultations, the
survey in detail, demands and their adoption, the parties, the review meeting and the 应急预案.

The page only lays out the tabs; each tab is its own component (``ui/components/evidence_*.py``).
"""

from __future__ import annotations

import streamlit as st

from riskmodel.services import assessments, evidence
from riskmodel.ui import shell
from riskmodel.ui.components import (
    evidence_consultations,
    evidence_demands,
    evidence_parties,
    evidence_plans,
    evidence_publicity,
    evidence_review,
    evidence_survey,
)
from riskmodel.ui.components.evidence_common import editable
from riskmodel.ui.components.feedback import show_flash
from riskmodel.ui.components.lists import assessment_list
from riskmodel.ui.components.pickers import assessment_picker
from riskmodel.ui.components.text import tr

TABS = ("publicity", "consultations", "survey", "demands", "parties", "review", "plans")


def _checklist(view) -> None:
    findings = evidence.check_evidence(view)
    ok = sum(1 for f in findings if f.ok)
    with st.expander(tr("evidence.ui.check_title", ok=ok, total=len(findings)), expanded=False, key="ev_check"):
        for f in findings:
            icon = "✓" if f.ok else "✗"
            st.text(f"{icon} {tr(f.code, **f.params)}")


def render() -> None:
    ctx = shell.page_context("organizer")
    st.title(tr("evidence.ui.title"))
    show_flash()
    items = assessment_list(ctx.store, ctx.actor)
    if not items:
        st.info(tr("evidence.ui.empty"))
        return
    chosen = assessment_picker(sorted(items, key=lambda x: -x.id), key="ev_pick")
    if chosen is None:
        return
    aid = chosen.id
    a = assessments.get_assessment(ctx.store, aid)
    q = assessments.questionnaire_of(ctx.store, aid)
    view = evidence.get_evidence(ctx.store, aid)
    _checklist(view)
    enabled = editable(a)
    tabs = st.tabs([tr(f"evidence.ui.tab.{name}") for name in TABS], key="ev_tabs")
    with tabs[0]:
        evidence_publicity.render(ctx, aid, view, enabled)
    with tabs[1]:
        evidence_consultations.render(ctx, aid, view, enabled)
    with tabs[2]:
        evidence_survey.render(ctx, aid, view, q, enabled)
    with tabs[3]:
        evidence_demands.render(ctx, aid, view, enabled)
    with tabs[4]:
        evidence_parties.render(ctx, aid, view, enabled)
    with tabs[5]:
        evidence_review.render(ctx, aid, view.review, enabled)
    with tabs[6]:
        evidence_plans.render(ctx, aid, view, q, enabled)


if __name__ == "__main__":
    render()
