"""The report's typefaces (GB/T 9704 styles): 仿宋 body, 黑体 title and first-level headings, 楷体
second-level headings; Word names the fonts, the PDF embeds openly licensed ones.

Bundled TrueType fonts (``fonts/``; licences in ``fonts/LICENSE-*.txt``, built by
``tools/build_report_fonts.py``):

- ``RMFang.ttf`` 仿宋 — FandolFang Regular (GPL-3.0 + font exception), subset to GB 2312 level 1 and the
  catalogs, converted from CFF to TrueType outlines (reportlab embeds TrueType only);
- ``RMKai.ttf`` 楷体 — AR PL UKai CN (Arphic Public License), subset to the catalogs' characters;
- ``DroidSansFallbackFull.ttf`` 黑体 style and the fallback for any CJK character the others lack
  (Apache-2.0); ``DejaVuSans*.ttf`` for Latin text, digits and symbols in English reports and for
  what the CJK fonts lack (Bitstream Vera licence).

A text is split into runs by the first font of a style's chain that has each character, so a rare
character in a user's project name still prints (in the fallback) and the PDF embeds subsets only —
never a non-embedded CID font such as STSong-Light, which shows empty boxes elsewhere.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FANG_FONT_FILE = FONT_DIR / "RMFang.ttf"
KAI_FONT_FILE = FONT_DIR / "RMKai.ttf"
CJK_FONT_FILE = FONT_DIR / "DroidSansFallbackFull.ttf"
LATIN_FONT_FILE = FONT_DIR / "DejaVuSans.ttf"
LATIN_BOLD_FONT_FILE = FONT_DIR / "DejaVuSans-Bold.ttf"

# reportlab names of the registered fonts
PDF_FANG = "RMFandolFang"
PDF_KAI = "RMARPLUKai"
PDF_CJK = "RMDroidSansFallback"  # 黑体 style and fallback
PDF_HEI = PDF_CJK
PDF_LATIN = "RMDejaVuSans"
PDF_LATIN_BOLD = "RMDejaVuSans-Bold"
_FILES = {
    PDF_FANG: FANG_FONT_FILE,
    PDF_KAI: KAI_FONT_FILE,
    PDF_CJK: CJK_FONT_FILE,
    PDF_LATIN: LATIN_FONT_FILE,
    PDF_LATIN_BOLD: LATIN_BOLD_FONT_FILE,
}

# what Word should use (docx does not embed fonts): the names Chinese Windows, WPS and LibreOffice know
DOCX_FANG = "仿宋"
DOCX_HEI = "黑体"
DOCX_KAI = "楷体"
DOCX_EAST_ASIA = DOCX_FANG
DOCX_EAST_ASIA_HEADING = DOCX_HEI
DOCX_LATIN = "Times New Roman"

# Chinese type sizes (字号) in points
TYPE_SIZES = {"二号": 22.0, "小二": 18.0, "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0, "五号": 10.5}

# font chains per role and language: the first font that has a character prints it
_CHAINS: dict[tuple[str, str], tuple[str, ...]] = {
    ("body", "zh"): (PDF_FANG, PDF_LATIN, PDF_CJK),
    ("kai", "zh"): (PDF_KAI, PDF_FANG, PDF_LATIN, PDF_CJK),
    ("hei", "zh"): (PDF_CJK, PDF_LATIN_BOLD),
    ("body", "en"): (PDF_LATIN, PDF_FANG, PDF_CJK),
    ("kai", "en"): (PDF_LATIN_BOLD, PDF_KAI, PDF_FANG, PDF_CJK),
    ("hei", "en"): (PDF_LATIN_BOLD, PDF_CJK),
}


def chain(role: str, lang: str) -> tuple[str, ...]:
    return _CHAINS[(role, "zh" if lang == "zh" else "en")]


@lru_cache(maxsize=1)
def register_pdf_fonts() -> None:
    """Register the TrueType fonts with reportlab once per process (parsing takes ~0.3 s)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    # the plain face last: reportlab maps a font name back to (family, bold, italic) by the last entry
    for bold, italic, name in ((1, 1, PDF_LATIN_BOLD), (0, 1, PDF_LATIN), (1, 0, PDF_LATIN_BOLD), (0, 0, PDF_LATIN)):
        addMapping(PDF_LATIN, bold, italic, name)
    for face in (PDF_CJK, PDF_FANG, PDF_KAI):
        for bold, italic in ((1, 1), (0, 1), (1, 0), (0, 0)):
            addMapping(face, bold, italic, face)


@lru_cache(maxsize=8)
def _cmap(font: str) -> frozenset[int]:
    register_pdf_fonts()
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def font_runs(text: str, fonts: tuple[str, ...]) -> list[tuple[str, str]]:
    """Split text into (font, chunk) runs: each character in the first font of ``fonts`` that has it."""
    maps = [(f, _cmap(f)) for f in fonts]
    runs: list[tuple[str, str]] = []
    for ch in text:
        code = ord(ch)
        font = fonts[0] if ch in "\n\t " else next((f for f, m in maps if code in m), fonts[-1])
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def split_runs(text: str) -> list[tuple[bool, str]]:
    """(is_cjk, chunk) runs: characters DejaVu Sans lacks are CJK (used to choose the wrapping rule)."""
    latin = _cmap(PDF_LATIN)
    runs: list[tuple[bool, str]] = []
    for ch in text:
        cjk = ord(ch) not in latin and ch not in "\n\t"
        if runs and runs[-1][0] == cjk:
            runs[-1] = (cjk, runs[-1][1] + ch)
        else:
            runs.append((cjk, ch))
    return runs


