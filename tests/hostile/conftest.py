from tests.store.conftest import _drop_cached_stores, sqlite_url, store  # noqa: F401 — shared fixtures
