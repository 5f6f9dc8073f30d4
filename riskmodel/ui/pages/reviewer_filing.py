"""备案审查 — the reviewer's page: filings by state, the form check of each (checklist against the 428
outline and the standard), and the decision — 予以备案 (filing number and receipt) or 退回补正 with reasons.
Reviewers never decide a filing they submitted, or one of an assessment they created or signed."""

from __future__ import annotations

import streamlit as st

from riskmodel.services import filing
from riskmodel.services.views.register import FILING_STATES, PENDING
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import done, show_flash
from riskmodel.ui.components.register_ui import call, checklist_frame, filings_frame, label, rt, table
from riskmodel.ui.components.text import labeled, lkey


def _decide(ctx, f) -> None:
    st.subheader(rt("decision_title"))
    accept = st.radio(
        rt("decision_title"),
        ["accept", "return"],
        key=lkey(f"fil_choice_{f.id}"),
        horizontal=True,
        format_func=labeled(["accept", "return"], lambda c: rt(f"choice.{c}")),
        label_visibility="collapsed",
    )
    reason = st.text_area(rt("review_reason"), key=f"fil_reason_{f.id}", max_chars=2000)
    confirm = st.checkbox(rt("confirm"), key=f"fil_confirm_{f.id}")
    if st.button(rt("decide_filing"), key=f"fil_go_{f.id}", type="primary", disabled=not confirm):
        ok, out = call(filing.decide, ctx.store, ctx.actor, f.assessment_id, accept=accept == "accept", reason=reason)
        if ok and out is not None:
            if out.filing_number:
                done(rt("filed_done", number=out.filing_number))
            done(rt("returned_done", id=f.assessment_id))


def _detail(ctx, f) -> None:
    st.subheader(rt("filing_detail", id=f.assessment_id, number=f.number))
    c1, c2, c3 = st.columns(3)
    c1.metric(rt("filing.state"), label("filing_state", f.state))
    c2.metric(rt("filing.submitted"), f.submitted_at[:10])
    c3.caption(rt("filing.assessor"))
    c3.text(f.assessor or rt("office"))
    st.text(f"{f.project_code} {f.project_name}")
    if f.change_note:
        st.caption(rt("change_note"))
        st.text(f.change_note)
    st.caption(rt("checklist_at_submission"))
    table(checklist_frame(f.checklist), f"fil_checklist_{f.id}")
    if f.state == PENDING:
        _decide(ctx, f)
        return
    if f.decision_reason:
        st.caption(rt("review_reason"))
        st.text(f.decision_reason)
    if f.receipt:
        st.caption(rt("receipt"))
        st.text(f.receipt)
        st.download_button(
            rt("download_receipt"),
            f.receipt.encode("utf-8"),
            file_name=f"receipt-{f.assessment_id}.txt",
            mime="text/plain",
            key=f"fil_receipt_{f.id}",
        )


def render() -> None:
    ctx = shell.page_context("reviewer")
    st.title(rt("filing_title"))
    show_flash()
    st.caption(rt("filing_help"))
    states = ["", *FILING_STATES]
    state = st.selectbox(
        rt("filing.state"),
        states,
        index=1,
        key=lkey("fil_state"),
        format_func=labeled(states, lambda s: rt("all") if not s else label("filing_state", s)),
    )
    rows = filing.list_filings(ctx.store, state=state or None)
    table(filings_frame(rows), "fil_table")
    if not rows:
        return
    ids = [f.id for f in rows]
    by_id = {f.id: f for f in rows}
    pick = st.selectbox(
        rt("choose_filing"),
        ids,
        key=f"fil_pick_{state}",
        format_func=lambda i: (
            f"#{by_id[i].assessment_id} {by_id[i].project_code} · "
            f"{label('filing_state', by_id[i].state)} ({by_id[i].number})"
        ),
    )
    _detail(ctx, by_id[pick])


if __name__ == "__main__":
    render()
