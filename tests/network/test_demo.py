from __future__ import annotations

from datetime import date

from riskmodel.network.demo import generate_network
from riskmodel.network.io import csv_bytes, edge_rows, node_rows, read_network
from riskmodel.network.model import CHANNELS, network_fingerprint


def test_seeded_and_sized():
    a = generate_network("东湖垃圾焚烧发电项目", "垃圾焚烧发电", 80, seed=4)
    b = generate_network("东湖垃圾焚烧发电项目", "垃圾焚烧发电", 80, seed=4)
    assert network_fingerprint(a) == network_fingerprint(b)
    assert network_fingerprint(a) != network_fingerprint(
        generate_network("东湖垃圾焚烧发电项目", "垃圾焚烧发电", 80, seed=5)
    )
    assert len(a) == 80
    assert {n.kind for n in a.nodes} == {"group", "person", "organisation", "dispute"}
    names = [n.name for n in a.nodes]
    assert len(set(names)) == len(names)
    assert any("业主委员会" in n for n in names) and any("网格员" in n for n in names)


def test_disputes_dates_and_channels_plausible():
    start, end = date(2023, 1, 1), date(2023, 12, 31)
    net = generate_network("某征地项目", "征地拆迁", 300, seed=1, start_date=start, end_date=end)
    disputes = net.disputes
    assert len(disputes) >= 30
    assert {d.channel for d in disputes} <= set(CHANNELS) and len({d.channel for d in disputes}) >= 3
    assert all(start <= d.opened <= end for d in disputes)
    assert all((d.closed is not None) == (d.status == "已化解") for d in disputes)
    assert all(d.closed is None or d.opened <= d.closed <= end for d in disputes)
    assert any("补偿" in (d.category or "") for d in disputes)
    # the network grows over time
    assert len(net.as_of(date(2023, 2, 1))) < len(net)


def test_large_network_and_edge_target():
    net = generate_network("大型项目", "垃圾焚烧发电", 2000, seed=7, n_edges=8000)
    assert len(net) == 2000 and len(net.edges) == 8000


def test_round_trips_through_import():
    net = generate_network("往返", "化工园区", 120, seed=3)
    again = read_network(csv_bytes(node_rows(net)), csv_bytes(edge_rows(net)))
    assert network_fingerprint(again) == network_fingerprint(net)
