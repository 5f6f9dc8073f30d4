"""网络图 tab: colour, as-of date, search and filters over the network figure; a clicked node's details."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.network.model import NODE_KINDS, RELATIONS, Network
from riskmodel.services.views.networks import NetworkVersionView
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.network_cache import (
    VersionDisplay,
    channel_label,
    network_figure,
    nt,
    status_label,
    version_view,
)
from riskmodel.ui.components.text import date_format, error_text, lang, md, tr

SELECTED_KEY = "nv_selected_node"


def render(ctx: PageContext, project_id: int, latest: NetworkVersionView, full: VersionDisplay) -> None:
    low, high = full.bounds
    c1, c2, c3 = st.columns([1, 1, 1])
    color = c1.radio(
        nt("filter.color"),
        ["attitude", "community"],
        key="nv_color",
        horizontal=True,
        format_func=lambda v: nt(f"filter.color_{v}"),
    )
    as_of_value = c2.date_input(
        nt("filter.as_of"),
        value=None,
        min_value=low,
        max_value=high,
        key="nv_as_of",
        help=nt("filter.as_of_help"),
        format=date_format(),
    )
    query = c3.text_input(nt("filter.search"), key="nv_search", placeholder=nt("filter.search_placeholder"))
    as_of = as_of_value.isoformat() if isinstance(as_of_value, date) else None
    view = full if as_of is None else version_view(ctx.store.url, project_id, latest.sha256, as_of)
    frame = view.frame
    if not len(frame):
        st.info(nt("empty_as_of"))
        return
    comm_ids = sorted(int(c) for c in frame["community"].unique())
    f1, f2, f3, f4 = st.columns([1, 1, 1, 1])
    kinds = f1.multiselect(
        nt("filter.kind"),
        list(NODE_KINDS),
        default=list(NODE_KINDS),
        key="nv_kinds",
        format_func=lambda v: tr(f"network.kind.{v}"),
    )
    relations = f2.multiselect(
        nt("filter.relation"),
        list(RELATIONS),
        default=list(RELATIONS),
        key="nv_relations",
        format_func=lambda v: tr(f"network.relation.{v}"),
    )
    chosen = f3.multiselect(
        nt("filter.community"), comm_ids, default=[], key="nv_communities", placeholder=nt("filter.all")
    )
    min_pct = f4.slider(
        nt("filter.min_centrality"), 0, 95, 0, step=5, key="nv_min_pct", help=nt("filter.min_centrality_help")
    )
    if view.note is not None:
        st.info(error_text(view.note), icon=":material/filter_alt:")
    selected = st.session_state.get(SELECTED_KEY)
    fig, shown = network_figure(
        ctx.store.url,
        project_id,
        latest.sha256,
        as_of,
        color,
        tuple(kinds),
        tuple(relations),
        tuple(chosen or comm_ids),
        float(min_pct),
        query,
        selected,
        lang(),
    )
    st.caption(nt("shown", shown=shown, total=len(view.network)))
    event = st.plotly_chart(
        fig,
        key="nv_plot",
        on_select="rerun",
        selection_mode="points",
        config={"scrollZoom": True, "displaylogo": False},
        width="stretch",
    )
    clicked = _clicked_node(event)
    if clicked and clicked != selected:
        st.session_state[SELECTED_KEY] = selected = clicked
    if query.strip():
        q = query.strip().lower()
        matches = frame[frame["name"].str.lower().str.contains(q, regex=False) | (frame["id"].str.lower() == q)]
        if matches.empty:
            st.caption(nt("search_none"))
        else:
            opts = matches["id"].tolist()[:50]
            names = dict(zip(matches["id"], matches["name"]))
            pick = st.selectbox(
                nt("search_results", count=len(matches)),
                opts,
                key="nv_search_pick",
                format_func=lambda i: f"{names[i]} ({i})",
                index=None,
            )
            if pick and pick != selected:
                st.session_state[SELECTED_KEY] = selected = pick
    network = view.network
    if selected and selected in network.index:
        _node_details(network, frame, selected)
    else:
        st.caption(nt("click_hint"))


def _clicked_node(event: Any) -> str | None:
    """The node id of a click/selection event (``st.plotly_chart`` returns a dict-like event)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        data = point.get("customdata")
        if isinstance(data, list):
            data = data[0] if data else None
        if isinstance(data, str):
            return data
    return None


def _node_details(network: Network, frame: pd.DataFrame, node_id: str) -> None:
    node = network.node(node_id)
    m = frame.set_index("id").loc[node_id]
    with st.container(border=True, key="nv_details"):
        st.subheader(nt("details.heading", name=md(node.name)))
        cols = st.columns(4)
        cols[0].metric(nt("details.kind"), tr(f"network.kind.{node.kind}"))
        cols[1].metric(nt("details.people"), node.people)
        cols[2].metric(nt("details.attitude"), f"{node.attitude:+.1f}")
        cols[3].metric(nt("details.community"), int(m["community"]))
        facts = {
            nt("details.id"): node.id,
            nt("details.grievance"): f"{node.grievance:.2f}",
            nt("details.influence"): f"{node.influence:.2f}",
            nt("details.degree"): int(m["degree"]),
            nt("details.betweenness"): f"{float(m['betweenness']):.4f}",
            nt("details.pagerank"): f"{float(m['pagerank']):.4f}",
            nt("details.core"): int(m["core"]),
            nt("details.articulation"): nt("yes") if bool(m["is_articulation_point"]) else nt("no"),
        }
        if node.is_dispute:
            facts.update(
                {
                    nt("details.channel"): channel_label(node.channel),
                    nt("details.category"): node.category or "",
                    nt("details.status"): status_label(node.status),
                    nt("details.opened"): node.opened.isoformat() if node.opened else "",
                    nt("details.closed"): node.closed.isoformat() if node.closed else "",
                }
            )
        st.dataframe(
            pd.DataFrame({nt("details.field"): list(facts), nt("details.value"): [str(v) for v in facts.values()]}),
            hide_index=True,
            key="nv_details_facts",
            width="stretch",
        )
        ties = network.ties_of(node_id)
        rows = []
        disputes = []
        for e in ties:
            other = network.node(e.target if e.source == node_id else e.source)
            rows.append(
                {
                    nt("ties.other"): other.name,
                    nt("ties.kind"): tr(f"network.kind.{other.kind}"),
                    nt("ties.relation"): tr(f"network.relation.{e.relation}"),
                    nt("ties.direction"): nt("ties.out") if e.source == node_id else nt("ties.in"),
                    nt("ties.weight"): e.weight,
                }
            )
            if other.is_dispute:
                disputes.append(
                    {
                        nt("disputes.name"): other.name,
                        nt("disputes.channel"): channel_label(other.channel),
                        nt("disputes.status"): status_label(other.status),
                        nt("disputes.opened"): other.opened.isoformat() if other.opened else "",
                    }
                )
        st.markdown(f"**{nt('disputes.heading', count=len(disputes))}**")
        if disputes:
            st.dataframe(pd.DataFrame(disputes), hide_index=True, key="nv_details_disputes", width="stretch")
        st.markdown(f"**{nt('ties.heading', count=len(rows))}**")
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, key="nv_details_ties", width="stretch")
