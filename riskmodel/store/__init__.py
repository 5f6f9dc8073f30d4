"""Persistent store: SQLite by default, PostgreSQL for shared use (see ``db.py``)."""

from riskmodel.store.db import Store, forget_stores, get_store, resolve_url

__all__ = ["Store", "get_store", "forget_stores", "resolve_url"]
