from __future__ import annotations

from pathlib import Path

import pytest

from riskmodel.network.model import Edge, Network, Node

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples" / "network"


@pytest.fixture
def example_paths() -> tuple[Path, Path]:
    return EXAMPLES / "nodes.csv", EXAMPLES / "edges.csv"


def person(i: str, **kw) -> Node:
    base = dict(name=f"人{i}", kind="person", people=1, attitude=0.0, grievance=0.0, influence=0.5)
    base.update(kw)
    return Node(id=i, **base)


def path_network(n: int = 5, relation: str = "allied_with") -> Network:
    nodes = tuple(person(str(i)) for i in range(n))
    edges = tuple(Edge(str(i), str(i + 1), relation, 1.0) for i in range(n - 1))
    return Network(nodes, edges)


def two_cliques(size: int = 5) -> Network:
    """Two complete graphs joined by one tie between node a0 and b0."""
    nodes = tuple(person(f"a{i}") for i in range(size)) + tuple(person(f"b{i}") for i in range(size))
    edges = []
    for prefix in "ab":
        for i in range(size):
            for j in range(i + 1, size):
                edges.append(Edge(f"{prefix}{i}", f"{prefix}{j}", "allied_with", 1.0))
    edges.append(Edge("a0", "b0", "allied_with", 1.0))
    return Network(nodes, tuple(edges))


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """A temp SQLite database seeded with the demo portfolio and its networks (once per session)."""
    from riskmodel.services.demo import seed_demo
    from riskmodel.store import get_store

    url = f"sqlite:///{tmp_path_factory.mktemp('demo-db') / 'demo.db'}"
    seed_demo(get_store(url))
    return url
