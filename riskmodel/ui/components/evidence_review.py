"""The review meeting (专家评审会): the organizer's tab (date, place, group leader) and the status table both
pages show (who wrote, who confirmed). The experts' own part is ``evidence_review_expert.py``."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from riskmodel.services import evidence_review, panels
from riskmodel.services.views.evidence import ReviewView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import done, run_action
from riskmodel.ui.components.text import tr


def status_table(review: ReviewView, key: str) -> None:
    yes, no = tr("evidence.ui.review.yes"), tr("evidence.ui.review.no")
    frame = pd.DataFrame(
        [
            {
                tr("evidence.report.review.col.name"): e.name
                + (tr("evidence.report.review.leader_mark") if e.is_leader else ""),
                tr("evidence.report.review.col.field"): e.field or "",
                tr("evidence.ui.review.col.written"): yes if e.opinion else no,
                tr("evidence.report.review.col.confirmed"): (e.confirmed_at or "")[:16].replace("T", " ")
                or tr("evidence.report.review.not_confirmed"),
            }
            for e in review.experts
        ]
    )
    st.dataframe(frame, key=key, hide_index=True, width="stretch")
    st.caption(tr("evidence.ui.review.progress", confirmed=review.confirmed, experts=len(review.experts)))


def render(ctx: PageContext, aid: int, review: ReviewView | None, enabled: bool) -> None:
    if review is not None:
        st.text(tr("evidence.ui.review.meeting", date=review.held_on, place=review.place, leader=review.leader_name))
        status_table(review, key=f"ev_rev_status_{aid}")
        if review.group_opinion:
            st.caption(tr("evidence.field.group_opinion"))
            st.text(review.group_opinion)
    members = [m for m in panels.list_panel(ctx.store, ctx.actor, aid) if not m.has_conflict]
    if not enabled:
        return
    if not members:
        st.info(tr("evidence.ui.review.no_panel"))
        return
    names = {m.username: m.display_name or m.username for m in members}
    with st.form(key=f"ev_rev_form_{aid}"):
        st.subheader(tr("evidence.ui.review.edit"))
        c1, c2, c3 = st.columns(3)
        held_on = c1.date_input(
            tr("evidence.field.held_on"),
            value=date.fromisoformat(review.held_on) if review else date.today(),
            key=f"ev_rev_date_{aid}",
        )
        place = c2.text_input(
            tr("evidence.field.place"), value=review.place if review else "", key=f"ev_rev_place_{aid}"
        )
        usernames = list(names)
        current = usernames.index(review.leader) if review and review.leader in usernames else 0
        leader = c3.selectbox(
            tr("evidence.field.leader"),
            usernames,
            index=current,
            format_func=lambda u: names[u],
            key=f"ev_rev_leader_{aid}",
        )
        if st.form_submit_button(
            key=f"ev_review_submit1_{aid}", label=tr("evidence.ui.save"), type="primary", icon=":material/save:"
        ):
            saved = run_action(
                evidence_review.save_meeting, ctx.store, ctx.actor, aid, held_on=held_on, place=place, leader=leader
            )
            if saved is not None:
                done(tr("evidence.ui.saved"))
