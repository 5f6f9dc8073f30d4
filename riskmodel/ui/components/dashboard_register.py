"""应评尽评 on the leader dashboard: coverage tiles, tables by department and region, and the gate's list
(未评先决 and decisions departing from the filed verdict). Called with one line from the dashboard page.

The figures are ``services.register_coverage.coverage`` — the same as ``coverage --year --json`` — cached
per (database, register version, year); the version is the audit chain's head, which every register,
filing and verdict write moves, so the tiles are never stale and an unchanged rerun queries one row.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.domain import Verdict
from riskmodel.services import register
from riskmodel.services.register_coverage import coverage, gate_entries, register_version
from riskmodel.services.views.register import Coverage, GateEntry
from riskmodel.store import get_store
from riskmodel.ui.components.context import PageContext
from riskmodel.ui.components.register_ui import coverage_frame, pct, rt
from riskmodel.ui.components.text import lang, verdict_label

K_YEAR = "leader_reg_year"
DECISION_TILES = (Verdict.REJECT, Verdict.POSTPONE, Verdict.ADJUST, Verdict.IMPLEMENT)  # 否决 … 实施


@st.cache_data(show_spinner=False, max_entries=16)
def _figures(url: str, version: int, year: int) -> tuple[Coverage, list[GateEntry]]:
    store = get_store(url)
    return coverage(store, year), gate_entries(store, year)


@st.cache_data(show_spinner=False, max_entries=8)
def _years(url: str, version: int) -> list[int]:
    return register.years(get_store(url))


@st.cache_data(show_spinner=False, max_entries=32)
def _frames(url: str, version: int, year: int, code: str) -> dict[str, pd.DataFrame]:
    cov, gate = _figures(url, version, year)
    return {
        "department": coverage_frame(cov.by_department, "cov.department"),
        "region": coverage_frame(cov.by_region, "cov.region"),
        "gate": pd.DataFrame(
            [
                {
                    rt("col.code"): g.code,
                    rt("col.title"): g.title,
                    rt("col.department"): g.department,
                    rt("col.region"): g.region,
                    rt("col.decision"): verdict_label(g.decision),
                    rt("col.decision_date"): g.decision_date or "",
                    rt("col.flag"): rt(f"flag.{g.flag}"),
                    rt("filed_verdict_col"): verdict_label(g.filed_verdict) if g.filed_verdict else "",
                }
                for g in gate
            ]
        ),
    }


def render(ctx: PageContext, view: Any = None) -> None:
    """The register section of the leader dashboard (``view``, the filtered portfolio, is not needed)."""
    url = ctx.store.url
    version = register_version(ctx.store)
    years = _years(url, version)
    if not years:
        return
    st.subheader(rt("dash_title"))
    year = st.selectbox(rt("year"), years, key=K_YEAR)
    cov, _gate = _figures(url, version, int(year))
    frames = _frames(url, version, int(year), lang())
    t = cov.total
    cols = st.columns(6)
    for col, (key, value) in zip(
        cols,
        (
            ("cov.required", str(t.required)),
            ("cov.assessed", str(t.assessed)),
            ("cov.filed", str(t.filed)),
            ("cov.without", str(t.decided_without_assessment)),
            ("cov.coverage_rate", pct(t.coverage_rate)),
            ("cov.filing_rate", pct(t.filing_rate)),
        ),
        strict=True,
    ):
        col.metric(rt(key), value)
    tiles = st.columns(5)
    for col, d in zip(tiles, DECISION_TILES, strict=False):
        col.metric(rt(f"decision_count.{d.value}"), t.decisions.get(d.value, 0))
    tiles[4].metric(rt("cov.departs"), t.decision_departs)
    st.caption(rt("dash_caption"))
    by_department, by_region = st.tabs([rt("cov.department"), rt("cov.region")], key="leader_reg_tabs")
    with by_department:
        st.dataframe(frames["department"], hide_index=True, key="leader_reg_department", width="stretch")
    with by_region:
        st.dataframe(frames["region"], hide_index=True, key="leader_reg_region", width="stretch")
    if not frames["gate"].empty:
        st.markdown(f"**{rt('gate_title')}**")
        st.dataframe(frames["gate"], hide_index=True, key="leader_reg_gate", width="stretch")
