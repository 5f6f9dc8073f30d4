"""专家抽取 — forming an assessment's panel by an audited random draw from the expert library (organizers).

Shows the panel size the standard asks for, who stands aside and why (recusal is automatic), the draw
with its seed and pool hash, earlier draws with their reasons, a replay check, substitutes for experts
who decline, and the declaration of a conflict of interest."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.domain import State
from riskmodel.services import assessments, experts
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import done, show_flash
from riskmodel.ui.components.pickers import assessment_picker
from riskmodel.ui.components.register_ui import call, draws_frame, label, rt, table
from riskmodel.ui.components.text import tr

DRAFTABLE = (State.DRAFT, State.SCORING, State.REVIEW)  # the draw service refuses once anyone has rated


def _recusals(ctx, aid: int) -> None:
    st.subheader(rt("recusal_title"))
    rows = experts.preview_recusals(ctx.store, aid)
    if not rows:
        st.caption(rt("recusal_none"))
        return
    st.dataframe(
        pd.DataFrame(
            [
                {rt("col.username"): r.username, rt("draw.reason"): label("recusal", r.reason), rt("detail"): r.detail}
                for r in rows
            ]
        ),
        hide_index=True,
        key="draw_recusals",
        width="stretch",
    )


def _draw(ctx, aid: int, draws: list) -> None:
    st.subheader(rt("draw_title"))
    earlier = [d for d in draws if d.kind == "draw"]
    reason = ""
    if earlier:
        st.warning(rt("redraw_warning", count=len(earlier)), icon=":material/history:")
        reason = st.text_area(rt("redraw_reason"), key=f"draw_reason_{aid}", max_chars=2000)
    if st.button(rt("draw_go"), key=f"draw_go_{aid}", type="primary", icon=":material/casino:"):
        ok, d = call(experts.draw, ctx.store, ctx.actor, aid, reason=reason or None)
        if ok and d is not None:
            done(rt("drawn", panel=", ".join(d.panel), seed=d.seed, hash=d.pool_hash[:16]))


def _panel(ctx, aid: int, draws: list) -> None:
    panel = experts.panel_now(ctx.store, aid)
    if not panel:
        st.info(rt("no_draw_yet"))
        return
    library = {e.username: e for e in experts.list_experts(ctx.store)}
    st.subheader(rt("panel_title"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    rt("col.username"): u,
                    rt("col.name"): library[u].name if u in library else "",
                    rt("col.category"): label("category", library[u].category) if u in library else "",
                    rt("col.field"): library[u].field if u in library else "",
                    rt("col.account"): rt("yes") if u in library and library[u].has_account else rt("no_account"),
                }
                for u in panel
            ]
        ),
        hide_index=True,
        key="draw_panel",
        width="stretch",
    )
    last = next(d for d in reversed(draws) if d.kind == "draw")
    if last.shortfall:
        st.warning(rt("shortfall", strata=", ".join(last.shortfall)))
    with st.expander(rt("substitute_title"), key="draw_sub_expander"):
        gone = st.selectbox(rt("declined"), panel, key=f"draw_sub_who_{aid}")
        why = st.text_input(rt("substitute_reason"), key=f"draw_sub_reason_{aid}", max_chars=500)
        if st.button(rt("substitute_go"), key=f"draw_sub_go_{aid}"):
            ok, d = call(experts.substitute, ctx.store, ctx.actor, last.draw_id, gone, why)
            if ok and d is not None:
                done(rt("substituted", old=gone, new=", ".join(d.panel) or rt("nobody")))


def _history(ctx, draws: list) -> None:
    st.subheader(rt("history_title"))
    table(draws_frame(draws), "draw_history")
    if not draws:
        return
    ids = [d.draw_id for d in draws]
    pick = st.selectbox(
        rt("replay_which"), ids, index=len(ids) - 1, key="draw_replay_pick", format_func=lambda i: f"#{i}"
    )
    if st.button(rt("replay"), key="draw_replay_go", icon=":material/replay:"):
        ok, r = call(experts.replay, ctx.store, pick)
        if ok and r is not None:
            (st.success if r.matches else st.error)(
                rt("replay_same" if r.matches else "replay_differs", panel=", ".join(r.panel), hash=r.pool_hash[:16])
            )


def _conflict(ctx, aid: int) -> None:
    with st.expander(rt("conflict_title"), key="draw_conflict_expander"):
        names = [e.username for e in experts.list_experts(ctx.store)]
        if not names:
            st.info(tr("ui.common.no_data"))
            return
        who = st.selectbox(rt("expert"), names, key=f"draw_conflict_who_{aid}")
        why = st.text_input(rt("conflict_reason"), key=f"draw_conflict_reason_{aid}", max_chars=500)
        if st.button(rt("conflict_go"), key=f"draw_conflict_go_{aid}"):
            ok, _ = call(experts.declare_conflict, ctx.store, ctx.actor, who, aid, why)
            if ok:
                done(rt("conflict_done", expert=who))


def render() -> None:
    ctx = shell.page_context("organizer")
    st.title(rt("draw_page_title"))
    show_flash()
    st.caption(rt("draw_help"))
    items = [a for a in assessments.list_assessments(ctx.store, ctx.actor) if a.state in DRAFTABLE]
    chosen = assessment_picker(items, "draw_assessment")
    if chosen is None:
        st.info(rt("nothing_to_draw"))
        return
    aid = chosen.id
    draws = experts.list_draws(ctx.store, aid)
    st.caption(rt("panel_size", size=experts.required_size(ctx.store, aid), pool=experts.pool_size(ctx.store)))
    _recusals(ctx, aid)
    _conflict(ctx, aid)
    _draw(ctx, aid, draws)
    _panel(ctx, aid, draws)
    _history(ctx, draws)


if __name__ == "__main__":
    render()
