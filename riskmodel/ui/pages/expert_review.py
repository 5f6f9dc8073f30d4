"""专家评审 — a panel expert writes his opinion of the report and confirms the group opinion; the group
leader drafts it. Each confirmation is stored with its time and audited."""

from __future__ import annotations

import streamlit as st

from riskmodel.services import evidence_review, workflow
from riskmodel.ui import shell
from riskmodel.ui.components import evidence_review_expert
from riskmodel.ui.components.feedback import show_flash
from riskmodel.ui.components.lists import assessment_list
from riskmodel.ui.components.pickers import assessment_picker
from riskmodel.ui.components.text import tr


def render() -> None:
    ctx = shell.page_context("expert")
    st.title(tr("evidence.ui.review.title"))
    show_flash()
    items = []
    for a in assessment_list(ctx.store, ctx.actor):
        review = evidence_review.get_review(ctx.store, a.id)
        if review is not None and any(e.username == ctx.actor.username for e in review.experts):
            items.append(a)
    if not items:
        st.info(tr("evidence.ui.review.empty"))
        return
    chosen = assessment_picker(sorted(items, key=lambda x: -x.id), key="ev_review_pick")
    if chosen is None:
        return
    aid = chosen.id
    review = evidence_review.get_review(ctx.store, aid)
    if review is None:
        return
    enabled = workflow.allowed(chosen.state, "edit_setup")
    if not enabled:
        st.info(tr("evidence.ui.locked"), icon=":material/lock:")
    evidence_review_expert.render(ctx, aid, review, enabled)


if __name__ == "__main__":
    render()
