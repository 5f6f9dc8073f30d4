"""我的评估 — the assessments an expert sits on, their state and his progress in the current round.

Cards rather than a wide table, so the page works at phone width.
"""

from __future__ import annotations

import streamlit as st

from riskmodel.services import ratings
from riskmodel.services.views.ratings import ExpertAssessment
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import show_flash
from riskmodel.ui.components.text import md, round_status_label, state_label, text_of, tr


def render() -> None:
    ctx = shell.page_context("expert")
    st.title(tr("ui.expert_home.title"))
    show_flash()
    items = ratings.expert_overview(ctx.store, ctx.actor)
    if not items:
        st.info(tr("ui.expert_home.empty"))
        return
    open_items = [a for a in items if a.progress.open]
    st.caption(tr("ui.expert_home.summary", total=len(items), open=len(open_items)))
    for a in sorted(items, key=lambda x: (not x.progress.open, -x.id)):
        _card(a)


def _card(a: ExpertAssessment) -> None:
    p = a.progress
    with st.container(border=True, key=f"expert_card_{a.id}"):
        st.markdown(f"**{md(a.project_name)}**" + (f" · {md(a.title)}" if a.title else ""))
        st.caption(
            tr(
                "ui.expert_home.meta",
                code=a.project_code,
                questionnaire=text_of(a.questionnaire_name),
                state=state_label(a.state),
            )
        )
        if p.open:
            st.markdown(tr("ui.expert_home.round_open", number=p.round))
            st.progress(
                min(1.0, p.done / p.total) if p.total else 0.0,
                text=tr("ui.expert_home.progress", done=p.done, total=p.total, drafts=p.drafts),
            )
            if st.button(
                tr("ui.expert_home.rate"), key=f"expert_rate_{a.id}", type="primary", icon=":material/edit_note:"
            ):
                shell.go("expert_rating.py", a.id)
            return
        if a.last_round is None:
            st.markdown(tr("ui.expert_home.no_round"))
        else:
            st.markdown(
                tr(
                    "ui.expert_home.round_state",
                    number=a.last_round,
                    status=round_status_label(a.last_round_status),
                )
            )
        st.caption(tr("ui.expert_home.submitted_total", count=p.submitted_total))
        if p.submitted_total and st.button(tr("ui.expert_home.view"), key=f"expert_view_{a.id}"):
            shell.go("expert_rating.py", a.id)


if __name__ == "__main__":
    render()
