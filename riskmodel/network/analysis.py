"""Structural analysis of a stakeholder network: who is central, who brokers, which coalitions exist.

All structure is read on the undirected simple graph (parallel ties merged, weights summed):

* degree = distinct neighbours; weighted degree = sum of tie weights;
* betweenness on hop counts (brokerage is about positions, not tie strength), normalised like
  networkx (``normalized=True``). Exact up to ``exact_max_nodes`` nodes; above that it is estimated from
  ``pivots`` source nodes drawn with ``seed`` (Brandes–Pich sampling, the estimator networkx uses with
  ``k``) and the result says so (``summary.betweenness_sampled``);
* weighted PageRank (damping 0.85, power iteration, dangling mass spread uniformly);
* communities by Louvain (igraph multilevel) with a private seeded generator, so a seed gives the same
  split; computed on the ties *other than* ``opposes`` — opponents are not a coalition;
* brokers: articulation points and bridge endpoints, ranked by betweenness; k-core numbers (coreness).

Results are dataclasses with ``to_dict()`` (JSON-ready, plain floats/ints/strings).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from riskmodel.network._rng import igraph_seed
from riskmodel.network.model import Network

EXACT_BETWEENNESS_MAX_NODES = 1000
DEFAULT_PIVOTS = 256


@dataclass
class NodeMetrics:
    id: str
    name: str
    kind: str
    people: int
    attitude: float
    degree: int
    weighted_degree: float
    betweenness: float
    pagerank: float
    core: int
    community: int
    bridges: int
    is_articulation_point: bool


@dataclass
class Coalition:
    """A community read as a coalition: its size, head count and mean attitude (weighted by people)."""

    id: int
    members: int
    people: int
    mean_attitude: float
    opposed_people: int
    supportive_people: int
    opposed_share: float
    disputes: int
    open_disputes: int
    top_members: list[str] = field(default_factory=list)


@dataclass
class Broker:
    id: str
    name: str
    kind: str
    betweenness: float
    is_articulation_point: bool
    bridges: int
    communities_linked: int


@dataclass
class NetworkAnalysis:
    nodes: list[NodeMetrics]
    communities: list[Coalition]
    brokers: list[Broker]
    bridges: list[tuple[str, str]]
    main_core: dict[str, Any]
    opposition: list[dict[str, Any]]
    summary: dict[str, Any]

    def node(self, node_id: str) -> NodeMetrics:
        for metrics in self.nodes:
            if metrics.id == node_id:
                return metrics
        raise KeyError(node_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [asdict(m) for m in self.nodes],
            "communities": [asdict(c) for c in self.communities],
            "brokers": [asdict(b) for b in self.brokers],
            "bridges": [list(b) for b in self.bridges],
            "main_core": dict(self.main_core),
            "opposition": [dict(o) for o in self.opposition],
            "summary": dict(self.summary),
        }


# --- building blocks (each usable alone) -------------------------------------------------------------


def betweenness(
    network: Network,
    *,
    seed: int = 42,
    exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
    pivots: int = DEFAULT_PIVOTS,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Normalised betweenness per node and how it was computed (``sampled``, ``pivots``)."""
    n = len(network)
    graph = network.to_igraph()
    info: dict[str, Any] = {"sampled": False, "pivots": None}
    if n < 3:
        return np.zeros(n), info
    if n <= exact_max_nodes or pivots >= n:
        raw = np.asarray(graph.betweenness(directed=False), dtype=float)
    else:
        rng = np.random.default_rng(seed)
        sources = np.sort(rng.choice(n, size=pivots, replace=False)).tolist()
        # igraph counts each s→t path once per source (half the pair count); scale up by n / k.
        raw = np.asarray(graph.betweenness(directed=False, sources=sources), dtype=float) * (n / pivots)
        info = {"sampled": True, "pivots": int(pivots)}
    return raw / ((n - 1) * (n - 2) / 2.0), info


