"""Keys come from outside the database: environment, key directory, or a file beside the SQLite file."""

from __future__ import annotations

import os
import stat

import pytest

from riskmodel.errors import ConfigurationError
from riskmodel.keys import key_for, key_path


def test_a_sqlite_database_gets_a_private_key_file_beside_it_on_first_use(tmp_path, monkeypatch):
    monkeypatch.delenv("RISKMODEL_AUDIT_KEY", raising=False)
    monkeypatch.delenv("RISKMODEL_KEY_DIR", raising=False)
    url = f"sqlite:///{tmp_path / 'x.db'}"
    first = key_for("audit", url)
    path = key_path("audit", url)
    assert path == tmp_path / "x.db.audit.key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert len(first) == 32 and key_for("audit", url) == first
    assert key_for("pseudonym", url) != first  # one key per purpose


def test_the_environment_overrides_the_key_file(tmp_path, monkeypatch):
    monkeypatch.setenv("RISKMODEL_PSEUDONYM_KEY", "ab" * 32)
    assert key_for("pseudonym", f"sqlite:///{tmp_path / 'x.db'}") == bytes.fromhex("ab" * 32)
    assert not (tmp_path / "x.db.pseudonym.key").exists()


def test_postgresql_without_a_configured_key_is_refused_with_the_variable_named(monkeypatch):
    monkeypatch.delenv("RISKMODEL_AUDIT_KEY", raising=False)
    monkeypatch.delenv("RISKMODEL_KEY_DIR", raising=False)
    with pytest.raises(ConfigurationError) as exc:
        key_for("audit", "postgresql+psycopg://u@h/db")
    assert "RISKMODEL_AUDIT_KEY" in exc.value.message("en")


def test_a_malformed_key_is_refused(monkeypatch):
    monkeypatch.setenv("RISKMODEL_AUDIT_KEY", "not hex")
    with pytest.raises(ConfigurationError):
        key_for("audit", "postgresql+psycopg://u@h/db")
