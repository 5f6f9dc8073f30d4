"""Report charts as PNG bytes, drawn with matplotlib's Agg canvas (no browser, no pyplot state).

Three charts: the dimension radar (before/after measures), the factor risk degrees (bar per
indicator, coloured by the standard's level thresholds) and the before/after comparison per factor.
Labels use the bundled fonts (DejaVu Sans for Latin, Droid Sans Fallback for Chinese) through
matplotlib's per-glyph font fallback, so Chinese never renders as boxes.
"""

from __future__ import annotations

import io
import math
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from riskmodel.reports.typeface import matplotlib_families

BEFORE_COLOR = "#c0392b"
AFTER_COLOR = "#2471a3"
LEVEL_COLORS = {"低": "#27ae60", "中": "#f39c12", "高": "#c0392b"}
DEFAULT_DPI = 150


def _figure(width_in: float, height_in: float, polar: bool = False) -> tuple[Figure, Any]:
    fig = Figure(figsize=(width_in, height_in))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(111, polar=polar)
    return fig, ax


TIGHT_BBOX = False  # True: matplotlib's bbox_inches="tight" (draws every chart twice; the bench baseline)


def _png(fig: Figure, dpi: int) -> bytes:
    """PNG bytes. Margins are set by hand (``_label_margin``): ``bbox_inches="tight"`` would draw twice."""
    buf = io.BytesIO()
    # fast zlib level: the PNG is recompressed inside the PDF anyway; default level 6 cost ~3× the time
    fig.savefig(
        buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 2}, bbox_inches="tight" if TIGHT_BBOX else None
    )
    return buf.getvalue()


def _label_margin(fig: Figure, labels: list[str], size_pt: float) -> None:
    """Left margin wide enough for the longest y label line (CJK glyphs ≈ 1 em, Latin ≈ 0.6 em)."""

    def width_in(line: str) -> float:
        return sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in line) * size_pt / 72

    longest = max((width_in(line) for label in labels for line in label.split("\n")), default=1.0)
    fig.subplots_adjust(left=min(0.55, (longest + 0.2) / fig.get_figwidth()), right=0.97)


def _style() -> dict:
    return {"font.family": matplotlib_families(), "font.size": 9, "axes.unicode_minus": False}


def _level_of(value: float, medium: float, high: float) -> str:
    return "高" if value >= high else "中" if value >= medium else "低"


def _wrap(label: str, width: int = 14) -> str:
    """Break long labels (CJK has no spaces, so cut by characters)."""
    if len(label) <= width:
        return label
    if " " in label:  # Latin: wrap at words
        lines, line = [], ""
        for word in label.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
        return "\n".join(lines[:3])
    return "\n".join(label[i : i + width] for i in range(0, min(len(label), 3 * width), width))


def radar_chart(ctx, dpi: int = DEFAULT_DPI) -> bytes | None:
    """Dimension scores before and after measures on a radar (needs at least 3 dimensions)."""
    import matplotlib

    dims = ctx.result.dimensions
    if len(dims) < 3 or not any(d.before for d in dims):
        return None
    with matplotlib.rc_context(_style()):
        labels = [d.name_en if ctx.lang == "en" else d.name_zh for d in dims]
        angles = [2 * math.pi * i / len(dims) for i in range(len(dims))]
        fig, ax = _figure(5.0, 4.2, polar=True)
        ax.set_theta_offset(math.pi / 2)  # first dimension at the top, clockwise
        ax.set_theta_direction(-1)
        for phase, color in (("before", BEFORE_COLOR), ("after", AFTER_COLOR)):
            vals = [None if getattr(d, phase) is None else getattr(d, phase).score for d in dims]
            if any(v is None for v in vals):
                continue
            ax.plot(
                angles + angles[:1], vals + vals[:1], color=color, linewidth=1.8, label=ctx.tr(f"report.chart.{phase}")
            )
            ax.fill(angles + angles[:1], vals + vals[:1], color=color, alpha=0.15)
        ax.set_xticks(angles)
        ax.set_xticklabels([_wrap(x, 8) for x in labels])
        lo, hi = _value_range(ctx)
        ax.set_ylim(lo, hi)
        ax.set_title(ctx.tr("report.chart.radar_title"), pad=18)
        ax.legend(loc="upper right", bbox_to_anchor=(1.32, 1.12), fontsize=8)
        fig.subplots_adjust(left=0.12, right=0.78, top=0.82, bottom=0.08)
        return _png(fig, dpi)


