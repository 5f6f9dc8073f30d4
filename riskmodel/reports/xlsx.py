"""Spreadsheets (openpyxl): one assessment's data, and the portfolio for a leader's monthly report.

Per assessment: 概要, 专家评分 (every rating of every round, experts by code), 指标统计, 维度,
表1风险因素, 表2防范化解措施, 民意调查, 专家组, 网络摘要. Per portfolio: one row per assessment with
level, residual level, verdict, dates, region, type, plus counts. The same tables feed the CSV export.

Every cell is written through ``safe.set_cell``: text can never become a formula (= + - @ tab CR get
an apostrophe and quotePrefix), numbers stay numbers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from riskmodel.i18n import t
from riskmodel.reports.context import ReportContext
from riskmodel.reports.outline import TABLE1_KEYS, table1_rows, table2_headers, table2_rows
from riskmodel.reports.safe import set_cell

HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")


@dataclass
class Sheet:
    """A named table: what an xlsx sheet or a CSV file holds."""

    key: str  # catalog key under report.sheet / the CSV table name
    title: str
    headers: list[str]
    rows: list[list[Any]]
    number_formats: dict[int, str] = field(default_factory=dict)  # column index → format
    widths: list[int] | None = None


def _x(ctx_or_lang, key: str, **params) -> str:
    lang = ctx_or_lang if isinstance(ctx_or_lang, str) else ctx_or_lang.lang
    return t(f"report.xlsx.{key}", lang, **params)


def _level(lang: str, level: str | None) -> str | None:
    return None if not level else t(f"common.level.{level}", lang)


def _verdict(lang: str, verdict: str | None) -> str | None:
    return None if not verdict else t(f"common.verdict.{verdict}", lang)


# --- per assessment ----------------------------------------------------------------------------
def assessment_sheets(ctx: ReportContext) -> list[Sheet]:
    return [
        _summary(ctx),
        _ratings(ctx),
        _aggregates(ctx),
        _dimensions(ctx),
        _table1(ctx),
        _measures(ctx),
        _survey(ctx),
        _panel(ctx),
        _network(ctx),
    ]


def _summary(ctx: ReportContext) -> Sheet:
    r, q, lang = ctx.result, ctx.questionnaire, ctx.lang
    probs = r.level_probabilities
    k = r.kendall
    v = ctx.verdict
    p = ctx.project
    rows = [
        (_x(ctx, "project"), p.get("name")),
        (_x(ctx, "project_code"), p.get("code")),
        (_x(ctx, "type"), p.get("type")),
        (_x(ctx, "region"), p.get("region")),
        (_x(ctx, "stage"), p.get("stage")),
        (_x(ctx, "investment"), p.get("investment_wan")),
        (_x(ctx, "assessment"), ctx.assessment.get("id")),
        (_x(ctx, "title"), ctx.assessment.get("title")),
        (_x(ctx, "state"), ctx.assessment.get("state")),
        (_x(ctx, "questionnaire"), f"{q.name.get(lang)} ({q.id} v{q.version})"),
        (_x(ctx, "standard"), q.standard.get(lang)),
        (_x(ctx, "index"), r.index),
        (_x(ctx, "level"), _level(lang, r.level)),
        (_x(ctx, "residual_index"), r.residual_index),
        (_x(ctx, "residual_level"), _level(lang, r.residual_level)),
        (_x(ctx, "verdict"), _verdict(lang, r.verdict)),
        (_x(ctx, "signed_verdict"), _verdict(lang, v.verdict) if v else None),
        (_x(ctx, "signed_at"), (v.signed_at or "")[:10] if v else None),
        (_x(ctx, "signer"), v.signer if v else None),
        (_x(ctx, "p_low"), probs.get("低")),
        (_x(ctx, "p_mid"), probs.get("中")),
        (_x(ctx, "p_high"), probs.get("高")),
        (_x(ctx, "kendall_w"), None if k is None else k.w),
        (_x(ctx, "kendall_p"), None if k is None else k.p),
        (_x(ctx, "result_sha256"), ctx.result_sha256),
        (_x(ctx, "generated"), ctx.generated_at),
    ]
    return Sheet(
        "summary",
        t("report.sheet.summary", lang),
        [_x(ctx, "field"), _x(ctx, "value")],
        [list(row) for row in rows],
        {1: "0.000"},
        [22, 70],
    )


def _phase(ctx: ReportContext, phase: str) -> str:
    return _x(ctx, f"phase_{phase}")


def _ratings(ctx: ReportContext) -> Sheet:
    dim_of = ctx.questionnaire.dimension_of()
    dims = {d.id: d.name.get(ctx.lang) for d in ctx.questionnaire.dimensions}
    rows = [
        [
            r.round,
            ctx.expert_label(r.expert),
            r.indicator,
            ctx.indicator_name(r.indicator),
            dims.get(dim_of.get(r.indicator, ""), ""),
            _phase(ctx, r.phase),
            r.score,
            r.probability,
            r.impact,
            r.comment,
            r.version,
            _x(ctx, "yes") if r.counted else _x(ctx, "no"),
            r.submitted_at,
        ]
        for r in sorted(ctx.ratings, key=lambda x: (x.round, x.expert, x.indicator, x.phase, x.version))
    ]
    headers = [
        _x(ctx, k)
        for k in (
            "round",
            "expert",
            "indicator",
            "indicator_name",
            "dimension",
            "phase",
            "score",
            "probability",
            "impact",
            "comment",
            "version",
            "counted",
            "submitted_at",
        )
    ]
    return Sheet(
        "ratings",
        t("report.sheet.ratings", ctx.lang),
        headers,
        rows,
        widths=[6, 10, 10, 30, 10, 10, 7, 9, 9, 40, 7, 9, 20],
    )


def _aggregates(ctx: ReportContext) -> Sheet:
    dims = {d.id: d.name.get(ctx.lang) for d in ctx.questionnaire.dimensions}
    grades = {g.id: g.label.get(ctx.lang) for g in ctx.questionnaire.risk_degree_grades}
    rows = []
    for i in ctx.result.indicators:
        a = i.after
        after_grade = None if a is None else a.grade
        rows.append(
            [
                i.id,
                ctx.indicator_name(i.id),
                dims.get(i.dimension, i.dimension),
                i.weight,
                i.n,
                i.mean,
                i.median,
                i.q1,
                i.q3,
                i.iqr,
                i.sd,
                i.cv,
                _x(ctx, "yes") if i.cv_flag else _x(ctx, "no"),
                grades.get(i.grade or "", i.grade),
                None if a is None else a.mean,
                None if a is None else a.cv,
                grades.get(after_grade or "", after_grade),
            ]
        )
    headers = [
        _x(ctx, k)
        for k in (
            "indicator",
            "indicator_name",
            "dimension",
            "weight",
            "n",
            "mean",
            "median",
            "q1",
            "q3",
            "iqr",
            "sd",
            "cv",
            "cv_flag",
            "grade",
            "after_mean",
            "after_cv",
            "after_grade",
        )
    ]
    fmt = dict.fromkeys((3, 5, 6, 7, 8, 9, 10, 11, 14, 15), "0.000")
    return Sheet("aggregates", t("report.sheet.aggregates", ctx.lang), headers, rows, fmt, [10, 30, 10] + [9] * 14)


def _dimensions(ctx: ReportContext) -> Sheet:
    rows = []
    for d in ctx.result.dimensions:
        b, a = d.before, d.after
        rows.append(
            [
                d.id,
                d.name_en if ctx.lang == "en" else d.name_zh,
                d.weight,
                None if b is None else b.score,
                _level(ctx.lang, None if b is None else b.level),
                None if a is None else a.score,
                _level(ctx.lang, None if a is None else a.level),
            ]
        )
    headers = [
        _x(ctx, "dimension"),
        _x(ctx, "indicator_name"),
        _x(ctx, "weight"),
        ctx.tr("report.risk.dim_col.before"),
        ctx.tr("report.risk.dim_col.before_level"),
        ctx.tr("report.risk.dim_col.after"),
        ctx.tr("report.risk.dim_col.after_level"),
    ]
    return Sheet(
        "dimensions",
        t("report.sheet.dimensions", ctx.lang),
        headers,
        rows,
        {2: "0.000", 3: "0.000", 5: "0.000"},
        [10, 20, 9, 12, 12, 12, 12],
    )


def _table1(ctx: ReportContext) -> Sheet:
    rows = [[_phase(ctx, "before")] + row for row in table1_rows(ctx, "before")]
    if ctx.result.residual_level:
        rows += [[_phase(ctx, "after")] + row for row in table1_rows(ctx, "after")]
    headers = [_x(ctx, "phase")] + [ctx.tr(f"report.table1.{k}") for k in TABLE1_KEYS]
    return Sheet(
        "table1", t("report.sheet.table1", ctx.lang), headers, rows, widths=[10, 6, 18, 16, 30, 14, 14, 16, 30]
    )


def _measures(ctx: ReportContext) -> Sheet:
    rows = [row + [m.get("status")] for row, m in zip(table2_rows(ctx), ctx.measures)]
    return Sheet(
        "measures",
        t("report.sheet.measures", ctx.lang),
        table2_headers(ctx) + [_x(ctx, "status")],
        rows,
        widths=[6, 16, 24, 50, 22, 16, 20, 16, 10],
    )


def _survey(ctx: ReportContext) -> Sheet:
    s = ctx.result.survey
    rows: list[list[Any]] = []
    if s:
        for k in ("support", "neutral", "oppose"):
            rate = s.rates[k]
            rows.append([ctx.tr(f"report.survey.{k}"), rate.count, rate.rate, rate.low, rate.high])
        rows.append([_x(ctx, "total"), s.total, None, None, None])
        for c in [] if s.coverage is None else s.coverage.checks:
            rows.append(
                [
                    ctx.tr(
                        f"report.coverage.{c.what}",
                        actual=c.actual,
                        required=c.required,
                        ok=ctx.tr("report.coverage.ok" if c.ok else "report.coverage.short"),
                    ),
                    None,
                    None,
                    None,
                    None,
                ]
            )
        info = ctx.survey or {}
        for key in ("method", "source", "note"):
            if info.get(key):
                rows.append([key, info[key], None, None, None])
    headers = [_x(ctx, k) for k in ("attitude", "count", "rate", "low", "high")]
    return Sheet(
        "survey",
        t("report.sheet.survey", ctx.lang),
        headers,
        rows,
        {2: "0.0%", 3: "0.0%", 4: "0.0%"},
        [40, 10, 10, 10, 10],
    )


def _panel(ctx: ReportContext) -> Sheet:
    rows = [[ctx.expert_label(e.code), e.field, e.ca, e.cs, e.authority, e.weight] for e in ctx.panel]
    headers = [ctx.tr(f"report.panel.col.{k}") for k in ("code", "field", "ca", "cs", "authority", "weight")]
    return Sheet(
        "panel",
        t("report.sheet.panel", ctx.lang),
        headers,
        rows,
        {2: "0.00", 3: "0.00", 4: "0.000", 5: "0.0%"},
        [10, 16, 12, 12, 12, 10],
    )


def _network(ctx: ReportContext) -> Sheet:
    net = ctx.network
    headers = [_x(ctx, "metric"), _x(ctx, "value"), _x(ctx, "count")]
    rows: list[list[Any]] = []
    if not net:
        rows.append([_x(ctx, "no_network"), None, None])
    else:
        for key in ("version", "as_of", "nodes", "edges", "people", "opposed_people"):
            if net.get(key) is not None:
                rows.append([key, net[key], None])
        mob = net.get("mobilisation") or {}
        for key in ("expected_people", "p_ge_100", "p_ge_200", "runs"):
            if mob.get(key) is not None:
                rows.append([f"mobilisation.{key}", mob[key], None])
        for c in net.get("communities", []):
            rows.append([f"community.{c.get('id')}", c.get("label"), c.get("people")])
        for b in net.get("brokers", []):
            rows.append(["broker", b.get("name"), b.get("betweenness")])
        disputes = net.get("disputes") or {}
        for kind in ("by_channel", "by_status"):
            for k, v in (disputes.get(kind) or {}).items():
                rows.append([f"disputes.{kind}", k, v])
    return Sheet("network", t("report.sheet.network", ctx.lang), headers, rows, widths=[26, 40, 12])


# --- portfolio ---------------------------------------------------------------------------------
PORTFOLIO_FIELDS = (
    "project_code",
    "project",
    "region",
    "type",
    "stage",
    "investment_wan",
    "assessment_id",
    "state",
    "questionnaire",
    "created_at",
    "last_round_at",
    "verdict_at",
    "level",
    "residual_level",
    "verdict",
    "verdict_issued",
    "index",
    "residual_index",
    "stale",
    "index_100",  # the 0–100 index beside the raw one and its unit (issue 9, from services/portfolio)
    "residual_index_100",
    "index_unit",
)
_PORTFOLIO_HEADER_KEYS = {
    "project_code": "project_code",
    "project": "project",
    "region": "region",
    "type": "type",
    "stage": "stage",
    "investment_wan": "investment",
    "assessment_id": "assessment",
    "state": "state",
    "questionnaire": "questionnaire",
    "created_at": "created_at",
    "last_round_at": "last_round",
    "verdict_at": "signed_at",
    "level": "level",
    "residual_level": "residual_level",
    "verdict": "verdict",
    "verdict_issued": "signed_verdict",
    "index": "index",
    "residual_index": "residual_index",
    "stale": "stale",
    "index_100": "index_100",
    "residual_index_100": "residual_index_100",
    "index_unit": "index_unit",
}


def portfolio_sheets(
    rows: list[dict[str, Any]], lang: str = "zh", *, date_from: date | None = None, date_to: date | None = None
) -> list[Sheet]:
    """The leader's table (one row per assessment) and the counts by level, residual level and verdict."""
    headers = [_x(lang, _PORTFOLIO_HEADER_KEYS[f]) for f in PORTFOLIO_FIELDS]
    out_rows = []
    for r in rows:
        row = []
        for f in PORTFOLIO_FIELDS:
            value = r.get(f)
            if f in ("level", "residual_level"):
                value = _level(lang, value)
            elif f == "verdict":
                value = _verdict(lang, value)
            elif f in ("verdict_issued", "stale"):
                value = None if value is None else (_x(lang, "yes") if value else _x(lang, "no"))
            elif f in ("created_at", "last_round_at", "verdict_at") and value:
                value = str(value)[:10]
            row.append(value)
        out_rows.append(row)
    main = Sheet(
        "portfolio",
        t("report.sheet.portfolio", lang),
        headers,
        out_rows,
        {5: "#,##0", 16: "0.000", 17: "0.000", 19: "0.0", 20: "0.0"},
        [10, 28, 12, 16, 10, 12, 8, 10, 16, 12, 12, 12, 10, 12, 14, 10, 10, 10, 10, 10, 10, 16],
    )
    period = f"{date_from or '…'} – {date_to or '…'}"
    counts: list[list[Any]] = [[_x(lang, "period"), period, None], [_x(lang, "total"), len(rows), None]]
    for field_name, label in (("level", "level"), ("residual_level", "residual_level"), ("verdict", "verdict")):
        tally: dict[str, int] = {}
        for r in rows:
            key = r.get(field_name) or "—"
            tally[key] = tally.get(key, 0) + 1
        for key, n in sorted(tally.items()):
            shown = key if key == "—" else (_verdict(lang, key) if field_name == "verdict" else _level(lang, key))
            counts.append([_x(lang, label), shown, n])
    summary = Sheet(
        "counts",
        t("report.sheet.counts", lang),
        [_x(lang, "metric"), _x(lang, "value"), _x(lang, "count")],
        counts,
        widths=[18, 24, 10],
    )
    return [main, summary]


# --- writing -----------------------------------------------------------------------------------
def _safe_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31]


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = wb.create_sheet(_safe_title(sheet.title))
        for c, header in enumerate(sheet.headers, start=1):
            cell = ws.cell(row=1, column=c)
            set_cell(cell, header)
            cell.font = bold
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for r, values in enumerate(sheet.rows, start=2):
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=c)
                set_cell(cell, value)
                fmt = sheet.number_formats.get(c - 1)
                if fmt and isinstance(value, (int, float)) and not isinstance(value, bool):
                    cell.number_format = fmt
        for c, width in enumerate(sheet.widths or [], start=1):
            ws.column_dimensions[get_column_letter(c)].width = width
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render_xlsx(ctx: ReportContext) -> bytes:
    """One assessment's workbook as bytes."""
    return workbook_bytes(assessment_sheets(ctx))


def write_xlsx(ctx: ReportContext, path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(render_xlsx(ctx))
    return path


def render_portfolio_xlsx(rows: list[dict[str, Any]], lang: str = "zh", **period) -> bytes:
    return workbook_bytes(portfolio_sheets(rows, lang, **period))
