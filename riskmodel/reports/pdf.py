"""The assessment report as PDF (reportlab platypus), from the same outline blocks as the Word file.

Fonts: the bundled TrueType fonts are registered with ``TTFont`` and embedded as subsets (FontFile2),
DejaVu Sans for Latin text and Droid Sans Fallback for Chinese, so the PDF renders on a machine with
no Chinese font at all. Never a CID font such as STSong-Light: it is not embedded and shows empty
boxes elsewhere. Tables repeat their header row on every page (``repeatRows=1``) and split between
rows; cells are Paragraphs, so long text wraps (CJK can break between any two characters).
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import (
    Image as RLImage,
)
from reportlab.platypus import (
    PageBreak as RLPageBreak,
)
from reportlab.platypus import (
    Table as RLTable,
)

from riskmodel.reports.charts import all_charts
from riskmodel.reports.context import ReportContext
from riskmodel.reports.outline import Heading, Image, PageBreak, Para, Signature, Table, Title, build_outline
from riskmodel.reports.typeface import (
    PDF_LATIN,
    PDF_LATIN_BOLD,
    draw_mixed,
    pdf_markup,
    register_pdf_fonts,
    split_runs,
)

PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 2.2 * cm, 2.4 * cm, 2.2 * cm
TEXT_W = PAGE_W - 2 * MARGIN_X
HEADER_FILL = colors.HexColor("#D9E2F3")


def _styles(lang: str) -> dict[str, ParagraphStyle]:
    wrap = "CJK"  # breaks CJK anywhere, keeps Latin words whole
    base = ParagraphStyle(
        "body",
        fontName=PDF_LATIN,
        fontSize=10.5,
        leading=16,
        wordWrap=wrap,
        spaceAfter=4,
        firstLineIndent=21 if lang == "zh" else 0,
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=PDF_LATIN_BOLD,
            fontSize=20,
            leading=30,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceAfter=18,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=11, leading=20, alignment=TA_CENTER, firstLineIndent=0
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=PDF_LATIN_BOLD,
            fontSize=15,
            leading=22,
            spaceBefore=12,
            spaceAfter=6,
            firstLineIndent=0,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=PDF_LATIN_BOLD,
            fontSize=12,
            leading=18,
            spaceBefore=8,
            spaceAfter=4,
            firstLineIndent=0,
        ),
        "body": base,
        "note": ParagraphStyle(
            "note", parent=base, fontSize=9, leading=13, textColor=colors.HexColor("#444444"), firstLineIndent=0
        ),
        "caption": ParagraphStyle(
            "caption",
            parent=base,
            fontName=PDF_LATIN_BOLD,
            fontSize=10,
            leading=14,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceBefore=6,
            spaceAfter=4,
        ),
        "figcaption": ParagraphStyle(
            "figcaption", parent=base, fontSize=9, leading=13, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=8
        ),
        "cell": ParagraphStyle(
            "cell", parent=base, fontSize=8.5, leading=11.5, firstLineIndent=0, spaceAfter=0, alignment=TA_LEFT
        ),
        "head": ParagraphStyle(
            "head",
            parent=base,
            fontName=PDF_LATIN_BOLD,
            fontSize=8.5,
            leading=11.5,
            firstLineIndent=0,
            spaceAfter=0,
            alignment=TA_CENTER,
        ),
        "sign": ParagraphStyle("sign", parent=base, fontSize=11, leading=22, alignment=TA_RIGHT, firstLineIndent=0),
    }


_LATIN_STYLES: dict[int, ParagraphStyle] = {}


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph; text without CJK wraps at spaces only (the CJK rule would split English words)."""
    if not any(cjk for cjk, _ in split_runs(text)):
        latin = _LATIN_STYLES.get(id(style))
        if latin is None or latin.parent is not style:
            latin = _LATIN_STYLES[id(style)] = ParagraphStyle(style.name + "-latin", parent=style, wordWrap=None)
        style = latin
    return Paragraph(pdf_markup(text), style)


def _table(block: Table, st: dict[str, ParagraphStyle]) -> list:
    total = sum(block.widths)
    widths = [TEXT_W * w / total for w in block.widths]
    data = [[_p(h, st["head"]) for h in block.headers]]
    data += [[_p(c, st["cell"]) for c in row] for row in block.rows]
    table = RLTable(data, colWidths=widths, repeatRows=1, splitByRow=1, hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), PDF_LATIN),  # the cell default; else Helvetica (not embedded) slips in
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    out = [CondPageBreak(3 * cm), _p(block.caption, st["caption"]), table]
    if block.note:
        out.append(_p(block.note, st["note"]))
    out.append(Spacer(1, 6))
    return out


