"""The evidence chapters in rendered demo reports: every demo report, Word and PDF, prints the records."""

from __future__ import annotations

import io
import json

import docx
from pypdf import PdfReader

from riskmodel.reports import chapters
from riskmodel.reports.bundle import bundle_dict
from riskmodel.reports.charts import all_charts
from riskmodel.reports.context import context_from_bundle_data
from riskmodel.reports.dbsource import build_context
from riskmodel.reports.docx import render_docx
from riskmodel.reports.outline import Table, build_outline
from riskmodel.reports.pdf import render_pdf

SECTIONS = (
    "1．公示情况",
    "2．座谈会、听证会、入户走访、现场踏勘和舆情监测",
    "3．问卷调查",
    "4．主要诉求和意见采纳情况",
)
CHAPTERS = ("四、应急预案", "五、专家评审意见", "附件")
CAPTIONS = ("表 意见采纳情况表", "表 专家签名表", "表 公示情况", "表 调查记录", "表 分利益相关群体的态度")


def _docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        parts.extend(c.text for row in t.rows for c in row.cells)
    return "\n".join(parts)


def test_every_demo_word_report_contains_the_evidence_chapters_with_the_demos_records(demo_store, demo_ids):
    from riskmodel.services.evidence import get_evidence

    assert len(demo_ids) >= 13
    for aid in demo_ids:
        ctx = build_context(None, aid, lang="zh", store=demo_store)
        text = _docx_text(render_docx(ctx, {}))
        for heading in SECTIONS + CHAPTERS:
            assert heading in text, (aid, heading)
        view = get_evidence(demo_store, aid)
        assert view.parties is not None and f"委托单位：{view.parties.commissioning_unit}" in text
        assert view.demands[0].demand in text and view.plans[0].factor in text
        assert view.review is not None and all(e.name in text for e in view.review.experts)
        assert "未登记" not in text.split("附件")[-1], aid  # every annex is recorded


def test_the_pdf_report_prints_the_adoption_table_the_signature_sheet_and_the_rings(demo_store, demo_ids):
    aid = demo_ids[0]
    ctx = build_context(None, aid, lang="zh", store=demo_store)
    reader = PdfReader(io.BytesIO(render_pdf(ctx, all_charts(ctx))))
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "")
    for caption in CAPTIONS:
        assert caption.replace(" ", "") in text, caption


def test_the_ring_table_shows_opposition_near_the_site_and_names_the_delphi_codes_nowhere_with_names(
    demo_store, demo_ids
):
    ctx = build_context(None, demo_ids[0], lang="zh", store=demo_store)
    tables = {b.caption: b for b in build_outline(ctx) if isinstance(b, Table)}
    ring = tables["表 分距离圈层的态度"]
    assert ring.rows[0][0] == "≤1 km" and "–" in ring.rows[0][6]  # Wilson interval of the opposition rate
    sheet = tables["表 专家签名表"]
    assert sheet.headers[1] == "姓名" and all("专家" not in row[1] for row in sheet.rows)


def test_a_report_rebuilt_from_the_bundle_prints_the_same_records(demo_store, demo_ids):
    ctx = build_context(None, demo_ids[1], lang="zh", store=demo_store)
    data = json.loads(json.dumps(bundle_dict(ctx), ensure_ascii=False))
    assert data["report"]["evidence"]["demands"]
    again = context_from_bundle_data(data)
    for builder in ("cover_lines", "parties_blocks", "survey_blocks", "back_matter", "annex_blocks"):
        fn = getattr(chapters, builder)
        assert fn(again) == fn(ctx), builder


def test_the_english_report_translates_the_chapters_and_keeps_the_records_as_entered(demo_store, demo_ids):
    ctx = build_context(None, demo_ids[0], lang="en", store=demo_store)
    text = _docx_text(render_docx(ctx, {}))
    for heading in ("4. Emergency plans", "5. Expert review", "Annexes", "Adoption of opinions"):
        assert heading in text
