"""Verdict exports: the assessment report (Word, PDF), spreadsheets (xlsx, CSV) and the JSON bundle.

Everything is built from a ``ReportContext`` (``context.py``), made from the database through the
services (``context_from_db``) or from an assessment file/bundle plus ``assess`` (``context_from_file``).

    ctx = context_from_file("case.yaml", lang="zh")
    render_docx(ctx); render_pdf(ctx); render_xlsx(ctx); write_bundle(ctx)
"""

from riskmodel.reports.context import ReportContext, context_from_file, context_from_input
from riskmodel.reports.dbsource import context_from_db

__all__ = ["ReportContext", "context_from_db", "context_from_file", "context_from_input", "export_bytes", "FORMATS"]

FORMATS = ("docx", "pdf", "xlsx", "json", "csv")


def export_bytes(
    ctx: ReportContext, fmt: str, *, charts: dict[str, bytes] | None = None, table: str = "ratings"
) -> bytes:
    """One export of a context as bytes: docx, pdf, xlsx, json (bundle) or csv (one table)."""
    if fmt == "docx":
        from riskmodel.reports.docx import render_docx

        return render_docx(ctx, charts)
    if fmt == "pdf":
        from riskmodel.reports.pdf import render_pdf

        return render_pdf(ctx, charts)
    if fmt == "xlsx":
        from riskmodel.reports.xlsx import render_xlsx

        return render_xlsx(ctx)
    if fmt == "json":
        from riskmodel.reports.bundle import write_bundle

        return write_bundle(ctx)
    if fmt == "csv":
        from riskmodel.reports.csv_export import render_assessment_csv

        return render_assessment_csv(ctx, table)
    from riskmodel.errors import ValidationError

    raise ValidationError("report.export.bad_format", value=fmt, known=", ".join(FORMATS))
