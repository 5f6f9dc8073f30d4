"""The working-rhythm documents (日研判单, 周会办, 月通报, 季核查) as Word and PDF.

Built from the report area's blocks (``riskmodel.reports.outline``: Title, Heading, Para, Table, Image) and
its typefaces (``riskmodel.reports.typeface``: the East Asian fonts Word should use, the embedded CJK
TrueType font for PDF and charts), so the bulletins look like the assessment report. Only those public
helpers are used; the report's own renderers stay the report area's.
"""

from __future__ import annotations

import io
from typing import Any

from riskmodel.reports.outline import Heading, Image, Para, Table, Title
from riskmodel.reports.typeface import (
    DOCX_EAST_ASIA,
    DOCX_EAST_ASIA_HEADING,
    DOCX_LATIN,
    PDF_LATIN,
    matplotlib_families,
    pdf_markup,
    register_pdf_fonts,
)

Block = Title | Heading | Para | Table | Image


def _docx_run(
    paragraph: Any, text: str, *, heading: bool = False, size: float | None = None, bold: bool = False
) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.name = DOCX_LATIN
    run.bold = bold or heading
    if size:
        run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        from docx.oxml import OxmlElement

        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), DOCX_EAST_ASIA_HEADING if heading else DOCX_EAST_ASIA)


def render_docx(blocks: list[Block]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    for block in blocks:
        if isinstance(block, Title):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _docx_run(p, block.text, heading=True, size=18)
            for line in block.subtitle_lines:
                sp = doc.add_paragraph()
                sp.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _docx_run(sp, line, size=11)
        elif isinstance(block, Heading):
            p = doc.add_paragraph()
            _docx_run(p, block.text, heading=True, size=14 if block.level == 1 else 12)
        elif isinstance(block, Para):
            p = doc.add_paragraph()
            _docx_run(p, block.text, size=9 if block.style == "note" else 11)
        elif isinstance(block, Table):
            cap = doc.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _docx_run(cap, block.caption, size=10, bold=True)
            table = doc.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
                _docx_run(cell.paragraphs[0], text, size=9, bold=True)
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    _docx_run(cell.paragraphs[0], str(text), size=9)
            total = sum(block.widths) or 1
            table.autofit = False
            for column, w in zip(table.columns, block.widths, strict=False):
                column.width = Cm(15.6 * w / total)  # the grid (what LibreOffice and WPS read)
            for row in table.rows:  # Word reads the widths of the cells
                for cell, w in zip(row.cells, block.widths, strict=False):
                    cell.width = Cm(15.6 * w / total)
            if block.note:
                _docx_run(doc.add_paragraph(), block.note, size=9)
        elif isinstance(block, Image):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run().add_picture(io.BytesIO(block.png), width=Cm(min(block.width_cm, 15.6)))
            cap = doc.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _docx_run(cap, block.caption, size=9)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_pdf(blocks: list[Block], title: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Image as RLImage
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    register_pdf_fonts()
    base = ParagraphStyle("b", fontName=PDF_LATIN, fontSize=10.5, leading=16, wordWrap="CJK")
    styles = {
        "title": ParagraphStyle("t", parent=base, fontSize=18, leading=26, alignment=1, spaceAfter=6),
        "subtitle": ParagraphStyle("s", parent=base, fontSize=10.5, alignment=1),
        "h1": ParagraphStyle("h1", parent=base, fontSize=14, leading=22, spaceBefore=10, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=18, spaceBefore=6),
        "body": base,
        "note": ParagraphStyle("n", parent=base, fontSize=8.5, leading=12, textColor=colors.HexColor("#555555")),
        "cell": ParagraphStyle("c", parent=base, fontSize=8.5, leading=11),
        "caption": ParagraphStyle("cap", parent=base, fontSize=9.5, alignment=1, spaceBefore=6),
    }

    def p(text: str, style: str) -> Paragraph:
        return Paragraph(pdf_markup(text), styles[style])

    width = A4[0] - 5.4 * cm
    story: list[Any] = []
    for block in blocks:
        if isinstance(block, Title):
            story += [p(block.text, "title")] + [p(x, "subtitle") for x in block.subtitle_lines] + [Spacer(1, 8)]
        elif isinstance(block, Heading):
            story.append(p(block.text, "h1" if block.level == 1 else "h2"))
        elif isinstance(block, Para):
            story.append(p(block.text, "note" if block.style == "note" else "body"))
        elif isinstance(block, Table):
            story.append(p(block.caption, "caption"))
            total = sum(block.widths) or 1
            data = [[p(h, "cell") for h in block.headers]] + [[p(str(c), "cell") for c in r] for r in block.rows]
            table = RLTable(data, colWidths=[width * w / total for w in block.widths], repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(table)
            if block.note:
                story.append(p(block.note, "note"))
        elif isinstance(block, Image):
            from reportlab.lib.utils import ImageReader

            w_px, h_px = ImageReader(io.BytesIO(block.png)).getSize()
            w = min(block.width_cm * cm, width)
            story += [RLImage(io.BytesIO(block.png), width=w, height=w * h_px / w_px), p(block.caption, "caption")]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2.8 * cm,
        rightMargin=2.6 * cm,
        topMargin=3.7 * cm,
        bottomMargin=3.5 * cm,
        title=title,
        initialFontName=PDF_LATIN,
    )
    doc.build(story)
    return buf.getvalue()


def bar_chart(labels: list[str], values: list[float], title: str, *, percent: bool = False) -> bytes:
    """A small bar chart (PNG) in the bundled CJK font."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 2.8), dpi=90)
    ax = fig.add_subplot()
    families = matplotlib_families()
    ax.bar(range(len(values)), values, color="#4472c4")
    ax.set_xticks(range(len(labels)), labels, fontfamily=families, fontsize=8)
    ax.set_title(title, fontfamily=families, fontsize=10)
    if percent:
        ax.set_ylim(0, 1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def line_chart(labels: list[str], values: list[float], title: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 2.6), dpi=90)
    ax = fig.add_subplot()
    families = matplotlib_families()
    ax.plot(range(len(values)), values, marker="o", color="#c0504d")
    step = max(len(labels) // 8, 1)
    ax.set_xticks(range(0, len(labels), step), labels[::step], fontfamily=families, fontsize=8)
    ax.set_title(title, fontfamily=families, fontsize=10)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
