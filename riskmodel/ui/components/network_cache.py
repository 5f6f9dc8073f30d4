"""The stakeholder network page's cached work: analysis, display reduction, layout and the plotly figure of
one stored version, keyed by the version's hash and the as-of day (layouts are also cached on disk), so a
rerun with nothing changed only draws the page."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from riskmodel.i18n import t
from riskmodel.network.analysis import NetworkAnalysis, analyse
from riskmodel.network.layout import Positions, ReductionNote, compute_layout, reduce_for_display
from riskmodel.network.model import CHANNELS, RELATIONS, STATUSES, Network
from riskmodel.services import network_analysis
from riskmodel.store import get_store
from riskmodel.ui.components.text import tr

LAYOUT_CACHE_DIR = Path(os.environ.get("RISKMODEL_LAYOUT_CACHE") or Path(tempfile.gettempdir()) / "riskmodel-layouts")
MAX_DISPLAY_NODES = int(os.environ.get("RISKMODEL_NETWORK_MAX_DISPLAY", "500"))
PALETTE = px.colors.qualitative.Dark24
EDGE_COLORS = {
    "member_of": "#9aa5b1",
    "represents": "#6c8ebf",
    "allied_with": "#82b366",
    "opposes": "#d6453d",
    "influences": "#b39ddb",
    "involved_in": "#f0a030",
}


# stored dispute values (the file format's Chinese words) → catalog ids of their display labels
CHANNEL_IDS = dict(zip(CHANNELS, ("petition", "hotline", "grid", "media", "other"), strict=True))
STATUS_IDS = dict(zip(STATUSES, ("screening", "mediating", "resolved", "escalated"), strict=True))
DEMO_LABEL = t("house.network.demo_label", "zh")  # the label the demo seeder stores (services/demo.py)


def channel_label(value: str | None) -> str:
    return tr(f"house.network.channel.{CHANNEL_IDS[value]}") if value in CHANNEL_IDS else (value or "")


def status_label(value: str | None) -> str:
    return tr(f"house.network.status.{STATUS_IDS[value]}") if value in STATUS_IDS else (value or "")


def version_label(label: str | None) -> str:
    """A stored version label in the page language when the app wrote it (the demo's, the editor's)."""
    if label == DEMO_LABEL:
        return tr("house.network.demo_label")
    if label in (t("ui_network.edit.label", "zh"), t("ui_network.edit.label", "en")):
        return nt("edit.label")
    return label or ""


def nt(key: str, **params: Any) -> str:
    return tr(f"ui_network.{key}", **params)


@dataclass(frozen=True)
class VersionDisplay:
    """What the tabs show of one stored version as of a day: the network, its analysis, the nodes' metrics
    as a frame, the reduced network that is drawn (``note`` says how it was reduced) and its layout."""

    network: Network
    analysis: NetworkAnalysis
    frame: pd.DataFrame
    reduced: Network
    note: ReductionNote | None
    positions: Positions
    version: int
    sha256: str
    bounds: tuple[date | None, date | None]  # first and last day in the data


@st.cache_resource(max_entries=24, show_spinner=False)
def version_view(url: str, project_id: int, sha256: str, as_of: str | None) -> VersionDisplay:
    """Analysis, display reduction and layout of one stored version as of a day (keyed by its hash)."""
    stored = network_analysis.project_network(
        get_store(url), project_id, as_of=date.fromisoformat(as_of) if as_of else None
    )
    assert stored is not None
    network = stored.network
    analysis = analyse(network)
    frame = pd.DataFrame([vars(m) for m in analysis.nodes])
    if len(frame):
        frame["pagerank_pct"] = frame["pagerank"].rank(pct=True) * 100
    centrality = {m.id: m.pagerank for m in analysis.nodes}
    reduced, note = reduce_for_display(network, MAX_DISPLAY_NODES, centrality=centrality)
    positions = compute_layout(reduced, cache_dir=LAYOUT_CACHE_DIR) if len(reduced) else {}
    return VersionDisplay(
        network=network,
        analysis=analysis,
        frame=frame,
        reduced=reduced,
        note=note,
        positions=positions,
        version=stored.version,
        sha256=sha256,
        bounds=_date_bounds(network),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def network_figure(
    url: str,
    project_id: int,
    sha256: str,
    as_of: str | None,
    color: str,
    kinds: tuple[str, ...],
    relations: tuple[str, ...],
    communities: tuple[int, ...],
    min_pct: float,
    query: str,
    selected: str | None,
    language: str,
) -> tuple[go.Figure, int]:
    """The plotly figure for one combination of filters (cached: reruns only send it again)."""
    view = version_view(url, project_id, sha256, as_of)
    reduced = view.reduced
    frame = view.frame.set_index("id")
    pos = view.positions
    keep = [
        n
        for n in reduced.nodes
        if n.kind in kinds
        and int(frame.at[n.id, "community"]) in communities
        and float(frame.at[n.id, "pagerank_pct"]) >= min_pct
    ]
    ids = {n.id for n in keep}
    fig = go.Figure()
    for rel in RELATIONS:
        if rel not in relations:
            continue
        xs: list[float | None] = []
        ys: list[float | None] = []
        for e in reduced.edges:
            if e.relation == rel and e.source in ids and e.target in ids:
                (x0, y0), (x1, y1) = pos[e.source], pos[e.target]
                xs += [x0, x1, None]
                ys += [y0, y1, None]
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    hoverinfo="skip",
                    name=tr(
                        f"network.relation.{rel}",
                    ),
                    line={"width": 0.7, "color": EDGE_COLORS[rel]},
                    opacity=0.5,
                )
            )
    q = query.strip().lower()
    people = np.array([n.people for n in keep], dtype=float)
    sizes = np.clip(6 + 3 * np.sqrt(people), 6, 40) if len(keep) else []
    hits = [bool(q) and (q in n.name.lower() or q == n.id.lower()) for n in keep]
    line_w = [3 if (h or n.id == selected) else 0.5 for h, n in zip(hits, keep)]
    line_c = ["#000000" if (h or n.id == selected) else "#ffffff" for h, n in zip(hits, keep)]
    marker: dict[str, Any] = {"size": sizes, "line": {"width": line_w, "color": line_c}}
    if color == "community":
        marker["color"] = [PALETTE[(int(frame.at[n.id, "community"]) - 1) % len(PALETTE)] for n in keep]
    else:
        marker.update(
            color=[n.attitude for n in keep],
            colorscale="RdYlGn",
            cmin=-2,
            cmax=2,
            colorbar={"title": {"text": nt("plot.attitude")}},
        )
    hover = [
        f"{n.name}<br>{tr(f'network.kind.{n.kind}')} · {nt('plot.people')} {n.people}"
        f" · {nt('plot.attitude')} {n.attitude:+.1f} · {nt('plot.community')} {int(frame.at[n.id, 'community'])}"
        for n in keep
    ]
    fig.add_trace(
        go.Scatter(
            x=[pos[n.id][0] for n in keep],
            y=[pos[n.id][1] for n in keep],
            mode="markers",
            customdata=[n.id for n in keep],
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            marker=marker,
            name=nt("plot.nodes"),
            showlegend=False,
        )
    )
    fig.update_layout(
        height=620,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        clickmode="event+select",
        dragmode="pan",
        legend={"orientation": "h"},
        plot_bgcolor="#fafafa",
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
    )
    return fig, len(keep)


def _date_bounds(network: Network) -> tuple[date | None, date | None]:
    days = [d for n in network.nodes for d in (n.valid_from, n.opened, n.closed) if d]
    days += [e.valid_from for e in network.edges if e.valid_from]
    return (min(days), max(days)) if days else (None, None)
