"""The assessment report as a Word document (python-docx), from the outline blocks.

Chinese shows properly in Word because every style and every run sets the East Asian font
(``w:eastAsia``: 宋体 for text, 黑体 for headings) next to the Latin one. Table header rows repeat on
each page (``w:tblHeader``); the footer carries 第 X 页 / 共 Y 页 as PAGE/NUMPAGES fields.
"""

from __future__ import annotations

import io
import re
from copy import deepcopy
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.run import Run

from riskmodel.reports.charts import all_charts
from riskmodel.reports.context import ReportContext
from riskmodel.reports.outline import Heading, Image, PageBreak, Para, Signature, Table, Title, build_outline
from riskmodel.reports.typeface import DOCX_EAST_ASIA, DOCX_EAST_ASIA_HEADING, DOCX_LATIN

BODY_PT = 10.5  # 五号
TABLE_PT = 9
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    """XML 1.0 forbids most control characters; a pasted comment must not break the file."""
    return _CONTROL.sub(" ", text)


def _fonts(element_rpr_owner, east_asia: str) -> None:
    rpr = element_rpr_owner.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:ascii"), DOCX_LATIN)
    rfonts.set(qn("w:hAnsi"), DOCX_LATIN)
    rfonts.set(qn("w:eastAsia"), east_asia)


_RPR: dict[tuple, Any] = {}


def _rpr(east_asia: str, bold: bool, size: float | None, italic: bool):
    """A run-properties element (fonts incl. w:eastAsia, bold, size), built once per combination."""
    key = (east_asia, bold, size, italic)
    if key not in _RPR:
        rpr = OxmlElement("w:rPr")
        rfonts = OxmlElement("w:rFonts")
        rfonts.set(qn("w:ascii"), DOCX_LATIN)
        rfonts.set(qn("w:hAnsi"), DOCX_LATIN)
        rfonts.set(qn("w:eastAsia"), east_asia)
        rpr.append(rfonts)
        for flag, tag in ((bold, "w:b"), (italic, "w:i")):
            if flag:
                rpr.append(OxmlElement(tag))
        if size:
            for tag in ("w:sz", "w:szCs"):
                el = OxmlElement(tag)
                el.set(qn("w:val"), str(int(round(size * 2))))
                rpr.append(el)
        _RPR[key] = rpr
    return deepcopy(_RPR[key])


def _run(
    paragraph, text: str, *, bold: bool = False, size: float | None = None, heading: bool = False, italic: bool = False
) -> Run:
    """A run whose properties name the East Asian font (python-docx's own setters are ~5× slower here)."""
    r = paragraph._p.add_r()
    r.insert(0, _rpr(DOCX_EAST_ASIA_HEADING if heading else DOCX_EAST_ASIA, bold, size, italic))
    run = Run(r, paragraph)
    run.text = _clean(text)
    return run


def _setup_styles(doc) -> None:
    styles = doc.styles
    for name, east, size, bold in (
        ("Normal", DOCX_EAST_ASIA, BODY_PT, False),
        ("Title", DOCX_EAST_ASIA_HEADING, 20, True),
        ("Heading 1", DOCX_EAST_ASIA_HEADING, 15, True),
        ("Heading 2", DOCX_EAST_ASIA_HEADING, 12, True),
    ):
        style = styles[name]
        style.font.name = DOCX_LATIN
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.color.rgb = RGBColor(0, 0, 0)
        _fonts(style.element, east)
    for name in ("Heading 1", "Heading 2"):
        fmt = styles[name].paragraph_format
        fmt.space_before = Pt(12)
        fmt.space_after = Pt(6)
        fmt.keep_with_next = True


def _field(paragraph, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES) updated by Word when the document is shown or printed."""
    run = paragraph.add_run()
    _fonts(run._element, DOCX_EAST_ASIA)
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("text", "1"), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._element.append(el)


def _header_footer(doc, ctx: ReportContext) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.4)
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(head, ctx.tr("report.running_header", project=ctx.project.get("name") or ""), size=9)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    template = ctx.tr("report.page", page="\x00PAGE\x00", pages="\x00NUMPAGES\x00")
    for i, part in enumerate(template.split("\x00")):
        if i % 2:
            _field(foot, part)
        elif part:
            _run(foot, part, size=9)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _caption(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_before = Pt(6)
    _run(p, text, bold=True, size=BODY_PT)


def _table(doc, block: Table, text_width_cm: float = 16.0) -> None:
    _caption(doc, block.caption)
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    widths = [Cm(text_width_cm * w / total) for w in block.widths]
    header = table.rows[0]
    _repeat_header(header)
    for cell, text, width in zip(header.cells, block.headers, widths):
        cell.width = width
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], text, bold=True, size=TABLE_PT)
        _shade(cell, "D9E2F3")
    for col, width in zip(table.columns, widths):
        col.width = width  # w:gridCol; body cells inherit it (per-cell w:tcW only on the header row)
    for values in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            _run(cell.paragraphs[0], text, size=TABLE_PT)
    if block.note:
        p = doc.add_paragraph()
        _run(p, block.note, size=TABLE_PT)


def render_docx(ctx: ReportContext, charts: dict[str, bytes] | None = None) -> bytes:
    """The report as .docx bytes. ``charts`` defaults to drawing them now."""
    if charts is None:
        charts = all_charts(ctx)
    doc = Document()
    _setup_styles(doc)
    _header_footer(doc, ctx)
    props = doc.core_properties
    props.title = ctx.title
    props.language = "zh-CN" if ctx.lang == "zh" else "en"
    props.author = ctx.organizer or ""
    for block in build_outline(ctx, charts):
        if isinstance(block, Title):
            p = doc.add_paragraph(style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(p, block.text, heading=True)
            for line in block.subtitle_lines:
                sp = doc.add_paragraph()
                sp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(sp, line)
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, Heading):
            p = doc.add_paragraph(style=f"Heading {block.level}")
            _run(p, block.text, heading=True)
        elif isinstance(block, Para):
            p = doc.add_paragraph()
            if block.style == "note":
                _run(p, block.text, size=9, italic=True)
            else:
                p.paragraph_format.first_line_indent = Pt(BODY_PT * 2) if ctx.lang == "zh" else None
                _run(p, block.text)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Image):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run().add_picture(io.BytesIO(block.png), width=Cm(block.width_cm))
            cap = doc.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(cap, block.caption, size=TABLE_PT)
        elif isinstance(block, Signature):
            doc.add_paragraph()
            for label, value in block.lines:
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _run(
                    p,
                    f"{label}：{value or '＿＿＿＿＿＿＿＿'}"
                    if ctx.lang == "zh"
                    else f"{label}: {value or '________________'}",
                )
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_docx(ctx: ReportContext, path: str | Path, charts: dict[str, bytes] | None = None) -> Path:
    path = Path(path)
    path.write_bytes(render_docx(ctx, charts))
    return path
