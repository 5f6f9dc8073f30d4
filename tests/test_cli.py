"""The command line's error contract: every error is one translated line and an exit code; a traceback goes
to the log file only (Found 5)."""

from __future__ import annotations

import pytest

from riskmodel import cli
from riskmodel.commands import store as store_commands


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    path = tmp_path / "cli.log"
    monkeypatch.setenv(cli.ENV_LOG, str(path))
    for handler in list(cli.log.handlers):  # a handler of an earlier test points elsewhere
        cli.log.removeHandler(handler)
    yield path
    for handler in list(cli.log.handlers):
        cli.log.removeHandler(handler)
        handler.close()


def test_an_unexpected_error_is_one_line_with_a_reference_and_the_traceback_goes_to_the_log(
    tmp_path, monkeypatch, capsys, log_file
):
    def boom(_args):
        raise RuntimeError("internal detail with a secret")

    monkeypatch.setattr(store_commands, "cmd_init_db", boom)
    assert cli.main(["--db", f"sqlite:///{tmp_path / 'x.db'}", "init-db"]) == 1
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "参考编号" in captured.err and str(log_file) in captured.err
    assert "Traceback" not in captured.err and "secret" not in captured.err
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "internal detail with a secret" in logged


def test_a_number_too_large_for_the_database_is_a_message(tmp_path, monkeypatch, capsys, log_file):
    def overflow(_args):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(store_commands, "cmd_init_db", overflow)
    assert cli.main(["--db", f"sqlite:///{tmp_path / 'x.db'}", "init-db"]) == 1
    err = capsys.readouterr().err
    assert "数字太大" in err and "Traceback" not in err


def _usage_error(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    return int(exc.value.code)


def test_wrong_arguments_are_a_translated_usage_line(capsys, monkeypatch):
    assert _usage_error(["rounds", "open"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "命令行参数有误" in err
    monkeypatch.setenv("RISKMODEL_LANG", "en")
    assert _usage_error(["no-such-command"]) == 2
    assert "wrong arguments" in capsys.readouterr().err


def test_an_unreachable_database_is_a_message_not_a_traceback(capsys, log_file):
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    assert cli.main(["--db", url, "init-db"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1 and "数据库" in err
