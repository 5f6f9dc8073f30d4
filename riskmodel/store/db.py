"""Database URL, engine and transactions: SQLite by default, PostgreSQL for shared use.

Why this module exists: several people (and several app instances) write at the same moment, so
every write runs in one short transaction that either fully happens or not at all, and a busy
database is waited for and retried here — "database is locked" must never reach a user.

- URL: ``--db`` argument > ``RISKMODEL_DATABASE_URL`` > ``sqlite:///<repo>/data/riskmodel.db``.
- SQLite: WAL journal, ``busy_timeout``, ``foreign_keys=ON``; pysqlite's own transaction handling is
  switched off (``isolation_level = None``) and SQLAlchemy emits ``BEGIN`` itself — ``BEGIN IMMEDIATE``
  for write transactions, so a writer takes the write lock up front instead of failing on upgrade.
  Writers of one file also queue on an advisory lock file (``<db>-writer.lock``, flock): a waiting
  writer starts within milliseconds of the previous commit, where SQLite's own busy handler sleeps
  up to 100 ms between tries — under a burst of writers that idle time, not the work, dominated.
- PostgreSQL through psycopg 3 (``postgresql+psycopg://``); services lock the rows they change
  (``SELECT … FOR UPDATE``) and edited rows carry a version column against lost updates.
- The schema is created and migrated (Alembic, programmatically) on first use.
- Engines run with ``hide_parameters=True`` (an error or log line never shows bound values such as
  password hashes) and check every written value the same way on both backends (``guard``).
"""

from __future__ import annotations

import fcntl
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.pool import StaticPool

from riskmodel.errors import DomainError, ValidationError
from riskmodel.store import guard

log = logging.getLogger(__name__)
T = TypeVar("T")

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = REPO_ROOT / "data" / "riskmodel.db"
ENV_URL = "RISKMODEL_DATABASE_URL"

SQLITE_BUSY_TIMEOUT_MS = 10_000  # one attempt waits this long for the write lock
WRITE_DEADLINE_S = 120.0  # overall time a write keeps retrying before a friendly "busy" error
INTEGRITY_RETRIES = 3  # attempts when a unique key was taken concurrently
_RETRYABLE_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available
_RETRYABLE_SQLITE = ("database is locked", "database is busy", "database table is locked")


def resolve_url(arg: str | None = None) -> str:
    """``--db`` value, else ``RISKMODEL_DATABASE_URL``, else the repository's SQLite file.

    A bare file path (no ``://``) is accepted as a SQLite file; ``postgresql://`` is mapped to the
    psycopg 3 driver so users can paste the URL their server documentation gives them.
    """
    url = arg or os.environ.get(ENV_URL) or f"sqlite:///{DEFAULT_SQLITE_PATH}"
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 — a malformed URL is shown as given, minus nothing secret
        return url.split("@")[-1]


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine with the SQLite pragmas and BEGIN handling, or a pooled PostgreSQL engine."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001
        raise ValidationError("store.db.bad_url", url=url) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = _sqlite_engine(parsed, echo)
    elif backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = create_engine(parsed, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True)
    else:
        raise ValidationError("store.db.unsupported", url=redact(url))
    guard.install(engine)
    return engine


def _sqlite_engine(parsed, echo: bool) -> Engine:
    database = parsed.database or ""
    memory = database in ("", ":memory:") or "mode=memory" in str(parsed)
    if memory:
        engine = create_engine(
            parsed,
            echo=echo,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )
    else:
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            echo=echo,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            hide_parameters=True,
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised through every test
        # Take transaction control away from pysqlite (Python 3.11 has no .autocommit attribute).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - exercised through every test
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def is_retryable(exc: BaseException) -> bool:
    """A lock/busy/serialization error worth retrying (never a constraint violation or a bug)."""
    orig = getattr(exc, "orig", exc)
    sqlstate = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "diag", None), "sqlstate", None)
    if sqlstate in _RETRYABLE_SQLSTATES:
        return True
    message = str(orig).lower()
    return any(m in message for m in _RETRYABLE_SQLITE)


