"""排查研判 · 关联确认 — links below the automatic threshold wait here; project locations and keywords."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlalchemy import select

from riskmodel.services import feeds
from riskmodel.store.models import Project
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import done, run_action, show_flash, try_action


def _location(ctx) -> None:
    with ctx.store.read() as s:
        projects = [
            (p.code, p.name, p.district, p.street, p.community, p.keywords)
            for p in s.execute(select(Project).order_by(Project.code)).scalars()
        ]
    if not projects:
        return
    with st.expander(ctx.t("feeds.ui.links.location"), expanded=False):
        code = st.selectbox(
            ctx.t("feeds.ui.links.project"),
            [p[0] for p in projects],
            key="feeds_loc_project",
            format_func=lambda c: f"{c} {next(p[1] for p in projects if p[0] == c)}",
        )
        cur = next(p for p in projects if p[0] == code)
        c1, c2, c3 = st.columns(3)
        district = c1.text_input(
            ctx.t("feeds.ui.links.district"), cur[2] or "", key=f"feeds_loc_d_{code}", max_chars=50
        )
        street = c2.text_input(ctx.t("feeds.ui.links.street"), cur[3] or "", key=f"feeds_loc_s_{code}", max_chars=50)
        community = c3.text_input(
            ctx.t("feeds.ui.links.community"), cur[4] or "", key=f"feeds_loc_c_{code}", max_chars=50
        )
        keywords = st.text_input(
            ctx.t("feeds.ui.links.keywords"), cur[5] or "", key=f"feeds_loc_k_{code}", max_chars=500
        )
        if st.button(ctx.t("feeds.ui.links.save_location"), key="feeds_loc_save"):
            ok, _ = try_action(
                feeds.set_project_location,
                ctx.store,
                ctx.actor,
                code,
                district=district,
                street=street,
                community=community,
                keywords=keywords,
            )
            if ok:
                done(ctx.t("feeds.ui.links.saved"))


def render() -> None:
    ctx = shell.page_context("organizer", "admin")
    st.title(ctx.t("feeds.ui.links.title"))
    show_flash()
    counts = feeds.link_counts(ctx.store)
    st.caption(
        ctx.t(
            "feeds.ui.links.counts",
            auto=counts.auto,
            pending=counts.pending,
            confirmed=counts.confirmed,
            rejected=counts.rejected,
        )
    )
    _location(ctx)
    pending = feeds.pending_links(ctx.store, limit=200)
    if not pending:
        st.info(ctx.t("feeds.ui.links.none"))
        return
    frame = pd.DataFrame(
        [
            {
                "id": p.link_id,
                ctx.t("feeds.ui.links.pick"): False,
                ctx.t("feeds.ui.links.text"): p.text,
                ctx.t("feeds.ui.links.project"): p.project_code,
                ctx.t("feeds.ui.links.score"): p.score,
                ctx.t("feeds.ui.links.words"): p.words,
                ctx.t("feeds.bulletin.col.category"): p.category,
                ctx.t("feeds.ui.links.received"): p.received_at,
            }
            for p in pending
        ]
    )
    edited = st.data_editor(
        frame,
        key="feeds_links_editor",
        hide_index=True,
        width="stretch",
        disabled=[c for c in frame.columns if c != ctx.t("feeds.ui.links.pick")],
        column_config={"id": None},
    )
    chosen = [int(i) for i in edited.loc[edited[ctx.t("feeds.ui.links.pick")], "id"]]
    c1, c2 = st.columns(2)
    if c1.button(
        ctx.t("feeds.ui.links.confirm", n=len(chosen)), key="feeds_links_confirm", type="primary", disabled=not chosen
    ):
        n = run_action(feeds.decide_links, ctx.store, ctx.actor, chosen, True)
        if n is not None:
            done(ctx.t("feeds.ui.links.confirmed", n=n))
    if c2.button(ctx.t("feeds.ui.links.reject", n=len(chosen)), key="feeds_links_reject", disabled=not chosen):
        n = run_action(feeds.decide_links, ctx.store, ctx.actor, chosen, False)
        if n is not None:
            done(ctx.t("feeds.ui.links.rejected", n=n))


if __name__ == "__main__":
    render()