def pagerank(network: Network, damping: float = 0.85, tol: float = 1e-12, max_iter: int = 500) -> np.ndarray:
    """Weighted PageRank on the undirected graph (same definition as networkx ``pagerank``)."""
    n = len(network)
    if n == 0:
        return np.zeros(0)
    u, v, w = network.simple_edges()
    mat = sparse.coo_matrix(
        (np.concatenate([w, w]), (np.concatenate([u, v]), np.concatenate([v, u]))), shape=(n, n)
    ).tocsr()
    strength = np.asarray(mat.sum(axis=1)).ravel()
    dangling = strength == 0
    inv = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, strength))
    transition = sparse.diags(inv) @ mat  # row-stochastic except dangling rows
    transposed = transition.T.tocsr()
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = damping * (transposed @ x + x[dangling].sum() / n) + (1.0 - damping) / n
        if np.abs(new - x).sum() < n * tol:
            x = new
            break
        x = new
    return x / x.sum()


def communities(network: Network, *, seed: int = 42, resolution: float = 1.0) -> tuple[np.ndarray, float]:
    """Louvain labels (1 = largest community) on the non-``opposes`` ties, and the modularity."""
    n = len(network)
    if n == 0:
        return np.zeros(0, dtype=int), 0.0
    graph = network.to_igraph(exclude_relations=("opposes",))
    with igraph_seed(seed):
        clustering = graph.community_multilevel(weights="weight" if graph.ecount() else None, resolution=resolution)
    raw = np.asarray(clustering.membership, dtype=int)
    modularity = float(clustering.modularity) if graph.ecount() else 0.0
    # relabel: biggest first, ties by the first member's position — stable for a given input order
    sizes = np.bincount(raw)
    first = np.full(len(sizes), n)
    np.minimum.at(first, raw, np.arange(n))
    order = sorted(range(len(sizes)), key=lambda c: (-sizes[c], first[c]))
    relabel = np.empty(len(sizes), dtype=int)
    relabel[order] = np.arange(1, len(sizes) + 1)
    return relabel[raw], modularity


def _coalition_stats(network: Network, members: np.ndarray, rank: np.ndarray, cid: int) -> Coalition:
    a = network.arrays
    people, attitude, is_dispute = a["people"][members], a["attitude"][members], a["is_dispute"][members]
    actors = ~is_dispute
    head = people[actors]
    att = attitude[actors] if actors.any() else attitude
    if head.sum() > 0:
        mean_att = float((head * attitude[actors]).sum() / head.sum())
    else:
        mean_att = float(att.mean()) if len(att) else 0.0
    opposed = int(head[attitude[actors] < 0].sum())
    supportive = int(head[attitude[actors] > 0].sum())
    total = int(head.sum())
    resolved = a["resolved"][members]
    top = members[np.argsort(-rank[members], kind="stable")][:5]
    return Coalition(
        id=cid,
        members=int(len(members)),
        people=total,
        mean_attitude=round(mean_att, 4),
        opposed_people=opposed,
        supportive_people=supportive,
        opposed_share=round(opposed / total, 4) if total else 0.0,
        disputes=int(is_dispute.sum()),
        open_disputes=int((is_dispute & ~resolved).sum()),
        top_members=[network.nodes[i].id for i in top],
    )


