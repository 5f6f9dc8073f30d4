"""评估工作台, 轮次 tab: Delphi rounds, their progress, opening and closing a round, beginning the review."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.domain import RoundStatus
from riskmodel.services import (
    assessments,
    measures,
    panels,
    rounds,
    workflow,
)
from riskmodel.services.views.assessments import AssessmentView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import flash, run_action, succeeded
from riskmodel.ui.components.form_state import Pending
from riskmodel.ui.components.text import (
    round_status_label,
    tr,
)

OPEN_PENDING = Pending("rounds_open_pending")  # 开启第 n 轮, held until 确认开启


def render(ctx: PageContext, a: AssessmentView, q) -> None:
    aid = a.id
    items = rounds.list_rounds(ctx.store, aid)
    if items:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("ui.rounds.col.number"): r.number,
                        tr("ui.rounds.col.status"): round_status_label(r.status),
                        tr("ui.rounds.col.opened"): (r.opened_at or "")[:16].replace("T", " "),
                        tr("ui.rounds.col.closed"): (r.closed_at or "")[:16].replace("T", " "),
                        tr("ui.rounds.col.experts"): r.experts_submitted,
                        tr("ui.rounds.col.ratings"): r.ratings,
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
    if not workflow.allowed(a.state, "open_round"):
        st.caption(tr("ui.rounds.concluded"))
        return
    open_round = next((r for r in items if r.status == RoundStatus.OPEN), None)
    if open_round is not None:
        eligible = panels.check_panel(ctx.store, aid).eligible
        st.progress(
            min(1.0, open_round.experts_submitted / eligible) if eligible else 0.0,
            text=tr("ui.rounds.progress", done=open_round.experts_submitted, total=eligible),
        )
        confirm = st.checkbox(tr("ui.rounds.close_confirm", number=open_round.number), key="rounds_close_confirm")
        if st.button(
            tr("ui.rounds.close", number=open_round.number),
            key="rounds_close",
            disabled=not confirm,
            icon=":material/lock:",
        ):
            if run_action(rounds.close_round, ctx.store, ctx.actor, aid):
                st.session_state.pop("rounds_close_confirm", None)
                flash(tr("ui.rounds.closed", number=open_round.number))
                st.rerun()
        return
    next_number = (items[-1].number + 1) if items else 1
    active = measures.active_measures(ctx.store, aid)
    post_measure = "after" in q.phases and bool(active)
    if post_measure:
        st.info(tr("ui.rounds.post_measure_hint", count=len(active)))
    elif "after" in q.phases:
        st.caption(tr("ui.rounds.no_measures_hint"))
    label = tr("ui.rounds.open_post" if post_measure else "ui.rounds.open", number=next_number)
    c1, c2 = st.columns(2)
    if c1.button(label, key="rounds_open", type="primary", icon=":material/play_arrow:"):
        OPEN_PENDING.hold(aid, number=next_number)
    if OPEN_PENDING.get(aid) is not None:  # opening a round is confirmed first
        with st.container(border=True, key="rounds_open_box"):
            st.markdown(tr("house.rounds.open_confirm", number=next_number))
            b1, b2 = st.columns(2)
            yes = b1.button(tr("house.rounds.open_yes"), key="rounds_open_confirm", type="primary")
            back = b2.button(tr("house.rounds.open_back"), key="rounds_open_cancel")
        if yes or back:
            OPEN_PENDING.clear()
        if yes and succeeded(rounds.open_next_round, ctx.store, ctx.actor, aid):
            flash(tr("ui.rounds.opened", number=next_number))
            st.rerun()
        if back:
            st.rerun()
    if workflow.allowed(a.state, "begin_review") and items:
        if c2.button(tr("ui.rounds.begin_review"), key="rounds_review", icon=":material/rate_review:"):
            if run_action(assessments.begin_review, ctx.store, ctx.actor, aid):
                flash(tr("ui.rounds.review_started"))
                st.rerun()
