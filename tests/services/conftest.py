"""Fixtures of the service tests: the store tests' SQLite store and small assessments."""

from __future__ import annotations

from tests.store.conftest import _drop_cached_stores, any_store, any_url, postgres_url, sqlite_url, store  # noqa: F401
