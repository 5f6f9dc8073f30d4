"""Formula-injection neutralisation for spreadsheet and CSV exports (CWE-1236).

Text typed by users (comments, measures, project names) must never become a formula: a text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe,
which Excel, LibreOffice and WPS show as plain text. Numbers stay numbers: only ``str`` values are
touched, so ``-2`` (int) is written as a number and ``"-2"`` (text) as the text ``'-2``. In xlsx the
cell is also an explicit string cell (``data_type 's'``) with the quotePrefix style.
"""

from __future__ import annotations

from typing import Any

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES)


def neutralise(value: Any) -> Any:
    """The value to write: dangerous text gets a leading apostrophe, everything else is unchanged."""
    if is_dangerous(value):
        return "'" + value
    return value


def csv_cell(value: Any) -> Any:
    """A CSV field: None → '', booleans and numbers unchanged, dangerous text neutralised."""
    if value is None:
        return ""
    return neutralise(value)


def set_cell(cell, value: Any) -> None:
    """Write ``value`` into an openpyxl cell so that text can never be evaluated as a formula.

    openpyxl turns any string starting with '=' into a formula cell; here every ``str`` is forced
    to a string cell, and dangerous ones also get the apostrophe and ``quotePrefix``.
    """
    if value is None:
        cell.value = None
        return
    if isinstance(value, str):
        text = neutralise(value)
        cell.value = text
        cell.data_type = "s"
        if text is not value:
            cell.quotePrefix = True
        return
    cell.value = value
