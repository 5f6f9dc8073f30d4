"""排查研判 · 预警信号 — the signals of a day (同比 / 环比 / 突增), each with the records behind it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.services import feeds
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import run_action


def render() -> None:
    ctx = shell.page_context("organizer", "leader", "admin")
    st.title(ctx.t("feeds.ui.signals.title"))
    st.caption(ctx.t("feeds.ui.signals.method"))
    days = feeds.stored_signal_days(ctx.store)
    c1, c2 = st.columns([2, 1])
    as_of = c1.date_input(
        ctx.t("feeds.ui.signals.as_of"), value=feeds.default_as_of(ctx.store), key="feeds_signals_day"
    )
    if ctx.actor.role != "leader" and c2.button(ctx.t("feeds.ui.signals.run"), key="feeds_signals_run", type="primary"):
        with st.spinner(ctx.t("feeds.ui.signals.running")):
            run_action(feeds.run_signals, ctx.store, ctx.actor, as_of)
        days = feeds.stored_signal_days(ctx.store)
    day = as_of.isoformat() if as_of.isoformat() in days else (days[0] if days else None)
    if day is None:
        st.info(ctx.t("feeds.ui.signals.none"))
        return
    sigs = feeds.stored_signals(ctx.store, day)
    st.caption(ctx.t("feeds.ui.signals.shown", day=day, count=len(sigs)))
    if not sigs:
        st.info(ctx.t("feeds.cli.no_signals"))
        return
    cols = ("level", "project", "region", "category", "count", "baseline", "change", "method")
    frame = pd.DataFrame(
        [
            [
                s.level,
                s.project_code or "",
                s.region or "",
                s.category or ctx.t("feeds.all_categories"),
                s.count,
                s.baseline,
                None if s.change is None else round(100 * s.change, 1),
                s.method,
            ]
            for s in sigs
        ],
        columns=[
            ctx.t("feeds.ui.signals.change_pct") if c == "change" else ctx.t(f"feeds.bulletin.col.{c}") for c in cols
        ],
    )
    event = st.dataframe(
        frame,
        hide_index=True,
        key="feeds_signals_table",
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
    )
    rows = event.get("selection", {}).get("rows", []) if isinstance(event, dict) else list(event.selection.rows)
    if rows:
        sig = sigs[rows[0]]
        st.subheader(ctx.t("feeds.ui.signals.behind", count=len(sig.record_ids)))
        for r in feeds.record_views(ctx.store, list(sig.record_ids[:30])):
            st.text(f"{r.received_at} · {r.record_no} · {r.region or '—'} · {r.category} · {r.text[:120]}")


if __name__ == "__main__":
    render()
