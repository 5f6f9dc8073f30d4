"""The store's command line on a small database (python -m riskmodel --db URL COMMAND)."""

from __future__ import annotations

import json

import pytest

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
    assert (s.support, s.neutral, s.oppose, s.respondents_direct) == (55, 20, 25, 70)
    assert s.households_covered == 35
    assert cli(["--db", url, "import-survey", "--assessment", aid, str(SAMPLES / "survey-counts.csv")]) == 0
    assert surveys.latest_survey(store, setup.assessment_id).oppose == 1130
    capsys.readouterr()


def test_users_and_portfolio_commands(store, capsys, monkeypatch):
    make_setup(store)
    monkeypatch.setenv("NEW_PW", "a long pass phrase")
    assert cli(["--db", store.url, "users", "add", "carol", "--role", "leader", "--password-env", "NEW_PW"]) == 0
    assert cli(["--db", store.url, "users", "add", "dave", "--role", "leader", "--password-env", "NOPE"]) == 1
    capsys.readouterr()
    assert cli(["--db", store.url, "users", "list", "--json"]) == 0
    assert "carol" in {u["username"] for u in json.loads(capsys.readouterr().out)}
    assert cli(["--db", store.url, "portfolio", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["project"] == "测试项目" and rows[0]["state"] == "草稿"
    assert cli(["--db", store.url, "refresh-results"]) == 0


def test_users_commands_apply_the_password_policy_and_manage_accounts(store, capsys, monkeypatch):
    make_setup(store)
    monkeypatch.setenv("SHORT_PW", "pa55word")
    assert cli(["--db", store.url, "users", "add", "erin", "--role", "leader", "--password-env", "SHORT_PW"]) == 1
    assert "12" in capsys.readouterr().err
    monkeypatch.setenv("COMMON_PW", "password1234")
    assert cli(["--db", store.url, "users", "add", "erin", "--role", "leader", "--password-env", "COMMON_PW"]) == 1
    assert "常见" in capsys.readouterr().err
    monkeypatch.setenv("GOOD_PW", "a long pass phrase")
    assert cli(["--db", store.url, "users", "add", "demo-x", "--role", "leader", "--password-env", "GOOD_PW"]) == 1
    assert "demo-" in capsys.readouterr().err  # reserved for the demo accounts
    assert cli(["--db", store.url, "users", "add", "erin", "--role", "leader", "--password-env", "GOOD_PW"]) == 0
    assert cli(["--db", store.url, "users", "set-role", "erin", "auditor"]) == 0
    monkeypatch.setenv("NEW_PW", "another long phrase")
    assert cli(["--db", store.url, "users", "reset-password", "erin", "--password-env", "NEW_PW"]) == 0
    assert cli(["--db", store.url, "users", "deactivate", "erin"]) == 0
    assert cli(["--db", store.url, "users", "unlock", "erin"]) == 0
    assert cli(["--db", store.url, "users", "reset-totp", "erin"]) == 0
    out = capsys.readouterr().out
    assert out.count("erin") == 6
    from riskmodel.services import auth

    user = auth.get_user(store, "erin")
    assert user.role == "auditor" and not user.active


def test_an_absurd_id_is_a_usage_message_not_a_traceback(store, capsys):
    for bad in ("99999999999999999999999", "1130²", "-1", "abc"):
        with pytest.raises(SystemExit) as exc:
            cli(["--db", store.url, "rounds", "open", "--assessment", bad])
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and err.count("\n") == 1 and "编号" in err


def test_pg_grants_leave_the_app_role_without_update_or_delete_on_signed_records(postgres_url, capsys):
    import uuid

    import psycopg
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from riskmodel.services import auth
    from riskmodel.services.context import Actor
    from riskmodel.store.db import Store
    from tests.store.test_audit_backup import small_history

    owner = Store(postgres_url)
    small_history(owner, verdict=True)
    role = f"rm_app_{uuid.uuid4().hex[:8]}"
    base = make_url(postgres_url).set(drivername="postgresql")
    admin = base.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN')  # a role of the cluster: dropped below
    try:
        assert cli(["--db", postgres_url, "pg-grants", role]) == 0
        printed = capsys.readouterr().out
        assert "REVOKE UPDATE, DELETE, TRUNCATE ON verdicts, submissions, ratings, audit_log" in printed
        assert cli(["--db", postgres_url, "pg-grants", role, "--apply"]) == 0
        app = Store(make_url(postgres_url).set(username=role).render_as_string(hide_password=False))
        auth.create_user(app, Actor.system(), "made-by-app", "a long pass phrase", "leader")  # ordinary work
        for statement in ("UPDATE verdicts SET verdict = '实施'", "DELETE FROM ratings", "DELETE FROM audit_log"):
            with pytest.raises(Exception) as exc, app.transaction() as s:
                s.execute(text(statement))
            assert "permission denied" in str(exc.value)
        app.dispose()
    finally:
        owner.dispose()
        from riskmodel.store.db import forget_stores

        forget_stores()
        with psycopg.connect(admin, autocommit=True) as conn:
            db = base.database
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')
