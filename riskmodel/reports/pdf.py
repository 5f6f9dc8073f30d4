"""The assessment report as PDF (reportlab platypus), from the same outline blocks as the Word file.

Layout (GB/T 9704 as offices use it for reports, see ``layout.py``): A4, margins 37/35/28/26 mm, body
仿宋 三号 (the standard may set 小三 or 四号), title and first-level headings 黑体, second-level headings
楷体; headings are kept with what follows; tables repeat their header row and split between rows, with
序号 and short codes sized not to wrap.

Fonts: bundled TrueType subsets embedded as FontFile2 (``typeface.py``), so the PDF renders on a machine
with no Chinese font; never a CID font such as STSong-Light. Line breaking is done here, not by
reportlab (whose CJK wrap splits numbers such as "1.|8" and lets "，" start a line after a Latin run):
``typeface.break_lines`` fills each line greedily with units that never split — a Latin word or number,
one CJK character, closing punctuation with what precedes it, opening punctuation with what follows —
and the Paragraph only sets the lines it is given.

目录: a printed contents page whose page numbers are drawn when the document is saved (every page is
kept until then for 第 X 页 / 共 Y 页 anyway), so one build suffices; every heading is also a PDF bookmark
(outline), shown when the file opens.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
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
from riskmodel.reports.layout import (
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    NOTE_PT,
    TABLE_PT,
    body_size,
    column_widths,
    table_size,
)
from riskmodel.reports.outline import (
    Block,
    Contents,
    Heading,
    Image,
    PageBreak,
    Para,
    Signature,
    Table,
    Title,
    build_outline,
)
from riskmodel.reports.typeface import (
    NO_LINE_START,
    PDF_FANG,
    PDF_LATIN,
    TYPE_SIZES,
    break_lines,
    chain,
    draw_mixed,
    pdf_markup,
    register_pdf_fonts,
    text_width,
)

CLOSING = "".join(sorted(NO_LINE_START))  # no line starts with these (typeface.break_lines)

PAGE_W, PAGE_H = A4
MARGIN_TOP, MARGIN_BOTTOM = MARGIN_TOP_MM * mm, MARGIN_BOTTOM_MM * mm
MARGIN_LEFT, MARGIN_RIGHT = MARGIN_LEFT_MM * mm, MARGIN_RIGHT_MM * mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
FRAME_W = TEXT_W - 12  # platypus frames pad 6 pt on each side
HEADER_FILL = colors.HexColor("#E7E6E6")
DEMO_RED = colors.Color(0.8, 0.1, 0.1)


@dataclass
class _Registry:
    """What the flowables learn while drawing and the canvas needs when it saves: heading pages and
    where each contents line sits."""

    pages: dict[str, int] = field(default_factory=dict)
    toc: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # key → (page, y, text end x)
    # bookmarks are made when the page is really emitted (at save): (key, level, title, page, y)
    marks: list[tuple[str, int, str, int, float]] = field(default_factory=list)


def _styles(ctx: ReportContext) -> dict[str, ParagraphStyle]:
    lang = ctx.lang
    size = body_size(ctx.questionnaire.report.body_size, lang)
    leading = round(size * 1.8, 1)
    zh = lang == "zh"
    body_font, hei, kai = chain("body", lang)[0], chain("hei", lang)[0], chain("kai", lang)[0]
    base = ParagraphStyle(
        "body",
        fontName=body_font,
        fontSize=size,
        leading=leading,
        wordWrap="CJK",  # breaks CJK anywhere (not before closing punctuation), keeps Latin words whole
        spaceAfter=0,
        firstLineIndent=2 * size if zh else 0,
        alignment=TA_LEFT,
    )
    long_title = len(ctx.title) > (20 if zh else 60)
    title = (TYPE_SIZES["小二"] if long_title else TYPE_SIZES["二号"]) if zh else 20
    return {
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=hei,
            fontSize=title,
            leading=title * 1.5,
            alignment=TA_CENTER,
            firstLineIndent=0,
        ),
        "subtitle": ParagraphStyle(
            "subtitle",
            parent=base,
            fontSize=NOTE_PT + 2,
            leading=(NOTE_PT + 2) * 1.9,
            alignment=TA_CENTER,
            firstLineIndent=0,
        ),
        "mark": ParagraphStyle(
            "mark",
            parent=base,
            fontName=hei,
            fontSize=size * 1.5,
            leading=size * 2.4,
            alignment=TA_CENTER,
            firstLineIndent=0,
            textColor=DEMO_RED,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=hei,
            spaceBefore=leading * 0.4,
            firstLineIndent=0 if not zh else 0,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle("h2", parent=base, fontName=kai, firstLineIndent=2 * size if zh else 0, keepWithNext=1),
        "body": base,
        "note": ParagraphStyle(
            "note",
            parent=base,
            fontSize=NOTE_PT,
            leading=NOTE_PT * 1.6,
            textColor=colors.HexColor("#333333"),
            firstLineIndent=0,
            spaceBefore=2,
            spaceAfter=2,
        ),
        "caption": ParagraphStyle(
            "caption",
            parent=base,
            fontName=hei,
            fontSize=NOTE_PT,
            leading=NOTE_PT * 1.5,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "figcaption": ParagraphStyle(
            "figcaption",
            parent=base,
            fontSize=NOTE_PT,
            leading=NOTE_PT * 1.5,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceAfter=6,
        ),
        "cell": ParagraphStyle(
            "cell",
            parent=base,
            fontSize=TABLE_PT,
            leading=TABLE_PT * 1.4,
            firstLineIndent=0,
            spaceAfter=0,
        ),
        "head": ParagraphStyle(
            "head",
            parent=base,
            fontName=hei,
            fontSize=TABLE_PT,
            leading=TABLE_PT * 1.4,
            firstLineIndent=0,
            spaceAfter=0,
            alignment=TA_CENTER,
        ),
        "toc1": ParagraphStyle("toc1", parent=base, fontName=hei, fontSize=NOTE_PT + 2, leading=(NOTE_PT + 2) * 1.7),
        "toc2": ParagraphStyle("toc2", parent=base, fontSize=NOTE_PT + 2, leading=(NOTE_PT + 2) * 1.7),
        "sign": ParagraphStyle("sign", parent=base, leading=leading, alignment=TA_RIGHT, firstLineIndent=0),
    }


_ROLE = {"title": "hei", "mark": "hei", "h1": "hei", "caption": "hei", "head": "hei", "toc1": "hei", "h2": "kai"}
_LATIN_STYLES: dict[int, ParagraphStyle] = {}


def _p(text: str, style: ParagraphStyle, lang: str, width: float = FRAME_W) -> Paragraph:
    """A Paragraph broken into lines here (``typeface.break_lines``: no Latin word or number split, no line
    starting with closing punctuation), so reportlab only sets the lines; ``width`` is the text width."""
    fonts = chain(_ROLE.get(style.name, "body"), lang)
    lines = break_lines(text, fonts, style.fontSize, width - 0.5, style.firstLineIndent)
    markup = "<br/>".join(pdf_markup(line, fonts) for line in lines)
    latin = _LATIN_STYLES.get(id(style))
    if latin is None or latin.parent is not style:  # never re-wrapped by reportlab: lines already fit
        latin = _LATIN_STYLES[id(style)] = ParagraphStyle(
            style.name + "-set", parent=style, wordWrap=None, splitLongWords=0
        )
    return Paragraph(markup, latin)


class _HeadingPara(Paragraph):
    """A heading that is also a bookmark, and tells the contents page where it landed."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int, registry: _Registry) -> None:
        super().__init__(text, style)
        self._rm = (key, level, registry)

    def draw(self) -> None:
        key, level, registry = self._rm
        canvas = self.canv
        page = canvas.getPageNumber()
        _x, y = canvas.absolutePosition(0, self.height)
        registry.pages[key] = page
        registry.marks.append((key, level, self._rm_title, page, y))
        super().draw()


