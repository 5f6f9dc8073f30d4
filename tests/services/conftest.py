"""Fixtures of the service tests: a fresh SQLite store and a small assessment (organizer, three experts)."""

from __future__ import annotations

import pytest

from riskmodel.store.db import Store, forget_stores
from tests.store.conftest import Setup, make_setup


@pytest.fixture(autouse=True)
def _drop_cached_stores():
    yield
    forget_stores()


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield s
    s.dispose()


@pytest.fixture
def setup(store) -> Setup:
    return make_setup(store)
