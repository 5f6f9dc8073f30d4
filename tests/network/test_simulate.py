from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from riskmodel.errors import ValidationError
from riskmodel.network.demo import generate_network
from riskmodel.network.model import Edge, Network
from riskmodel.network.simulate import seed_nodes, simulate_mobilisation, transmission_arcs

from .conftest import person


def star(
    relation: str = "member_of",
    influence: float = 0.5,
    leaf_attitude: float = -1.0,
    n_leaves: int = 10,
    leaf_people: int = 30,
) -> Network:
    hub = person("hub", kind="group", people=50, attitude=-2.0, grievance=1.0, influence=influence)
    leaves = tuple(
        person(f"l{i}", kind="group", people=leaf_people, attitude=leaf_attitude, grievance=0.2, influence=influence)
        for i in range(n_leaves)
    )
    edges = tuple(Edge(f"l{i}", "hub", relation, 1.0) for i in range(n_leaves))
    return Network((hub,) + leaves, edges)


def test_reproducible_with_seed():
    net = generate_network("复现", "垃圾焚烧发电", 150, seed=2)
    a = simulate_mobilisation(net, runs=300, seed=9)
    b = simulate_mobilisation(net, runs=300, seed=9)
    assert a.to_dict(include_nodes=True, include_samples=True) == b.to_dict(include_nodes=True, include_samples=True)
    c = simulate_mobilisation(net, runs=300, seed=10)
    assert not np.array_equal(a.samples, c.samples)


def test_no_opposed_seeds_means_nobody():
    net = star(leaf_attitude=1.0)
    calm = net.with_nodes([person("hub", kind="group", people=50, attitude=0.0, grievance=1.0, influence=0.9)])
    result = simulate_mobilisation(calm, runs=200)
    assert result.seeds == [] and result.expected_people == 0 and result.p_ge_100 == 0 and result.max_people == 0


def test_more_influence_not_fewer_mobilised():
    low = simulate_mobilisation(star(influence=0.2), runs=2000, seed=1)
    high = simulate_mobilisation(star(influence=0.8), runs=2000, seed=1)
    assert high.expected_people > low.expected_people
    # hub always starts (grievance 1, attitude -2): each leaf joins w.p. influence × ⅔
    assert low.expected_people == pytest.approx(50 + 10 * 30 * 0.2 * 2 / 3, rel=0.05)
    assert high.expected_people == pytest.approx(50 + 10 * 30 * 0.8 * 2 / 3, rel=0.05)


def test_opposes_does_not_spread_and_influences_is_one_way():
    assert simulate_mobilisation(star(relation="opposes"), runs=200).expected_people == 50
    # leaves influence the hub: nothing flows hub → leaves
    assert simulate_mobilisation(star(relation="influences"), runs=200).expected_people == 50
    u, v, p = transmission_arcs(star(relation="influences"))
    assert set(v.tolist()) == {0}


def test_supporters_never_join_and_resolved_disputes_relay_nothing():
    assert simulate_mobilisation(star(leaf_attitude=1.0), runs=200).expected_people == 50
    hub = person("hub", kind="group", people=50, attitude=-2.0, grievance=1.0, influence=1.0)
    other = person("o", kind="group", people=70, attitude=-2.0, grievance=0.0, influence=1.0)
    d = person(
        "d", kind="dispute", people=9, attitude=-2.0, grievance=1.0, influence=1.0, channel="信访", status="已化解"
    )
    net = Network((hub, other, d), (Edge("hub", "d", "involved_in", 5.0), Edge("o", "d", "involved_in", 5.0)))
    assert simulate_mobilisation(net, runs=100).expected_people == 50
    open_d = net.with_nodes(
        [
            person(
                "d",
                kind="dispute",
                people=9,
                attitude=-2.0,
                grievance=1.0,
                influence=1.0,
                channel="信访",
                status="调处中",
            )
        ]
    )
    assert simulate_mobilisation(open_d, runs=100).expected_people == 120
    assert simulate_mobilisation(open_d, runs=100, count_dispute_people=True).expected_people == 129


def test_bands_match_the_sampled_distribution():
    net = generate_network("分档", "垃圾焚烧发电", 60, seed=2)
    r = simulate_mobilisation(net, runs=500, seed=3, batch_size=64)
    s = r.samples
    assert len(s) == 500
    assert r.p_ge_100 == pytest.approx((s >= 100).mean()) and r.p_ge_200 == pytest.approx((s >= 200).mean())
    assert r.expected_people == pytest.approx(s.mean(), abs=1e-3)
    assert r.level_probabilities["高"] == r.p_ge_200
    assert r.level_probabilities["中"] == pytest.approx(r.p_ge_100 - r.p_ge_200)
    assert sum(r.level_probabilities.values()) == pytest.approx(1.0)
    assert r.band == (r.percentiles["p5"], r.percentiles["p95"])
    assert (s <= r.percentiles["p50"]).mean() >= 0.5


def test_progress_callback_and_validation():
    calls = []
    simulate_mobilisation(star(), runs=250, batch_size=100, on_progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 250), (100, 250), (200, 250), (250, 250)]
    with pytest.raises(ValidationError):
        simulate_mobilisation(star(), runs=0)
    with pytest.raises(ValidationError):
        simulate_mobilisation(star(), grievance_threshold=2)


def test_seed_selection():
    net = star()
    assert [net.nodes[i].id for i in seed_nodes(net, 0.5)] == ["hub"]
    assert len(seed_nodes(net, 0.1)) == 11


@settings(max_examples=25, deadline=None)
@given(influence=st.floats(0.0, 1.0), people=st.integers(0, 80), seed=st.integers(0, 10_000))
def test_properties(influence, people, seed):
    r = simulate_mobilisation(star(influence=influence, leaf_people=people), runs=50, seed=seed)
    assert 0 <= r.p_ge_200 <= r.p_ge_100 <= 1
    values = list(r.percentiles.values())
    assert values == sorted(values)
    assert 50 <= r.expected_people <= 50 + 10 * people
    assert all(0 <= p <= 1 for p in r.node_probability.values())
