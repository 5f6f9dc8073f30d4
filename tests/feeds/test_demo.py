"""On the demo: the surge about an approved project raises its 告警 and 建议重新评估; the commands and the
rhythm documents work (docx opens, PDF text extracts)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from riskmodel.services import dashboard, feeds, feeds_bulletin, feeds_tracking
from riskmodel.services.context import Actor
from riskmodel.store.models import Project
from tests.feeds.conftest import TEST_PSEUDONYM_KEY

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from riskmodel.services.demo import seed_demo
    from riskmodel.store.db import Store

    os.environ["RISKMODEL_PSEUDONYM_KEY"] = TEST_PSEUDONYM_KEY
    path = tmp_path_factory.mktemp("feeds-demo") / "demo.db"
    store = Store(f"sqlite:///{path}")
    summary = seed_demo(store)
    yield store, summary
    store.dispose()


def _project_id(store, code: str) -> int:
    with store.read() as s:
        return s.query(Project.id).filter(Project.code == code).scalar()


def test_the_demo_holds_tens_of_thousands_of_records_with_repeat_callers(demo):
    store, summary = demo
    assert summary["feeds"]["12345"] > 10_000 and feeds.record_count(store) > 20_000
    assert feeds.feed_metrics(store)["repeat"] > 1_000


def test_the_surge_about_the_approved_bridge_raises_its_alarm_and_the_reassessment_flag(demo):
    store, _ = demo
    alarms = [s for s in feeds.stored_signals(store) if s.level == "告警" and s.project_code == "DEMO-08"]
    assert alarms and alarms[0].count > 3 * (alarms[0].baseline or 1) and alarms[0].record_ids
    flags = dashboard.reassessment_flags(store)
    bridge = flags[_project_id(store, "DEMO-08")]
    assert bridge.flag and bridge.feed_record_ids and "告警" in bridge.reason and bridge.feed_reason in bridge.reasons
    assert bridge.top_feed_signal is not None and bridge.top_feed_signal.level == "告警"
    marathon = flags.get(_project_id(store, "DEMO-07"))
    assert marathon is None or not marathon.flag  # the marathon: no surge
    assert feeds_tracking.feed_flags(store)[bridge.project_id].feed_signals == bridge.feed_signals


def test_the_panel_sees_the_linked_records_and_the_report_gets_sentences(demo):
    store, _ = demo
    summary = feeds_tracking.project_feed_summary(store, "DEMO-08")
    assert summary.records > 100 and summary.categories[0][0] == "环境污染" and summary.samples
    paragraphs = feeds_tracking.report_paragraphs(store, "DEMO-08")
    assert "跨江大桥" in " ".join(paragraphs) and "告警" in paragraphs[1]


@pytest.mark.parametrize(
    ("kind", "period"),
    [("daily", "2026-11-30"), ("weekly", "2026-11-30"), ("monthly", "2026-11"), ("quarterly", "2026Q3")],
)
def test_each_rhythm_document_renders_as_word_and_pdf(demo, kind, period):
    from docx import Document
    from pypdf import PdfReader

    store, _ = demo
    system = Actor.system()
    docx_bytes = feeds_bulletin.render_bulletin(store, system, kind, period, "docx", "zh")
    doc = Document(io.BytesIO(docx_bytes))
    title = doc.paragraphs[0].text
    assert title in ("信访矛盾日研判单", "矛盾纠纷周会办议程", "信访矛盾月通报", "信访事项季核查回访抽样表")
    pdf = PdfReader(io.BytesIO(feeds_bulletin.render_bulletin(store, system, kind, period, "pdf", "zh")))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert title in text.replace(" ", "").replace("\n", "")


def test_the_quarterly_sample_is_reproducible_from_its_recorded_seed(demo):
    store, _ = demo
    first = feeds_bulletin.quarterly_sample(store, Actor.system(), "2026Q2")
    again = feeds_bulletin.quarterly_sample(store, Actor.system(), "2026Q2")
    assert first == again and len(first[2]) == feeds_bulletin.SAMPLE_SIZE


def test_signals_and_bulletin_commands_print_the_contract(demo, tmp_path):
    store, _ = demo
    env = {**os.environ, "RISKMODEL_PSEUDONYM_KEY": TEST_PSEUDONYM_KEY}
    base = [sys.executable, "-m", "riskmodel", "--db", store.url]
    out = subprocess.run(
        base + ["feeds", "signals", "--as-of", "2026-11-30", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert rows and all(
        list(r) == ["project", "region", "category", "window", "count", "baseline", "change", "level", "method"]
        for r in rows
    )
    assert [s.to_dict() for s in feeds.stored_signals(store, "2026-11-30")] == rows  # the stored run, same JSON
    target = tmp_path / "m.pdf"
    done = subprocess.run(
        base + ["bulletin", "--kind", "monthly", "--period", "2026-11", "--format", "pdf", "-o", str(target)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_bytes()[:4] == b"%PDF"
    metrics = subprocess.run(
        base + ["feeds", "metrics", "--period", "2026-11", "--project", "DEMO-08", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
    )
    assert json.loads(metrics.stdout)["records"] > 50
