"""``python -m riskmodel assess FILE`` on the shipped examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from riskmodel import safe_yaml
from riskmodel.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def run_json(capsys, *args) -> dict:
    assert main(["assess", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_examples_print_the_contract_keys_and_end_in_different_levels(capsys):
    levels = set()
    for name in ("waste-to-energy.yaml", "land-acquisition.yaml"):
        out = run_json(capsys, str(EXAMPLES / name), "--draws", "500")
        for key in ("level", "residual_level", "verdict", "index", "level_probabilities", "indicators"):
            assert key in out
        assert set(out["level_probabilities"]) == {"低", "中", "高"}
        assert sum(out["level_probabilities"].values()) == pytest.approx(1.0)
        assert out["level"] in {"低", "中", "高"} and out["verdict"] in {
            "不予实施",
            "暂缓实施",
            "调整方案后实施",
            "实施",
        }
        levels.add((out["level"], out["verdict"]))
    assert len(levels) == 2


def test_same_seed_same_json(capsys):
    path = str(EXAMPLES / "waste-to-energy.yaml")
    assert run_json(capsys, path, "--draws", "300", "--seed", "5") == run_json(
        capsys, path, "--draws", "300", "--seed", "5"
    )


def test_readable_summary_in_chinese_and_english(capsys):
    path = str(EXAMPLES / "land-acquisition.yaml")
    assert main(["assess", path, "--draws", "0"]) == 0
    assert "风险等级" in capsys.readouterr().out
    assert main(["assess", path, "--draws", "0", "--lang", "en"]) == 0
    assert "Risk level" in capsys.readouterr().out


def test_bad_file_exits_1_with_a_message(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("project: {name: x}\nquestionnaire: four-dimension\nexperts: []\n", encoding="utf-8")
    assert main(["assess", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "experts" in err
    assert main(["assess", str(tmp_path / "missing.yaml")]) == 1


def test_assess_on_an_export_bundle_reproduces_the_stored_result(tmp_path, capsys):
    bundle = tmp_path / "bundle.json"
    assert (
        main(["export", "--file", str(EXAMPLES / "waste-to-energy.yaml"), "--format", "json", "-o", str(bundle)]) == 0
    )
    capsys.readouterr()
    stored = json.loads(bundle.read_text(encoding="utf-8"))["result"]
    assert run_json(capsys, str(bundle)) == stored


def test_json_carries_the_keys_of_issue_9(capsys):
    out = run_json(capsys, str(EXAMPLES / "waste-to-energy.yaml"), "--draws", "200")
    assert out["residual_level_drivers"] == ["index", "survey", "group_event"]
    assert out["complete"] is True and out["missing_indicators"] == []
    assert out["uncertainty_basis"] == "panel+weights"
    assert 0 <= out["index_100"] <= 100 and out["index_scale"]["unit"] == "score"
    assert out["main_factors"][0] == "PUB-06" and out["main_factor_rule"]["min_level"] == "中"
    assert out["mobilisation"]["source"] == "network_simulation" and out["mobilisation"]["divergent"] is True
    assert out["group_event"]["source"] == "panel" and out["residual_evidence"]["survey"] == "pre_measure"


def test_the_summary_states_the_crowd_figure_the_simulation_and_the_main_factor_rule(capsys):
    assert main(["assess", str(EXAMPLES / "waste-to-energy.yaml"), "--draws", "100", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Crowd figure of the level rule (panel's estimate): 150 people" in out
    assert "evidence, sets no level" in out and "2.8-fold" in out
    assert "Main risk factors (rule:" in out and "panel resampled" in out


def test_an_incomplete_file_is_assessed_and_says_so(tmp_path, capsys):
    data = safe_yaml.load_file(EXAMPLES / "land-acquisition.yaml")
    data["ratings"] = [r for r in data["ratings"] if r["indicator"] != "CTL-07"]
    path = tmp_path / "incomplete.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = run_json(capsys, str(path), "--draws", "0")
    assert out["complete"] is False and out["missing_indicators"] == ["CTL-07"] and out["level_provisional"] is True
    assert main(["assess", str(path), "--draws", "0"]) == 0
    assert "评估不完整" in capsys.readouterr().out


def test_implausible_survey_counts_in_the_file_exit_1_naming_the_field(tmp_path, capsys):
    data = safe_yaml.load_file(EXAMPLES / "land-acquisition.yaml")
    data["survey"]["respondents_direct"] = 5000
    path = tmp_path / "survey.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["assess", str(path)]) == 1
    err = capsys.readouterr().err
    assert "survey.respondents_direct" in err and "5000" in err and "Traceback" not in err
