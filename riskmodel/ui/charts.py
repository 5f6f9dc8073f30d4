"""Plotly figure builders for the dashboards and reports of 稳评工作台.

Pure functions: DataFrames / result dicts in, ``go.Figure`` out, no Streamlit and no database, so any
page (or a report) can reuse them and tests can check them without a server. Every visible label comes
from the catalog (``ui_leader.chart.*``, ``common.level.*``, ``common.verdict.*``) in the language asked
for; data values (project names, dimension names) are passed in already translated by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from riskmodel.i18n import t
from riskmodel.questionnaire import LEVELS, VERDICTS  # low → high; 不予实施 … 实施 (domain values, not UI text)

LEVELS_DESC: tuple[str, ...] = tuple(reversed(LEVELS))  # high first, as leaders read them
LEVEL_RANK = {lv: i for i, lv in enumerate(LEVELS_DESC)}  # high = 0
UNRATED = "unrated"  # category of assessments without a level yet
PENDING = "pending"  # category of assessments without a verdict yet

LEVEL_COLORS = {**dict(zip(LEVELS, ("#2e7d32", "#f9a825", "#c62828"))), UNRATED: "#9e9e9e"}
VERDICT_COLORS = {**dict(zip(VERDICTS, ("#8e0000", "#ef6c00", "#1565c0", "#2e7d32"))), PENDING: "#9e9e9e"}
PHASE_COLORS = {"before": "#c62828", "after": "#1565c0"}
# green (low risk) → amber → red (high risk)
RISK_SCALE = [[0.0, "#e8f5e9"], [0.35, "#fff59d"], [0.65, "#ffb74d"], [1.0, "#c62828"]]

_FONT = dict(family="'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif")


def _c(key: str, lang: str, **params: Any) -> str:
    return t(f"ui_leader.chart.{key}", lang, **params)


def level_label(level: str | None, lang: str) -> str:
    """Translated level (低 → 低风险 / Low risk); None or unknown → '未定级'."""
    if level in LEVELS:
        return t(f"common.level.{level}", lang)
    return _c("unrated", lang)


def verdict_label(verdict: str | None, lang: str) -> str:
    if verdict in VERDICTS:
        return t(f"common.verdict.{verdict}", lang)
    return _c("pending", lang)


def _figure(
    data: list[dict], title: str | None = None, *, height: int | None = None, legend: bool = True, **layout: Any
) -> go.Figure:
    """One ``go.Figure`` from plain trace and layout dicts: plotly validates once, in the constructor,
    instead of on every ``add_*`` / ``update_*`` call (several times faster on a cache miss)."""
    base: dict[str, Any] = dict(
        title=dict(text=title, x=0.01, xanchor="left", y=0.98, yanchor="top") if title else None,
        font=_FONT,
        height=height,
        margin=dict(l=10, r=10, t=(80 if legend else 50) if title else 30, b=10),
        showlegend=legend,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
        hoverlabel=dict(font=_FONT),
    )
    for key, value in layout.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return go.Figure(data=data, layout=base)


def _axis(title: str, **extra: Any) -> dict[str, Any]:
    return dict(title=dict(text=title), **extra)


def empty_figure(lang: str, message_key: str = "no_data") -> go.Figure:
    """A blank figure carrying a translated note (charts never fail on an empty selection)."""
    note = dict(
        text=_c(message_key, lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font=dict(size=14)
    )
    return _figure(
        [], height=260, legend=False, annotations=[note], xaxis=dict(visible=False), yaxis=dict(visible=False)
    )


# --- portfolio charts --------------------------------------------------------------------------
def counts_bar(counts: Mapping[str, int], lang: str, *, kind: str = "level") -> go.Figure:
    """Bar of counts per level (kind='level') or per verdict (kind='verdict'), fixed category order."""
    if kind == "level":
        cats = [*LEVELS, UNRATED]
        labels = [level_label(c, lang) for c in cats]
        colors = [LEVEL_COLORS[c] for c in cats]
        x_title = _c("axis.level", lang)
    else:
        cats = [*VERDICTS, PENDING]
        labels = [verdict_label(c, lang) for c in cats]
        colors = [VERDICT_COLORS[c] for c in cats]
        x_title = _c("axis.verdict", lang)
    values = [int(counts.get(c, 0)) for c in cats]
    bar = dict(
        type="bar",
        x=labels,
        y=values,
        marker=dict(color=colors),
        text=values,
        textposition="auto",
        hovertemplate="%{x}: %{y}<extra></extra>",
    )
    return _figure(
        [bar], height=300, legend=False, xaxis=_axis(x_title), yaxis=_axis(_c("axis.count", lang), rangemode="tozero")
    )


def monthly_trend(df: pd.DataFrame, lang: str, *, by: str = "level", month_col: str = "month") -> go.Figure:
    """Assessments per month stacked by level (by='level', column 'level_shown') or verdict (by='verdict').

    ``df`` has one row per assessment with ``month`` as 'YYYY-MM' text; months without any
    assessment inside the covered range are shown as zero so the time axis is continuous.
    """
    col = "level_shown" if by == "level" else "verdict"
    if df.empty or month_col not in df:
        return empty_figure(lang)
    cats = [*LEVELS, UNRATED] if by == "level" else [*VERDICTS, PENDING]
    fallback = UNRATED if by == "level" else PENDING
    values = df[col].where(df[col].isin(cats[:-1]), fallback)
    table = (
        pd.DataFrame({"m": df[month_col].to_numpy(), "c": values.to_numpy()})
        .groupby(["m", "c"])
        .size()
        .unstack(fill_value=0)
    )
    months = pd.period_range(min(table.index), max(table.index), freq="M").strftime("%Y-%m")
    table = table.reindex(index=months, columns=cats, fill_value=0)
    x = list(table.index)
    colors = LEVEL_COLORS if by == "level" else VERDICT_COLORS
    traces = []
    for cat in cats:
        if table[cat].sum() == 0:
            continue
        name = level_label(cat, lang) if by == "level" else verdict_label(cat, lang)
        traces.append(
            dict(
                type="bar",
                x=x,
                y=table[cat].tolist(),
                name=name,
                marker=dict(color=colors[cat]),
                hovertemplate="%{x} · " + name + ": %{y}<extra></extra>",
            )
        )
    title = _c("trend.title_level" if by == "level" else "trend.title_verdict", lang)
    peak = int(table.sum(axis=1).max()) if len(table) else 0
    yaxis = _axis(_c("axis.assessments", lang), rangemode="tozero", tickformat="d")
    if peak <= 10:
        yaxis["dtick"] = 1
    return _figure(
        traces, title, height=360, barmode="stack", xaxis=_axis(_c("axis.month", lang), type="category"), yaxis=yaxis
    )


def project_dimension_heatmap(
    df: pd.DataFrame,
    dimensions: Sequence[tuple[str, str]],
    lang: str,
    *,
    label_col: str = "label",
    level_col: str = "level_shown",
    zmin: float | None = None,
    zmax: float | None = None,
) -> go.Figure:
    """Projects (rows, grouped by level, highest first) × dimensions (columns), cell = dimension score.

    ``dimensions`` is [(column name in df, translated dimension name)]. The row label shows the level so
    a leader reads "which dimension drives which high-risk project" at a glance.
    """
    cols = [c for c, _ in dimensions if c in df]
    if df.empty or not cols:
        return empty_figure(lang)
    rank = df[level_col].map(LEVEL_RANK).fillna(len(LEVELS))
    order = df.assign(_rank=rank, _max=df[cols].max(axis=1)).sort_values(["_rank", "_max"], ascending=[True, False])
    z = order[cols].to_numpy(dtype=float)
    names = [n for c, n in dimensions if c in df]
    levels = [level_label(lv if isinstance(lv, str) else None, lang) for lv in order[level_col]]
    y = [f"{lab} · {lv}" for lab, lv in zip(order[label_col].astype(str), levels)]
    text = np.where(np.isfinite(z), np.round(z, 2).astype(str), "")
    heat = dict(
        type="heatmap",
        z=z,
        x=names,
        y=y,
        text=text,
        textfont=dict(size=12),
        colorscale=RISK_SCALE,
        zmin=zmin,
        zmax=zmax,
        hoverongaps=False,
        colorbar=dict(title=dict(text=_c("axis.score", lang))),
        hovertemplate="%{y}<br>%{x}: %{z:.2f}<extra></extra>",
    )
    if len(y) <= 40:
        heat["texttemplate"] = "%{text}"
    height = int(min(1400, max(300, 24 * len(y) + 120)))
    return _figure(
        [heat],
        _c("heatmap.title_projects", lang),
        height=height,
        legend=False,
        xaxis=_axis(_c("axis.dimension", lang)),
        yaxis=_axis(_c("axis.project", lang), autorange="reversed", automargin=True),
    )


def level_dimension_heatmap(
    df: pd.DataFrame,
    dimensions: Sequence[tuple[str, str]],
    lang: str,
    *,
    level_col: str = "level_shown",
    zmin: float | None = None,
    zmax: float | None = None,
) -> go.Figure:
    """Level (rows 高/中/低) × dimension (columns): mean dimension score of the projects at each level.

    The hover also gives how many assessments the mean is over; scales to any portfolio size.
    """
    cols = [c for c, _ in dimensions if c in df]
    if df.empty or not cols:
        return empty_figure(lang)
    grouped = df.groupby(level_col)[cols]
    means = grouped.mean().reindex(list(LEVELS_DESC))
    counts = grouped.count().reindex(list(LEVELS_DESC)).fillna(0).astype(int)
    z = means.to_numpy(dtype=float)
    text = np.where(np.isfinite(z), np.round(z, 2).astype(str), "")
    names = [n for c, n in dimensions if c in df]
    n_label = _c("axis.n", lang)
    heat = dict(
        type="heatmap",
        z=z,
        x=names,
        y=[level_label(lv, lang) for lv in means.index],
        text=text,
        texttemplate="%{text}",
        textfont=dict(size=12),
        customdata=counts.to_numpy(),
        colorscale=RISK_SCALE,
        zmin=zmin,
        zmax=zmax,
        hoverongaps=False,
        colorbar=dict(title=dict(text=_c("axis.mean_score", lang))),
        hovertemplate="%{y} · %{x}: %{z:.2f}<br>" + n_label + " %{customdata}<extra></extra>",
    )
    return _figure(
        [heat],
        _c("heatmap.title_levels", lang),
        height=360,
        legend=False,
        xaxis=_axis(_c("axis.dimension", lang)),
        yaxis=_axis(_c("axis.level", lang)),
    )


# --- single-assessment charts ------------------------------------------------------------------
def _name(item: Mapping[str, Any], lang: str) -> str:
    return str(item.get("name_en") if lang == "en" and item.get("name_en") else item.get("name_zh") or item.get("id"))


def dimension_radar(
    dimensions: Iterable[Mapping[str, Any]], lang: str, *, scale: tuple[float, float] | None = None
) -> go.Figure:
    """Dimension scores before vs after measures (the engine's ``dimensions`` list) as a radar."""
    dims = [d for d in dimensions if d.get("before")]
    if not dims:
        return empty_figure(lang)
    theta = [_name(d, lang) for d in dims]
    traces = []
    for phase in ("before", "after"):
        r = [(d.get(phase) or {}).get("score") for d in dims]
        if all(v is None for v in r):
            continue
        label = _c(f"phase.{phase}", lang)
        traces.append(
            dict(
                type="scatterpolar",
                r=r + r[:1],
                theta=theta + theta[:1],
                name=label,
                fill="toself",
                opacity=0.55,
                line=dict(color=PHASE_COLORS[phase]),
                hovertemplate="%{theta}: %{r:.2f}<extra>" + label + "</extra>",
            )
        )
    radial: dict[str, Any] = dict(visible=True, angle=90, tickangle=90, hoverformat=".2f")
    if scale:
        radial["range"] = list(scale)
    return _figure(
        traces,
        _c("radar.title", lang),
        height=440,
        polar=dict(radialaxis=radial, angularaxis=dict(direction="clockwise", rotation=90)),
        margin=dict(l=40, r=40, b=40),
    )


def measures_comparison(indicators: Iterable[Mapping[str, Any]], lang: str, *, top: int | None = 15) -> go.Figure:
    """Indicator values before and after measures (dumbbell), the highest before-values first."""
    rows = [(i, i.get("mean"), (i.get("after") or {}).get("mean")) for i in indicators]
    rows = [r for r in rows if r[1] is not None]
    if not rows:
        return empty_figure(lang)
    rows.sort(key=lambda r: -(r[1] or 0))
    if top:
        rows = rows[:top]
    names = [_name(i, lang) for i, _, _ in rows]
    before = [b for _, b, _ in rows]
    after = [a for _, _, a in rows]
    traces = []
    xs, ys = [], []
    for n, b, a in zip(names, before, after):
        if a is not None:
            xs += [b, a, None]
            ys += [n, n, None]
    if xs:
        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color="#bdbdbd", width=3),
                showlegend=False,
                hoverinfo="skip",
            )
        )
    for phase, values in (("before", before), ("after", after)):
        if all(v is None for v in values):
            continue
        label = _c(f"phase.{phase}", lang)
        traces.append(
            dict(
                type="scatter",
                x=values,
                y=names,
                mode="markers",
                name=label,
                marker=dict(size=11, color=PHASE_COLORS[phase]),
                hovertemplate="%{y}: %{x:.2f}<extra>" + label + "</extra>",
            )
        )
    return _figure(
        traces,
        _c("measures.title", lang),
        height=int(max(300, 28 * len(names) + 120)),
        xaxis=_axis(_c("axis.indicator_value", lang)),
        yaxis=_axis(_c("axis.indicator", lang), autorange="reversed", automargin=True),
    )


