"""Page geometry and column widths shared by the Word and PDF reports (GB/T 9704 as offices use it).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (text block 156 × 225 mm); body 仿宋 in the
size the standard sets (三号 by default). Table columns: a column marked ``nowrap`` (序号, codes, numbers)
and every column's longest header word get at least their natural width, so 序号 never wraps and no
English header breaks mid-word; the rest of the width is shared by the relative widths.
"""

from __future__ import annotations

import re

from riskmodel.reports.typeface import TYPE_SIZES, chain, text_width

MM = 72 / 25.4  # points per millimetre
PAGE_W_MM, PAGE_H_MM = 210.0, 297.0
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37.0, 35.0, 28.0, 26.0
TEXT_W_MM = PAGE_W_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
TABLE_PT = TYPE_SIZES["五号"]  # table text
NOTE_PT = TYPE_SIZES["小四"]
CELL_PAD_PT = 7.0  # left + right padding of a table cell (6 pt) and 1 pt to spare
_WORD = re.compile(r"[A-Za-z0-9%().,;:/'’\-–]+")


def body_size(size_name: str, lang: str) -> float:
    """The body size in points; English text is set one step smaller (its glyphs are wider)."""
    size = TYPE_SIZES.get(size_name, TYPE_SIZES["三号"])
    return size if lang == "zh" else round(size * 0.75, 1)


def _minimum_widths(
    headers: list[str], rows: list[list[str]], nowrap: tuple[int, ...], lang: str, size: float
) -> list[float]:
    body, head = chain("body", lang), chain("hei", lang)
    minimum = []
    for j, header in enumerate(headers):
        cells = [r[j] for r in rows if j < len(r)]
        # a Latin word never breaks: the longest word of the header and of every cell fits
        need = max([text_width(w, head, size) for w in _WORD.findall(header)] or [size * 2])
        need = max([need] + [text_width(w, body, size) for c in cells for w in _WORD.findall(c)])
        if j in nowrap:  # the whole header when it is one word (序号, No.), and every cell on one line
            if " " not in header.strip():
                need = max(need, text_width(header, head, size))
            need = max([need] + [text_width(c, body, size) for c in cells])
        minimum.append(need + CELL_PAD_PT)
    return minimum


def table_size(headers: list[str], rows: list[list[str]], nowrap: tuple[int, ...], total_pt: float, lang: str) -> float:
    """The table's type size: 五号, or a little smaller when the words that must not break need it."""
    for size in (TABLE_PT, 9.5, 9.0, 8.5, 8.0):
        if sum(_minimum_widths(headers, rows, nowrap, lang, size)) <= total_pt:
            return size
    return 8.0


def column_widths(
    headers: list[str],
    rows: list[list[str]],
    weights: list[float],
    nowrap: tuple[int, ...],
    total_pt: float,
    lang: str,
    size: float = TABLE_PT,
) -> list[float]:
    """Column widths in points that fill ``total_pt``: natural widths first, the rest by ``weights``."""
    minimum = _minimum_widths(headers, rows, nowrap, lang, size)
    if sum(minimum) >= total_pt:  # even the unbreakable words do not fit: shrink them all alike
        scale = total_pt / sum(minimum)
        return [m * scale for m in minimum]
    fixed: set[int] = set()
    while True:  # share the width by weight; a column below its minimum gets the minimum, the rest re-share
        rest = total_pt - sum(minimum[j] for j in fixed)
        free = [j for j in range(len(weights)) if j not in fixed]
        share = sum(weights[j] for j in free) or 1.0
        widths = {j: rest * weights[j] / share for j in free}
        short = [j for j, w in widths.items() if w < minimum[j]]
        if not short:
            break
        fixed.update(short)
    return [minimum[j] if j in fixed else widths[j] for j in range(len(weights))]
