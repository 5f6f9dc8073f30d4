"""The annual 稳评成效 document on the demo database: its figures, Word and PDF, and the command."""

from __future__ import annotations

import io
import zipfile

from riskmodel.cli import main as cli
from riskmodel.reports.annual import build_blocks, render_docx, render_pdf
from riskmodel.services.backtest_annual import annual_summary
from riskmodel.store.db import Store
from tests.commands.test_outcomes import demo_template, url  # noqa: F401 — the demo database fixtures


def _summary(url_):
    store = Store(url_)
    try:
        return annual_summary(store, 2026)
    finally:
        store.dispose()


def test_the_year_counts_verdicts_prevented_projects_and_outcomes_against_forecasts(url):  # noqa: F811
    view = _summary(url)
    assert sum(view.by_verdict.values()) == len(view.concluded) >= 8
    assert all(c.signed_on.year == 2026 for c in view.concluded)
    for verdict, count in view.prevented.items():
        assert count == sum(1 for c in view.concluded if c.verdict == verdict)
    compared = {row.project_code: row.comparison for row in view.tracked}
    assert compared["DEMO-01"] == "better" and compared["DEMO-02"] == "worse" and compared["DEMO-05"] == "as_forecast"
    assert compared["DEMO-12"] == "running"
    assert len(view.cases) >= 5 and view.brier is not None


def test_the_document_states_the_few_cases_and_the_limits(url):  # noqa: F811
    text = "\n".join(b.text for b in build_blocks(_summary(url), "zh"))
    assert "2026年度社会稳定风险评估工作成效报告" in text
    assert "少于 10 项" in text and "防范化解措施" in text
    assert "Brier" in "\n".join(b.text for b in build_blocks(_summary(url), "en"))


def test_word_names_office_fonts_and_the_pdf_embeds_its_fonts(url):  # noqa: F811
    view = _summary(url)
    with zipfile.ZipFile(io.BytesIO(render_docx(view))) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="仿宋"' in xml and 'w:eastAsia="黑体"' in xml and "防范化解成效" in xml
    pdf = render_pdf(view)
    assert pdf.startswith(b"%PDF") and b"FontFile2" in pdf and b"STSong" not in pdf


def test_annual_command_writes_word_and_pdf(url, tmp_path, capsys):  # noqa: F811
    for fmt in ("docx", "pdf"):
        target = tmp_path / f"annual.{fmt}"
        assert cli(["--db", url, "annual", "--year", "2026", "--format", fmt, "-o", str(target)]) == 0
        assert target.stat().st_size > 5000
    assert str(tmp_path) in capsys.readouterr().out
