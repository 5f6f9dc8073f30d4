"""The same outcome rules on PostgreSQL: migration 0007, triggers refusing changes, the back-test."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from riskmodel.services.backtest import run_backtest
from riskmodel.services.context import Actor
from riskmodel.services.outcomes import get_outcome
from riskmodel.store.db import Store
from tests.services.outcomes_setup import build
from tests.store.conftest import postgres_url  # noqa: F401 — a fresh PostgreSQL database per test


def test_outcomes_on_postgres_are_append_only_and_back_tested(postgres_url):  # noqa: F811
    store = Store(postgres_url)
    try:
        info = build(store)
        assert get_outcome(store, info.ids["A1"]).realised_level == "高"
        assert run_backtest(store, Actor.system()).n == 3
        for statement in ("UPDATE outcome_incidents SET people = 1", "DELETE FROM outcome_incidents"):
            with pytest.raises(Exception, match="append-only"), store.engine.begin() as conn:
                conn.execute(text(statement))
        with pytest.raises(Exception, match="kind_known"), store.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO outcome_incidents (assessment_id, occurred_at, kind, people, recorded_at) "
                    "VALUES (1, now(), '械斗', 1, now())"
                )
            )
    finally:
        store.dispose()
