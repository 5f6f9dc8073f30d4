"""Single-assessment drill-down for leaders (评估详情): risk profile, main risk factors (Table 1 of the
NDRC 428 outline), uncertainty, panel consensus, mitigation measures (Table 2), verdict and exports.

Reads the engine's stored result (no recomputation unless the inputs changed since, or the stored
result has no uncertainty analysis — see ``components/leader_uncertainty.py``). The page lays out the
header and one component per tab (``components/leader_*.py``); every visible string comes from the
``ui_leader`` catalog.
"""

from __future__ import annotations

import streamlit as st

from riskmodel.errors import NotFoundError
from riskmodel.services import dashboard
from riskmodel.ui import shell
from riskmodel.ui.components import (
    dashboard_data,
    leader_consensus,
    leader_export,
    leader_factors,
    leader_header,
    leader_measures,
    leader_profile,
    leader_uncertainty,
)
from riskmodel.ui.components.leader_text import lt
from riskmodel.ui.components.text import error_text, lang

ROLES = ("leader",)
DASHBOARD_PAGE = "leader_dashboard.py"
K_BACK = "leader_detail_back"
TABS = ("profile", "factors", "uncertainty", "consensus", "measures", "export")


def render() -> None:
    ctx = shell.page_context(*ROLES)
    code = lang()
    st.title(lt("detail.title"))
    if st.button(lt("detail.back"), key=K_BACK, icon=":material/arrow_back:"):
        shell.go(DASHBOARD_PAGE)
    frame, _qmeta, version = dashboard_data.portfolio(ctx.store, ctx.actor)
    if frame.empty:
        st.info(lt("dashboard.empty_db"))
        return
    aid = leader_header.choose(frame)
    if aid is None:
        st.info(lt("detail.none"))
        return
    try:
        d = dashboard.assessment_detail(ctx.store, ctx.actor, int(aid))
    except NotFoundError as exc:
        st.error(error_text(exc))
        return
    leader_header.render_header(d, code)
    leader_header.render_reassess_notice(d, dashboard_data.reassessment_flags(ctx.store.url, version))
    leader_header.render_verdict(d, code)
    if not d.result:
        st.info(lt("detail.no_result"))
        leader_measures.render(d, code)
        return
    key = (
        ctx.store.url,
        int(aid),
        d.result_view.input_sha256 if d.result_view else None,
        d.result_view.computed_at if d.result_view else None,
    )
    tabs = st.tabs([lt(f"detail.tab.{name}") for name in TABS])
    with tabs[0]:
        leader_profile.render(d, key, code)
        leader_profile.render_evidence(int(aid), ctx.store, code)
    with tabs[1]:
        leader_factors.render(d, code)
    with tabs[2]:
        leader_uncertainty.render(d, ctx.store, code)
    with tabs[3]:
        leader_consensus.render(d, key, code)
    with tabs[4]:
        leader_measures.render(d, code)
    with tabs[5]:
        leader_export.render(int(aid), ctx.store, code)


if __name__ == "__main__":
    render()