def pdf_markup(text: str, fonts: tuple[str, ...] = (PDF_LATIN, PDF_CJK)) -> str:
    """Escape ``text`` for a reportlab Paragraph, each run in its font (the style's font is ``fonts[0]``)."""
    out = []
    for font, chunk in font_runs(text, fonts):
        chunk = escape(chunk, quote=False).replace("\n", "<br/>")
        out.append(chunk if font == fonts[0] else f'<font face="{font}">{chunk}</font>')
    return "".join(out)


def text_width(text: str, fonts: tuple[str, ...], size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(chunk, font, size) for font, chunk in font_runs(text, fonts))


def draw_mixed(
    canvas: Any, x: float, y: float, text: str, size: float, align: str = "left", fonts: tuple[str, ...] | None = None
) -> float:
    """Draw one line on a reportlab canvas, switching fonts per run (headers, footers, marks); its width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = font_runs(text, fonts or (PDF_LATIN, PDF_CJK))
    width = sum(stringWidth(chunk, font, size) for font, chunk in runs)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for font, chunk in runs:
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += stringWidth(chunk, font, size)
    return width


@lru_cache(maxsize=1)
def matplotlib_families() -> list[str]:
    """Register the fonts with matplotlib; return the family fallback chain (Latin first)."""
    from matplotlib import font_manager

    names = []
    for path in (LATIN_FONT_FILE, LATIN_BOLD_FONT_FILE, CJK_FONT_FILE):
        font_manager.fontManager.addfont(str(path))
    for path in (LATIN_FONT_FILE, CJK_FONT_FILE):
        name = font_manager.FontProperties(fname=str(path)).get_name()
        if name not in names:
            names.append(name)
    return names


# --- line breaking (PDF) -----------------------------------------------------------------------------
NO_LINE_START = set("，。、；：？！）》〉」』】〕］｝”’％‰…·．,.;:?!)]%")  # closing punctuation
NO_LINE_END = set("（《〈「『【〔［｛“‘([")  # opening punctuation


def _tokens(text: str) -> list[str]:
    """Units a line may not split: a Latin/number run (``3.16``, ``CV=0.32``, ``word``), one CJK character;
    closing punctuation sticks to the unit before it, opening punctuation to the unit after it."""
    units: list[str] = []
    for ch in text:
        latin = ord(ch) < 0x2E80 and not ch.isspace() and ch not in NO_LINE_START and ch not in NO_LINE_END
        if ch.isspace():
            units.append(ch)
        elif (
            units
            and ch in NO_LINE_START
            and not units[-1].isspace()
            or units
            and latin
            and units[-1]
            and _is_latin_unit(units[-1])
        ):
            units[-1] += ch
        else:
            units.append(ch)
    out: list[str] = []
    for unit in units:  # opening punctuation joins the next unit
        if out and out[-1] and out[-1][-1] in NO_LINE_END and not unit.isspace():
            out[-1] += unit
        else:
            out.append(unit)
    return out


def _is_latin_unit(unit: str) -> bool:
    core = unit.rstrip("".join(NO_LINE_START)).lstrip("".join(NO_LINE_END))
    return bool(core) and all(ord(c) < 0x2E80 and not c.isspace() for c in core)


def break_lines(text: str, fonts: tuple[str, ...], size: float, width: float, first_indent: float = 0.0) -> list[str]:
    """Greedy lines of at most ``width`` points: never inside a Latin word or number, never before closing
    or after opening punctuation (a unit wider than a line is cut by characters)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths: dict[str, float] = {}

    def measure(unit: str) -> float:
        w = widths.get(unit)
        if w is None:
            w = widths[unit] = sum(stringWidth(chunk, font, size) for font, chunk in font_runs(unit, fonts))
        return w

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        avail = width - (first_indent if not lines else 0.0)
        for unit in _tokens(paragraph):
            w = measure(unit)
            if line and used + w > avail:  # the unit starts the next line
                lines.append(line.rstrip())
                line, used, avail = "", 0.0, width
            if not line and unit.isspace():
                continue
            if w <= avail - used:
                line += unit
                used += w
                continue
            for ch in unit:  # longer than a whole line: cut it by characters
                cw = measure(ch)
                if line and used + cw > avail:
                    carry = ""
                    if ch in NO_LINE_START and len(line) > 1:  # closing punctuation takes a character along
                        line, carry = line[:-1], line[-1]
                    lines.append(line)
                    line, used, avail = carry, measure(carry) if carry else 0.0, width
                line += ch
                used += cw
        lines.append(line.rstrip())
    return lines
