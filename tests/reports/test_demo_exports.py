"""Every demo assessment exports to Word, PDF and Excel from a seeded SQLite database (through the services)."""

from __future__ import annotations

import io
import re

import docx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from riskmodel.cli import main
from riskmodel.engine import assess
from riskmodel.reports.bundle import bundle_parts, load_bundle_data
from riskmodel.reports.charts import all_charts
from riskmodel.reports.dbsource import build_context
from riskmodel.reports.docx import render_docx
from riskmodel.reports.pdf import render_pdf
from riskmodel.reports.xlsx import render_xlsx

TABLE1 = ["序号", "风险类型", "发生阶段", "风险因素", "风险概率", "影响程度", "风险程度", "备注"]
TABLE2 = ["序号", "风险发生阶段", "风险因素", "主要措施", "实施时间和要求", "责任主体", "协助单位", "控制节点"]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from riskmodel.services.demo import seed_demo
    from riskmodel.store.db import Store

    url = "sqlite:///" + str(tmp_path_factory.mktemp("demo") / "demo.db")
    store = Store(url)
    seed_demo(store)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def demo_ids(demo_store):
    from riskmodel.services.portfolio import portfolio

    rows = portfolio(demo_store, {"latest_only": False})
    assert rows
    # the register's draft (issue 11) has no panel yet: nothing to report
    return [r["assessment_id"] for r in rows if r["state"] != "草稿"]


def test_every_demo_assessment_exports(demo_store, demo_ids):
    usernames = _usernames(demo_store)
    for aid in demo_ids:
        ctx = build_context(None, aid, lang="zh", store=demo_store)
        charts = all_charts(ctx)
        d = docx.Document(io.BytesIO(render_docx(ctx, charts)))
        headers = [[c.text for c in t.rows[0].cells] for t in d.tables]
        assert TABLE1 in headers and TABLE2 in headers, aid
        pdf = PdfReader(io.BytesIO(render_pdf(ctx, charts)))
        text = re.sub(r"\s", "", "".join(p.extract_text() or "" for p in pdf.pages))
        assert re.sub(r"\s", "", ctx.project["name"]) + "社会稳定风险评估报告" in text, aid
        assert ctx.level_label(ctx.result.level) in text, aid
        wb = load_workbook(io.BytesIO(render_xlsx(ctx)))
        assert wb["专家评分"].max_row > 1, aid
        cells = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
        assert not cells & usernames, (aid, cells & usernames)  # experts never by user name


def _usernames(store) -> set[str]:
    from riskmodel.services.auth import list_users
    from riskmodel.services.context import Actor

    return {u.username for u in list_users(store, Actor.system(), role="expert")}


def test_signed_verdict_and_network_reach_the_report(demo_store, demo_ids):
    contexts = [build_context(None, aid, store=demo_store) for aid in demo_ids[:4]]
    signed = [c for c in contexts if c.verdict is not None]
    assert signed
    ctx = signed[0]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(ctx, {}))).paragraphs)
    assert "评估结论：" in text and ctx.verdict.rationale in text
    assert ctx.verdict.signer and ctx.verdict.signer in text
    with_network = [c for c in contexts if c.network]
    if with_network:
        net = with_network[0]
        assert net.network["nodes"] > 0
        wb = load_workbook(io.BytesIO(render_xlsx(net)))
        assert wb["网络摘要"].max_row > 3
        # key persons of the stakeholder network are never named in a document
        from riskmodel.services.networks import latest_version

        stored = latest_version(demo_store, net.project["code"])
        assert stored is not None
        data = stored.data
        persons = {n["name"] for n in data["nodes"] if n.get("kind") == "person"}
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(net, {}))).paragraphs)
        cells = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
        assert persons and not any(name in text for name in persons)
        assert not cells & persons


def test_cli_exports_from_the_database_and_bundle_reproduces(demo_store, demo_ids, tmp_path):
    url = str(demo_store.url)
    aid = demo_ids[0]
    for fmt in ("docx", "pdf", "xlsx", "json"):
        out = tmp_path / f"a.{fmt}"
        assert main(["--db", url, "export", "--assessment", str(aid), "-o", str(out)]) == 0
        assert out.stat().st_size > 1000
    data = load_bundle_data(tmp_path / "a.json")
    inp, q, _text = bundle_parts(data)
    assert assess(inp, q).to_dict() == data["result"]
    for out in ("p.xlsx", "p.csv"):
        assert main(["--db", url, "export-portfolio", "-o", str(tmp_path / out)]) == 0
    wb = load_workbook(tmp_path / "p.xlsx")
    assert wb["项目汇总"].max_row > 1


def _panel_app(assessment_id: int, url: str) -> None:
    from riskmodel.store.db import get_store
    from riskmodel.ui.components.exports import render_export_panel

    render_export_panel(assessment_id, "zh", store=get_store(url))


def test_export_panel_offers_four_downloads(demo_store, demo_ids):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_panel_app, args=(demo_ids[0], str(demo_store.url)), default_timeout=120)
    at.run()
    assert not at.exception
    assert len(at.download_button) == 0  # nothing built until asked
    at.button(key=f"rm_export_prepare_{demo_ids[0]}_zh").click().run()
    assert not at.exception and not at.error
    labels = [b.label for b in at.download_button]
    assert labels == ["下载 Word 报告", "下载 PDF 报告", "下载 Excel 表格", "下载数据包（JSON）"]


def test_every_demo_report_concludes_as_its_verdict(demo_store, demo_ids):
    # issue 9: no demo report — signed or proposed — contradicts its verdict
    from riskmodel.reports.outline import HOLD_VERDICTS, IMPLEMENT_PHRASES, build_outline, conclusion_problems

    verdicts = set()
    for aid in demo_ids:
        ctx = build_context(None, aid, lang="zh", store=demo_store)
        assert ctx.demo  # seeded by the demo: every page says 演示数据
        blocks = build_outline(ctx)
        assert conclusion_problems(ctx, blocks) == [], aid
        verdict = ctx.verdict.verdict if ctx.verdict else ctx.result.verdict
        verdicts.add(verdict)
        paragraphs = [p.text for p in docx.Document(io.BytesIO(render_docx(ctx, {}))).paragraphs]
        chapter3 = paragraphs[paragraphs.index("三、评估结论") :]
        assert any(ctx.verdict_label(verdict) in p for p in chapter3), aid
        assert any(ctx.tr(f"report.recommend.verdict.{verdict}") == p for p in chapter3), aid
        if verdict in HOLD_VERDICTS:
            advice = [p for p in chapter3 if p.startswith(("评估结论为", "应急预案", "应持续跟踪", "实施过程中"))]
            assert not [p for p in advice for x in IMPLEMENT_PHRASES["zh"] if x in p], aid
        assert "演示数据" in "\n".join(paragraphs), aid
    assert len(verdicts) >= 2  # the demo covers more than one kind of verdict
