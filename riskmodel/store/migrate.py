"""Create or upgrade the schema with Alembic, programmatically (no alembic.ini at the repo top).

Called on first use of a database. Concurrent first starts are safe: on SQLite the upgrade runs
inside ``BEGIN IMMEDIATE`` (SQLite has transactional DDL), on PostgreSQL under a transaction-level
advisory lock; each re-checks the revision after taking the lock.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

if TYPE_CHECKING:
    from riskmodel.store.db import Store

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_PG_LOCK_KEY = 0x72697368  # arbitrary constant: "rish"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the migrations have a head revision"
    return head


def current_revision(connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def ensure_schema(store: Store) -> bool:
    """Upgrade to head if needed; return True when something was migrated."""
    head = head_revision()
    with store.engine.connect() as conn:
        if current_revision(conn) == head:
            return False
    with store.write_engine.begin() as conn:  # BEGIN IMMEDIATE on SQLite
        if store.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        if current_revision(conn) == head:
            return False
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True
