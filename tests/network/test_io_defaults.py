"""A dispute row without the optional dispute columns is accepted with the documented defaults and a
notice per default applied (issue 14 item 7), in both languages."""

from __future__ import annotations

import csv
import io

from riskmodel.network.io import DISPUTE_DEFAULTS, notices_of, validate_files


def _csv(rows) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


NODES = [
    ["id", "name", "kind", "people", "attitude", "grievance", "influence"],
    ["g1", "村民", "group", 100, -1, 0.6, 0.4],
    ["d1", "噪声投诉", "dispute", 2, -1, 0.5, 0.3],
]
EDGES = [["source", "target", "relation", "weight"], ["g1", "d1", "involved_in", 1]]


def test_a_dispute_without_channel_status_or_date_is_imported_with_defaults_and_notices():
    network, problems = validate_files(_csv(NODES), _csv(EDGES), nodes_name="nodes.csv", edges_name="edges.csv")
    assert problems == [] and network is not None
    dispute = network.node("d1")
    assert (dispute.channel, dispute.status, dispute.opened) == (
        DISPUTE_DEFAULTS["channel"],
        DISPUTE_DEFAULTS["status"],
        None,
    )
    notices = notices_of(network)
    assert [(n.row, n.column) for n in notices] == [(3, "channel"), (3, "status"), (3, "opened")]
    assert "其他" in notices[0].message("zh") and "nodes.csv" in notices[0].message("zh")
    assert "no channel" in notices[0].message("en")


def test_a_complete_dispute_row_gets_no_notice():
    nodes = [
        NODES[0] + ["channel", "status", "opened"],
        NODES[1] + ["", "", ""],
        NODES[2] + ["信访", "已化解", "2024-05-01"],
    ]
    network, problems = validate_files(_csv(nodes), _csv(EDGES), nodes_name="nodes.csv", edges_name="edges.csv")
    assert problems == [] and network is not None and notices_of(network) == []
