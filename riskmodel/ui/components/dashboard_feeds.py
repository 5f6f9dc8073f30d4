"""排查研判 on the leader dashboard: monthly records (pre-aggregated), the latest 告警, and the projects whose
告警 after the verdict suggests re-assessing (建议重新评估), with the records behind it.

Reads only ``feed_monthly`` and the stored signals — never scans the records — and caches by the data
version (imports and signal runs are audited, so the version moves with them).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from riskmodel.feeds.signals import ALARM
from riskmodel.services import dashboard, feeds, feeds_tracking
from riskmodel.services.views.feeds import RecordView, SignalView
from riskmodel.services.views.networks import ReassessmentFlag
from riskmodel.store import get_store
from riskmodel.ui.components.context import PageContext


@dataclass(frozen=True)
class FeedsSection:
    """What the section shows: the last 15 months' records, the latest stored signals, the feeds'
    建议重新评估 flags and the first records behind each."""

    monthly: list[tuple[int, int]]  # (YYYYMM, records)
    signals: list[SignalView]
    flags: dict[int, ReassessmentFlag]
    behind: dict[int, list[RecordView]]


@st.cache_data(show_spinner=False, ttl=600, max_entries=8)
def _data(url: str, version: str, lang: str) -> FeedsSection:
    return load(url, lang)


def load(url: str, lang: str) -> FeedsSection:
    """Monthly pre-aggregates, the latest stored signals, the flags (never a scan of the records)."""
    store = get_store(url)
    monthly = sorted((m, c.records) for (m,), c in feeds.monthly_counts(store, by=("month_key",)))
    flags = feeds_tracking.feed_flags(store, lang)
    behind = {pid: feeds.record_views(store, list(f.feed_record_ids[:5])) for pid, f in flags.items()}
    return FeedsSection(monthly[-15:], feeds.stored_signals(store), flags, behind)


def render(ctx: PageContext, view: pd.DataFrame | None = None, version: str | None = None) -> None:
    """The section (nothing when no feed record is stored)."""
    version = version or dashboard.version_info(ctx.store).version
    d = _data(ctx.store.url, version, ctx.lang)
    if not d.monthly:
        return
    st.subheader(ctx.t("feeds.ui.dashboard.heading"))
    alarms = [s for s in d.signals if s.level == ALARM]
    c1, c2, c3 = st.columns(3)
    c1.metric(ctx.t("feeds.ui.dashboard.last_month"), f"{d.monthly[-1][1]:,}")
    c2.metric(ctx.t("feeds.ui.dashboard.alarms"), len(alarms))
    c3.metric(ctx.t("feeds.ui.dashboard.reassess"), len(d.flags))
    trend = pd.DataFrame(
        {ctx.t("feeds.ui.dashboard.records"): [n for _, n in d.monthly]},
        index=[f"{m // 100}-{m % 100:02d}" for m, _ in d.monthly],
    )
    st.bar_chart(trend, height=180)
    codes = set(view["code"]) if view is not None and "code" in view else None
    for pid, info in d.flags.items():
        top = info.top_feed_signal
        if top is None:
            continue
        code = next((s.project_code for s in alarms if s.project_id == pid), str(pid))
        if codes is not None and code not in codes:
            continue
        with st.expander(
            ctx.t("feeds.ui.dashboard.flag", code=code, count=top.count, window=top.window),
            expanded=False,
            key=f"feeds_flag_{pid}",
        ):
            st.caption(info.feed_reason or info.reason)
            for r in d.behind.get(pid, []):
                st.text(f"{r.received_at[:16]} · {r.category} · {r.text[:100]}")
    if alarms:
        table = pd.DataFrame(
            [
                {
                    ctx.t("feeds.bulletin.col.project"): s.project_code or "",
                    ctx.t("feeds.bulletin.col.region"): s.region or "",
                    ctx.t("feeds.bulletin.col.category"): s.category or ctx.t("feeds.all_categories"),
                    ctx.t("feeds.bulletin.col.count"): s.count,
                    ctx.t("feeds.bulletin.col.baseline"): s.baseline,
                    ctx.t("feeds.bulletin.col.change"): s.change,
                }
                for s in alarms[:20]
            ]
        )
        st.dataframe(table, hide_index=True, key="dashboard_feeds_alarms", width="stretch")
