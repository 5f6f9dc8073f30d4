"""联盟 tab: coalitions, opposition coalitions and brokers of one stored version."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.ui.components.network_cache import nt, version_view
from riskmodel.ui.components.text import lang, tr


@st.cache_resource(max_entries=32, show_spinner=False)
def _coalition_tables(url: str, project_id: int, sha256: str, language: str) -> dict[str, Any]:
    """Coalition, opposition and broker tables of one stored version, in one language (cached)."""
    full = version_view(url, project_id, sha256, None)
    analysis = full.analysis
    names = dict(zip(full.frame["id"], full.frame["name"])) if len(full.frame) else {}
    s = analysis.summary
    summary = nt(
        "coalitions.summary",
        count=s.get("communities", 0),
        modularity=f"{s.get('modularity', 0):.3f}",
        people=s.get("people", 0),
        opposed=s.get("opposed_people", 0),
    )
    rows = [
        {
            nt("coalitions.id"): c.id,
            nt("coalitions.members"): c.members,
            nt("coalitions.people"): c.people,
            nt("coalitions.mean_attitude"): round(c.mean_attitude, 2),
            nt("coalitions.opposed"): c.opposed_people,
            nt("coalitions.open_disputes"): c.open_disputes,
            nt("coalitions.core"): nt("sep").join(names.get(i, i) for i in c.top_members[:3]),
        }
        for c in analysis.communities
    ]
    opp = [
        {
            nt("coalitions.id"): o["community"],
            nt("coalitions.opposed"): o["opposed_people"],
            nt("opposition.share"): f"{o['opposed_share']:.0%}",
            nt("coalitions.people"): o["people"],
            nt("coalitions.open_disputes"): o["open_disputes"],
            nt("opposition.leaders"): nt("sep").join(names.get(i, i) for i in o["leaders"]),
        }
        for o in analysis.opposition
    ]
    brokers = [
        {
            nt("brokers.name"): b.name,
            nt("brokers.kind"): tr(f"network.kind.{b.kind}"),
            nt("brokers.betweenness"): round(b.betweenness, 4),
            nt("brokers.articulation"): nt("yes") if b.is_articulation_point else nt("no"),
            nt("brokers.linked"): b.communities_linked,
        }
        for b in analysis.brokers
    ]
    return {
        "summary": summary,
        "coalitions": pd.DataFrame(rows),
        "opposition": pd.DataFrame(opp) if opp else None,
        "brokers": pd.DataFrame(brokers) if brokers else None,
    }


def render(url: str, project_id: int, sha256: str) -> None:
    tables = _coalition_tables(url, project_id, sha256, lang())
    st.caption(tables["summary"])
    st.subheader(nt("coalitions.heading"))
    st.dataframe(tables["coalitions"], hide_index=True, key="nv_coalitions", width="stretch")
    st.subheader(nt("opposition.heading"))
    st.caption(nt("opposition.help"))
    if tables["opposition"] is not None:
        st.dataframe(tables["opposition"], hide_index=True, key="nv_opposition", width="stretch")
    else:
        st.caption(nt("opposition.none"))
    st.subheader(nt("brokers.heading"))
    if tables["brokers"] is not None:
        st.dataframe(tables["brokers"], hide_index=True, key="nv_brokers", width="stretch")
