"""The register's coverage in the portfolio export (issue 11): a sheet 应评尽评 with, per year, the totals
and the figures by department and by region — the same numbers as ``coverage --year``.

``coverage_sheet`` builds the sheet (the report area's ``Sheet``); ``with_coverage`` adds it to a portfolio
workbook already rendered (the one call in ``commands/reports.py``), cells written through the report
area's formula-safe ``set_cell``.
"""

from __future__ import annotations

import io
from copy import copy
from typing import Any

from riskmodel.i18n import t
from riskmodel.services import register
from riskmodel.services.register_coverage import coverage
from riskmodel.services.views.register import CoverageRow
from riskmodel.store.db import Store

DECISION_ORDER = ("不予实施", "暂缓实施", "调整方案后实施", "实施")


def _row(scope: str, row: CoverageRow, year: int) -> list[Any]:
    return [
        year,
        scope,
        row.name,
        row.required,
        row.assessed,
        row.filed,
        row.decided_without_assessment,
        row.decision_departs,
        row.coverage_rate,
        row.filing_rate,
        *[row.decisions.get(d, 0) for d in DECISION_ORDER],
    ]


def coverage_rows(store: Store, lang: str) -> tuple[list[str], list[list[Any]]]:
    headers = [
        t(f"register.export.col.{k}", lang)
        for k in (
            "year",
            "scope",
            "name",
            "required",
            "assessed",
            "filed",
            "without",
            "departs",
            "coverage_rate",
            "filing_rate",
            "rejected",
            "postponed",
            "adjusted",
            "implemented",
        )
    ]
    rows: list[list[Any]] = []
    for year in register.years(store):
        cov = coverage(store, year)
        rows.append(_row(t("register.export.scope.total", lang), cov.total, year))
        rows += [_row(t("register.export.scope.department", lang), r, year) for r in cov.by_department]
        rows += [_row(t("register.export.scope.region", lang), r, year) for r in cov.by_region]
    return headers, rows


def coverage_sheet(store: Store, lang: str = "zh"):  # -> riskmodel.reports.xlsx.Sheet
    from riskmodel.reports.xlsx import Sheet

    headers, rows = coverage_rows(store, lang)
    return Sheet(
        "coverage",
        t("register.export.sheet", lang),
        headers,
        rows,
        {8: "0.0%", 9: "0.0%"},
        [8, 10, 24, 8, 8, 8, 10, 10, 12, 10, 8, 8, 8, 8],
    )


def with_coverage(data: bytes, store: Store, lang: str = "zh") -> bytes:
    """The portfolio workbook ``data`` with the 应评尽评 sheet added (unchanged when the register is empty)."""
    from openpyxl import load_workbook

    from riskmodel.reports.xlsx import workbook_bytes

    sheet = coverage_sheet(store, lang)
    if not sheet.rows:
        return data
    extra = load_workbook(io.BytesIO(workbook_bytes([sheet])))
    book = load_workbook(io.BytesIO(data))
    target = book.create_sheet(extra.worksheets[0].title)
    for row in extra.worksheets[0].iter_rows():
        for cell in row:
            new = target.cell(row=cell.row, column=cell.column, value=cell.value)
            if cell.has_style:
                new.font, new.fill, new.number_format = copy(cell.font), copy(cell.fill), cell.number_format
                new.alignment, new.protection = copy(cell.alignment), copy(cell.protection)
    for key, dim in extra.worksheets[0].column_dimensions.items():
        target.column_dimensions[key].width = dim.width
    target.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
