"""URL resolution, SQLite settings, BEGIN IMMEDIATE, lock retry and first-use migration."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import inspect, text

from riskmodel.errors import DomainError
from riskmodel.store import db as dbmod
from riskmodel.store.db import DEFAULT_SQLITE_PATH, Store, resolve_url
from riskmodel.store.migrate import current_revision, ensure_schema, head_revision


def test_url_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv("RISKMODEL_DATABASE_URL", raising=False)
    assert resolve_url(None) == f"sqlite:///{DEFAULT_SQLITE_PATH}"
    monkeypatch.setenv("RISKMODEL_DATABASE_URL", "sqlite:////tmp/from-env.db")
    assert resolve_url(None) == "sqlite:////tmp/from-env.db"
    assert resolve_url("sqlite:////tmp/from-arg.db") == "sqlite:////tmp/from-arg.db"
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgres://u:p@h:5/d") == "postgresql+psycopg://u:p@h:5/d"
    assert resolve_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"


def test_sqlite_pragmas_and_schema(store):
    with store.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() == dbmod.SQLITE_BUSY_TIMEOUT_MS
    tables = set(inspect(store.engine).get_table_names())
    assert {"users", "projects", "assessments", "ratings", "audit_log", "results", "alembic_version"} <= tables
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    assert ensure_schema(store) is False  # already at head: nothing to do


def test_write_transaction_takes_the_lock_up_front(sqlite_url):
    """BEGIN IMMEDIATE: while a write transaction is open, another writer cannot even begin."""
    store = Store(sqlite_url)
    path = sqlite_url.removeprefix("sqlite:///")
    with store.transaction() as s:
        s.execute(text("SELECT 1"))  # no write yet: a deferred BEGIN would hold no lock here
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


def test_read_transaction_does_not_block_writers(sqlite_url):
    store = Store(sqlite_url)
    with store.read() as s:
        s.execute(text("SELECT count(*) FROM users")).scalar()
        store.write(lambda w: w.execute(text("UPDATE audit_head SET last_seq = last_seq WHERE id = 1")))


def test_lock_is_waited_for_and_retried(sqlite_url, monkeypatch):
    """A writer holding the lock longer than busy_timeout: the store retries, the user sees success."""
    store = Store(sqlite_url)
    store.dispose()
    monkeypatch.setattr(dbmod, "SQLITE_BUSY_TIMEOUT_MS", 100)
    store = Store(sqlite_url)
    path = sqlite_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.6, lambda: holder.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    store.write(lambda s: s.execute(text("UPDATE audit_head SET last_seq = last_seq WHERE id = 1")))
    assert time.monotonic() - started >= 0.5
    assert store.retries >= 1
    release.join()
    holder.close()


def test_lock_never_reaches_the_user_as_database_is_locked(sqlite_url, monkeypatch):
    store = Store(sqlite_url)
    store.dispose()
    monkeypatch.setattr(dbmod, "SQLITE_BUSY_TIMEOUT_MS", 50)
    store = Store(sqlite_url)
    path = sqlite_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DomainError) as info:
            store.write(lambda s: s.execute(text("UPDATE audit_head SET last_seq = 0")), deadline_s=0.3)
        assert info.value.key == "store.db.busy"
        assert "locked" not in str(info.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_postgres_first_use_migrates(postgres_url):
    store = Store(postgres_url)
    assert store.dialect == "postgresql"
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        assert conn.execute(text("SELECT last_seq FROM audit_head WHERE id = 1")).scalar() == 0
    assert Store(postgres_url).dialect == "postgresql"  # second start: no migration, no error


def test_integrity_race_is_retried(store):
    """A unique key taken between the check and the insert: the retry sees the other row."""
    from riskmodel.services.context import now
    from riskmodel.store.models import User

    calls = []

    def insert_once_taken(s):
        calls.append(1)
        if len(calls) == 1:  # simulate a concurrent writer that inserted the same username first
            with store.engine.begin() as other:
                other.execute(
                    text(
                        "INSERT INTO users (username, display_name, role, password_hash, active, created_at) "
                        "VALUES ('race', 'race', 'leader', 'x', 1, '2026-01-01 00:00:00')"
                    )
                )
        exists = s.execute(text("SELECT count(*) FROM users WHERE username='race'")).scalar()
        if not exists or len(calls) == 1:
            s.add(
                User(username="race", display_name="r", role="leader", password_hash="x", active=True, created_at=now())
            )
            s.flush()
        return len(calls)

    assert store.write(insert_once_taken) == 2


def test_database_errors_never_show_bound_values(store):
    """Found 5: a failing statement logged its parameters, password hashes included."""
    from sqlalchemy.exc import IntegrityError

    from tests.store.conftest import make_setup

    make_setup(store)
    secret = "$argon2id$v=19$m=65536,t=3,p=4$secret-salt$secret-hash"
    with pytest.raises(IntegrityError) as exc, store.transaction() as s:
        s.execute(
            text(
                "INSERT INTO users (username, display_name, role, password_hash, active, created_at, session_epoch) "
                "VALUES ('org', 'x', 'admin', :h, 1, '2026-01-01 00:00:00', 0)"
            ),
            {"h": secret},
        )
    assert "secret-hash" not in str(exc.value) and "hidden" in str(exc.value)
