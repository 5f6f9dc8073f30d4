"""Reading a feed export as hostile input, through ``riskmodel.tabular``.

Feeds are larger than the forms the rest of the tool reads (a city's 12345 hotline logs a million work
orders a year), so CSV files get their own, larger caps (``FEED_MAX_FILE_BYTES``, ``FEED_MAX_ROWS``;
environment ``RISKMODEL_FEEDS_MAX_MB`` / ``RISKMODEL_FEEDS_MAX_ROWS``) while everything else is
``tabular``'s: encoding detection (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 — a superset
of GBK, what Excel writes on Chinese Windows), the delimiter guess, refused control characters and the
cell-length cap, the refusal of old ``.xls`` files. XLSX files go through ``tabular.read_rows`` unchanged
(its zip-bomb and size checks included; a bigger export is saved as CSV).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from typing import Any

from riskmodel import tabular
from riskmodel.errors import ValidationError
from riskmodel.store.guard import BAD_CHARS

FEED_MAX_FILE_BYTES = int(os.environ.get("RISKMODEL_FEEDS_MAX_MB", "1024")) * 1024 * 1024
FEED_MAX_ROWS = int(os.environ.get("RISKMODEL_FEEDS_MAX_ROWS", "5000000"))


def _locate(text: str, pos: int) -> tuple[int, int]:
    """(line, column) of a character position (1-based), for messages."""
    line = text.count("\n", 0, pos) + 1
    start = text.rfind("\n", 0, pos) + 1
    column = text.count(",", start, pos) + 1
    return line, column


def iter_rows(data: bytes, name: str) -> Iterator[list[Any]]:
    """Every row of a feed export (header first), checked like ``tabular.read_rows``."""
    if len(data) > FEED_MAX_FILE_BYTES:
        raise ValidationError(
            "security.files.too_large",
            file=name,
            mb=round(len(data) / 2**20, 1),
            max_mb=FEED_MAX_FILE_BYTES // 2**20,
        )
    if data[:8] == tabular._OLE or name.lower().endswith(".xls"):
        raise ValidationError("security.files.xls", file=name)
    if tabular.is_xlsx(data, name):
        yield from tabular.read_rows(data, name)
        return
    text = tabular.decode_text(data, name)
    bad = BAD_CHARS.search(text)  # one pass over the whole text instead of a search per cell
    if bad is not None:
        line, column = _locate(text, bad.start())
        raise ValidationError(
            "security.files.control_char", file=name, row=line, column=column, char=f"U+{ord(bad.group()):04X}"
        )
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = ";" if ";" in first_line else ("\t" if "\t" in first_line else ",")
    old_limit = csv.field_size_limit()
    csv.field_size_limit(tabular.MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, raw in enumerate(reader, start=1):
            if number > FEED_MAX_ROWS + 1:
                raise ValidationError("security.files.too_many_rows", file=name, max=FEED_MAX_ROWS)
            if len(raw) > tabular.MAX_COLUMNS:
                raise ValidationError("security.files.too_many_columns", file=name, row=number, max=tabular.MAX_COLUMNS)
            yield raw
    except csv.Error as exc:
        line = reader.line_num or number + 1
        if "field larger than field limit" in str(exc):
            raise ValidationError(
                "security.files.cell_too_long", file=name, row=line, column="?", max=tabular.MAX_CELL_CHARS
            ) from None
        raise ValidationError("security.files.bad_csv", file=name, row=line, reason=str(exc)) from None
    finally:
        csv.field_size_limit(old_limit)


def count_lines(data: bytes) -> int:
    """A quick upper bound of the data rows (for progress bars): line breaks minus the header."""
    return max(data.count(b"\n") - 1 + (0 if data.endswith(b"\n") else 1), 0)
