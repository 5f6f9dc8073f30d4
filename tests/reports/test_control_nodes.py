"""Table 2's 控制节点 column prints what the organizer recorded on each measure (issue 10 item 5)."""

from __future__ import annotations

from riskmodel.reports.dbsource import build_context
from riskmodel.reports.outline import Table, build_outline
from riskmodel.services import measures


def test_the_control_node_of_every_measure_is_printed_in_table_2(demo_store, demo_ids):
    aid = next(a for a in demo_ids if measures.list_measures(demo_store, a))
    recorded = [m.control_node for m in measures.list_measures(demo_store, aid) if m.active]
    assert all(recorded), recorded  # the demo records one per measure
    ctx = build_context(None, aid, lang="zh", store=demo_store)
    [table2, *_] = [b for b in build_outline(ctx) if isinstance(b, Table) and b.kind == "table2"]
    assert table2.headers[-1] == "控制节点"
    assert [row[-1] for row in table2.rows] == recorded
