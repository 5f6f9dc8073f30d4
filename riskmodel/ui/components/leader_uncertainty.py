"""评估详情, 不确定性 tab: level and verdict probabilities of the stored result, before and after measures,
with what they rest on in words (a panel of fewer than 3 experts is not resampled). The page never runs
the engine: the stored result is the one the verdict, the report and the exports show."""

from __future__ import annotations

import streamlit as st

from riskmodel.services.views.dashboard import AssessmentDetail
from riskmodel.ui import charts
from riskmodel.ui.components import chain_result
from riskmodel.ui.components.leader_text import lt, num
from riskmodel.ui.components.text import tr


def render(d: AssessmentDetail, store, code: str) -> None:
    view = d.result_view
    r = view.result if view is not None else None
    if r is None:
        st.warning(lt("detail.uncertainty.unavailable", reason=(view.error if view else None) or ""))
        return
    part = d.result or {}
    chain_result.render_probabilities(r, key="leader_detail_level_prob_table")
    if any(v is not None for v in (r.level_probabilities or {}).values()):
        st.plotly_chart(
            charts.level_probability_bar(r.level_probabilities, r.residual_level_probabilities, code),
            key="leader_detail_level_prob",
            width="stretch",
        )
    if part.get("verdict_probabilities"):
        st.plotly_chart(
            charts.verdict_probability_bar(part["verdict_probabilities"], code),
            key="leader_detail_verdict_prob",
            width="stretch",
        )
    interval = r.index_interval
    if interval and len(interval) == 2:
        st.caption(tr("chain.ui.interval", low=num(interval[0]), high=num(interval[1])))  # before measures
