"""``export`` from an assessment file or bundle (no database) and the CLI's error handling."""

from __future__ import annotations

import io
import json

import docx
import pytest
import yaml
from openpyxl import load_workbook
from pypdf import PdfReader

from riskmodel.cli import main
from riskmodel.engine import assess
from riskmodel.reports.bundle import load_bundle
from tests.reports.fixtures import score_assessment


@pytest.fixture(scope="module")
def case_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("case") / "case.yaml"
    path.write_text(yaml.safe_dump(score_assessment(draws=50), allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx", "json", "csv"])
def test_export_from_file(fmt, case_file, tmp_path, capsys):
    out = tmp_path / f"report.{fmt}"
    assert main(["export", "--file", str(case_file), "-o", str(out)]) == 0
    data = out.read_bytes()
    assert data
    if fmt == "docx":
        assert docx.Document(io.BytesIO(data)).paragraphs[0].text.endswith("社会稳定风险评估报告")
    elif fmt == "pdf":
        assert "社会稳定风险评估报告" in PdfReader(io.BytesIO(data)).pages[0].extract_text().replace(" ", "").replace(
            "\n", ""
        )
    elif fmt == "xlsx":
        assert "专家评分" in load_workbook(io.BytesIO(data)).sheetnames
    elif fmt == "json":
        inp, q = load_bundle(out)
        assert assess(inp, q).to_dict() == json.loads(data)["result"]
    assert "已导出" in capsys.readouterr().out


def test_export_from_bundle_in_english(case_file, tmp_path):
    bundle = tmp_path / "b.json"
    assert main(["export", "--file", str(case_file), "--format", "json", "-o", str(bundle)]) == 0
    out = tmp_path / "en.docx"
    assert main(["export", "--file", str(bundle), "--lang", "en", "-o", str(out)]) == 0
    heads = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert heads[:2] == ["Preparation note", "1. Basic information"] and heads[-1] == "Annexes"


def test_errors_are_messages_not_tracebacks(case_file, tmp_path, capsys):
    assert main(["export", "--file", str(case_file), "-o", str(tmp_path / "x.txt")]) == 1
    assert "txt" in capsys.readouterr().err
    assert main(["export", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "--assessment" in capsys.readouterr().err
    db = "sqlite:///" + str(tmp_path / "empty.db")
    assert main(["--db", db, "export-portfolio", "-o", str(tmp_path / "p.xlsx"), "--from", "2025-13-01"]) == 1
    assert "2025-13-01" in capsys.readouterr().err
