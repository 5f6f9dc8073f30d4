"""Fixtures of the feeds tests: a pseudonym key, a fresh SQLite store, small export files."""

from __future__ import annotations

import csv
import io

import pytest

from riskmodel.feeds.profiles import PROFILES
from riskmodel.services.context import Actor

TEST_PSEUDONYM_KEY = "7c" * 32
SYSTEM = Actor.system()


@pytest.fixture(autouse=True)
def pseudonym_key(monkeypatch):
    monkeypatch.setenv("RISKMODEL_PSEUDONYM_KEY", TEST_PSEUDONYM_KEY)


@pytest.fixture
def store(tmp_path):
    from riskmodel.store.db import Store

    s = Store(f"sqlite:///{tmp_path / 'feeds.db'}")
    yield s
    s.dispose()


def csv_bytes(rows: list[list[str]], source: str = "12345", encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(PROFILES[source].names)
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def work_order(no: str, when: str = "2026-11-01 08:00:00", **kw: str) -> list[str]:
    """A 12345 row in the default profile; keyword arguments override columns by field name."""
    row = {
        "record_no": no,
        "received_at": when,
        "phone": "13812345678",
        "person": "张三丰",
        "text": "小区物业费上涨，要求物业公司说明",
        "address": "东湖区和平街道幸福社区3栋",
        "area": "东湖区",
        "category": "投诉",
        "accepted_at": when,
        "completed_at": "",
        "status": "办理中",
        "rating": "",
    }
    row.update(kw)
    return [row[f] for _, f in PROFILES["12345"].columns]
