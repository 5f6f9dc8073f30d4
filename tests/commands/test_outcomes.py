"""The 后评估 command line on the demo database: outcomes, outcomes add, backtest (keys are contracts)."""

from __future__ import annotations

import json
import shutil

import pytest

from riskmodel.cli import main as cli
from riskmodel.model.backtest import brier
from riskmodel.services.assessments import get_result
from riskmodel.store.db import Store, forget_stores


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    from riskmodel.services import demo

    path = tmp_path_factory.mktemp("outcomes-demo") / "demo.db"
    store = Store(f"sqlite:///{path}")
    try:
        demo.seed_demo(store, with_networks=False)
    finally:
        store.dispose()
        forget_stores()
    return path


@pytest.fixture
def url(demo_template, tmp_path):
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_template, target)
    yield f"sqlite:///{target}"
    forget_stores()


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def _id_of(url: str, code: str) -> int:
    from riskmodel.services.assessments import list_assessments
    from riskmodel.services.context import Actor

    store = Store(url)
    try:
        return next(a.id for a in list_assessments(store, Actor.system()) if a.project_code == code)
    finally:
        store.dispose()


def test_outcomes_json_has_the_contract_keys(url, capsys):
    aid = _id_of(url, "DEMO-02")
    assert cli(["--db", url, "outcomes", "--assessment", str(aid), "--json"]) == 0
    out = _json(capsys)
    assert {"realised_level", "rule", "incidents", "records"} <= set(out)
    assert out["realised_level"] == "中" and "130" in out["rule"]
    assert {i["kind"] for i in out["incidents"]} == {"负面舆情", "集体上访", "诉讼复议"}
    assert set(out["records"]) >= {"records", "repeat", "signals"}


def test_outcomes_add_enters_an_incident_as_the_system_user_and_moves_the_level(url, capsys):
    aid = _id_of(url, "DEMO-05")
    args = ["--db", url, "outcomes", "add", "--assessment", str(aid), "--kind", "群体性事件"]
    assert cli([*args, "--date", "2026-04-01", "--people", "260", "--note", "广场聚集"]) == 0
    assert "高" in capsys.readouterr().out
    assert cli(["--db", url, "outcomes", "--assessment", str(aid), "--json"]) == 0
    out = _json(capsys)
    assert out["realised_level"] == "高" and any(i["note"] == "广场聚集" for i in out["incidents"])
    from riskmodel.services.audit import list_audit
    from riskmodel.services.context import Actor

    store = Store(url)
    entry = next(e for e in list_audit(store, Actor.system()) if e.action == "outcome.incident")
    store.dispose()
    assert entry.actor == "system" and entry.details["people"] == 260


def test_outcomes_add_refuses_bad_input_with_one_line(url, capsys):
    aid = str(_id_of(url, "DEMO-05"))
    base = ["--db", url, "outcomes", "add", "--assessment", aid, "--kind", "集体上访", "--date"]
    with pytest.raises(SystemExit) as e:
        cli([*base, "2026-04-01", "--people", "-3"])
    assert e.value.code == 2
    assert cli([*base, "2026-02-30", "--people", "3"]) == 1
    err = capsys.readouterr().err
    assert "2026-02-30" in err and "Traceback" not in err
    rejected = str(_id_of(url, "DEMO-03"))  # 不予实施
    assert cli(["--db", url, "outcomes", "add", "--assessment", rejected, "--kind", "集体上访",
                "--date", "2026-04-01", "--people", "3"]) == 1  # fmt: skip


def test_backtest_json_agrees_with_the_stored_results_assessment_by_assessment(url, capsys):
    assert cli(["--db", url, "backtest", "--json"]) == 0
    out = _json(capsys)
    assert {"assessments", "brier", "per_assessment", "confusion", "reliability", "by_expert"} <= set(out)
    assert out["assessments"] == len(out["per_assessment"]) >= 5
    store = Store(url)
    try:
        for case in out["per_assessment"]:
            assert {"assessment", "predicted", "realised_level", "brier"} <= set(case)
            stored = get_result(store, case["assessment"]).result.residual_level_probabilities
            assert case["predicted"] == stored and set(case["predicted"]) == {"低", "中", "高"}
            assert case["brier"] == pytest.approx(brier(stored, case["realised_level"]))
    finally:
        store.dispose()
    n = out["assessments"]
    assert out["brier"] == pytest.approx(sum(c["brier"] for c in out["per_assessment"]) / n)
    levels = {c["realised_level"] for c in out["per_assessment"]}
    assert levels == {"低", "中"}
    assert out["by_expert"] and all({"expert", "n", "brier", "hit_rate"} <= set(e) for e in out["by_expert"])


def test_backtest_filters_by_questionnaire(url, capsys):
    assert cli(["--db", url, "backtest", "--questionnaire", "ndrc-investment", "--json"]) == 0
    out = _json(capsys)
    assert [c["questionnaire"] for c in out["per_assessment"]] == ["ndrc-investment"] * out["assessments"]


def test_outcomes_without_an_assessment_is_a_usage_error(url, capsys):
    assert cli(["--db", url, "outcomes"]) == 2
    assert "--assessment" in capsys.readouterr().err
