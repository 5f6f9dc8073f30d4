"""The JSON bundle: ``assess`` on its input and questionnaire reproduces the stored result exactly."""

from __future__ import annotations

import json

import pytest

from riskmodel.engine import assess
from riskmodel.errors import ValidationError
from riskmodel.reports.bundle import FORMAT, bundle_dict, is_bundle, load_bundle, load_bundle_data, write_bundle
from riskmodel.reports.context import context_from_file


@pytest.mark.parametrize("which", ["score_ctx", "pi_ctx"])
def test_round_trip_reproduces_the_result(which, request, tmp_path):
    ctx = request.getfixturevalue(which)
    path = tmp_path / "bundle.json"
    write_bundle(ctx, path)
    assert is_bundle(path)
    inp, q = load_bundle(path)
    stored = json.loads(path.read_text(encoding="utf-8"))["result"]
    assert assess(inp, q).to_dict() == stored


def test_bundle_content(score_ctx):
    data = bundle_dict(score_ctx)
    assert data["format"] == FORMAT and data["format_version"] == 1
    q = data["questionnaire"]
    assert q["id"] == "four-dimension" and q["text"].startswith("#") and len(q["sha256"]) == 64
    assert [e["id"] for e in data["input"]["experts"]] == ["A", "B", "C", "D", "E"]  # anonymised
    assert "zhang.san" not in json.dumps(data, ensure_ascii=False)
    assert data["input"]["uncertainty"]["draws"] == data["result"]["uncertainty"]["draws"]
    assert data["report"]["measures"][0]["factor"] == "PRO-03"


def test_tampered_questionnaire_is_refused(score_ctx, tmp_path):
    data = bundle_dict(score_ctx)
    data["questionnaire"]["text"] = data["questionnaire"]["text"].replace("medium: 2.5", "medium: 2.0")
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_bundle(path)
    assert err.value.key == "report.bundle.sha_mismatch"


def test_not_a_bundle(tmp_path):
    yaml_file = tmp_path / "case.yaml"
    yaml_file.write_text("project: {name: x}\n", encoding="utf-8")
    assert not is_bundle(yaml_file)
    other = tmp_path / "other.json"
    other.write_text('{"format": "something"}', encoding="utf-8")
    assert not is_bundle(other)
    with pytest.raises(ValidationError) as err:
        load_bundle_data(other)
    assert err.value.key == "report.bundle.not_bundle"
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ValidationError):
        load_bundle(broken)


def test_report_from_a_bundle_uses_the_stored_result(score_ctx, tmp_path):
    path = tmp_path / "bundle.json"
    write_bundle(score_ctx, path)
    ctx = context_from_file(path, lang="en")
    assert ctx.result == score_ctx.result
    assert ctx.lang == "en" and ctx.project["name"] == score_ctx.project["name"]
    assert [m["measure"] for m in ctx.measures] == [m["measure"] for m in score_ctx.measures]
