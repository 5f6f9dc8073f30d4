"""What the rating form's buttons do: save a draft, ask for confirmation, submit; the submitted table and the
conflict-of-interest declaration."""

from __future__ import annotations

import uuid
from typing import Any

import streamlit as st

from riskmodel.services import panels, ratings
from riskmodel.services.views.panels import PanelMemberView
from riskmodel.services.views.ratings import RatingEntry
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import flash, run_action
from riskmodel.ui.components.rating_state import (
    PENDING_KEY,
    ca_cs_key,
    collect,
    complete,
)
from riskmodel.ui.components.rating_state import member_coefficient as _coef
from riskmodel.ui.components.text import fmt_number, phase_label, text_of, tr

# Self-assessment options (判断依据 Ca, 熟悉程度 Cs), labelled from the catalog (ui.rating.ca_opt.* / cs_opt.*).


def act(
    ctx: PageContext,
    q,
    aid: int,
    rnd: int,
    phases: list[str],
    member: PanelMemberView | None,
    token_key: str,
    values: dict[str, Any],
    prior: dict,
    *,
    submit: bool,
) -> str | None:
    """Save the form as a draft ("saved"); for 提交 then ask for confirmation ("pending"). None on a refusal."""
    entries = collect(q, aid, rnd, phases, values, prior)
    if not save_self_assessment(ctx, q, aid, rnd, member, values):
        return None
    if entries and run_action(ratings.save_draft, ctx.store, ctx.actor, aid, entries) is None:
        return None
    if not submit:
        st.success(tr("ui.rating.draft_saved", count=len(entries)))
        return "saved"
    ready = [e for e in entries if complete(q, e)]
    if not ready:
        st.error(tr("ui.rating.nothing_to_submit"))
        return None
    st.session_state[PENDING_KEY] = {
        "aid": aid,
        "round": rnd,
        "entries": ready,
        "token": st.session_state[token_key],
    }
    return "pending"


def submit_pending(ctx: PageContext, aid: int, pending: dict, token_key: str) -> bool:
    """确认提交: store the confirmed ratings (one transaction; the token makes a repeated click a no-op)."""
    result = run_action(ratings.submit_ratings, ctx.store, ctx.actor, aid, pending["entries"], token=pending["token"])
    if result is None:
        return False
    st.session_state.pop(PENDING_KEY, None)
    st.session_state[token_key] = uuid.uuid4().hex
    st.success(tr("ui.rating.submitted", count=result.ratings, round=result.round))
    return True


def save_self_assessment(
    ctx: PageContext, q, aid: int, rnd: int, member: PanelMemberView | None, values: dict[str, Any]
) -> bool:
    def chosen(which: str) -> dict[str, float]:
        return {
            d.id: float(values.get(ca_cs_key(aid, rnd, which, d.id), _coef(member, which, d.id))) for d in q.dimensions
        }

    ca, cs = chosen("ca"), chosen("cs")
    current_ca = {d.id: _coef(member, "ca", d.id) for d in q.dimensions}
    current_cs = {d.id: _coef(member, "cs", d.id) for d in q.dimensions}
    if ca == current_ca and cs == current_cs:
        return True
    ok = run_action(panels.set_self_assessment, ctx.store, ctx.actor, aid, ca, cs)
    return ok is not None


def confirm_block(pending: dict, total: int) -> None:
    """The confirmation step; its buttons are handled at the start of the next run (``render``)."""
    entries = pending["entries"]
    with st.container(border=True, key="rating_confirm_box"):
        st.subheader(tr("ui.rating.confirm_title"))
        st.markdown(
            tr("ui.rating.confirm_prompt", count=len(entries), total=total, missing=max(0, total - len(entries)))
        )
        st.caption(tr("ui.rating.confirm_note"))
        st.button(
            tr("ui.rating.confirm_submit"),
            key="rating_confirm_yes",
            type="primary",
            width="stretch",
            icon=":material/check:",
        )
        st.button(tr("ui.rating.confirm_back"), key="rating_confirm_no", width="stretch", icon=":material/arrow_back:")


def submitted_table(q, submitted: tuple[RatingEntry, ...]) -> None:
    if not submitted:
        return
    names = {ind.id: text_of(ind.name) for ind in q.indicators()}
    rows = []
    for r in submitted:
        value = (
            fmt_number(r.score, 0)
            if q.method == "score"
            else f"{fmt_number(r.probability, 0)} × {fmt_number(r.impact, 0)}"
        )
        rows.append(
            {
                tr("ui.rating.col.indicator"): f"{r.indicator} {names.get(r.indicator, '')}",
                tr("ui.rating.col.phase"): phase_label(r.phase),
                tr("ui.rating.col.value"): value,
                tr("ui.rating.col.round"): r.round,
                tr("ui.rating.col.comment"): r.comment or "",
            }
        )
    st.subheader(tr("ui.rating.my_submitted"))
    st.dataframe(rows, hide_index=True, key="rating_submitted_table", width="stretch")


def conflict_form(ctx: PageContext, aid: int) -> None:
    with st.expander(tr("ui.rating.conflict_title"), key=f"rating_conflict_{aid}"):
        st.caption(tr("ui.rating.conflict_help"))
        statement = st.text_area(tr("ui.rating.conflict_statement"), key=f"rating_conflict_text_{aid}", max_chars=2000)
        if st.button(tr("ui.rating.conflict_declare"), key=f"rating_conflict_btn_{aid}"):
            if run_action(panels.declare_conflict, ctx.store, ctx.actor, aid, True, statement) is not None:
                flash(tr("ui.rating.conflict_recorded"), "warning")
                st.rerun()
