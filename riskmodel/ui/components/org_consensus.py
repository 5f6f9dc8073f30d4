"""评估工作台, 一致性 tab: Kendall's W, the coefficient of variation per indicator and the outlying experts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.engine.result import AssessmentResult
from riskmodel.ui.components.text import (
    fmt_number,
    phase_label,
    text_of,
    tr,
)


def render(q, result: AssessmentResult | None) -> None:
    if result is None:
        st.info(tr("ui.org_assessment.no_result"))
        return
    cv_max = q.consensus.cv_max
    for k, phase in ((result.kendall, "before"), (result.kendall_after, "after")):
        if k is None:
            continue
        st.markdown(f"**{tr('ui.consensus.kendall_title', phase=phase_label(phase))}**")
        cols = st.columns(4)
        cols[0].metric(tr("ui.consensus.w"), fmt_number(k.w, 3))
        cols[1].metric(tr("ui.consensus.chi2"), fmt_number(k.chi2, 2))
        cols[2].metric(tr("ui.consensus.df"), k.df)
        cols[3].metric(tr("ui.consensus.p"), fmt_number(k.p, 4))
        if k.significant:
            st.success(tr("ui.consensus.significant", m=k.m, alpha=q.consensus.kendall_alpha))
        else:
            st.warning(tr("ui.consensus.not_significant", m=k.m, alpha=q.consensus.kendall_alpha))
    names = {ind.id: text_of(ind.name) for ind in q.indicators()}
    rows = [
        {
            "id": ind.id,
            "name": names.get(ind.id, ind.id),
            "n": ind.n,
            "mean": ind.mean,
            "median": ind.median,
            "iqr": ind.iqr,
            "cv": ind.cv,
            "flag": bool(ind.cv_flag),
        }
        for ind in result.indicators
    ]
    flagged = sum(1 for ind in result.indicators if ind.cv_flag)
    st.markdown(f"**{tr('ui.consensus.cv_title', cv_max=cv_max)}**")
    if flagged:
        st.warning(tr("ui.consensus.cv_flagged", count=flagged, cv_max=cv_max))
    else:
        st.success(tr("ui.consensus.cv_ok", cv_max=cv_max))
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        key="consensus_cv",
        width="stretch",
        column_config={
            "id": st.column_config.TextColumn(tr("ui.consensus.col.id")),
            "name": st.column_config.TextColumn(tr("ui.consensus.col.name")),
            "n": st.column_config.NumberColumn(tr("ui.consensus.col.n")),
            "mean": st.column_config.NumberColumn(tr("ui.consensus.col.mean"), format="%.2f"),
            "median": st.column_config.NumberColumn(tr("ui.consensus.col.median"), format="%.2f"),
            "iqr": st.column_config.NumberColumn(tr("ui.consensus.col.iqr"), format="%.2f"),
            "cv": st.column_config.NumberColumn(tr("ui.consensus.col.cv"), format="%.3f"),
            "flag": st.column_config.CheckboxColumn(tr("ui.consensus.col.flag")),
        },
    )
    outliers = result.outliers
    st.markdown(f"**{tr('ui.consensus.outliers_title')}**")
    far = [o for o in outliers if o.far]
    if far:
        st.warning(tr("ui.consensus.outliers_far", experts=", ".join(o.expert for o in far)))
    else:
        st.success(tr("ui.consensus.outliers_none"))
    if outliers:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        tr("ui.consensus.col.expert"): o.expert,
                        tr("ui.consensus.col.deviation"): fmt_number(o.mean_abs_deviation),
                        tr("ui.consensus.col.z"): fmt_number(o.z),
                        tr("ui.consensus.col.far"): tr("ui.common.yes_label") if o.far else tr("ui.common.no_label"),
                    }
                    for o in outliers
                ]
            ),
            hide_index=True,
            key="consensus_outliers",
            width="stretch",
        )
    if flagged or (result.kendall is not None and not result.kendall.significant):
        st.info(tr("ui.consensus.another_round"))