def level_probability_bar(
    before: Mapping[str, float | None] | None, after: Mapping[str, float | None] | None, lang: str
) -> go.Figure:
    """Probability of each level (uncertainty analysis), before and after measures side by side."""
    labels = [level_label(lv, lang) for lv in LEVELS]
    traces = []
    for phase, probs in (("before", before), ("after", after)):
        if not probs or all(probs.get(lv) is None for lv in LEVELS):
            continue
        y = [float(probs.get(lv) or 0.0) for lv in LEVELS]
        label = _c(f"phase.{phase}", lang)
        traces.append(
            dict(
                type="bar",
                x=labels,
                y=y,
                name=label,
                marker=dict(color=PHASE_COLORS[phase]),
                text=[f"{v:.0%}" for v in y],
                textposition="auto",
                hovertemplate="%{x}: %{y:.1%}<extra>" + label + "</extra>",
            )
        )
    if not traces:
        return empty_figure(lang, "no_uncertainty")
    return _figure(
        traces,
        _c("probability.title", lang),
        height=340,
        barmode="group",
        xaxis=_axis(_c("axis.level", lang)),
        yaxis=_axis(_c("axis.probability", lang), tickformat=".0%", range=[0, 1.05]),
    )


def verdict_probability_bar(probs: Mapping[str, float | None] | None, lang: str) -> go.Figure:
    """Probability of each verdict over the uncertainty draws."""
    if not probs or all(probs.get(v) is None for v in VERDICTS):
        return empty_figure(lang, "no_uncertainty")
    y = [float(probs.get(v) or 0.0) for v in VERDICTS]
    bar = dict(
        type="bar",
        x=[verdict_label(v, lang) for v in VERDICTS],
        y=y,
        marker=dict(color=[VERDICT_COLORS[v] for v in VERDICTS]),
        text=[f"{v:.0%}" for v in y],
        textposition="auto",
        hovertemplate="%{x}: %{y:.1%}<extra></extra>",
    )
    return _figure(
        [bar],
        _c("probability.title_verdict", lang),
        height=320,
        legend=False,
        xaxis=_axis(_c("axis.verdict", lang)),
        yaxis=_axis(_c("axis.probability", lang), tickformat=".0%", range=[0, 1.05]),
    )


