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
CELL_PAD_PT = 6.0  # left + right padding of a table cell
_WORD = re.compile(r"[A-Za-z0-9%().,;:/'’\-–]+")


def body_size(size_name: str, lang: str) -> float:
    """The body size in points; English text is set one step smaller (its glyphs are wider)."""
    size = TYPE_SIZES.get(size_name, TYPE_SIZES["三号"])
    return size if lang == "zh" else round(size * 0.75, 1)


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
    body, head = chain("body", lang), chain("hei", lang)
    minimum = []
    for j, header in enumerate(headers):
        words = _WORD.findall(header) or [header[:4]]
        need = max(text_width(w, head, size) for w in words) + CELL_PAD_PT
        if j in nowrap:  # the whole header when it is one word (序号, No.), and every cell on one line
            cells = [r[j] for r in rows if j < len(r)]
            if " " not in header.strip():
                need = max(need, text_width(header, head, size) + CELL_PAD_PT)
            need = max([need] + [text_width(c, body, size) + CELL_PAD_PT for c in cells])
        minimum.append(need)
    share = sum(weights) or 1.0
    widths = [total_pt * w / share for w in weights]
    for _ in range(len(widths)):  # raise the narrow ones to their minimum, take it from the others
        short = [j for j, w in enumerate(widths) if w < minimum[j] - 0.01]
        if not short:
            break
        for j in short:
            widths[j] = minimum[j]
        fixed = {j for j, w in enumerate(widths) if w <= minimum[j] + 0.01}
        free = [j for j in range(len(widths)) if j not in fixed]
        rest = total_pt - sum(widths[j] for j in fixed)
        if not free or rest <= 0:
            break
        free_share = sum(weights[j] for j in free) or 1.0
        for j in free:
            widths[j] = max(rest * weights[j] / free_share, minimum[j])
    scale = total_pt / sum(widths)
    return [w * scale for w in widths] if scale < 1 else widths
