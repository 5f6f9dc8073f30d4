"""The assessment report as a Word document (python-docx), from the outline blocks.

GB/T 9704 conventions as offices use them for reports (``layout.py``): A4, margins top 37 mm, bottom
35 mm, left 28 mm, right 26 mm; body 仿宋 in the size the standard sets (三号 by default, exact line
spacing for 22 lines a page), title and first-level headings 黑体, second-level headings 楷体, headings
kept with the next paragraph. Word files do not embed fonts: every style and run names the East Asian
font (``w:eastAsia`` 仿宋 / 黑体 / 楷体) next to the Latin one, so Word or WPS on an office PC uses its
own fonts. Table header rows repeat on each page (``w:tblHeader``); 序号 and short codes get columns
that do not wrap; the footer carries 第 X 页 / 共 Y 页 as PAGE/NUMPAGES fields. 目录 is a real TOC field
(prefilled with the headings, updated by Word when the file opens: ``w:updateFields``).
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
from riskmodel.reports.layout import (
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    MM,
    NOTE_PT,
    TABLE_PT,
    TEXT_W_MM,
    body_size,
    column_widths,
    table_size,
)
from riskmodel.reports.outline import Contents, Heading, Image, PageBreak, Para, Signature, Table, Title, build_outline
from riskmodel.reports.typeface import DOCX_FANG, DOCX_HEI, DOCX_KAI, DOCX_LATIN, TYPE_SIZES

DOCX_EAST_ASIA = DOCX_FANG
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
    paragraph,
    text: str,
    *,
    bold: bool = False,
    size: float | None = None,
    heading: bool = False,
    italic: bool = False,
    font: str | None = None,
    color: str | None = None,
) -> Run:
    """A run whose properties name the East Asian font (python-docx's own setters are ~5× slower here)."""
    r = paragraph._p.add_r()
    rpr = _rpr(font or (DOCX_HEI if heading else DOCX_EAST_ASIA), bold, size, italic)
    if color:
        el = OxmlElement("w:color")
        el.set(qn("w:val"), color)
        rpr.append(el)
    r.insert(0, rpr)
    run = Run(r, paragraph)
    run.text = _clean(text)
    return run


def _setup_styles(doc, body_pt: float, zh: bool) -> None:
    styles = doc.styles
    title_pt = TYPE_SIZES["二号"] if zh else 20
    for name, east, size, bold in (
        ("Normal", DOCX_FANG, body_pt, False),
        ("Title", DOCX_HEI, title_pt, False),
        ("Heading 1", DOCX_HEI, body_pt, not zh),
        ("Heading 2", DOCX_KAI, body_pt, not zh),
    ):
        style = styles[name]
        style.font.name = DOCX_LATIN
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _fonts(style.element, east)
    normal = styles["Normal"].paragraph_format
    normal.line_spacing = Pt(round(body_pt * 1.8, 1)) if zh else 1.3  # 三号: 29 pt, 22 lines a page
    normal.space_after = Pt(0)
    for name in ("Heading 1", "Heading 2"):
        fmt = styles[name].paragraph_format
        fmt.space_before = Pt(body_pt * 0.5 if name == "Heading 1" else 0)
        fmt.space_after = Pt(0)
        fmt.keep_with_next = True
        if zh and name == "Heading 2":
            fmt.first_line_indent = Pt(2 * body_pt)


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


def _header_footer(doc, ctx: ReportContext, mark: str | None) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(MARGIN_TOP_MM / 10), Cm(MARGIN_BOTTOM_MM / 10)
    section.left_margin, section.right_margin = Cm(MARGIN_LEFT_MM / 10), Cm(MARGIN_RIGHT_MM / 10)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.0)
    head = section.header.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if mark:
        _run(head, f"【{mark}】" if ctx.lang == "zh" else f"[{mark}] ", size=9, font=DOCX_HEI, color="C00000")
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
    p.paragraph_format.line_spacing = 1.2
    _run(p, text, size=NOTE_PT, font=DOCX_HEI)


def _compact(paragraph) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing = 1.1
    fmt.first_line_indent = None


