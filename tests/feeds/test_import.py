"""Import: encodings, bad rows, --skip-invalid, idempotent re-import, no raw personal data anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import String, Text, inspect, select, text

from riskmodel.errors import ValidationError
from riskmodel.services import feeds
from riskmodel.store.models import FeedRecord
from tests.feeds.conftest import SYSTEM, TEST_PSEUDONYM_KEY, csv_bytes, work_order

REPO = Path(__file__).resolve().parents[2]


def test_a_gb18030_file_as_excel_on_chinese_windows_writes_it_imports(store):
    data = csv_bytes([work_order("GD1"), work_order("GD2", text="拖欠工资三个月")], encoding="gb18030")
    result = feeds.import_feed(store, SYSTEM, data, "gbk.csv", "12345")
    assert result.stored == 2
    with store.read() as s:
        texts = set(s.execute(select(FeedRecord.text)).scalars())
    assert "拖欠工资三个月" in texts


def test_a_utf8_file_with_bom_imports(store):
    data = b"\xef\xbb\xbf" + csv_bytes([work_order("GD1")])
    assert feeds.import_feed(store, SYSTEM, data, "bom.csv", "12345").stored == 1


def test_a_bad_row_is_named_by_row_column_and_value_and_nothing_is_stored(store):
    rows = [work_order("GD1"), work_order("GD2", received_at="昨天"), work_order("GD3", rating="还行")]
    with pytest.raises(feeds.ImportRefused) as err:
        feeds.import_feed(store, SYSTEM, csv_bytes(rows), "bad.csv", "12345")
    problems = {(e.row, e.column, e.value) for e in err.value.errors}
    assert problems == {(3, "来电时间", "昨天"), (4, "回访结果", "还行")}
    assert feeds.record_count(store) == 0


def test_skip_invalid_stores_the_valid_rows_and_returns_the_rejected(store):
    rows = [work_order("GD1"), work_order("GD2", received_at="昨天"), work_order("GD3")]
    result = feeds.import_feed(store, SYSTEM, csv_bytes(rows), "bad.csv", "12345", skip_invalid=True)
    assert result.stored == 2 and [(r.row, r.column) for r in result.rejected] == [(3, "来电时间")]


def test_reimporting_the_same_or_an_overlapping_file_adds_nothing_new(store):
    first = csv_bytes([work_order("GD1"), work_order("GD2")])
    feeds.import_feed(store, SYSTEM, first, "a.csv", "12345")
    again = feeds.import_feed(store, SYSTEM, first, "a.csv", "12345")
    overlap = feeds.import_feed(store, SYSTEM, csv_bytes([work_order("GD2"), work_order("GD3")]), "b.csv", "12345")
    assert (again.stored, again.duplicates) == (0, 2)
    assert (overlap.stored, overlap.duplicates) == (1, 1)
    assert feeds.record_count(store) == 3


def test_no_raw_name_phone_or_id_number_is_anywhere_in_the_database(store):
    name, phone, idno = "欧阳明月", "13987654321", "32010219850505123X"
    petition = [
        [
            "XF001",
            "2026/11/02",
            "来访",
            "1",
            "求决",
            f"{name}反映征地补偿，电话{phone}，身份证{idno}",
            "南港区滨江街道",
            name,
            idno,
            phone,
            "已办结",
            "2026/11/02",
            "2026/11/10",
            "满意",
        ]
    ]
    feeds.import_feed(store, SYSTEM, csv_bytes(petition, "petition"), "p.csv", "petition")
    feeds.import_feed(store, SYSTEM, csv_bytes([work_order("GD9", person=name, phone=phone)]), "w.csv", "12345")
    found = []
    with store.read() as s:
        for table in inspect(s.connection()).get_table_names():
            columns = [
                c["name"]
                for c in inspect(s.connection()).get_columns(table)
                if isinstance(c["type"], (String, Text))
                or "CHAR" in str(c["type"]).upper()
                or "TEXT" in str(c["type"]).upper()
                or "JSON" in str(c["type"]).upper()
            ]
            for column in columns:
                for needle in (name, phone, idno, idno[:17]):
                    hit = s.execute(
                        text(f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE :n'),
                        {"n": f"%{needle}%"},
                    ).scalar()
                    if hit:
                        found.append((table, column, needle))
    assert found == []
    assert feeds.feed_metrics(store).people == 2  # countable all the same (ID in one source, phone in the other)


def test_the_command_line_imports_writes_the_report_and_prints_json(tmp_path):
    bad = tmp_path / "export.csv"
    bad.write_bytes(csv_bytes([work_order("GD1"), work_order("GD2", accepted_at="not a time")]))
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"RISKMODEL_PSEUDONYM_KEY": TEST_PSEUDONYM_KEY, "PATH": "/usr/bin:/bin", "RISKMODEL_AUDIT_KEY": "5a" * 32}
    cmd = [sys.executable, "-m", "riskmodel", "--db", db, "feeds", "import", str(bad), "--source", "12345"]
    refused = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env)
    assert refused.returncode == 1 and "第 3 行" in refused.stderr and "受理时间" in refused.stderr
    assert "Traceback" not in refused.stderr
    ok = subprocess.run(cmd + ["--skip-invalid", "--json"], capture_output=True, text=True, cwd=REPO, env=env)
    assert ok.returncode == 0, ok.stderr
    out = json.loads(ok.stdout)
    assert out["stored"] == 1 and out["rejected"] == 1
    report = Path(out["report"]).read_text(encoding="utf-8-sig")
    assert "受理时间" in report and "not a time" in report
    metrics = subprocess.run(
        [sys.executable, "-m", "riskmodel", "--db", db, "feeds", "metrics", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert set(json.loads(metrics.stdout)) == {
        "records",
        "people",
        "repeat",
        "joint",
        "collective",
        "timely_acceptance_rate",
        "on_time_completion_rate",
        "satisfaction_rate",
        "rating_rate",
    }


def test_an_unknown_source_is_refused_with_the_allowed_ones(store):
    with pytest.raises(ValidationError, match="12345"):
        feeds.import_feed(store, SYSTEM, csv_bytes([work_order("GD1")]), "x.csv", "hotline")