class WriterQueue:
    """Cross-process queue of the writers of one SQLite file (``flock`` on a lock file next to it).

    The kernel drops the lock when its holder dies, so a killed writer never blocks the others.
    Waiting polls every few milliseconds until the deadline (no thread is left blocked).
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def hold(self, deadline: float) -> Iterator[None]:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            pause = 0.0005
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise DomainError("store.db.busy") from None
                    time.sleep(pause * random.uniform(0.5, 1.5))
                    pause = min(pause * 2, 0.004)
            yield
        finally:
            os.close(fd)  # releases the lock


class Store:
    """One database: engine, read sessions and retried write transactions.

    ``store.write(fn, *args)`` runs ``fn(session, *args)`` inside one write transaction and commits;
    on a lock/serialization error the whole function is run again on a fresh session, so ``fn``
    must only touch the database (no side effects outside it). ``store.read()`` yields a session
    in a (deferred) transaction that sees one consistent snapshot.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True, echo: bool = False) -> None:
        self.url = resolve_url(url)
        self.engine = make_engine(self.url, echo=echo)
        self.dialect = self.engine.dialect.name
        self.writer_queue: WriterQueue | None = None
        if self.dialect == "sqlite":
            self.write_engine: Engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
            database = make_url(self.url).database or ""
            if database not in ("", ":memory:") and "mode=memory" not in self.url:
                path = Path(database).expanduser().resolve()
                self.writer_queue = WriterQueue(path.with_name(path.name + "-writer.lock"))
        else:
            self.write_engine = self.engine
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        self._snapshot_engine = (
            self.engine.execution_options(isolation_level="REPEATABLE READ")
            if self.dialect == "postgresql"
            else self.engine
        )
        self._write_sessions = sessionmaker(self.write_engine, expire_on_commit=False, autoflush=True)
        self.retries = 0  # lock retries seen by this store (for tests and the benchmark)
        if migrate:
            from riskmodel.store.migrate import ensure_schema

            ensure_schema(self)

    # --- sessions ------------------------------------------------------------------------------
    @contextmanager
    def read(self, *, snapshot: bool = False) -> Iterator[Session]:
        """A session for reading; rolled back at the end (reads never write).

        ``snapshot=True`` makes every statement see the same moment on PostgreSQL too (REPEATABLE
        READ; a SQLite read transaction is a snapshot anyway) — for backups and audit verification.
        """
        bind = self._snapshot_engine if snapshot else self.engine
        with self._read_sessions(bind=bind) as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction without retry — for callers that handle retry themselves."""
        with self._write_sessions() as session, session.begin():
            yield session

    def write(self, fn: Callable[..., T], *args: Any, deadline_s: float | None = None, **kwargs: Any) -> T:
        """Run ``fn(session, *args, **kwargs)`` in a write transaction, retrying on lock errors."""
        deadline = time.monotonic() + (WRITE_DEADLINE_S if deadline_s is None else deadline_s)
        attempt = 0
        while True:
            attempt += 1
            try:
                with self._writer_slot(deadline), self._write_sessions() as session, session.begin():
                    return fn(session, *args, **kwargs)
            except StaleDataError:
                raise DomainError("store.db.stale") from None
            except IntegrityError:
                # A unique key taken by a concurrent writer (two people adding the same user, a
                # double-clicked submission): run again — the function then sees the other's row.
                if attempt >= INTEGRITY_RETRIES:
                    raise
                self.retries += 1
                continue
            except (OperationalError, DBAPIError) as exc:
                if not is_retryable(exc):
                    raise
                self.retries += 1
                if time.monotonic() >= deadline:
                    log.warning("write gave up after %d attempts: %s", attempt, exc)
                    raise DomainError("store.db.busy") from None
                # jittered exponential backoff; the busy_timeout already waited on SQLite
                time.sleep(min(0.5, 0.01 * 2 ** min(attempt, 6)) * random.uniform(0.5, 1.5))

    @contextmanager
    def _writer_slot(self, deadline: float) -> Iterator[None]:
        if self.writer_queue is None:
            yield
        else:
            with self.writer_queue.hold(deadline):
                yield

    def dispose(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Store({redact(self.url)!r})"


_stores: dict[str, Store] = {}
_stores_lock = threading.Lock()


def get_store(url: str | None = None) -> Store:
    """The process-wide store for ``url`` (resolved as above); created and migrated once."""
    resolved = resolve_url(url)
    with _stores_lock:
        store = _stores.get(resolved)
        if store is None:
            store = _stores[resolved] = Store(resolved)
        return store


def forget_stores() -> None:
    """Drop cached stores (after a fork, or between tests)."""
    with _stores_lock:
        for store in _stores.values():
            store.dispose()
        _stores.clear()


def ping(store: Store) -> bool:
    with store.read() as s:
        return s.execute(text("SELECT 1")).scalar() == 1
