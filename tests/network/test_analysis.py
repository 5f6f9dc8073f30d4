from __future__ import annotations

import json

import networkx as nx
import pytest

from riskmodel.network.analysis import analyse, betweenness, communities, pagerank
from riskmodel.network.demo import generate_network
from riskmodel.network.model import Edge, Network

from .conftest import path_network, person, two_cliques


def test_path_graph_by_hand():
    net = path_network(5)  # 0-1-2-3-4
    result = analyse(net)
    btw = {m.id: m.betweenness for m in result.nodes}
    # pairs through node 1: (0,2),(0,3),(0,4) = 3 of C(4,2)=6 → 0.5; node 2: 4/6
    assert btw == pytest.approx({"0": 0.0, "1": 0.5, "2": 4 / 6, "3": 0.5, "4": 0.0})
    assert {m.id for m in result.nodes if m.is_articulation_point} == {"1", "2", "3"}
    assert len(result.bridges) == 4
    assert {m.id: m.degree for m in result.nodes} == {"0": 1, "1": 2, "2": 2, "3": 2, "4": 1}
    assert all(m.core == 1 for m in result.nodes) and result.main_core["k"] == 1
    assert [b.id for b in result.brokers] == ["2", "1", "3"]
    assert result.summary["betweenness_sampled"] is False


def test_matches_networkx_on_demo_graph():
    net = generate_network("测试项目", "垃圾焚烧发电", 120, seed=3)
    g = net.to_networkx()
    ours, _ = betweenness(net)
    theirs = nx.betweenness_centrality(g, normalized=True)
    assert ours == pytest.approx([theirs[i] for i in net.ids], abs=1e-9)
    pr = nx.pagerank(g, weight="weight", tol=1e-12)
    assert pagerank(net) == pytest.approx([pr[i] for i in net.ids], abs=1e-8)
    core = nx.core_number(g)
    result = analyse(net)
    assert [m.core for m in result.nodes] == [core[i] for i in net.ids]
    aps = set(nx.articulation_points(g))
    assert {m.id for m in result.nodes if m.is_articulation_point} == aps
    assert {frozenset(b) for b in result.bridges} == {frozenset(b) for b in nx.bridges(g)}
    strength = dict(g.degree(weight="weight"))
    assert [m.weighted_degree for m in result.nodes] == pytest.approx([strength[i] for i in net.ids])


def test_two_cliques_are_two_coalitions():
    net = two_cliques(5)
    labels, modularity = communities(net, seed=1)
    split = {frozenset(i for i, lab in zip(net.ids, labels) if lab == c) for c in set(labels)}
    assert split == {frozenset(f"a{i}" for i in range(5)), frozenset(f"b{i}" for i in range(5))}
    assert modularity > 0.4
    result = analyse(net)
    assert {b.id for b in result.brokers if b.is_articulation_point} == {"a0", "b0"}
    assert result.main_core["k"] == 4 and len(result.main_core["members"]) == 10
    assert all(b.communities_linked == 2 for b in result.brokers if b.is_articulation_point)


def test_opposes_ties_do_not_make_a_coalition():
    net = two_cliques(4)
    edges = tuple(e for e in net.edges if not (e.source == "a0" and e.target == "b0"))
    edges += tuple(Edge(f"a{i}", f"b{i}", "opposes", 3.0) for i in range(4))
    labels, _ = communities(Network(net.nodes, edges), seed=7)
    assert len(set(labels[:4])) == 1 and len(set(labels[4:])) == 1 and labels[0] != labels[4]


def test_coalition_people_and_mean_attitude():
    nodes = (
        person("v", kind="group", people=300, attitude=-2.0),
        person("w", kind="group", people=100, attitude=2.0),
        person("x", people=1, attitude=0.0),
        person("d", kind="dispute", people=50, attitude=-2.0, channel="信访", status="调处中"),
    )
    edges = (Edge("v", "w", "allied_with", 1.0), Edge("x", "v", "member_of", 1.0), Edge("v", "d", "involved_in", 1.0))
    result = analyse(Network(nodes, edges))
    assert len(result.communities) == 1
    c = result.communities[0]
    assert c.members == 4 and c.people == 401  # dispute head counts are not added to people
    assert c.mean_attitude == pytest.approx((300 * -2 + 100 * 2 + 0) / 401, abs=1e-4)
    assert c.opposed_people == 300 and c.supportive_people == 100 and c.disputes == 1 and c.open_disputes == 1
    assert result.opposition[0]["community"] == 1 and result.opposition[0]["leaders"][0] == "v"


def test_reproducible_and_sampled_on_large_graphs():
    net = generate_network("大项目", "垃圾焚烧发电", 400, seed=5)
    a = analyse(net, seed=11, exact_max_nodes=100, pivots=50)
    b = analyse(net, seed=11, exact_max_nodes=100, pivots=50)
    assert a.to_dict() == b.to_dict()
    assert a.summary["betweenness_sampled"] is True and a.summary["betweenness_pivots"] == 50
    exact, _ = betweenness(net)
    sampled = [m.betweenness for m in a.nodes]
    top_exact = set(sorted(range(len(net)), key=lambda i: -exact[i])[:5])
    top_sampled = set(sorted(range(len(net)), key=lambda i: -sampled[i])[:10])
    assert len(top_exact & top_sampled) >= 3  # the estimate finds the main brokers
    json.dumps(a.to_dict(), ensure_ascii=False)  # JSON-ready


def test_empty_and_tiny_networks():
    assert analyse(Network()).summary["nodes"] == 0
    one = analyse(Network((person("a"),), ()))
    assert one.nodes[0].betweenness == 0 and one.communities[0].members == 1
