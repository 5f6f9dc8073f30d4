"""利益相关方与矛盾纠纷网络 — the stakeholder and dispute network of a project (organizers and leaders).

Plotly network coloured by attitude or coalition and sized by people, with filters (kind, relation,
coalition, minimum centrality, as-of date) and search; clicking a node shows its details, disputes and
ties. Tabs for coalitions and opposition coalitions, the mobilisation simulation (progress bar), the
timeline of disputes, and — for organizers — import of nodes/edges files (row-level validation report,
nothing stored unless valid) and editing of the nodes table.

Speed: everything derived from one stored version (analysis, display reduction, layout) is cached with
``st.cache_resource`` keyed by the version's hash and the as-of day, and layouts are also cached on disk
(``compute_layout(cache_dir=...)``), so a rerun with nothing changed only draws the page.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from riskmodel.network.analysis import analyse
from riskmodel.network.io import csv_bytes, edge_rows, node_rows, validate_files
from riskmodel.network.layout import compute_layout, reduce_for_display
from riskmodel.network.model import CHANNELS, NODE_KINDS, RELATIONS, STATUSES, Network
from riskmodel.network.simulate import simulate_mobilisation
from riskmodel.services import assessments, network_analysis, networks, projects
from riskmodel.store import get_store
from riskmodel.ui import shell
from riskmodel.ui.components.feedback import flash, run_action, show_flash
from riskmodel.ui.components.text import lang, tr

LAYOUT_CACHE_DIR = Path(os.environ.get("RISKMODEL_LAYOUT_CACHE") or Path(tempfile.gettempdir()) / "riskmodel-layouts")
MAX_DISPLAY_NODES = int(os.environ.get("RISKMODEL_NETWORK_MAX_DISPLAY", "500"))
SELECTED_KEY = "nv_selected_node"
SIM_KEY = "nv_sim_result"
PALETTE = px.colors.qualitative.Dark24
EDGE_COLORS = {
    "member_of": "#9aa5b1",
    "represents": "#6c8ebf",
    "allied_with": "#82b366",
    "opposes": "#d6453d",
    "influences": "#b39ddb",
    "involved_in": "#f0a030",
}


def _k(key: str, **params: Any) -> str:
    return tr(f"ui_network.{key}", **params)


# --- cached per stored version -------------------------------------------------------------------
@st.cache_resource(max_entries=24, show_spinner=False)
def _view(url: str, project_id: int, sha256: str, as_of: str | None) -> dict[str, Any]:
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
    return {
        "network": network,
        "analysis": analysis,
        "frame": frame,
        "reduced": reduced,
        "note": note,
        "positions": positions,
        "version": stored.version,
        "sha256": sha256,
        "bounds": _date_bounds(network),
    }


@st.cache_resource(max_entries=64, show_spinner=False)
def _figure(
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
    view = _view(url, project_id, sha256, as_of)
    reduced: Network = view["reduced"]
    frame: pd.DataFrame = view["frame"].set_index("id")
    pos = view["positions"]
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
            colorbar={"title": {"text": _k("plot.attitude")}},
        )
    hover = [
        f"{n.name}<br>{tr(f'network.kind.{n.kind}')} · {_k('plot.people')} {n.people}"
        f" · {_k('plot.attitude')} {n.attitude:+.1f} · {_k('plot.community')} {int(frame.at[n.id, 'community'])}"
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
            name=_k("plot.nodes"),
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


# --- page ------------------------------------------------------------------------------------------
def render() -> None:
    ctx = shell.page_context("organizer", "leader")
    st.title(_k("title"))
    st.caption(_k("subtitle"))
    show_flash()
    items = projects.list_projects(ctx.store, with_assessments=False)
    if not items:
        st.info(_k("no_projects"))
        return
    by_id = {p["id"]: p for p in sorted(items, key=lambda p: p["code"])}
    project_id = st.selectbox(
        _k("project"), list(by_id), key="nv_project", format_func=lambda i: f"{by_id[i]['code']} · {by_id[i]['name']}"
    )
    versions = networks.list_networks(ctx.store, project_id)
    organizer = ctx.actor.role == "organizer"
    if not versions:
        st.info(_k("no_network"))
        if organizer:
            _import_tab(ctx, project_id)
        return
    latest = versions[-1]
    st.caption(
        _k(
            "version",
            version=latest["version"],
            nodes=latest["nodes"],
            edges=latest["edges"],
            at=(latest["created_at"] or "")[:10],
            label=latest.get("label") or "",
        )
    )
    names = ["graph", "coalitions", "simulation", "timeline"] + (["import", "edit"] if organizer else [])
    tabs = st.tabs([_k(f"tab.{n}") for n in names], key="nv_tabs")
    full = _view(ctx.store.url, project_id, latest["sha256"], None)
    with tabs[0]:
        _graph_tab(ctx, project_id, latest, full)
    with tabs[1]:
        _coalitions_tab(ctx.store.url, project_id, latest["sha256"])
    with tabs[2]:
        _simulation_tab(ctx, project_id, full)
    with tabs[3]:
        _timeline_tab(ctx.store.url, project_id, latest["sha256"])
    if organizer:
        with tabs[4]:
            _import_tab(ctx, project_id)
        with tabs[5]:
            _edit_tab(ctx, project_id, full["network"])


def _date_bounds(network: Network) -> tuple[date | None, date | None]:
    days = [d for n in network.nodes for d in (n.valid_from, n.opened, n.closed) if d]
    days += [e.valid_from for e in network.edges if e.valid_from]
    return (min(days), max(days)) if days else (None, None)


def _graph_tab(ctx: shell.PageContext, project_id: int, latest: dict, full: dict) -> None:
    low, high = full["bounds"]
    c1, c2, c3 = st.columns([1, 1, 1])
    color = c1.radio(
        _k("filter.color"),
        ["attitude", "community"],
        key="nv_color",
        horizontal=True,
        format_func=lambda v: _k(f"filter.color_{v}"),
    )
    as_of_value = c2.date_input(
        _k("filter.as_of"), value=None, min_value=low, max_value=high, key="nv_as_of", help=_k("filter.as_of_help")
    )
    query = c3.text_input(_k("filter.search"), key="nv_search", placeholder=_k("filter.search_placeholder"))
    as_of = as_of_value.isoformat() if isinstance(as_of_value, date) else None
    view = full if as_of is None else _view(ctx.store.url, project_id, latest["sha256"], as_of)
    frame: pd.DataFrame = view["frame"]
    if not len(frame):
        st.info(_k("empty_as_of"))
        return
    comm_ids = sorted(int(c) for c in frame["community"].unique())
    f1, f2, f3, f4 = st.columns([1, 1, 1, 1])
    kinds = f1.multiselect(
        _k("filter.kind"),
        list(NODE_KINDS),
        default=list(NODE_KINDS),
        key="nv_kinds",
        format_func=lambda v: tr(f"network.kind.{v}"),
    )
    relations = f2.multiselect(
        _k("filter.relation"),
        list(RELATIONS),
        default=list(RELATIONS),
        key="nv_relations",
        format_func=lambda v: tr(f"network.relation.{v}"),
    )
    chosen = f3.multiselect(
        _k("filter.community"), comm_ids, default=[], key="nv_communities", placeholder=_k("filter.all")
    )
    min_pct = f4.slider(
        _k("filter.min_centrality"), 0, 95, 0, step=5, key="nv_min_pct", help=_k("filter.min_centrality_help")
    )
    if view["note"] is not None:
        st.info(view["note"].message(lang()), icon=":material/filter_alt:")
    selected = st.session_state.get(SELECTED_KEY)
    fig, shown = _figure(
        ctx.store.url,
        project_id,
        latest["sha256"],
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
    st.caption(_k("shown", shown=shown, total=len(view["network"])))
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
            st.caption(_k("search_none"))
        else:
            opts = matches["id"].tolist()[:50]
            names = dict(zip(matches["id"], matches["name"]))
            pick = st.selectbox(
                _k("search_results", count=len(matches)),
                opts,
                key="nv_search_pick",
                format_func=lambda i: f"{names[i]} ({i})",
                index=None,
            )
            if pick and pick != selected:
                st.session_state[SELECTED_KEY] = selected = pick
    network: Network = view["network"]
    if selected and selected in network.index:
        _node_details(network, frame, selected)
    else:
        st.caption(_k("click_hint"))


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
        st.subheader(_k("details.heading", name=node.name))
        cols = st.columns(4)
        cols[0].metric(_k("details.kind"), tr(f"network.kind.{node.kind}"))
        cols[1].metric(_k("details.people"), node.people)
        cols[2].metric(_k("details.attitude"), f"{node.attitude:+.1f}")
        cols[3].metric(_k("details.community"), int(m["community"]))
        facts = {
            _k("details.id"): node.id,
            _k("details.grievance"): f"{node.grievance:.2f}",
            _k("details.influence"): f"{node.influence:.2f}",
            _k("details.degree"): int(m["degree"]),
            _k("details.betweenness"): f"{float(m['betweenness']):.4f}",
            _k("details.pagerank"): f"{float(m['pagerank']):.4f}",
            _k("details.core"): int(m["core"]),
            _k("details.articulation"): _k("yes") if bool(m["is_articulation_point"]) else _k("no"),
        }
        if node.is_dispute:
            facts.update(
                {
                    _k("details.channel"): node.channel or "",
                    _k("details.category"): node.category or "",
                    _k("details.status"): node.status or "",
                    _k("details.opened"): node.opened.isoformat() if node.opened else "",
                    _k("details.closed"): node.closed.isoformat() if node.closed else "",
                }
            )
        st.dataframe(
            pd.DataFrame({_k("details.field"): list(facts), _k("details.value"): [str(v) for v in facts.values()]}),
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
                    _k("ties.other"): other.name,
                    _k("ties.kind"): tr(f"network.kind.{other.kind}"),
                    _k("ties.relation"): tr(f"network.relation.{e.relation}"),
                    _k("ties.direction"): _k("ties.out") if e.source == node_id else _k("ties.in"),
                    _k("ties.weight"): e.weight,
                }
            )
            if other.is_dispute:
                disputes.append(
                    {
                        _k("disputes.name"): other.name,
                        _k("disputes.channel"): other.channel,
                        _k("disputes.status"): other.status,
                        _k("disputes.opened"): other.opened.isoformat() if other.opened else "",
                    }
                )
        st.markdown(f"**{_k('disputes.heading', count=len(disputes))}**")
        if disputes:
            st.dataframe(pd.DataFrame(disputes), hide_index=True, key="nv_details_disputes", width="stretch")
        st.markdown(f"**{_k('ties.heading', count=len(rows))}**")
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, key="nv_details_ties", width="stretch")


@st.cache_resource(max_entries=32, show_spinner=False)
def _coalition_tables(url: str, project_id: int, sha256: str, language: str) -> dict[str, Any]:
    """Coalition, opposition and broker tables of one stored version, in one language (cached)."""
    full = _view(url, project_id, sha256, None)
    analysis = full["analysis"]
    names = dict(zip(full["frame"]["id"], full["frame"]["name"])) if len(full["frame"]) else {}
    s = analysis.summary
    summary = _k(
        "coalitions.summary",
        count=s.get("communities", 0),
        modularity=f"{s.get('modularity', 0):.3f}",
        people=s.get("people", 0),
        opposed=s.get("opposed_people", 0),
    )
    rows = [
        {
            _k("coalitions.id"): c.id,
            _k("coalitions.members"): c.members,
            _k("coalitions.people"): c.people,
            _k("coalitions.mean_attitude"): round(c.mean_attitude, 2),
            _k("coalitions.opposed"): c.opposed_people,
            _k("coalitions.open_disputes"): c.open_disputes,
            _k("coalitions.core"): _k("sep").join(names.get(i, i) for i in c.top_members[:3]),
        }
        for c in analysis.communities
    ]
    opp = [
        {
            _k("coalitions.id"): o["community"],
            _k("coalitions.opposed"): o["opposed_people"],
            _k("opposition.share"): f"{o['opposed_share']:.0%}",
            _k("coalitions.people"): o["people"],
            _k("coalitions.open_disputes"): o["open_disputes"],
            _k("opposition.leaders"): _k("sep").join(names.get(i, i) for i in o["leaders"]),
        }
        for o in analysis.opposition
    ]
    brokers = [
        {
            _k("brokers.name"): b.name,
            _k("brokers.kind"): tr(f"network.kind.{b.kind}"),
            _k("brokers.betweenness"): round(b.betweenness, 4),
            _k("brokers.articulation"): _k("yes") if b.is_articulation_point else _k("no"),
            _k("brokers.linked"): b.communities_linked,
        }
        for b in analysis.brokers
    ]
    return {
        "summary": summary,
        "coalitions": pd.DataFrame(rows),
        "opposition": pd.DataFrame(opp) if opp else None,
        "brokers": pd.DataFrame(brokers) if brokers else None,
    }


def _coalitions_tab(url: str, project_id: int, sha256: str) -> None:
    tables = _coalition_tables(url, project_id, sha256, lang())
    st.caption(tables["summary"])
    st.subheader(_k("coalitions.heading"))
    st.dataframe(tables["coalitions"], hide_index=True, key="nv_coalitions", width="stretch")
    st.subheader(_k("opposition.heading"))
    st.caption(_k("opposition.help"))
    if tables["opposition"] is not None:
        st.dataframe(tables["opposition"], hide_index=True, key="nv_opposition", width="stretch")
    else:
        st.caption(_k("opposition.none"))
    st.subheader(_k("brokers.heading"))
    if tables["brokers"] is not None:
        st.dataframe(tables["brokers"], hide_index=True, key="nv_brokers", width="stretch")


def _simulation_tab(ctx: shell.PageContext, project_id: int, full: dict) -> None:
    st.caption(_k("sim.help"))
    c1, c2 = st.columns(2)
    runs = c1.number_input(_k("sim.runs"), min_value=100, max_value=5000, value=1000, step=100, key="nv_sim_runs")
    seed = c2.number_input(_k("sim.seed"), min_value=0, value=42, step=1, key="nv_sim_seed")
    network: Network = full["network"]
    sim_key = (full["sha256"], int(runs), int(seed))
    if st.button(_k("sim.run"), key="nv_sim_run", type="primary", icon=":material/play_arrow:"):
        bar = st.progress(0.0, text=_k("sim.progress", done=0, runs=int(runs)))

        def on_progress(done: int, total: int) -> None:
            bar.progress(done / max(total, 1), text=_k("sim.progress", done=done, runs=total))

        result = simulate_mobilisation(network, runs=int(runs), seed=int(seed), on_progress=on_progress)
        st.session_state[SIM_KEY] = (sim_key, result.to_dict())
    stored = st.session_state.get(SIM_KEY)
    if stored and stored[0] == sim_key:
        _mobilisation_metrics(stored[1])
    if ctx.actor.role == "organizer":
        _evidence_controls(ctx, project_id)


def _mobilisation_metrics(mob: dict) -> None:
    cols = st.columns(3)
    cols[0].metric(_k("sim.expected"), f"{mob['expected_people']:.0f}")
    cols[1].metric(_k("sim.p100"), f"{mob['p_ge_100']:.0%}")
    cols[2].metric(_k("sim.p200"), f"{mob['p_ge_200']:.0%}")
    pct = mob.get("percentiles") or {}
    if pct:
        st.caption(
            _k(
                "sim.band",
                low=f"{pct.get('p5', 0):.0f}",
                high=f"{pct.get('p95', 0):.0f}",
                runs=mob.get("runs"),
                seed=mob.get("seed"),
            )
        )


def _evidence_controls(ctx: shell.PageContext, project_id: int) -> None:
    items = assessments.list_assessments(ctx.store, ctx.actor, project_id=project_id)
    if not items:
        return
    st.divider()
    st.markdown(f"**{_k('evidence.heading')}**")
    st.caption(_k("evidence.help"))
    by_id = {a["id"]: a for a in items}
    aid = st.selectbox(
        _k("evidence.assessment"),
        list(by_id),
        key="nv_evidence_assessment",
        format_func=lambda i: f"#{i} {by_id[i].get('title') or ''}",
    )
    if st.button(_k("evidence.save"), key="nv_evidence_save", icon=":material/save:"):
        bar = st.progress(0.0, text=_k("evidence.running"))
        saved = run_action(
            network_analysis.record_evidence,
            ctx.store,
            ctx.actor,
            aid,
            on_progress=lambda d, n: bar.progress(d / max(n, 1), text=_k("evidence.running")),
        )
        if saved:
            st.success(_k("evidence.saved", id=aid, people=f"{saved['mobilisation']['expected_people']:.0f}"))


@st.cache_resource(max_entries=32, show_spinner=False)
def _timeline_figures(url: str, project_id: int, sha256: str, language: str) -> list[tuple[str, go.Figure]] | None:
    """The two monthly dispute histograms of one stored version (plotly express is slow: cache them)."""
    network: Network = _view(url, project_id, sha256, None)["network"]
    rows = [
        {"opened": d.opened, "channel": d.channel or CHANNELS[-1], "status": d.status or STATUSES[0], "name": d.name}
        for d in network.disputes
        if d.opened
    ]
    if not rows:
        return None
    df = pd.DataFrame(rows)
    df["opened"] = pd.to_datetime(df["opened"])
    labels = {
        "opened": _k("timeline.date"),
        "channel": _k("timeline.channel"),
        "status": _k("timeline.status"),
        "count": _k("timeline.count"),
    }
    figures = []
    for col, order, key in (("channel", CHANNELS, "nv_timeline_channel"), ("status", STATUSES, "nv_timeline_status")):
        fig = px.histogram(
            df, x="opened", color=col, category_orders={col: list(order)}, labels=labels, title=_k(f"timeline.by_{col}")
        )
        fig.update_traces(xbins_size="M1")
        fig.update_layout(
            height=320, bargap=0.1, margin={"l": 10, "r": 10, "t": 40, "b": 10}, yaxis_title=_k("timeline.count")
        )
        figures.append((key, fig))
    return figures


def _timeline_tab(url: str, project_id: int, sha256: str) -> None:
    figures = _timeline_figures(url, project_id, sha256, lang())
    if not figures:
        st.info(_k("timeline.none"))
        return
    for key, fig in figures:
        st.plotly_chart(fig, key=key, width="stretch")


def _problems_frame(problems: list) -> pd.DataFrame:
    code = lang()
    return pd.DataFrame(
        [
            {
                _k("import.col.file"): p.file,
                _k("import.col.row"): p.row if p.row is not None else "",
                _k("import.col.column"): p.column or "",
                _k("import.col.message"): p.message(code),
            }
            for p in problems
        ]
    )


def _import_tab(ctx: shell.PageContext, project_id: int) -> None:
    st.subheader(_k("import.heading"))
    st.caption(_k("import.help"))
    c1, c2 = st.columns(2)
    nodes_file = c1.file_uploader(_k("import.nodes"), type=["csv", "xlsx"], key="nv_import_nodes")
    edges_file = c2.file_uploader(_k("import.edges"), type=["csv", "xlsx"], key="nv_import_edges")
    label = st.text_input(_k("import.label"), key="nv_import_label")
    if not st.button(_k("import.submit"), key="nv_import_submit", type="primary", disabled=nodes_file is None):
        return
    assert nodes_file is not None
    if edges_file is None and not nodes_file.name.lower().endswith(".xlsx"):
        st.error(_k("import.need_edges"))
        return
    network, problems = validate_files(
        nodes_file.getvalue(),
        edges_file.getvalue() if edges_file else None,
        nodes_name=nodes_file.name,
        edges_name=edges_file.name if edges_file else None,
    )
    if problems or network is None:
        st.error(_k("import.failed", count=len(problems)))
        st.dataframe(_problems_frame(problems), hide_index=True, key="nv_import_problems", width="stretch")
        return
    saved = run_action(networks.save_network, ctx.store, ctx.actor, project_id, network, label=label or None)
    if saved:
        flash(_k("import.saved", version=saved["version"], nodes=saved["nodes"], edges=saved["edges"]))
        st.rerun()


def _edit_tab(ctx: shell.PageContext, project_id: int, network: Network) -> None:
    st.subheader(_k("edit.heading"))
    st.caption(_k("edit.help"))
    rows = node_rows(network)
    df = pd.DataFrame(rows[1:], columns=rows[0]).astype(str).replace({"None": ""})
    edited = st.data_editor(
        df, key="nv_edit_nodes", hide_index=True, width="stretch", num_rows="fixed", disabled=["id"], height=420
    )
    if st.button(_k("edit.save"), key="nv_edit_save", type="primary"):
        table = [list(edited.columns)] + edited.astype(str).values.tolist()
        new, problems = validate_files(
            csv_bytes(table), csv_bytes(edge_rows(network)), nodes_name="nodes.csv", edges_name="edges.csv"
        )
        if problems or new is None:
            st.error(_k("import.failed", count=len(problems)))
            st.dataframe(_problems_frame(problems), hide_index=True, key="nv_edit_problems", width="stretch")
            return
        if new.content_hash() == network.content_hash():
            st.info(_k("edit.unchanged"))
            return
        saved = run_action(networks.save_network, ctx.store, ctx.actor, project_id, new, label=_k("edit.label"))
        if saved:
            flash(_k("import.saved", version=saved["version"], nodes=saved["nodes"], edges=saved["edges"]))
            st.rerun()


if __name__ == "__main__":
    render()
