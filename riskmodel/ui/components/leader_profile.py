"""评估详情, 风险画像 tab: the dimension radar, before/after measures, and the network's mobilisation evidence."""

from __future__ import annotations

import streamlit as st

from riskmodel.services.views.dashboard import AssessmentDetail
from riskmodel.ui import charts
from riskmodel.ui.components import chain_result
from riskmodel.ui.components.dashboard_data import memo
from riskmodel.ui.components.leader_text import lt
from riskmodel.ui.components.network_evidence import render_network_evidence
from riskmodel.ui.components.text import tr


def render(d: AssessmentDetail, key: tuple, code: str) -> None:
    res, qv = d.result or {}, d.questionnaire or {}
    view = d.result_view
    if view is not None and view.result is not None:  # levels before/after, 0–100 index, one crowd figure
        chain_result.render_completeness(view.result)
        chain_result.render_levels(view.result)
        chain_result.render_crowd(view.result)
        st.caption(chain_result.uncertainty_basis_text(view.result))
        st.caption(tr("chain.ui.sha256", sha=view.result_sha256 or "—"))
    scale = qv.get("scale")
    rng = (scale["min"], scale["max"]) if scale else None
    radar = memo("radar", (*key, code), lambda: charts.dimension_radar(res.get("dimensions") or [], code, scale=rng))
    st.plotly_chart(radar, key="leader_detail_radar", width="stretch")
    st.caption(lt("detail.profile.caption"))
    comp = memo("measures_fig", (*key, code), lambda: charts.measures_comparison(res.get("indicators") or [], code))
    st.plotly_chart(comp, key="leader_detail_measures_chart", width="stretch")


def render_evidence(assessment_id: int, store, code: str) -> None:
    """Mobilisation evidence from the stakeholder network (民意 / 综合维稳), when the project has one."""
    render_network_evidence(assessment_id, code, store=store)
