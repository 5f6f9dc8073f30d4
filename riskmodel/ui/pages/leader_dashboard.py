"""Leader dashboard (领导驾驶舱): the portfolio of assessments by level, verdict, dimension and month.

The page lays out the sections; the data (portfolio cached by data version, memo of derived objects)
is ``components/dashboard_data.py``, the filters ``dashboard_filters.py``, counts and charts
``dashboard_charts.py``, the project table ``dashboard_table.py``. Every visible string comes from the
``ui_leader`` catalog; every widget has an explicit key.
"""

from __future__ import annotations

import streamlit as st

from riskmodel.ui import shell
from riskmodel.ui.components import (
    dashboard_charts,
    dashboard_data,
    dashboard_feeds,
    dashboard_filters,
    dashboard_register,
    dashboard_table,
)
from riskmodel.ui.components.dashboard_data import leader_text as lt
from riskmodel.ui.components.text import lang

ROLES = ("leader",)
DETAIL_PAGE = "leader_assessment.py"


def render() -> None:
    ctx = shell.page_context(*ROLES)
    code = lang()
    pending = st.session_state.pop(dashboard_table.K_PENDING, None)
    if pending is not None:
        shell.go(DETAIL_PAGE, int(pending))
    st.title(lt("dashboard.title"))
    st.caption(lt("dashboard.subtitle"))
    frame, qmeta, version = dashboard_data.portfolio(ctx.store, ctx.actor)
    if frame.empty:
        st.info(lt("dashboard.empty_db"))
        return
    opts = dashboard_data.memo(
        "filter_options", (ctx.store.url, version), lambda: dashboard_filters.filter_options(frame)
    )
    f = dashboard_filters.filter_row(opts)
    key = (ctx.store.url, version, dashboard_filters.filter_key(f))
    view = dashboard_data.memo("view", key, lambda: dashboard_filters.apply_filters(frame, f))
    dashboard_charts.render_counts(view, key, len(frame), f, code)
    left, right = st.columns(2)
    with left:
        dashboard_charts.render_trend(view, key, code)
    with right:
        dashboard_charts.render_heatmap(view, key, qmeta, code)
    chosen = dashboard_table.render_table(view, key, code, dashboard_data.reassessment_flags(ctx.store.url, version))
    if chosen is not None:
        shell.go(DETAIL_PAGE, chosen)
    dashboard_table.render_recent(view, key, code)
    # --- area dashboard sections ---------------------------------------------------------------
    # Other areas add one line each below, calling their component with the page context and the
    # filtered view, e.g. ``dashboard_register.render(ctx, view)``.
    dashboard_register.render(ctx, view)
    dashboard_feeds.render(ctx, view, version)  # 排查研判 (issue 12)


if __name__ == "__main__":
    render()
