"""The store's command line on a small database (python -m riskmodel --db URL COMMAND)."""

from __future__ import annotations

import json

from riskmodel.cli import main as cli
from riskmodel.services import assessments, surveys
from riskmodel.store.migrate import head_revision
from tests.store.conftest import make_setup

SAMPLES = __import__("riskmodel.store.db", fromlist=["REPO_ROOT"]).REPO_ROOT / "data/demo/samples"


def test_init_db_creates_the_database(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'sub' / 'new.db'}"
    assert cli(["--db", url, "init-db"]) == 0
    assert (tmp_path / "sub" / "new.db").exists()
    assert head_revision() in capsys.readouterr().out


def test_rounds_and_import_ratings(store, capsys):
    setup = make_setup(store)
    url, aid = store.url, str(setup.assessment_id)
    assert (
        cli(
            [
                "--db",
                url,
                "import-ratings",
                "--assessment",
                aid,
                "--expert",
                "ex1",
                str(SAMPLES / "ratings-four-dimension.csv"),
            ]
        )
        == 1
    )  # no open round yet
    assert "草稿" in capsys.readouterr().err  # the message names the state the assessment is in
    assert cli(["--db", url, "rounds", "open", "--assessment", aid]) == 0
    assert (
        cli(
            [
                "--db",
                url,
                "import-ratings",
                "--assessment",
                aid,
                "--expert",
                "ex1",
                str(SAMPLES / "ratings-four-dimension.csv"),
            ]
        )
        == 0
    )
    assert "48" in capsys.readouterr().out
    assert (
        cli(
            [
                "--db",
                url,
                "import-ratings",
                "--assessment",
                aid,
                "--expert",
                "ex2",
                str(SAMPLES / "ratings-with-errors.csv"),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    for row in ("第 3 行", "第 4 行", "第 5 行", "第 6 行", "第 7 行"):
        assert row in err
    assert "- 第 2 行" not in err  # the valid row is not reported
    assert assessments.assessment_input(store, setup.assessment_id)[2]["experts_submitted"] == 1
    assert (
        cli(
            [
                "--db",
                url,
                "import-ratings",
                "--assessment",
                aid,
                "--expert",
                "nobody",
                str(SAMPLES / "ratings-four-dimension.csv"),
            ]
        )
        == 1
    )
    assert cli(["--db", url, "rounds", "close", "--assessment", aid]) == 0
    assert cli(["--db", url, "rounds", "close", "--assessment", aid]) == 1
    capsys.readouterr()


def test_import_survey_command(store, capsys):
    setup = make_setup(store)
    url, aid = store.url, str(setup.assessment_id)
    assert cli(["--db", url, "import-survey", "--assessment", aid, str(SAMPLES / "survey-respondents.csv")]) == 0
    s = surveys.latest_survey(store, setup.assessment_id)
    assert (s["support"], s["neutral"], s["oppose"], s["respondents_direct"]) == (55, 20, 25, 70)
    assert s["households_covered"] == 35
    assert cli(["--db", url, "import-survey", "--assessment", aid, str(SAMPLES / "survey-counts.csv")]) == 0
    assert surveys.latest_survey(store, setup.assessment_id)["oppose"] == 1130
    capsys.readouterr()


def test_users_and_portfolio_commands(store, capsys, monkeypatch):
    make_setup(store)
    monkeypatch.setenv("NEW_PW", "pa55word")
    assert cli(["--db", store.url, "users", "add", "carol", "--role", "leader", "--password-env", "NEW_PW"]) == 0
    assert cli(["--db", store.url, "users", "add", "dave", "--role", "leader", "--password-env", "NOPE"]) == 1
    capsys.readouterr()
    assert cli(["--db", store.url, "users", "list", "--json"]) == 0
    assert "carol" in {u["username"] for u in json.loads(capsys.readouterr().out)}
    assert cli(["--db", store.url, "portfolio", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["project"] == "测试项目" and rows[0]["state"] == "草稿"
    assert cli(["--db", store.url, "refresh-results"]) == 0
