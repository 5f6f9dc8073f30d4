"""专家评审 (expert side): a panel expert writes his opinion and confirms the group opinion; the group leader
drafts the group opinion. User text is shown as text, never as Markdown."""

from __future__ import annotations

import streamlit as st

from riskmodel.services import evidence_review
from riskmodel.services.views.evidence import ReviewView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.evidence_review import status_table
from riskmodel.ui.components.feedback import done, run_action, try_action
from riskmodel.ui.components.text import tr, trm


def render(ctx: PageContext, aid: int, review: ReviewView, enabled: bool) -> None:
    st.text(tr("evidence.ui.review.meeting", date=review.held_on, place=review.place, leader=review.leader_name))
    me = next((e for e in review.experts if e.username == ctx.actor.username), None)
    if me is None:
        st.warning(tr("evidence.review.not_on_panel", id=aid))
        return
    status_table(review, key=f"ev_rx_status_{aid}")

    st.subheader(tr("evidence.ui.review.mine"))
    with st.form(key=f"ev_rx_opinion_{aid}"):
        opinion = st.text_area(
            tr("evidence.field.opinion"), value=me.opinion or "", height=160, key=f"ev_rx_opinion_text_{aid}"
        )
        if st.form_submit_button(
            key=f"ev_review_expert_submit1_{aid}",
            label=tr("evidence.ui.review.submit"),
            type="primary",
            icon=":material/send:",
            disabled=not enabled,
        ):
            ok, _ = try_action(evidence_review.write_opinion, ctx.store, ctx.actor, aid, opinion)
            if ok:
                done(tr("evidence.ui.review.submitted"))

    st.subheader(tr("evidence.field.group_opinion"))
    if me.is_leader:
        st.caption(tr("evidence.ui.review.leader_help"))
        others = [e for e in review.experts if e.opinion and e.username != me.username]
        for e in others:
            with st.expander(
                trm("evidence.ui.review.opinion_of", name=e.name),
                icon=":material/person:",
                key=f"ev_rx_exp_{aid}_{e.username}",
            ):
                st.text(e.opinion or "")
        with st.form(key=f"ev_rx_group_{aid}"):
            group = st.text_area(
                tr("evidence.field.group_opinion"),
                value=review.group_opinion or "",
                height=200,
                key=f"ev_rx_group_text_{aid}",
            )
            if st.form_submit_button(
                key=f"ev_review_expert_submit2_{aid}",
                label=tr("evidence.ui.review.draft"),
                icon=":material/edit_document:",
                disabled=not enabled,
            ):
                cleared = run_action(evidence_review.draft_group_opinion, ctx.store, ctx.actor, aid, group)
                if cleared is not None:
                    done(tr("evidence.ui.review.drafted", cleared=cleared))
    elif review.group_opinion:
        st.text(review.group_opinion)
    else:
        st.caption(tr("evidence.review.no_group_opinion"))

    if review.group_opinion:
        if me.confirmed_at:
            st.success(
                tr("evidence.ui.review.confirmed_at", at=me.confirmed_at[:16].replace("T", " ")),
                icon=":material/verified:",
            )
        else:
            st.caption(tr("evidence.ui.review.confirm_help"))
            if st.button(
                tr("evidence.ui.review.confirm"),
                key=f"ev_rx_confirm_{aid}",
                type="primary",
                icon=":material/approval:",
                disabled=not enabled,
            ):
                at = run_action(evidence_review.confirm_group_opinion, ctx.store, ctx.actor, aid)
                if at is not None:
                    done(tr("evidence.ui.review.confirmed_at", at=at[:16].replace("T", " ")))