def analyse(
    network: Network,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
    pivots: int = DEFAULT_PIVOTS,
    max_brokers: int = 20,
) -> NetworkAnalysis:
    """Everything the panel reads about structure, in one pass. Reproducible for a given ``seed``."""
    n = len(network)
    graph = network.to_igraph()
    u, v, w = network.simple_edges()
    degree = np.bincount(np.concatenate([u, v]), minlength=n).astype(int) if n else np.zeros(0, int)
    strength = np.bincount(np.concatenate([u, v]), weights=np.concatenate([w, w]), minlength=n) if n else np.zeros(0)
    btw, btw_info = betweenness(network, seed=seed, exact_max_nodes=exact_max_nodes, pivots=pivots)
    rank = pagerank(network)
    labels, modularity = communities(network, seed=seed, resolution=resolution)
    core = np.asarray(graph.coreness(), dtype=int) if n else np.zeros(0, int)
    aps = set(graph.articulation_points()) if n else set()
    bridge_ids = graph.bridges() if n else []
    bridge_pairs = [graph.es[e].tuple for e in bridge_ids]
    bridge_count = np.zeros(n, dtype=int)
    for a_, b_ in bridge_pairs:
        bridge_count[a_] += 1
        bridge_count[b_] += 1

    nodes = [
        NodeMetrics(
            id=node.id,
            name=node.name,
            kind=node.kind,
            people=int(node.people),
            attitude=float(node.attitude),
            degree=int(degree[i]),
            weighted_degree=round(float(strength[i]), 6),
            betweenness=round(float(btw[i]), 8),
            pagerank=round(float(rank[i]), 8),
            core=int(core[i]),
            community=int(labels[i]),
            bridges=int(bridge_count[i]),
            is_articulation_point=i in aps,
        )
        for i, node in enumerate(network.nodes)
    ]

    coalitions = (
        [_coalition_stats(network, np.flatnonzero(labels == c), rank, int(c)) for c in range(1, int(labels.max()) + 1)]
        if n
        else []
    )

    # brokers: articulation points first, then the highest betweenness; listed by betweenness
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for a_, b_ in zip(u.tolist(), v.tolist()):
        neighbours[a_].add(int(labels[b_]))
        neighbours[b_].add(int(labels[a_]))
    # (an endpoint of a bridge with other ties is itself an articulation point)
    candidates = sorted(range(n), key=lambda i: (i not in aps, -btw[i], i))
    chosen = [i for i in candidates if btw[i] > 0][:max_brokers]
    chosen.sort(key=lambda i: (-btw[i], i))
    brokers = [
        Broker(
            id=network.nodes[i].id,
            name=network.nodes[i].name,
            kind=network.nodes[i].kind,
            betweenness=round(float(btw[i]), 8),
            is_articulation_point=i in aps,
            bridges=int(bridge_count[i]),
            communities_linked=len(neighbours[i] | {int(labels[i])}),
        )
        for i in chosen
    ]

    k_max = int(core.max()) if n else 0
    main_core = {"k": k_max, "members": [network.nodes[i].id for i in np.flatnonzero(core == k_max)] if n else []}

    opposition = []
    for c in sorted(
        (c for c in coalitions if c.opposed_people > 0), key=lambda c: (-c.opposed_people, -c.opposed_share, c.id)
    ):
        members = np.flatnonzero(labels == c.id)
        opposed_members = [i for i in members if network.nodes[i].attitude < 0 and not network.nodes[i].is_dispute]
        leaders = sorted(opposed_members, key=lambda i: (-rank[i], i))[:3]
        opposition.append(
            {
                "community": c.id,
                "opposed_people": c.opposed_people,
                "opposed_share": c.opposed_share,
                "people": c.people,
                "members": c.members,
                "open_disputes": c.open_disputes,
                "mean_attitude": c.mean_attitude,
                "leaders": [network.nodes[i].id for i in leaders],
            }
        )

    a = network.arrays
    actors = ~a["is_dispute"]
    summary = {
        "nodes": n,
        "edges": len(network.edges),
        "simple_edges": int(len(u)),
        "components": len(graph.connected_components()) if n else 0,
        "betweenness_sampled": btw_info["sampled"],
        "betweenness_pivots": btw_info["pivots"],
        "seed": seed,
        "community_method": "louvain",
        "resolution": resolution,
        "modularity": round(modularity, 6),
        "communities": len(coalitions),
        "main_core_k": k_max,
        "articulation_points": len(aps),
        "bridges": len(bridge_pairs),
        "people": int(a["people"][actors].sum()),
        "opposed_people": int(a["people"][actors & (a["attitude"] < 0)].sum()),
        "disputes": int(a["is_dispute"].sum()),
        "open_disputes": int((a["is_dispute"] & ~a["resolved"]).sum()),
    }
    return NetworkAnalysis(
        nodes=nodes,
        communities=coalitions,
        brokers=brokers,
        bridges=[(network.nodes[a_].id, network.nodes[b_].id) for a_, b_ in bridge_pairs],
        main_core=main_core,
        opposition=opposition,
        summary=summary,
    )
