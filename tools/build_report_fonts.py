"""Build the bundled PDF fonts of the report (GB/T 9704 styles) from Debian packages.

    apt-get download texlive-lang-chinese fonts-arphic-ukai && for d in *.deb; do dpkg-deb -x "$d" x; done
    pip install fonttools==4.68.0            # a build-time tool only, not a requirement of the app
    python tools/build_report_fonts.py x/    # writes riskmodel/reports/fonts/RM*.ttf

Why: reportlab embeds TrueType (glyf) fonts only, and the Fandol fonts are CFF OpenType, so they are
converted to quadratic TrueType outlines (cu2qu, max error 1 unit of 1000). Each font is subset to the
GB 2312 level-1 characters (3,755 hanzi and the symbol rows), ASCII and every character of the message
catalogs and built-in questionnaires, without hinting and layout tables, which keeps the repository
small; a character outside the subset (a rare name in user data) falls back to Droid Sans Fallback.

- 仿宋 (body): FandolFang-Regular (GPL-3.0 with the GPL font exception, Fandol team), GB 2312 level 1;
- 楷体 (second-level headings): AR PL UKai (ukai.ttc face 0 "AR PL UKai CN"; Arphic Public License),
  the catalogs' characters;
- 黑体 (title, first-level headings, table heads) is the bundled Droid Sans Fallback, a 黑体-style face.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "riskmodel" / "reports" / "fonts"
# output: (file in the unpacked packages, face of a collection, characters: "body" or "headings")
SOURCES = {
    "RMFang.ttf": ("usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf", None, "body"),
    "RMKai.ttf": ("usr/share/fonts/truetype/arphic/ukai.ttc", 0, "headings"),
}
EXTRA = "“”‘’—–…·•×÷±≤≥≠≈√°℃‰§№→←↑↓χ²³¹αβγδλμσΣ①②③④⑤⑥⑦⑧⑨⑩〔〕【】《》〈〉「」『』（）［］｛｝、。，；：？！＿～　"


def charset(kind: str) -> set[int]:
    """``body``: GB 2312 level 1 (the 3,755 common hanzi) and its symbol rows plus the catalogs — user data
    is printed in the body font; ``headings``: the catalogs only (headings are fixed text)."""
    chars: set[int] = set(range(0x20, 0x7F))
    rows = [*range(0xA1, 0xAA), *range(0xB0, 0xD8)] if kind == "body" else []
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                chars.update(ord(c) for c in bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for path in [*ROOT.glob("riskmodel/i18n/*/*.yaml"), *ROOT.glob("questionnaires/*.yaml")]:
        chars.update(ord(c) for c in path.read_text(encoding="utf-8") if ord(c) >= 0x80)
    chars.update(ord(c) for c in EXTRA)
    return chars


def to_truetype(font: TTFont) -> None:
    """CFF outlines → quadratic glyf outlines, in place (the fontTools otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["maxp"] = maxp
    font["post"].formatType = 3.0
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    font.sfntVersion = "\000\001\000\000"
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0


def build(src_root: Path) -> None:
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "fpgm", "prep", "cvt "]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    options.notdef_outline = True
    for out, (rel, index, kind) in SOURCES.items():
        unicodes = charset(kind)
        path = src_root / rel
        font = TTCollection(str(path)).fonts[index] if index is not None else TTFont(str(path))
        sub = subset.Subsetter(options)
        sub.populate(unicodes=unicodes)
        sub.subset(font)
        if "CFF " in font:
            to_truetype(font)
        font.save(str(OUT / out))
        print(f"{out}: {(OUT / out).stat().st_size / 1e6:.2f} MB, {len(font.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    build(Path(sys.argv[1]))