def _table(doc, block: Table, lang: str) -> None:
    _caption(doc, block.caption)
    table = doc.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = table_size(block.headers, block.rows, block.nowrap, TEXT_W_MM * MM, lang)
    points = column_widths(block.headers, block.rows, block.widths, block.nowrap, TEXT_W_MM * MM, lang, size)
    widths = [Cm(w / MM / 10) for w in points]
    header = table.rows[0]
    _repeat_header(header)
    for cell, text, width in zip(header.cells, block.headers, widths):
        cell.width = width
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _compact(cell.paragraphs[0])
        _run(cell.paragraphs[0], text, size=size, font=DOCX_HEI)
        _shade(cell, "E7E6E6")
    for col, width in zip(table.columns, widths):
        col.width = width  # w:gridCol; body cells inherit it (per-cell w:tcW only on the header row)
    for values in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            _compact(cell.paragraphs[0])
            _run(cell.paragraphs[0], text, size=size)
    if block.note:
        p = doc.add_paragraph()
        _compact(p)
        _run(p, block.note, size=TABLE_PT)


def _toc(doc, title: str, headings: list[Heading], body_pt: float) -> None:
    """目录: a TOC field over heading levels 1–2, prefilled with the headings (page numbers follow when
    Word updates the field — ``w:updateFields`` asks it to on opening)."""
    head = doc.add_paragraph()  # not a Heading: the contents do not list themselves
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.paragraph_format.first_line_indent = None
    _run(head, title, size=body_pt, font=DOCX_HEI)
    first = doc.add_paragraph()
    run = first.add_run()
    for kind, text in (("begin", None), ("instr", 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._element.append(el)
    para = first
    for n, h in enumerate(headings):
        if n:
            para = doc.add_paragraph()
        para.paragraph_format.first_line_indent = None
        para.paragraph_format.left_indent = Pt(0 if h.level == 1 else 2 * NOTE_PT)
        para.paragraph_format.line_spacing = 1.3
        _run(para, h.text, size=NOTE_PT + 2, font=DOCX_HEI if h.level == 1 else DOCX_FANG)
    end = para.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    end._element.append(el)
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def render_docx(ctx: ReportContext, charts: dict[str, bytes] | None = None) -> bytes:
    """The report as .docx bytes. ``charts`` defaults to drawing them now."""
    if charts is None:
        charts = all_charts(ctx)
    zh = ctx.lang == "zh"
    body_pt = body_size(ctx.questionnaire.report.body_size, ctx.lang)
    blocks = build_outline(ctx, charts)
    mark = next((b.mark for b in blocks if isinstance(b, Title)), None)
    headings = [b for b in blocks if isinstance(b, Heading)]
    doc = Document()
    _setup_styles(doc, body_pt, zh)
    _header_footer(doc, ctx, mark)
    props = doc.core_properties
    props.title = ctx.title
    props.language = "zh-CN" if zh else "en"
    props.author = ctx.organizer or ""
    sep = "：" if zh else ": "
    blank = "＿＿＿＿＿＿＿＿" if zh else "________________"
    for block in blocks:
        if isinstance(block, Title):
            p = doc.add_paragraph(style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.line_spacing = 1.4
            p.paragraph_format.space_before = Pt(120)
            _run(p, block.text, heading=True)
            doc.add_paragraph()
            for line in block.subtitle_lines:
                sp = doc.add_paragraph()
                sp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                sp.paragraph_format.line_spacing = 1.6
                _run(sp, line, size=NOTE_PT + 2)
            if block.mark:
                mp = doc.add_paragraph()
                mp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(mp, block.mark, size=body_pt * 1.5, font=DOCX_HEI, color="C00000")
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, Contents):
            _toc(doc, block.title, headings, body_pt)
        elif isinstance(block, Heading):
            p = doc.add_paragraph(style=f"Heading {block.level}")
            _run(p, block.text, font=DOCX_HEI if block.level == 1 else DOCX_KAI)
        elif isinstance(block, Para):
            p = doc.add_paragraph()
            if block.style == "note":
                p.paragraph_format.line_spacing = 1.3
                _run(p, block.text, size=NOTE_PT)
            else:
                p.paragraph_format.first_line_indent = Pt(body_pt * 2) if zh else None
                _run(p, block.text)
        elif isinstance(block, Table):
            _table(doc, block, ctx.lang)
        elif isinstance(block, Image):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.line_spacing = 1.0
            p.add_run().add_picture(io.BytesIO(block.png), width=Cm(min(block.width_cm, TEXT_W_MM / 10)))
            cap = doc.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            cap.paragraph_format.line_spacing = 1.2
            _run(cap, block.caption, size=NOTE_PT)
        elif isinstance(block, Signature):
            doc.add_paragraph()
            for label, value in block.lines:
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                p.paragraph_format.keep_with_next = True
                _run(p, f"{label}{sep}{value or blank}")
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_docx(ctx: ReportContext, path: str | Path, charts: dict[str, bytes] | None = None) -> Path:
    path = Path(path)
    path.write_bytes(render_docx(ctx, charts))
    return path
