"""The annual 稳评成效 document (Word and PDF): ``python -m riskmodel annual --year YYYY --format docx|pdf -o FILE``.

Sections: 一、评估总体情况 (assessments concluded in the year by verdict and residual level); 二、防范化解成效
(what was prevented: 不予实施 / 暂缓实施 / 调整方案后实施 counts and projects); 三、已实施项目跟踪情况
(forecast residual level against the realised level); 四、评估校准情况 (the back-test: Brier score, hit rate,
confusion table, reliability bins, with the few-cases note and the limits of the scores).

Layout follows GB/T 9704 as offices apply it to reports: A4, margins 37/35/28/26 mm, body 仿宋 三号,
first-level headings 黑体, second-level 楷体, page numbers in the footer. The Word file names the fonts
office PCs have; the PDF embeds the report area's bundled TrueType fonts (``reports/typeface.py``,
used read-only), never a non-embedded CID font.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from riskmodel.i18n import t
from riskmodel.services.backtest_annual import VERDICT_ORDER, AnnualView, annual_summary
from riskmodel.store.db import Store

LEVELS_DESC = ("高", "中", "低")
BODY_PT, TABLE_PT, TITLE_PT, H1_PT = 16.0, 10.5, 22.0, 16.0
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


@dataclass(frozen=True)
class Block:
    kind: str  # title / subtitle / h1 / h2 / para / table / note
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()  # table: first row is the header


def _tr(lang: str, key: str, **params: Any) -> str:
    return t(f"outcomes.annual.{key}", lang, **params)


def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _lv(lang: str, level: str | None) -> str:
    return "—" if not level else t(f"common.level.{level}", lang)


def _vd(lang: str, verdict: str | None) -> str:
    return "—" if not verdict else t(f"common.verdict.{verdict}", lang)


def build_blocks(view: AnnualView, lang: str = "zh") -> list[Block]:
    """The document as plain blocks (the same for Word and PDF)."""
    r = lambda key, **p: _tr(lang, key, **p)  # noqa: E731
    n = len(view.concluded)
    out = [
        Block("title", r("title", year=view.year)),
        Block("subtitle", r("as_of", date=view.as_of.isoformat())),
        Block("h1", r("h.overview")),
        Block(
            "para",
            r(
                "overview",
                year=view.year,
                n=n,
                **{f"v{i}": view.by_verdict.get(v, 0) for i, v in enumerate(VERDICT_ORDER)},
                high=view.by_residual_level.get("高", 0),
                medium=view.by_residual_level.get("中", 0),
                low=view.by_residual_level.get("低", 0),
            ),
        ),
    ]
    header = (r("col.verdict"), r("col.count"), r("col.share"))
    rows = [(_vd(lang, v), str(view.by_verdict.get(v, 0)), _pct(view.by_verdict.get(v, 0) / n if n else None))
            for v in VERDICT_ORDER]  # fmt: skip
    out += [Block("h2", r("h.by_verdict")), Block("table", rows=(header, *rows))]
    if view.concluded:
        head: tuple[str, ...] = tuple(
            r(f"col.{c}") for c in ("no", "project", "type", "region", "level", "residual", "verdict", "date")
        )
        body: tuple[tuple[str, ...], ...] = tuple(
            (str(i), c.project_name, c.project_type, c.region, _lv(lang, c.level), _lv(lang, c.residual_level),
             _vd(lang, c.verdict), c.signed_on.isoformat())
            for i, c in enumerate(view.concluded, 1)
        )  # fmt: skip
        out += [Block("h2", r("h.list")), Block("table", rows=(head, *body))]

    prevented = view.prevented
    out += [
        Block("h1", r("h.prevented")),
        Block(
            "para",
            r(
                "prevented",
                rejected=prevented["不予实施"],
                postponed=prevented["暂缓实施"],
                adjusted=prevented["调整方案后实施"],
            ),
        ),  # fmt: skip
    ]
    rows_p: tuple[tuple[str, ...], ...] = tuple(
        (_vd(lang, c.verdict), c.project_name, _lv(lang, c.level), _lv(lang, c.residual_level))
        for c in view.concluded
        if c.verdict in prevented
    )
    if rows_p:
        head = (r("col.verdict"), r("col.project"), r("col.level"), r("col.residual"))
        out.append(Block("table", rows=(head, *rows_p)))

    tracked = view.tracked
    done = [x for x in tracked if x.comparison != "running"]
    counts = {k: sum(1 for x in done if x.comparison == k) for k in ("as_forecast", "worse", "better")}
    out += [
        Block("h1", r("h.tracked")),
        Block("para", r("tracked", n=len(tracked), done=len(done), running=len(tracked) - len(done), **counts)),
    ]
    if tracked:
        head = tuple(
            r(f"col.{c}") for c in ("project", "verdict", "forecast", "realised", "comparison", "ends", "rule")
        )
        body = tuple(
            (x.project_name, _vd(lang, x.verdict), _lv(lang, x.forecast), _lv(lang, x.realised) if x.complete else "—",
             r(f"cmp.{x.comparison}"), x.ends_on.isoformat(), x.rule or "")
            for x in tracked
        )  # fmt: skip
        out.append(Block("table", rows=(head, *body)))

    out += [
        Block("h1", r("h.calibration")),
        Block(
            "para",
            r(
                "calibration",
                n=len(view.cases),
                brier=_num(view.brier),
                hit=_pct(view.hit_rate),
                date=view.as_of.isoformat(),
            ),
        ),  # fmt: skip
    ]
    if len(view.cases) < 10:
        out.append(Block("note", r("few_cases", n=len(view.cases))))
    if view.cases:
        labels = [_lv(lang, lv) for lv in ("低", "中", "高")]
        head = (r("col.predicted_realised"), *labels)
        body = tuple((labels[i], *(str(v) for v in row)) for i, row in enumerate(view.confusion))
        out += [Block("h2", r("h.confusion")), Block("table", rows=(head, *body))]
        head = (r("col.bin"), r("col.pairs"), r("col.mean_predicted"), r("col.observed"))
        body = tuple(
            (f"{b.lower:.1f}–{b.upper:.1f}", str(b.count), _num(b.mean_predicted, 2), _num(b.observed_frequency, 2))
            for b in view.reliability
        )
        out += [Block("h2", r("h.reliability")), Block("table", rows=(head, *body))]
    out.append(Block("para", r("limits")))
    return out


def _widths(rows: tuple[tuple[str, ...], ...], total: float) -> list[float]:
    """Column widths in proportion to their longest cell (capped, so one long text cannot take it all)."""
    longest = [max(min(len(row[i]), 18) for row in rows) + 3 for i in range(len(rows[0]))]
    return [total * w / sum(longest) for w in longest]


# --- Word ----------------------------------------------------------------------------------------
def _docx_font(run_or_style: Any, east_asia: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = "Times New Roman"
    font.size = Pt(size)
    font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asia)


def _page_field(paragraph: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        run = paragraph.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def render_docx(view: AnnualView, lang: str = "zh") -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    _docx_font(doc.styles["Normal"], "仿宋", BODY_PT)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _page_field(footer)
    footer.add_run(" —")
    for block in build_blocks(view, lang):
        if block.kind == "table":
            table = doc.add_table(rows=0, cols=len(block.rows[0]))
            table.style = "Table Grid"
            for i, row in enumerate(block.rows):
                cells = table.add_row().cells
                for cell, value in zip(cells, row):
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(value)
                    _docx_font(run, "黑体" if i == 0 else "仿宋", TABLE_PT, bold=i == 0)
            doc.add_paragraph()
            continue
        p = doc.add_paragraph()
        run = p.add_run(block.text)
        if block.kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _docx_font(run, "黑体", TITLE_PT, bold=True)
        elif block.kind == "subtitle":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _docx_font(run, "楷体", BODY_PT)
        elif block.kind == "h1":
            _docx_font(run, "黑体", H1_PT)
        elif block.kind == "h2":
            _docx_font(run, "楷体", BODY_PT, bold=True)
        elif block.kind == "note":
            _docx_font(run, "楷体", 12.0)
        else:
            p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
            _docx_font(run, "仿宋", BODY_PT)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# --- PDF -----------------------------------------------------------------------------------------
def render_pdf(view: AnnualView, lang: str = "zh") -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    from riskmodel.reports.typeface import PDF_LATIN, draw_mixed, pdf_markup, register_pdf_fonts

    register_pdf_fonts()
    base = ParagraphStyle("body", fontName=PDF_LATIN, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    styles = {
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=28, alignment=TA_CENTER, firstLineIndent=0),
        "subtitle": ParagraphStyle("sub", parent=base, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=10),
        "h1": ParagraphStyle("h1", parent=base, fontSize=14, leading=24, firstLineIndent=0, spaceBefore=10),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, firstLineIndent=0, spaceBefore=6),
        "para": base,
        "note": ParagraphStyle("note", parent=base, fontSize=10.5, textColor=colors.HexColor("#8a4b00")),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=12, firstLineIndent=0),
    }
    width = A4[0] - (MARGINS_MM["left"] + MARGINS_MM["right"]) * mm
    flow: list[Any] = []
    for block in build_blocks(view, lang):
        if block.kind == "table":
            data = [[Paragraph(pdf_markup(v), styles["cell"]) for v in row] for row in block.rows]
            table = RLTable(data, colWidths=_widths(block.rows, width), repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#777777")),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E2F3")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            flow += [table, Spacer(1, 8)]
        else:
            flow.append(Paragraph(pdf_markup(block.text), styles[block.kind]))

    def _footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        draw_mixed(canvas, A4[0] / 2, 15 * mm, f"— {doc.page} —", 9, align="center")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=MARGINS_MM["left"] * mm, rightMargin=MARGINS_MM["right"] * mm,
        topMargin=MARGINS_MM["top"] * mm, bottomMargin=MARGINS_MM["bottom"] * mm,
        title=_tr(lang, "title", year=view.year), initialFontName=PDF_LATIN,
    )  # fmt: skip
    doc.build(flow, onFirstPage=_footer, onLaterPages=_footer)
    return buf.getvalue()


# --- entry points --------------------------------------------------------------------------------
def render_annual(store: Store, year: int, fmt: str, lang: str = "zh") -> bytes:
    """The document for ``year`` as bytes (``fmt``: docx or pdf)."""
    view = annual_summary(store, int(year))
    return render_docx(view, lang) if fmt == "docx" else render_pdf(view, lang)


def write_annual(store: Store, year: int, fmt: str, path: str | Path, lang: str = "zh") -> Path:
    target = Path(path)
    target.write_bytes(render_annual(store, year, fmt, lang))
    return target
