"""Large files are checked in worker processes with the same result as in-process."""

from __future__ import annotations

import pytest

from riskmodel.services import feeds
from tests.feeds.conftest import SYSTEM, csv_bytes, work_order


def _rows(n: int) -> list[list[str]]:
    out = [
        work_order(f"P{i:05d}", f"2026-10-{1 + i % 28:02d} 0{i % 9}:00:00", phone=f"138{i % 500:08d}") for i in range(n)
    ]
    out[7] = work_order("BAD", received_at="不是时间")
    return out


@pytest.mark.parametrize("workers", ["1", "2"])
def test_parallel_and_serial_checking_store_the_same(store, monkeypatch, workers):
    monkeypatch.setattr(feeds, "PARALLEL_MIN_ROWS", 100)
    monkeypatch.setattr(feeds, "CHUNK_ROWS", 150)
    monkeypatch.setenv(feeds.ENV_WORKERS, workers)
    result = feeds.import_feed(
        store, SYSTEM, csv_bytes(_rows(1000)), "big.csv", "12345", skip_invalid=True, signals=False
    )
    assert result.stored == 999 and [(r.row, r.column) for r in result.rejected] == [(9, "来电时间")]
    m = feeds.feed_metrics(store)
    assert m.records == 999 and m.people == 500 and m.repeat == 499
