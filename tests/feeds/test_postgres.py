"""On PostgreSQL: the records table is partitioned by month, the import loads by COPY, re-import adds
nothing, and the metrics agree with SQLite's."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from riskmodel.services import feeds
from tests.feeds.conftest import SYSTEM, csv_bytes, work_order

PG = os.environ.get("RISKMODEL_TEST_POSTGRES_URL")
NAME = "riskmodel_feeds_test"


@pytest.fixture
def pg_store():
    if not PG:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("RISKMODEL_TEST_POSTGRES_URL is required under CI")
        pytest.skip("RISKMODEL_TEST_POSTGRES_URL not set")
    from riskmodel.store.db import Store

    admin = create_engine(make_url(PG), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {NAME}"))
    store = Store(make_url(PG).set(database=NAME).render_as_string(hide_password=False))
    yield store
    store.dispose()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)"))
    admin.dispose()


def test_records_go_into_month_partitions_and_reimport_adds_nothing(pg_store, store):
    rows = [
        work_order("A", "2026-10-03 08:00:00", completed_at="2026-10-05 08:00:00", status="已办结", rating="满意"),
        work_order("B", "2026-11-04 08:00:00", phone="13900000000"),
    ]
    data = csv_bytes(rows)
    first = feeds.import_feed(pg_store, SYSTEM, data, "a.csv", "12345")
    again = feeds.import_feed(pg_store, SYSTEM, data, "a.csv", "12345")
    assert (first.stored, again.stored, again.duplicates) == (2, 0, 2)
    with pg_store.read() as s:
        kind = s.execute(text("SELECT relkind FROM pg_class WHERE relname = 'feed_records'")).scalar()
        parts = dict(
            s.execute(
                text(
                    "SELECT c.relname, (SELECT count(*) FROM feed_records r WHERE r.tableoid = c.oid) "
                    "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'feed_records'"
                )
            ).all()
        )
    assert kind == "p"
    assert (
        parts["feed_records_y2026m10"] == 1
        and parts["feed_records_y2026m11"] == 1
        and parts["feed_records_default"] == 0
    )
    feeds.import_feed(store, SYSTEM, data, "a.csv", "12345")
    assert feeds.feed_metrics(pg_store) == feeds.feed_metrics(store)
    assert feeds.feed_metrics(pg_store, period="2026-10").satisfaction_rate == 1.0
