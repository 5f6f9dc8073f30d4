"""Shared parts of the chart builders: domain categories, colours, catalog labels, the common layout."""

from typing import Any

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


def chart_text(key: str, lang: str, **params: Any) -> str:
    return t(f"ui_leader.chart.{key}", lang, **params)


def level_label(level: str | None, lang: str) -> str:
    """Translated level (低 → 低风险 / Low risk); None or unknown → '未定级'."""
    if level in LEVELS:
        return t(f"common.level.{level}", lang)
    return chart_text("unrated", lang)


def verdict_label(verdict: str | None, lang: str) -> str:
    if verdict in VERDICTS:
        return t(f"common.verdict.{verdict}", lang)
    return chart_text("pending", lang)


def base_figure(
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


def axis(title: str, **extra: Any) -> dict[str, Any]:
    return dict(title=dict(text=title), **extra)


def empty_figure(lang: str, message_key: str = "no_data") -> go.Figure:
    """A blank figure carrying a translated note (charts never fail on an empty selection)."""
    note = dict(
        text=chart_text(message_key, lang),
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font=dict(size=14),
    )
    return base_figure(
        [], height=260, legend=False, annotations=[note], xaxis=dict(visible=False), yaxis=dict(visible=False)
    )


# --- portfolio charts --------------------------------------------------------------------------
