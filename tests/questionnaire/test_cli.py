"""`check-questionnaire` and `questionnaires` through the real CLI entry point."""

from __future__ import annotations

import json

import pytest

from riskmodel.cli import main
from riskmodel.questionnaire import QUESTIONNAIRE_DIR

from .conftest import MINIMAL, edit, line_of

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize("name", ["four-dimension", "four-properties", "ndrc-investment"])
def test_check_builtin_valid(capsys, name):
    path = QUESTIONNAIRE_DIR / f"{name}.yaml"
    assert main(["check-questionnaire", str(path)]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) == 1 and err == ""
    assert lines[0].startswith(f"{path}: valid")
    assert f"({name} version 1)" in lines[0]


def test_check_summary_in_chinese(capsys, monkeypatch):
    monkeypatch.setenv("RISKMODEL_LANG", "zh")
    assert main(["check-questionnaire", str(QUESTIONNAIRE_DIR / "four-dimension.yaml")]) == 0
    out = capsys.readouterr().out
    assert "有效" in out and "24 个指标" in out and "专家打分" in out


def test_check_lang_option(capsys, monkeypatch):
    monkeypatch.setenv("RISKMODEL_LANG", "en")
    assert main(["check-questionnaire", "--lang", "zh", str(QUESTIONNAIRE_DIR / "four-properties.yaml")]) == 0
    assert "风险概率 × 影响程度" in capsys.readouterr().out


def test_check_broken_file(tmp_path, capsys):
    path = tmp_path / "broken.yaml"
    text = edit(MINIMAL, "name: {zh: 指标五, en: Indicator five}", "name: {zh: 指标五}")
    path.write_text(text, encoding="utf-8")
    assert main(["check-questionnaire", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert str(path) in err
    line = line_of(text, "name: {zh: 指标五}")
    assert f"dimensions[1].indicators[2].name.en (line {line}): required field en is missing" in err
    assert not err.startswith("Error")  # our own message, not the generic CLI prefix


def test_check_yaml_syntax_error(tmp_path, capsys):
    path = tmp_path / "syntax.yaml"
    path.write_text("id: x\nname: {zh: a, en: b\nversion: 1\n", encoding="utf-8")
    assert main(["check-questionnaire", str(path)]) == 1
    err = capsys.readouterr().err
    assert "YAML (line 3)" in err


def test_check_missing_file(tmp_path, capsys):
    assert main(["check-questionnaire", str(tmp_path / "nope.yaml")]) == 1
    err = capsys.readouterr().err
    assert "nope.yaml" in err and "file" in err


def test_check_several_files(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(edit(MINIMAL, "area: 媒体舆论导向", "area: 舆情"), encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    assert main(["check-questionnaire", str(good), str(bad)]) == 1
    out, err = capsys.readouterr()
    assert "good.yaml: valid" in out and "bad.yaml" in err and "bad.yaml" not in out
    assert main(["check-questionnaire", str(good), str(good)]) == 0


def test_check_needs_a_file(capsys):
    with pytest.raises(SystemExit) as info:
        main(["check-questionnaire"])
    assert info.value.code == 2


def test_list_text(capsys):
    assert main(["questionnaires"]) == 0
    out = capsys.readouterr().out
    for qid, _n in [("four-dimension", 24), ("four-properties", 23), ("ndrc-investment", 23)]:
        assert f"{qid} (version 1)" in out
    assert "rating: expert score; 4 dimensions, 24 indicators" in out
    assert "source: " in out and "standard: " in out


def test_list_json(capsys):
    assert main(["questionnaires", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_id = {item["id"]: item for item in data}
    assert {"four-dimension", "four-properties", "ndrc-investment"} <= set(by_id)
    fd = by_id["four-dimension"]
    assert fd["version"] == 1 and fd["key"] == "four-dimension@1"
    assert fd["method"] == "score" and fd["indicators"] == 24
    assert [d["id"] for d in fd["dimensions"]] == ["PRO", "LEG", "PUB", "STB"]
    assert fd["name"]["zh"] and fd["name"]["en"] and fd["source"]["zh"] and fd["standard"]["en"]
    assert by_id["four-properties"]["method"] == "probability_impact"