def cv_chart(indicators: Iterable[Mapping[str, Any]], lang: str, *, cv_max: float = 0.25) -> go.Figure:
    """Coefficient of variation per indicator (panel agreement), flagged bars above the standard's bar."""
    rows = [(i, i.get("cv")) for i in indicators if i.get("cv") is not None]
    if not rows:
        return empty_figure(lang)
    names = [_name(i, lang) for i, _ in rows]
    cvs = [float(c) for _, c in rows]
    colors = ["#c62828" if (i.get("cv_flag") or c > cv_max) else "#1565c0" for (i, _), c in zip(rows, cvs)]
    bar = dict(
        type="bar",
        x=cvs,
        y=names,
        orientation="h",
        marker=dict(color=colors),
        hovertemplate="%{y}: %{x:.3f}<extra></extra>",
    )
    line = dict(
        type="line", x0=cv_max, x1=cv_max, xref="x", y0=0, y1=1, yref="paper", line=dict(dash="dash", color="#616161")
    )
    note = dict(
        text=_c("consensus.cv_bar", lang, value=f"{cv_max:g}"),
        x=cv_max,
        xref="x",
        y=1,
        yref="paper",
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
    )
    return _figure(
        [bar],
        _c("consensus.title", lang),
        height=int(max(300, 24 * len(names) + 130)),
        legend=False,
        shapes=[line],
        annotations=[note],
        xaxis=_axis(_c("axis.cv", lang), rangemode="tozero"),
        yaxis=_axis(_c("axis.indicator", lang), autorange="reversed", automargin=True),
    )