class _TocLine(Flowable):
    """One line of the printed 目录; its page number is drawn by the canvas at save time."""

    def __init__(self, text: str, level: int, key: str, registry: _Registry, style: ParagraphStyle, lang: str):
        super().__init__()
        self.text, self.level, self.key, self.registry, self.style, self.lang = text, level, key, registry, style, lang
        self.fonts = chain("hei" if level == 0 else "body", lang)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.style.leading

    def draw(self) -> None:
        indent = 0 if self.level == 0 else 2 * self.style.fontSize
        y = (self.style.leading - self.style.fontSize) / 2 + 2
        width = draw_mixed(self.canv, indent, y, self.text, self.style.fontSize, fonts=self.fonts)
        x, ay = self.canv.absolutePosition(indent + width, y)
        self.registry.toc[self.key] = (self.canv.getPageNumber(), ay, x)


def _table(block: Table, st: dict[str, ParagraphStyle], lang: str) -> list[Any]:
    size = table_size(block.headers, block.rows, block.nowrap, TEXT_W, lang)
    widths = column_widths(block.headers, block.rows, block.widths, block.nowrap, TEXT_W, lang, size)
    head, cell = st["head"], st["cell"]
    if size != head.fontSize:
        head = ParagraphStyle(head.name, parent=head, fontSize=size, leading=size * 1.4)
        cell = ParagraphStyle(cell.name, parent=cell, fontSize=size, leading=size * 1.4)
    inner = [w - 6 for w in widths]  # cell padding 3 + 3
    data = [[_p(h, head, lang, w) for h, w in zip(block.headers, inner)]]
    data += [[_p(c, cell, lang, w) for c, w in zip(row, inner)] for row in block.rows]
    table = RLTable(data, colWidths=widths, repeatRows=1, splitByRow=1, hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), PDF_FANG),  # the cell default; else Helvetica (not embedded) slips in
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    out: list[Any] = [_p(block.caption, st["caption"], lang), table]  # the caption keeps with its table
    if block.note:
        out.append(_p(block.note, st["note"], lang))
    out.append(Spacer(1, 6))
    return out


