"""Alembic environment: always runs on a connection handed over by ``riskmodel.store.migrate``."""

from __future__ import annotations

from alembic import context

from riskmodel.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable through a hand-written alembic call
    raise RuntimeError("run migrations through riskmodel.store.migrate.ensure_schema()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table instead
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
