"""The table block of the evidence chapters: ``kind="record"`` (records as entered, not a before/after
phase table, so the outline's phase-label rule does not apply)."""

from __future__ import annotations

from riskmodel.reports.outline import Table


def record_table(
    caption: str, headers: list[str], rows: list[list[str]], widths: list[float], note: str | None = None
) -> Table:
    return Table(caption, headers, rows, widths, note=note, kind="record")
