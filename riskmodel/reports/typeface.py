"""The bundled fonts: Droid Sans Fallback (CJK) and DejaVu Sans (Latin, digits, symbols).

Why two: Droid Sans Fallback has no Latin letters or digits, DejaVu Sans has no Chinese. PDFs embed
subsets of both (never a non-embedded CID font such as STSong-Light, which shows empty boxes on a
machine without Chinese fonts); charts use them as a matplotlib fallback chain. Licences are in
``fonts/LICENSE-*.txt``.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
CJK_FONT_FILE = FONT_DIR / "DroidSansFallbackFull.ttf"
LATIN_FONT_FILE = FONT_DIR / "DejaVuSans.ttf"
LATIN_BOLD_FONT_FILE = FONT_DIR / "DejaVuSans-Bold.ttf"

# reportlab names of the registered fonts
PDF_CJK = "RMDroidSansFallback"
PDF_LATIN = "RMDejaVuSans"
PDF_LATIN_BOLD = "RMDejaVuSans-Bold"

# what Word should use (docx does not embed fonts; these exist on Chinese Windows/WPS)
DOCX_EAST_ASIA = "宋体"
DOCX_EAST_ASIA_HEADING = "黑体"
DOCX_LATIN = "Times New Roman"


@lru_cache(maxsize=1)
def register_pdf_fonts() -> None:
    """Register the TrueType fonts with reportlab once per process (parsing takes ~0.2 s)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(PDF_CJK, str(CJK_FONT_FILE)))
    pdfmetrics.registerFont(TTFont(PDF_LATIN, str(LATIN_FONT_FILE)))
    pdfmetrics.registerFont(TTFont(PDF_LATIN_BOLD, str(LATIN_BOLD_FONT_FILE)))
    # the plain face last: reportlab maps a font name back to (family, bold, italic) by the last entry
    for bold, italic, name in ((1, 1, PDF_LATIN_BOLD), (0, 1, PDF_LATIN), (1, 0, PDF_LATIN_BOLD), (0, 0, PDF_LATIN)):
        addMapping(PDF_LATIN, bold, italic, name)
    for bold, italic in ((1, 1), (0, 1), (1, 0), (0, 0)):
        addMapping(PDF_CJK, bold, italic, PDF_CJK)


@lru_cache(maxsize=1)
def _latin_cmap() -> frozenset[int]:
    register_pdf_fonts()
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(PDF_LATIN).face.charToGlyph)


def split_runs(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_cjk, chunk) runs: characters DejaVu lacks go to the CJK font."""
    latin = _latin_cmap()
    runs: list[tuple[bool, str]] = []
    for ch in text:
        cjk = ord(ch) not in latin and ch not in "\n\t"
        if runs and runs[-1][0] == cjk:
            runs[-1] = (cjk, runs[-1][1] + ch)
        else:
            runs.append((cjk, ch))
    return runs


def pdf_markup(text: str) -> str:
    """Escape ``text`` for a reportlab Paragraph and wrap CJK runs in the CJK font."""
    out = []
    for cjk, chunk in split_runs(text):
        chunk = escape(chunk, quote=False).replace("\n", "<br/>")
        out.append(f'<font face="{PDF_CJK}">{chunk}</font>' if cjk else chunk)
    return "".join(out)


def draw_mixed(canvas, x: float, y: float, text: str, size: float, align: str = "left") -> None:
    """Draw one line on a reportlab canvas, switching fonts per run (headers and footers)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = [(PDF_CJK if cjk else PDF_LATIN, chunk) for cjk, chunk in split_runs(text)]
    width = sum(stringWidth(chunk, font, size) for font, chunk in runs)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for font, chunk in runs:
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += stringWidth(chunk, font, size)


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
