"""时间线 tab: monthly dispute histograms by channel and by status."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from riskmodel.network.model import CHANNELS, STATUSES
from riskmodel.ui.components.network_cache import channel_label, nt, status_label, version_view
from riskmodel.ui.components.text import lang


@st.cache_resource(max_entries=32, show_spinner=False)
def _timeline_figures(url: str, project_id: int, sha256: str, language: str) -> list[tuple[str, go.Figure]] | None:
    """The two monthly dispute histograms of one stored version (plotly express is slow: cache them)."""
    network = version_view(url, project_id, sha256, None).network
    rows = [
        {
            "opened": d.opened,
            "channel": channel_label(d.channel or CHANNELS[-1]),
            "status": status_label(d.status or STATUSES[0]),
            "name": d.name,
        }
        for d in network.disputes
        if d.opened
    ]
    if not rows:
        return None
    df = pd.DataFrame(rows)
    df["opened"] = pd.to_datetime(df["opened"])
    labels = {
        "opened": nt("timeline.date"),
        "channel": nt("timeline.channel"),
        "status": nt("timeline.status"),
        "count": nt("timeline.count"),
    }
    figures = []
    orders = (
        ("channel", [channel_label(c) for c in CHANNELS], "nv_timeline_channel"),
        ("status", [status_label(v) for v in STATUSES], "nv_timeline_status"),
    )
    for col, order, key in orders:
        fig = px.histogram(
            df, x="opened", color=col, category_orders={col: list(order)}, labels=labels, title=nt(f"timeline.by_{col}")
        )
        fig.update_traces(xbins_size="M1")
        fig.update_layout(
            height=320, bargap=0.1, margin={"l": 10, "r": 10, "t": 40, "b": 10}, yaxis_title=nt("timeline.count")
        )
        figures.append((key, fig))
    return figures


def render(url: str, project_id: int, sha256: str) -> None:
    figures = _timeline_figures(url, project_id, sha256, lang())
    if not figures:
        st.info(nt("timeline.none"))
        return
    for key, fig in figures:
        st.plotly_chart(fig, key=key, width="stretch")
