"""``export`` and ``export-portfolio`` — the verdict leaves the tool as a document or a table.

python -m riskmodel export --assessment 3 --format pdf -o report.pdf [--lang en]
python -m riskmodel export --file case.yaml -o report.docx          # no database
python -m riskmodel export-portfolio -o portfolio.xlsx --from 2025-01-01 --to 2025-01-31
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from riskmodel.errors import ValidationError
from riskmodel.i18n import default_language, t

EXPORT_FORMATS = ("docx", "pdf", "xlsx", "json", "csv")
PORTFOLIO_FORMATS = ("xlsx", "csv")


def register(subparsers: argparse._SubParsersAction) -> None:
    from riskmodel.reports.csv_export import TABLES

    p = subparsers.add_parser("export", help=t("report.export.help"), description=t("report.export.help"))
    src = p.add_mutually_exclusive_group()
    src.add_argument("--assessment", type=int, metavar="ID", help=t("report.export.assessment_help"))
    src.add_argument("--file", metavar="FILE", help=t("report.export.file_help"))
    p.add_argument("--format", choices=EXPORT_FORMATS, default=None, help=t("report.export.format_help"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=t("report.export.output_help"))
    p.add_argument("--lang", choices=["zh", "en"], default=None, help=t("report.export.lang_help"))
    p.add_argument(
        "--table", choices=TABLES, default="ratings", help=t("report.export.table_help") + ": " + ", ".join(TABLES)
    )
    p.set_defaults(func=run_export)

    pp = subparsers.add_parser(
        "export-portfolio", help=t("report.export.portfolio_help"), description=t("report.export.portfolio_help")
    )
    pp.add_argument("-o", "--output", required=True, metavar="FILE", help=t("report.export.output_help"))
    pp.add_argument("--format", choices=PORTFOLIO_FORMATS, default=None, help=t("report.export.format_help"))
    pp.add_argument("--from", dest="date_from", metavar="DATE", default=None, help=t("report.export.from_help"))
    pp.add_argument("--to", dest="date_to", metavar="DATE", default=None, help=t("report.export.to_help"))
    pp.add_argument("--lang", choices=["zh", "en"], default=None, help=t("report.export.lang_help"))
    pp.add_argument("--all-assessments", action="store_true", help=t("report.export.all_help"))
    pp.set_defaults(func=run_export_portfolio)


def _format(explicit: str | None, output: str, allowed: tuple[str, ...]) -> str:
    fmt = explicit or Path(output).suffix.lower().lstrip(".")
    if fmt not in allowed:
        raise ValidationError("report.export.bad_format", value=fmt or output, known=", ".join(allowed))
    return fmt


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError("report.export.bad_date", value=value) from None


def run_export(args: argparse.Namespace) -> int:
    from riskmodel.reports import export_bytes
    from riskmodel.reports.context import context_from_file
    from riskmodel.reports.dbsource import context_from_db

    if bool(args.assessment) == bool(args.file):
        raise ValidationError("report.export.need_source")
    fmt = _format(args.format, args.output, EXPORT_FORMATS)
    lang = args.lang or default_language()
    ctx = context_from_file(args.file, lang=lang) if args.file else context_from_db(args.db, args.assessment, lang=lang)
    data = export_bytes(ctx, fmt, table=args.table)
    Path(args.output).write_bytes(data)
    print(t("report.export.written", lang, file=args.output, size=len(data)))
    return 0


def run_export_portfolio(args: argparse.Namespace) -> int:
    from riskmodel.reports.csv_export import render_portfolio_csv
    from riskmodel.reports.xlsx import render_portfolio_xlsx
    from riskmodel.services.portfolio import PortfolioFilter, portfolio
    from riskmodel.services.register_export import with_coverage
    from riskmodel.store.db import get_store

    fmt = _format(args.format, args.output, PORTFOLIO_FORMATS)
    lang = args.lang or default_language()
    date_from, date_to = _date(args.date_from), _date(args.date_to)
    rows = portfolio(
        get_store(args.db), PortfolioFilter(date_from=date_from, date_to=date_to, latest_only=not args.all_assessments)
    )
    render = render_portfolio_xlsx if fmt == "xlsx" else render_portfolio_csv
    data = render(rows, lang, date_from=date_from, date_to=date_to)
    data = with_coverage(data, get_store(args.db), lang) if fmt == "xlsx" else data  # 应评尽评 sheet (issue 11)
    Path(args.output).write_bytes(data)
    print(t("report.export.written", lang, file=args.output, size=len(data)))
    return 0
