"""导入 and 编辑 tabs (organizers): nodes/edges files checked row by row (nothing stored unless valid), and the
nodes table edited in place."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.network.io import csv_bytes, edge_rows, node_rows, notices_of, validate_files
from riskmodel.network.model import Network
from riskmodel.services import networks
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.feedback import flash, run_action
from riskmodel.ui.components.network_cache import nt
from riskmodel.ui.components.text import error_text, lang, upload_help


def _problems_frame(problems: list) -> pd.DataFrame:
    code = lang()
    return pd.DataFrame(
        [
            {
                nt("import.col.file"): p.file,
                nt("import.col.row"): p.row if p.row is not None else "",
                nt("import.col.column"): p.column or "",
                nt("import.col.message"): p.message(code),
            }
            for p in problems
        ]
    )


def render_import(ctx: PageContext, project_id: int) -> None:
    st.subheader(nt("import.heading"))
    st.caption(nt("import.help"))
    c1, c2 = st.columns(2)
    nodes_file = c1.file_uploader(
        nt("import.nodes"), type=["csv", "xlsx"], key="nv_import_nodes", help=upload_help(["csv", "xlsx"])
    )
    edges_file = c2.file_uploader(
        nt("import.edges"), type=["csv", "xlsx"], key="nv_import_edges", help=upload_help(["csv", "xlsx"])
    )
    label = st.text_input(nt("import.label"), key="nv_import_label")
    if not st.button(nt("import.submit"), key="nv_import_submit", type="primary", disabled=nodes_file is None):
        return
    assert nodes_file is not None
    if edges_file is None and not nodes_file.name.lower().endswith(".xlsx"):
        st.error(nt("import.need_edges"))
        return
    network, problems = validate_files(
        nodes_file.getvalue(),
        edges_file.getvalue() if edges_file else None,
        nodes_name=nodes_file.name,
        edges_name=edges_file.name if edges_file else None,
    )
    if problems or network is None:
        st.error(nt("import.failed", count=len(problems)))
        st.dataframe(_problems_frame(problems), hide_index=True, key="nv_import_problems", width="stretch")
        return
    saved = run_action(networks.save_network, ctx.store, ctx.actor, project_id, network, label=label or None)
    if saved:
        flash(nt("import.saved", version=saved.version, nodes=saved.nodes, edges=saved.edges))
        for notice in notices_of(network):  # defaults applied to dispute rows, as the file format documents
            flash(error_text(notice), "info")
        st.rerun()


def render_edit(ctx: PageContext, project_id: int, network: Network) -> None:
    st.subheader(nt("edit.heading"))
    st.caption(nt("edit.help"))
    rows = node_rows(network)
    df = pd.DataFrame(rows[1:], columns=rows[0]).astype(str).replace({"None": ""})
    edited = st.data_editor(
        df, key="nv_edit_nodes", hide_index=True, width="stretch", num_rows="fixed", disabled=["id"], height=420
    )
    if st.button(nt("edit.save"), key="nv_edit_save", type="primary"):
        table = [list(edited.columns)] + edited.astype(str).values.tolist()
        new, problems = validate_files(
            csv_bytes(table), csv_bytes(edge_rows(network)), nodes_name="nodes.csv", edges_name="edges.csv"
        )
        if problems or new is None:
            st.error(nt("import.failed", count=len(problems)))
            st.dataframe(_problems_frame(problems), hide_index=True, key="nv_edit_problems", width="stretch")
            return
        if new.content_hash == network.content_hash:  # a cached property, not a method
            st.info(nt("edit.unchanged"))
            return
        saved = run_action(networks.save_network, ctx.store, ctx.actor, project_id, new, label=nt("edit.label"))
        if saved:
            flash(nt("import.saved", version=saved.version, nodes=saved.nodes, edges=saved.edges))
            st.rerun()
