"""领导驾驶舱 overview: level and verdict counts, the monthly trend and the level × dimension heatmap."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from riskmodel.services.views.dashboard import QuestionnaireMeta
from riskmodel.ui import charts
from riskmodel.ui.components.dashboard_data import leader_text as lt
from riskmodel.ui.components.dashboard_data import memo

HEATMAP_MAX_PROJECTS = 40
K_HEAT_MODE, K_HEAT_Q, K_TREND_BY = "leader_heatmap_mode", "leader_heatmap_q", "leader_trend_by"
K_COUNTS_LEVEL, K_COUNTS_VERDICT = "leader_counts_level", "leader_counts_verdict"


def level_counts(view: pd.DataFrame) -> dict[str, int]:
    counts = view["level_shown"].where(view["level_shown"].isin(charts.LEVELS), charts.UNRATED).value_counts()
    return {k: int(counts.get(k, 0)) for k in (*charts.LEVELS, charts.UNRATED)}


def verdict_counts(view: pd.DataFrame) -> dict[str, int]:
    counts = view["verdict"].where(view["verdict"].isin(charts.VERDICTS), charts.PENDING).value_counts()
    return {k: int(counts.get(k, 0)) for k in (*charts.VERDICTS, charts.PENDING)}


def render_counts(view: pd.DataFrame, key: tuple, total: int, f: dict[str, Any], code: str) -> None:
    levels, verdicts = memo("counts", key, lambda: (level_counts(view), verdict_counts(view)))
    if f["start"] is None and f["end"] is None:
        st.caption(lt("counts.period_caption_all", n=len(view), total=total))
    else:
        st.caption(lt("counts.period_caption", start=f["start"] or "…", end=f["end"] or "…", n=len(view), total=total))
    st.markdown(f"**{lt('counts.heading_level')}**")
    with st.container(key=K_COUNTS_LEVEL):
        cols = st.columns(5)
        cols[0].metric(lt("counts.total"), len(view), border=True)
        for col, lv in zip(cols[1:4], charts.LEVELS_DESC):
            col.metric(charts.level_label(lv, code), levels[lv], border=True)
        cols[4].metric(lt("counts.unrated"), levels[charts.UNRATED], border=True)
    st.caption(lt("counts.level_caption"))
    st.markdown(f"**{lt('counts.heading_verdict')}**")
    with st.container(key=K_COUNTS_VERDICT):
        cols = st.columns(5)
        for col, vd in zip(cols, charts.VERDICTS):
            col.metric(charts.verdict_label(vd, code), verdicts[vd], border=True)
        cols[4].metric(lt("counts.pending"), verdicts[charts.PENDING], border=True)


def _dimension_names(qmeta: dict[int, QuestionnaireMeta], qid: str, code: str) -> list[tuple[str, str]]:
    """[(column, translated name)] of a questionnaire's dimensions (newest revision first wins)."""
    seen: dict[str, str] = {}
    for meta in sorted(qmeta.values(), key=lambda m: -m.revision):
        if meta.qid != qid:
            continue
        for d in meta.dimensions:
            seen.setdefault(d.id, d.name_en if code == "en" else d.name_zh)
    return [(f"dim.{k}", v) for k, v in seen.items()]


def render_heatmap(view: pd.DataFrame, key: tuple, qmeta: dict[int, QuestionnaireMeta], code: str) -> None:
    st.subheader(lt("heatmap.heading"))
    qids = memo("heat_qids", key, lambda: view["qid"].dropna().value_counts().index.tolist())
    if not qids:
        st.plotly_chart(charts.empty_figure(code), key="leader_heatmap_chart", width="stretch")
        return
    c1, c2 = st.columns([3, 2])
    mode = c1.radio(
        lt("heatmap.mode"),
        ("levels", "projects"),
        key=K_HEAT_MODE,
        horizontal=True,
        format_func=lambda m: lt(f"heatmap.mode_{m}"),
    )
    qid = qids[0]
    if len(qids) > 1:
        names = {m.qid: (m.name_en if code == "en" else m.name_zh) for m in qmeta.values()}
        qid = c2.selectbox(lt("heatmap.questionnaire"), qids, key=K_HEAT_Q, format_func=lambda q: names.get(q, q))
    fig, shown, total = memo("heatmap", (*key, code, mode, qid), lambda: heatmap_figure(view, qmeta, qid, mode, code))
    if shown < total:
        st.caption(lt("heatmap.truncated", shown=shown, total=total))
    st.plotly_chart(fig, key="leader_heatmap_chart", width="stretch")
    st.caption(lt("heatmap.caption"))


def heatmap_figure(view: pd.DataFrame, qmeta: dict[int, QuestionnaireMeta], qid: str, mode: str, code: str):
    """(figure, rows shown, rows available) of the level × dimension heatmap of one questionnaire."""
    sub = view[view["qid"] == qid]
    dims = _dimension_names(qmeta, qid, code)
    scale = next((m.scale for m in qmeta.values() if m.qid == qid and m.scale), None)
    zmin, zmax = scale if scale else (None, None)
    if mode == "projects":
        rated = sub.dropna(subset=[c for c, _ in dims], how="all")
        top = rated.sort_values(["level_rank", "index"], ascending=[True, False]).head(HEATMAP_MAX_PROJECTS)
        top = top.assign(label=top["code"].astype(str) + " " + top["project"].astype(str))
        return charts.project_dimension_heatmap(top, dims, code, zmin=zmin, zmax=zmax), len(top), len(rated)
    return charts.level_dimension_heatmap(sub, dims, code, zmin=zmin, zmax=zmax), len(sub), len(sub)


def render_trend(view: pd.DataFrame, key: tuple, code: str) -> None:
    st.subheader(lt("trend.heading"))
    by = st.radio(
        lt("trend.by"), ("level", "verdict"), key=K_TREND_BY, horizontal=True, format_func=lambda b: lt(f"trend.by_{b}")
    )
    fig = memo("trend", (*key, code, by), lambda: charts.monthly_trend(view, code, by=by))
    st.plotly_chart(fig, key="leader_trend_chart", width="stretch")
    st.caption(lt("trend.caption"))
