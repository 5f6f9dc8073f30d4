"""评估详情, 主要风险因素 tab: Table 1 of the NDRC 428 outline (the table builder is pure: tests call it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.i18n import has, t
from riskmodel.services.views.dashboard import AssessmentDetail
from riskmodel.ui.components.leader_text import lt, lt_in, name_in, num, text_in

TOP_FACTORS = 10
K_ALL_FACTORS = "leader_detail_factors_all"


def _scale_label(levels: list[dict] | None, value: Any, code: str) -> str:
    """The verbal step (很高…很低 / 严重…可忽略) nearest to a weighted mean level number, with the number."""
    if value is None or not levels:
        return lt_in(code, "common.none")
    step = min(levels, key=lambda lv: abs(lv["level"] - float(value)))
    return lt_in(code, "detail.factors.degree_score", label=text_in(step["label"], code), value=num(value, 1))


def _degree(ind: dict, phase: dict | None, qv: Mapping[str, Any] | None, code: str) -> str:
    """风险程度: the standard's grade (probability × impact) or, on a score scale, the nearest anchor."""
    source = phase if phase is not None else ind
    mean = source.get("mean")
    if mean is None:
        return lt_in(code, "common.none")
    grade = source.get("grade")
    if grade and qv and grade in (qv.get("grades") or {}):
        return lt_in(code, "detail.factors.degree_score", label=text_in(qv["grades"][grade], code), value=num(mean, 2))
    anchors = ((qv or {}).get("scale") or {}).get("anchors") or []
    if anchors:
        step = min(anchors, key=lambda a: abs(a["value"] - float(mean)))
        return lt_in(code, "detail.factors.degree_score", label=text_in(step["label"], code), value=num(mean, 2))
    return num(mean, 2)


def factor_table(
    result: dict, qv: Mapping[str, Any] | None, code: str, top: int | None = TOP_FACTORS
) -> tuple[pd.DataFrame, int]:
    """(Table 1 rows, number of rated factors): 序号 | 风险类型 | 发生阶段 | 风险因素 | 风险概率 | 影响程度 |
    风险程度 | 备注, sorted by the risk degree before measures (highest first)."""
    dims = {d["id"]: name_in(d, code) for d in result.get("dimensions") or []}
    meta = (qv or {}).get("indicators") or {}
    rated = [i for i in result.get("indicators") or [] if i.get("mean") is not None]
    rated.sort(key=lambda i: -float(i["mean"]))
    total = len(rated)
    if top:
        rated = rated[:top]
    sep = lt_in(code, "detail.factors.note_sep")
    rows = []
    for n, ind in enumerate(rated, start=1):
        m = meta.get(ind["id"], {})
        area = ind.get("area") or m.get("area")
        area_key = f"ui_leader.area.{area}"
        risk_type = t(area_key, code) if area and has(area_key) else (area or dims.get(ind.get("dimension"), ""))
        stage = text_in(m.get("stage"), code) if m.get("stage") else (ind.get("stage") or lt_in(code, "common.none"))
        notes = []
        after = ind.get("after") or None
        if after and after.get("mean") is not None:
            if after.get("grade") and qv and after["grade"] in (qv.get("grades") or {}):
                notes.append(
                    lt_in(code, "detail.factors.note_after_grade", label=text_in(qv["grades"][after["grade"]], code))
                )
            else:
                notes.append(lt_in(code, "detail.factors.note_after", value=_degree(ind, after, qv, code)))
        if ind.get("cv_flag"):
            notes.append(lt_in(code, "detail.factors.note_cv", cv=num(ind.get("cv"), 2)))
        rows.append(
            {
                "seq": n,
                "type": risk_type,
                "stage": stage,
                "factor": name_in(ind, code),
                "probability": _scale_label((qv or {}).get("probability_scale"), ind.get("probability"), code),
                "impact": _scale_label((qv or {}).get("impact_scale"), ind.get("impact"), code),
                "degree": _degree(ind, None, qv, code),
                "note": sep.join(notes),
            }
        )
    cols = ["seq", "type", "stage", "factor", "probability", "impact", "degree", "note"]
    return pd.DataFrame(rows, columns=cols), total


def render(d: AssessmentDetail, code: str) -> None:
    st.markdown(f"**{lt('detail.factors.heading')}**")
    st.caption(lt("detail.factors.caption"))
    show_all = st.toggle(lt("detail.factors.show_all"), key=K_ALL_FACTORS)
    table, total = factor_table(d.result or {}, d.questionnaire, code, None if show_all else TOP_FACTORS)
    if not show_all and total > len(table):
        st.caption(lt("detail.factors.top", n=len(table), total=total))
    with st.container(key="leader_detail_factors"):
        st.table(table.rename(columns={c: lt(f"detail.factors.col.{c}") for c in table.columns}), hide_index=True)
