"""Plotly figures of the 后评估 page: the reliability diagram and the confusion table as a heatmap.

Pure builders (view in, figure out, labels from the catalog in the language asked for), no Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from riskmodel.i18n import t
from riskmodel.services.views.outcomes import LEVELS, ReliabilityBinView

_FONT = dict(family="'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif")


def reliability_figure(bins: Sequence[ReliabilityBinView], lang: str) -> go.Figure:
    """Mean predicted probability against observed frequency per bin (marker size = pairs in the bin),
    with the diagonal of perfect calibration."""
    used = [b for b in bins if b.count and b.mean_predicted is not None]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1], y=[0, 1], mode="lines", line=dict(dash="dash", color="#9e9e9e"),
            name=t("outcomes.ui.chart.diagonal", lang), hoverinfo="skip",
        )
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=[b.mean_predicted for b in used],
            y=[b.observed_frequency for b in used],
            mode="lines+markers+text",
            marker=dict(size=[10 + 3 * min(b.count, 20) for b in used], color="#1565c0"),
            text=[str(b.count) for b in used],
            textposition="top center",
            name=t("outcomes.ui.chart.observed", lang),
            hovertemplate=t("outcomes.ui.chart.hover", lang) + "<extra></extra>",
            customdata=[[f"{b.lower:.1f}–{b.upper:.1f}", b.count] for b in used],
        )
    )
    fig.update_layout(
        font=_FONT,
        height=380,
        margin=dict(l=50, r=20, t=40, b=50),
        title=t("outcomes.ui.chart.reliability_title", lang),
        xaxis=dict(title=t("outcomes.ui.chart.predicted", lang), range=[-0.08, 1.08]),
        yaxis=dict(title=t("outcomes.ui.chart.frequency", lang), range=[-0.08, 1.12]),
        legend=dict(orientation="h", y=-0.25),
    )
    return fig


def confusion_figure(counts: Sequence[Sequence[int]], lang: str) -> go.Figure:
    """Predicted level (rows) × realised level (columns), counts in the cells."""
    labels = [t(f"common.level.{lv}", lang) for lv in LEVELS]
    fig = go.Figure(
        go.Heatmap(
            z=[list(r) for r in counts], x=labels, y=labels, colorscale="Blues", showscale=False,
            text=[[str(v) for v in r] for r in counts], texttemplate="%{text}",
            hovertemplate=t("outcomes.ui.chart.confusion_hover", lang) + "<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(
        font=_FONT,
        height=320,
        margin=dict(l=70, r=20, t=40, b=50),
        title=t("outcomes.ui.chart.confusion_title", lang),
        xaxis=dict(title=t("outcomes.ui.chart.realised", lang)),
        yaxis=dict(title=t("outcomes.ui.chart.predicted_level", lang), autorange="reversed"),
    )
    return fig
