"""Fixtures of the service tests: the store tests' stores and a small assessment (organizer, three experts)."""

from __future__ import annotations

import pytest

from tests.store.conftest import (  # noqa: F401
    Setup,
    _drop_cached_stores,
    any_store,
    any_url,
    make_setup,
    postgres_url,
    sqlite_url,
    store,
)


@pytest.fixture
def setup(store) -> Setup:  # noqa: F811
    return make_setup(store)
