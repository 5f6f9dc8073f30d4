"""利益相关方与矛盾纠纷网络 — the stakeholder and dispute network of a project (organizers and leaders).

Plotly network coloured by attitude or coalition and sized by people, with filters (kind, relation,
coalition, minimum centrality, as-of date) and search; clicking a node shows its details, disputes and
ties. Tabs for coalitions and opposition coalitions, the mobilisation simulation (progress bar), the
timeline of disputes, and — for organizers — import of nodes/edges files (row-level validation report,
nothing stored unless valid) and editing of the nodes table.

The page lays out the tabs; each is a component (``components/network_*.py``), and everything derived
from one stored version is cached in ``components/network_cache.py``.
"""

from __future__ import annotations

import streamlit as st

from riskmodel.services import networks, projects
from riskmodel.ui import shell
from riskmodel.ui.components import (
    network_coalitions,
    network_graph,
    network_import,
    network_simulation,
    network_timeline,
)
from riskmodel.ui.components.feedback import show_flash
from riskmodel.ui.components.network_cache import nt, version_label, version_view
from riskmodel.ui.components.text import md


def render() -> None:
    ctx = shell.page_context("organizer", "leader")
    st.title(nt("title"))
    st.caption(nt("subtitle"))
    show_flash()
    items = projects.projects_of(ctx.store)
    if not items:
        st.info(nt("no_projects"))
        return
    by_id = {p.id: p for p in items}  # by code
    project_id = st.selectbox(
        nt("project"), list(by_id), key="nv_project", format_func=lambda i: f"{by_id[i].code} · {by_id[i].name}"
    )
    versions = networks.list_networks(ctx.store, project_id)
    organizer = ctx.actor.role == "organizer"
    if not versions:
        st.info(nt("no_network"))
        if organizer:
            network_import.render_import(ctx, project_id)
        return
    latest = versions[-1]
    st.caption(
        nt(
            "version",
            version=latest.version,
            nodes=latest.nodes,
            edges=latest.edges,
            at=(latest.created_at or "")[:10],
            label=md(version_label(latest.label)),
        )
    )
    names = ["graph", "coalitions", "simulation", "timeline"] + (["import", "edit"] if organizer else [])
    tabs = st.tabs([nt(f"tab.{n}") for n in names], key="nv_tabs")
    full = version_view(ctx.store.url, project_id, latest.sha256, None)
    with tabs[0]:
        network_graph.render(ctx, project_id, latest, full)
    with tabs[1]:
        network_coalitions.render(ctx.store.url, project_id, latest.sha256)
    with tabs[2]:
        network_simulation.render(ctx, project_id, full)
    with tabs[3]:
        network_timeline.render(ctx.store.url, project_id, latest.sha256)
    if organizer:
        with tabs[4]:
            network_import.render_import(ctx, project_id)
        with tabs[5]:
            network_import.render_edit(ctx, project_id, full.network)


if __name__ == "__main__":
    render()
