"""The report's 风险调查 summarises the 12345 / 信访 / grid records linked to the project (issue 12)."""

from __future__ import annotations

import json

from riskmodel.reports.bundle import bundle_dict
from riskmodel.reports.context import context_from_bundle_data
from riskmodel.reports.dbsource import build_context
from riskmodel.reports.outline import Heading, Para, build_outline
from riskmodel.services import feeds_tracking


def _feed_section(ctx) -> list[str]:
    blocks = build_outline(ctx)
    texts: list[str] = []
    for i, b in enumerate(blocks):
        if isinstance(b, Heading) and b.text == ctx.tr("report.feeds.heading"):
            for nxt in blocks[i + 1 :]:
                if not isinstance(nxt, Para):
                    break
                texts.append(nxt.text)
    return texts


def test_a_project_with_linked_records_has_them_in_its_report_and_its_bundle(demo_store, demo_ids):
    contexts = [build_context(None, aid, lang="zh", store=demo_store) for aid in demo_ids]
    linked = [c for c in contexts if feeds_tracking.report_paragraphs(demo_store, c.project["code"], "zh")]
    assert linked, "the demo links feed records to at least one project"
    ctx = linked[0]
    expected = feeds_tracking.report_paragraphs(demo_store, ctx.project["code"], "zh")
    section = _feed_section(ctx)
    assert section[: len(expected)] == expected  # the heading, then the feeds' sentences
    again = context_from_bundle_data(json.loads(json.dumps(bundle_dict(ctx), ensure_ascii=False)))
    assert _feed_section(again) == section
    english = feeds_tracking.report_paragraphs(demo_store, ctx.project["code"], "en")
    assert english and _feed_section(ctx.with_lang("en"))[: len(english)] == english
