"""CSV versions of the spreadsheet tables (UTF-8 with BOM, so Excel and WPS open Chinese correctly).

A CSV holds one table: for an assessment choose it by name (ratings, aggregates, dimensions, table1,
measures, survey, panel, network, summary); the portfolio CSV is the leader's table. Text is
neutralised exactly as in the xlsx (leading apostrophe for = + - @ tab CR); numbers are written as
numbers.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from riskmodel.errors import ValidationError
from riskmodel.reports.context import ReportContext
from riskmodel.reports.safe import csv_cell
from riskmodel.reports.xlsx import Sheet, assessment_sheets, portfolio_sheets

TABLES = ("ratings", "aggregates", "dimensions", "table1", "measures", "survey", "panel", "network", "summary")


def sheet_csv(sheet: Sheet) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in sheet.headers])
    for row in sheet.rows:
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def render_assessment_csv(ctx: ReportContext, table: str = "ratings") -> bytes:
    for sheet in assessment_sheets(ctx):
        if sheet.key == table:
            return sheet_csv(sheet)
    raise ValidationError("report.export.bad_table", value=table, known=", ".join(TABLES))


def render_portfolio_csv(
    rows: list[dict[str, Any]], lang: str = "zh", *, date_from: date | None = None, date_to: date | None = None
) -> bytes:
    return sheet_csv(portfolio_sheets(rows, lang, date_from=date_from, date_to=date_to)[0])
