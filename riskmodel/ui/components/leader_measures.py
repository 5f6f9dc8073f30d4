"""评估详情, 措施 tab: Table 2 of the NDRC 428 outline (the table builder is pure: tests call it)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from riskmodel.i18n import has, t
from riskmodel.services.views.dashboard import AssessmentDetail, DetailMeasure
from riskmodel.ui.components.leader_text import lt, name_in


def _status(value: str | None, code: str) -> str:
    key = f"ui.domain.measure_status.{value}"
    return t(key, code) if value and has(key) else (value or "")


def measures_table(measures: Iterable[DetailMeasure], result: dict | None, code: str) -> pd.DataFrame:
    """Table 2: 序号 | 风险发生阶段 | 风险因素 | 主要措施 | 实施时间和要求 | 责任主体 | 协助单位 | 状态."""
    names = {i["id"]: name_in(i, code) for i in (result or {}).get("indicators") or []}
    rows = [
        {
            "seq": n,
            "phase": m.phase or "",
            "factor": names.get(m.factor, m.factor or ""),
            "measure": m.measure or "",
            "deadline": m.deadline or "",
            "responsible": m.responsible or "",
            "assisting": m.assisting or "",
            "status": _status(m.status, code),
        }
        for n, m in enumerate(measures, start=1)
    ]
    return pd.DataFrame(
        rows, columns=["seq", "phase", "factor", "measure", "deadline", "responsible", "assisting", "status"]
    )


def render(d: AssessmentDetail, code: str) -> None:
    st.markdown(f"**{lt('detail.measures.heading')}**")
    table = measures_table(d.measures, d.result, code)
    if table.empty:
        st.info(lt("detail.measures.empty"))
        return
    with st.container(key="leader_detail_measures"):
        st.table(table.rename(columns={c: lt(f"detail.measures.col.{c}") for c in table.columns}), hide_index=True)
