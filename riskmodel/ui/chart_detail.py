"""Chart builders of one assessment (drill-down): dimension radar, before/after measures, level and verdict
probabilities, coefficient of variation. Pure functions, as ``charts``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import plotly.graph_objects as go

from riskmodel.questionnaire import LEVELS, VERDICTS  # low → high; 不予实施 … 实施 (domain values, not UI text)
from riskmodel.ui.chart_base import (
    PHASE_COLORS,
    VERDICT_COLORS,
    axis,
    base_figure,
    chart_text,
    empty_figure,
    level_label,
    verdict_label,
)


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
        label = chart_text(f"phase.{phase}", lang)
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
    return base_figure(
        traces,
        chart_text("radar.title", lang),
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
        label = chart_text(f"phase.{phase}", lang)
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
    return base_figure(
        traces,
        chart_text("measures.title", lang),
        height=int(max(300, 28 * len(names) + 120)),
        xaxis=axis(chart_text("axis.indicator_value", lang)),
        yaxis=axis(chart_text("axis.indicator", lang), autorange="reversed", automargin=True),
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
        label = chart_text(f"phase.{phase}", lang)
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
    return base_figure(
        traces,
        chart_text("probability.title", lang),
        height=340,
        barmode="group",
        xaxis=axis(chart_text("axis.level", lang)),
        yaxis=axis(chart_text("axis.probability", lang), tickformat=".0%", range=[0, 1.05]),
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
    return base_figure(
        [bar],
        chart_text("probability.title_verdict", lang),
        height=320,
        legend=False,
        xaxis=axis(chart_text("axis.verdict", lang)),
        yaxis=axis(chart_text("axis.probability", lang), tickformat=".0%", range=[0, 1.05]),
    )


def cv_chart(indicators: Iterable[Mapping[str, Any]], lang: str, *, cv_max: float = 0.25) -> go.Figure:
    """Coefficient of variation per indicator (panel agreement), flagged bars above the standard's bar."""
    rows = [(i, i.get("cv")) for i in indicators if i.get("cv") is not None]
    if not rows:
        return empty_figure(lang)
    names = [_name(i, lang) for i, _ in rows]
    cvs = [float(i["cv"]) for i, _ in rows]
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
        text=chart_text("consensus.cv_bar", lang, value=f"{cv_max:g}"),
        x=cv_max,
        xref="x",
        y=1,
        yref="paper",
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
    )
    return base_figure(
        [bar],
        chart_text("consensus.title", lang),
        height=int(max(300, 24 * len(names) + 130)),
        legend=False,
        shapes=[line],
        annotations=[note],
        xaxis=axis(chart_text("axis.cv", lang), rangemode="tozero"),
        yaxis=axis(chart_text("axis.indicator", lang), autorange="reversed", automargin=True),
    )