def _image(block: Image, st: dict[str, ParagraphStyle], lang: str) -> list[Any]:
    reader = ImageReader(io.BytesIO(block.png))
    w_px, h_px = reader.getSize()
    width = min(block.width_cm * cm, TEXT_W)
    height = width * h_px / w_px
    max_h = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - 3 * cm
    if height > max_h:
        width, height = width * max_h / height, max_h
    img = RLImage(io.BytesIO(block.png), width=width, height=height)
    return [KeepTogether([img, _p(block.caption, st["figcaption"], lang)])]


def _flowables(ctx: ReportContext, blocks: list[Block], registry: _Registry) -> list[Any]:
    st = _styles(ctx)
    lang = ctx.lang
    headings = [(f"h{n}", b) for n, b in enumerate(blocks) if isinstance(b, Heading)]
    keys = {id(b): key for key, b in headings}
    story: list[Any] = []
    for block in blocks:
        if isinstance(block, Title):
            story += [Spacer(1, 4 * cm), _p(block.text, st["title"], lang), Spacer(1, 1.5 * cm)]
            story += [_p(line, st["subtitle"], lang) for line in block.subtitle_lines]
            if block.mark:
                story += [Spacer(1, 1 * cm), _p(block.mark, st["mark"], lang)]
            story.append(RLPageBreak())
        elif isinstance(block, Contents):
            story.append(_heading(block.title, st["h1"], "contents", 0, registry, lang, centered=True))
            for key, h in headings:
                style = st["toc1"] if h.level == 1 else st["toc2"]
                story.append(_TocLine(h.text, h.level - 1, key, registry, style, lang))
            story.append(RLPageBreak())
        elif isinstance(block, Heading):
            style = st["h1" if block.level == 1 else "h2"]
            story.append(_heading(block.text, style, keys[id(block)], block.level - 1, registry, lang))
        elif isinstance(block, Para):
            story.append(_p(block.text, st["note" if block.style == "note" else "body"], lang))
        elif isinstance(block, Table):
            story += _table(block, st, lang)
        elif isinstance(block, Image):
            story += _image(block, st, lang)
        elif isinstance(block, Signature):
            sep = "：" if lang == "zh" else ": "
            blank = "＿＿＿＿＿＿＿＿" if lang == "zh" else "________________"
            story.append(
                KeepTogether(
                    [Spacer(1, 1 * cm)]
                    + [_p(f"{label}{sep}{value or blank}", st["sign"], lang) for label, value in block.lines]
                )
            )
        elif isinstance(block, PageBreak):
            story.append(RLPageBreak())
    return story


