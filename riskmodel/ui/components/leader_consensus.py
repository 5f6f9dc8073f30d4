"""评估详情, 专家一致性 tab: Kendall's W, coefficient-of-variation flags, the panel and outlying experts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from riskmodel.i18n import t
from riskmodel.services.views.dashboard import AssessmentDetail
from riskmodel.ui import charts
from riskmodel.ui.components.dashboard_data import memo
from riskmodel.ui.components.leader_text import lt, num
from riskmodel.ui.components.text import tr


def render(d: AssessmentDetail, key: tuple, code: str) -> None:
    res, qv = d.result or {}, d.questionnaire or {}
    indicators = res.get("indicators") or []
    cv_max = float(qv.get("cv_max") or 0.25)
    flagged = sum(1 for i in indicators if i.get("cv_flag"))
    rated = sum(1 for i in indicators if i.get("cv") is not None)
    kendall, panel = res.get("kendall"), res.get("panel") or {}
    c1, c2, c3 = st.columns(3)
    if kendall and kendall.get("w") is not None:
        c1.metric(
            lt("detail.consensus.kendall"), num(kendall["w"], 3), help=lt("detail.consensus.kendall_help"), border=True
        )
        c1.caption(
            lt(
                "detail.consensus.kendall_value",
                w=num(kendall["w"], 3),
                chi2=num(kendall.get("chi2"), 2),
                df=kendall.get("df"),
                p=num(kendall.get("p"), 4),
            )
        )
        c1.caption(
            lt(
                "detail.consensus.kendall_significant"
                if kendall.get("significant")
                else "detail.consensus.kendall_not_significant"
            )
        )
    else:
        c1.metric(lt("detail.consensus.kendall"), lt("common.none"), border=True)
        c1.caption(lt("detail.consensus.kendall_none"))
    c2.metric(
        lt("detail.consensus.cv_flags"),
        lt("detail.consensus.cv_flags_value", n=flagged, total=rated),
        help=lt("detail.consensus.cv_help", cv_max=f"{cv_max:g}"),
        border=True,
    )
    progress = d.round_progress
    if progress is not None and progress.open:  # counts in the open round, not in any round (issue 9, finding 10)
        c3.metric(lt("detail.consensus.panel"), f"{progress.experts_submitted} / {progress.eligible}", border=True)
        c3.caption(
            tr(
                "house.consensus.round_value",
                number=progress.number,
                submitted=progress.experts_submitted,
                size=progress.eligible,
            )
        )
    elif panel:
        c3.metric(lt("detail.consensus.panel"), f"{panel.get('submitted', 0)} / {panel.get('size', 0)}", border=True)
        c3.caption(
            lt(
                "detail.consensus.panel_value",
                submitted=panel.get("submitted", 0),
                size=panel.get("size", 0),
                required=panel.get("required", 0),
            )
        )
        if panel.get("ok") is False:
            c3.warning(lt("detail.consensus.panel_short", required=panel.get("required", 0)))
    fig = memo("cv_fig", (*key, code), lambda: charts.cv_chart(indicators, code, cv_max=cv_max))
    st.plotly_chart(fig, key="leader_detail_cv_chart", width="stretch")
    st.markdown(f"**{lt('detail.consensus.outliers')}**")
    st.caption(lt("detail.consensus.outliers_caption"))
    outliers = res.get("outliers") or []
    codes = d.expert_codes  # leaders see 专家A…, as the exports print them
    if not any(o.get("far") for o in outliers):
        st.caption(lt("detail.consensus.outliers_none"))
    if outliers:
        col = st.column_config
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "expert": t("report.expert_code", code, code=codes.get(o.get("expert"), "?")),
                        "deviation": o.get("mean_abs_deviation"),
                        "z": o.get("z"),
                        "far": bool(o.get("far")),
                    }
                    for o in outliers
                ]
            ),
            key="leader_detail_outliers",
            hide_index=True,
            width="stretch",
            column_config={
                "expert": col.TextColumn(lt("detail.consensus.col.expert")),
                "deviation": col.NumberColumn(lt("detail.consensus.col.deviation"), format="%.3f"),
                "z": col.NumberColumn(lt("detail.consensus.col.z"), format="%.2f"),
                "far": col.CheckboxColumn(lt("detail.consensus.col.far")),
            },
        )
