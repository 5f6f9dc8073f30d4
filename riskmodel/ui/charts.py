"""Plotly figure builders for the dashboards and reports of 稳评工作台.

Pure functions: DataFrames / result dicts in, ``go.Figure`` out, no Streamlit and no database, so any
page (or a report) can reuse them and tests can check them without a server. Every visible label comes
from the catalog (``ui_leader.chart.*``, ``common.level.*``, ``common.verdict.*``) in the language asked
for; data values (project names, dimension names) are passed in already translated by the caller.

Shared parts live in ``chart_base``, the charts of one assessment in ``chart_detail``; both are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from riskmodel.questionnaire import LEVELS, VERDICTS  # low → high; 不予实施 … 实施 (domain values, not UI text)
from riskmodel.ui.chart_base import (
    LEVEL_COLORS,
    LEVEL_RANK,
    LEVELS_DESC,
    PENDING,
    PHASE_COLORS,
    RISK_SCALE,
    UNRATED,
    VERDICT_COLORS,
    axis,
    base_figure,
    chart_text,
    empty_figure,
    level_label,
    verdict_label,
)
from riskmodel.ui.chart_detail import (
    cv_chart,
    dimension_radar,
    level_probability_bar,
    measures_comparison,
    verdict_probability_bar,
)

__all__ = [
    "LEVELS",
    "VERDICTS",
    "LEVELS_DESC",
    "LEVEL_RANK",
    "UNRATED",
    "PENDING",
    "LEVEL_COLORS",
    "VERDICT_COLORS",
    "PHASE_COLORS",
    "RISK_SCALE",
    "level_label",
    "verdict_label",
    "empty_figure",
    "counts_bar",
    "monthly_trend",
    "project_dimension_heatmap",
    "level_dimension_heatmap",
    "dimension_radar",
    "measures_comparison",
    "level_probability_bar",
    "verdict_probability_bar",
    "cv_chart",
]


def counts_bar(counts: Mapping[str, int], lang: str, *, kind: str = "level") -> go.Figure:
    """Bar of counts per level (kind='level') or per verdict (kind='verdict'), fixed category order."""
    if kind == "level":
        cats = [*LEVELS, UNRATED]
        labels = [level_label(c, lang) for c in cats]
        colors = [LEVEL_COLORS[c] for c in cats]
        x_title = chart_text("axis.level", lang)
    else:
        cats = [*VERDICTS, PENDING]
        labels = [verdict_label(c, lang) for c in cats]
        colors = [VERDICT_COLORS[c] for c in cats]
        x_title = chart_text("axis.verdict", lang)
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
    return base_figure(
        [bar],
        height=300,
        legend=False,
        xaxis=axis(x_title),
        yaxis=axis(chart_text("axis.count", lang), rangemode="tozero"),
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
    title = chart_text("trend.title_level" if by == "level" else "trend.title_verdict", lang)
    peak = int(table.sum(axis=1).max()) if len(table) else 0
    yaxis = axis(chart_text("axis.assessments", lang), rangemode="tozero", tickformat="d")
    if peak <= 10:
        yaxis["dtick"] = 1
    return base_figure(
        traces,
        title,
        height=360,
        barmode="stack",
        xaxis=axis(chart_text("axis.month", lang), type="category"),
        yaxis=yaxis,
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
        colorbar=dict(title=dict(text=chart_text("axis.score", lang))),
        hovertemplate="%{y}<br>%{x}: %{z:.2f}<extra></extra>",
    )
    if len(y) <= 40:
        heat["texttemplate"] = "%{text}"
    height = int(min(1400, max(300, 24 * len(y) + 120)))
    return base_figure(
        [heat],
        chart_text("heatmap.title_projects", lang),
        height=height,
        legend=False,
        xaxis=axis(chart_text("axis.dimension", lang)),
        yaxis=axis(chart_text("axis.project", lang), autorange="reversed", automargin=True),
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
    n_label = chart_text("axis.n", lang)
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
        colorbar=dict(title=dict(text=chart_text("axis.mean_score", lang))),
        hovertemplate="%{y} · %{x}: %{z:.2f}<br>" + n_label + " %{customdata}<extra></extra>",
    )
    return base_figure(
        [heat],
        chart_text("heatmap.title_levels", lang),
        height=360,
        legend=False,
        xaxis=axis(chart_text("axis.dimension", lang)),
        yaxis=axis(chart_text("axis.level", lang)),
    )


# --- single-assessment charts ------------------------------------------------------------------