def _value_range(ctx) -> tuple[float, float]:
    q = ctx.questionnaire
    if q.method == "score" and q.scale is not None:
        return 0.0, float(q.scale.max)
    values = [i.mean for i in ctx.result.indicators if i.mean is not None]
    values += [i.after.mean for i in ctx.result.indicators if i.after is not None and i.after.mean is not None]
    return 0.0, max([q.levels.high * 1.2] + [v * 1.1 for v in values])


def factor_chart(ctx, dpi: int = DEFAULT_DPI) -> bytes | None:
    """Risk degree of each factor before measures (horizontal bars, coloured by level threshold)."""
    import matplotlib

    inds = [i for i in ctx.result.indicators if i.mean is not None]
    if not inds:
        return None
    lv = ctx.questionnaire.levels
    with matplotlib.rc_context(_style()):
        height = max(2.6, (0.28 if ctx.lang == "zh" else 0.46) * len(inds) + 1.0)  # English names wrap to 3 lines
        fig, ax = _figure(6.3, height)
        names = [_wrap(ctx.indicator_name(i.id), 18) for i in inds]
        values = [i.mean for i in inds]
        colors = [LEVEL_COLORS[_level_of(v, lv.medium, lv.high)] for v in values]
        ys = list(range(len(inds)))[::-1]
        ax.barh(ys, values, color=colors, height=0.65)
        ax.set_yticks(ys)
        ax.set_yticklabels(names, fontsize=7.5)
        _label_margin(fig, names, 7.5)
        fig.subplots_adjust(top=1 - 0.5 / height, bottom=0.45 / height)
        for x, label in ((lv.medium, "report.chart.medium_line"), (lv.high, "report.chart.high_line")):
            ax.axvline(x, color="#555555", linestyle="--", linewidth=0.8)
            ax.text(x, len(inds) - 0.4, ctx.tr(label, value=f"{x:g}"), fontsize=7, ha="center", va="bottom")
        lo, hi = _value_range(ctx)
        ax.set_xlim(lo, hi)
        ax.set_xlabel(
            ctx.tr(
                "report.chart.degree_axis_score"
                if ctx.questionnaire.method == "score"
                else "report.chart.degree_axis_pi"
            )
        )
        ax.set_title(ctx.tr("report.chart.factor_title"), pad=14)
        ax.grid(axis="x", alpha=0.3)
        return _png(fig, dpi)


def before_after_chart(ctx, dpi: int = DEFAULT_DPI) -> bytes | None:
    """Each factor's risk degree before and after measures, side by side."""
    import matplotlib

    inds = [i for i in ctx.result.indicators if i.mean is not None]
    if not inds or not any(i.after is not None and i.after.mean is not None for i in inds):
        return None
    with matplotlib.rc_context(_style()):
        height = max(2.6, (0.36 if ctx.lang == "zh" else 0.5) * len(inds) + 1.0)
        fig, ax = _figure(6.3, height)
        ys = list(range(len(inds)))[::-1]
        before = [i.mean for i in inds]
        after = [(i.after.mean if i.after is not None else None) or 0.0 for i in inds]
        ax.barh([y + 0.19 for y in ys], before, height=0.38, color=BEFORE_COLOR, label=ctx.tr("report.chart.before"))
        ax.barh([y - 0.19 for y in ys], after, height=0.38, color=AFTER_COLOR, label=ctx.tr("report.chart.after"))
        names = [_wrap(ctx.indicator_name(i.id), 18) for i in inds]
        ax.set_yticks(ys)
        ax.set_yticklabels(names, fontsize=7.5)
        _label_margin(fig, names, 7.5)
        fig.subplots_adjust(top=1 - 0.4 / height, bottom=0.45 / height)
        lo, hi = _value_range(ctx)
        ax.set_xlim(lo, hi)
        ax.set_xlabel(
            ctx.tr(
                "report.chart.degree_axis_score"
                if ctx.questionnaire.method == "score"
                else "report.chart.degree_axis_pi"
            )
        )
        ax.set_title(ctx.tr("report.chart.compare_title"), pad=10)
        ax.legend(loc="lower right", fontsize=8)
        ax.grid(axis="x", alpha=0.3)
        return _png(fig, dpi)


def all_charts(ctx, dpi: int = DEFAULT_DPI) -> dict[str, bytes]:
    """The charts that apply to this result, by name (radar, factors, compare)."""
    out = {}
    for name, fn in (("radar", radar_chart), ("factors", factor_chart), ("compare", before_after_chart)):
        png = fn(ctx, dpi)
        if png:
            out[name] = png
    return out