def _heading(
    text: str, style: ParagraphStyle, key: str, level: int, registry: _Registry, lang: str, centered: bool = False
) -> _HeadingPara:
    if centered:
        style = ParagraphStyle(style.name, parent=style, alignment=TA_CENTER)
    para = _HeadingPara(pdf_markup(text, chain(_ROLE.get(style.name, "body"), lang)), style, key, level, registry)
    para._rm_title = text
    return para


def _numbered_canvas(header: str, page_template: str, registry: _Registry, mark: str | None, lang: str) -> type:
    """A canvas that knows the page count at save time: 第 X 页 / 共 Y 页, the running header, the
    contents page's numbers and the 演示数据 mark on every page."""
    body = chain("body", lang)

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # start pages in an embedded font: the default Helvetica would add a non-embedded font
            kwargs["initialFontName"] = kwargs.get("initialFontName") or PDF_LATIN
            kwargs["initialFontSize"] = kwargs.get("initialFontSize") or 10
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            self.showOutline()
            for state in self._saved:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            page = self._pageNumber
            self.saveState()
            if mark:
                self._watermark(mark)
            self.setFillColor(colors.HexColor("#444444"))
            if page > 1:  # no header on the cover
                text = f"【{mark}】{header}" if mark and lang == "zh" else f"[{mark}] {header}" if mark else header
                draw_mixed(self, PAGE_W / 2, PAGE_H - 22 * mm, text, 9, align="center", fonts=body)
                self.setStrokeColor(colors.HexColor("#999999"))
                self.setLineWidth(0.4)
                self.line(MARGIN_LEFT, PAGE_H - 24 * mm, PAGE_W - MARGIN_RIGHT, PAGE_H - 24 * mm)
            footer = page_template.format(page=page, pages=total)
            draw_mixed(self, PAGE_W / 2, MARGIN_BOTTOM - 14 * mm, footer, 10.5, align="center", fonts=body)
            for key, level, title, mark_page, y in registry.marks:
                if mark_page == page:
                    self.bookmarkHorizontal(key, 0, y)
                    self.addOutlineEntry(title, key, level=level, closed=False)
            self.setFillColor(colors.black)
            for key, (toc_page, y, x_end) in registry.toc.items():
                if toc_page != page or key not in registry.pages:
                    continue
                number = str(registry.pages[key])
                right = PAGE_W - MARGIN_RIGHT
                width = draw_mixed(self, right, y, number, 12, align="right", fonts=body)
                self.setDash(1, 3)
                self.setLineWidth(0.6)
                self.line(x_end + 4, y + 2, right - width - 4, y + 2)
                self.setDash()
            self.restoreState()

        def _watermark(self, text: str) -> None:
            self.saveState()
            self.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.12))
            self.translate(PAGE_W / 2, PAGE_H / 2)
            self.rotate(35)
            size = 96 if lang == "zh" else 72
            draw_mixed(self, 0, -size / 3, text, size, align="center", fonts=chain("hei", lang))
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
    blocks = build_outline(ctx, charts)
    mark = next((b.mark for b in blocks if isinstance(b, Title)), None)
    registry = _Registry()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
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
    doc.build(
        _flowables(ctx, blocks, registry),
        canvasmaker=_numbered_canvas(header, template, registry, mark, ctx.lang),
    )
    return buf.getvalue()


def write_pdf(ctx: ReportContext, path: str | Path, charts: dict[str, bytes] | None = None) -> Path:
    path = Path(path)
    path.write_bytes(render_pdf(ctx, charts))
    return path


__all__ = ["CLOSING", "render_pdf", "text_width", "write_pdf"]