def _image(block: Image, st: dict[str, ParagraphStyle]) -> list:
    reader = ImageReader(io.BytesIO(block.png))
    w_px, h_px = reader.getSize()
    width = min(block.width_cm * cm, TEXT_W)
    height = width * h_px / w_px
    max_h = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - 3 * cm
    if height > max_h:
        width, height = width * max_h / height, max_h
    img = RLImage(io.BytesIO(block.png), width=width, height=height)
    return [KeepTogether([img, _p(block.caption, st["figcaption"])])]


def _flowables(ctx: ReportContext, charts: dict[str, bytes]) -> list:
    st = _styles(ctx.lang)
    story: list = []
    for block in build_outline(ctx, charts):
        if isinstance(block, Title):
            story += [Spacer(1, 5 * cm), _p(block.text, st["title"]), Spacer(1, 1 * cm)]
            story += [_p(line, st["subtitle"]) for line in block.subtitle_lines]
            story.append(RLPageBreak())
        elif isinstance(block, Heading):
            story.append(_p(block.text, st["h1" if block.level == 1 else "h2"]))
        elif isinstance(block, Para):
            story.append(_p(block.text, st["note" if block.style == "note" else "body"]))
        elif isinstance(block, Table):
            story += _table(block, st)
        elif isinstance(block, Image):
            story += _image(block, st)
        elif isinstance(block, Signature):
            sep = "：" if ctx.lang == "zh" else ": "
            blank = "＿＿＿＿＿＿＿＿" if ctx.lang == "zh" else "________________"
            story.append(
                KeepTogether(
                    [Spacer(1, 1 * cm)]
                    + [_p(f"{label}{sep}{value or blank}", st["sign"]) for label, value in block.lines]
                )
            )
        elif isinstance(block, PageBreak):
            story.append(RLPageBreak())
    return story


def _numbered_canvas(header: str, page_template: str):
    """A canvas that knows the page count at save time, for 第 X 页 / 共 Y 页 and the running header."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            # start pages in an embedded font: the default Helvetica would add a non-embedded font
            kwargs["initialFontName"] = kwargs.get("initialFontName") or PDF_LATIN
            kwargs["initialFontSize"] = kwargs.get("initialFontSize") or 10
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            page = self._pageNumber
            self.saveState()
            self.setFillColor(colors.HexColor("#444444"))
            if page > 1:  # no header on the cover
                draw_mixed(self, PAGE_W / 2, PAGE_H - 1.4 * cm, header, 8.5, align="center")
                self.setStrokeColor(colors.HexColor("#999999"))
                self.setLineWidth(0.4)
                self.line(MARGIN_X, PAGE_H - 1.6 * cm, PAGE_W - MARGIN_X, PAGE_H - 1.6 * cm)
            draw_mixed(self, PAGE_W / 2, 1.2 * cm, page_template.format(page=page, pages=total), 8.5, align="center")
            self.restoreState()

    return NumberedCanvas


def render_pdf(ctx: ReportContext, charts: dict[str, bytes] | None = None, *, ascii85: bool = False) -> bytes:
    """The report as PDF bytes. ``charts`` defaults to drawing them now.

    Streams are only Flate-compressed: reportlab's default ASCII85 layer runs in pure Python here (no
    rl_accel) and took about half of the build time; ``ascii85=True`` restores it (the bench baseline).
    """
    from reportlab import rl_config

    register_pdf_fonts()
    rl_config.useA85 = 1 if ascii85 else 0
    if charts is None:
        charts = all_charts(ctx)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=ctx.title,
        author=ctx.organizer or "",
        subject=ctx.tr("report.running_header", project=ctx.project.get("name") or ""),
        lang="zh-CN" if ctx.lang == "zh" else "en",
        initialFontName=PDF_LATIN,
    )
    header = ctx.tr("report.running_header", project=ctx.project.get("name") or "")
    template = ctx.tr("report.page", page="{page}", pages="{pages}")
    doc.build(_flowables(ctx, charts), canvasmaker=_numbered_canvas(header, template))
    return buf.getvalue()


def write_pdf(ctx: ReportContext, path: str | Path, charts: dict[str, bytes] | None = None) -> Path:
    path = Path(path)
    path.write_bytes(render_pdf(ctx, charts))
    return path
