"""Stakeholder and dispute network (利益相关方与矛盾纠纷网络): nodes, typed ties, versions by date.

Plain frozen dataclasses so the model can be hashed, cached and serialised; conversion to networkx and
igraph for analysis. Conventions used everywhere in ``riskmodel.network``:

* ``people`` is the head count a node stands for (a village group: the people directly concerned; a
  person: 1; an organisation: usually 0). A dispute's ``people`` is the head count recorded on the
  petition or call; its participants are normally also members of groups already in the network, so
  totals of people (coalitions, mobilisation) leave disputes out unless told otherwise.
* ``attitude`` runs from −2 (strongly opposed) to +2 (strongly supportive); "opposed" means < 0.
* Ties are stored directed (``source`` → ``target``, e.g. person ``member_of`` group, group
  ``involved_in`` dispute, media ``influences`` group); structural analysis treats them as undirected.
* Versioning: a node or tie exists on day d when ``valid_from <= d <= valid_to`` (both inclusive, open
  when empty); a dispute exists once it was ``opened``. ``Network.as_of(d)`` keeps what existed that day.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np

from riskmodel.errors import ValidationError

NODE_KINDS: tuple[str, ...] = ("group", "person", "organisation", "dispute")
RELATIONS: tuple[str, ...] = ("member_of", "represents", "allied_with", "opposes", "influences", "involved_in")
CHANNELS: tuple[str, ...] = ("信访", "12345", "网格", "媒体", "其他")
STATUSES: tuple[str, ...] = ("排查", "调处中", "已化解", "上行")
#: Relations read the same both ways (a duplicate check treats A–B and B–A as one tie).
SYMMETRIC_RELATIONS: frozenset[str] = frozenset({"allied_with", "opposes"})
ATTITUDE_MIN, ATTITUDE_MAX = -2.0, 2.0


@dataclass(frozen=True)
class Node:
    """A stakeholder group, key person, organisation or dispute (矛盾纠纷)."""

    id: str
    name: str
    kind: str
    people: int = 0
    attitude: float = 0.0
    grievance: float = 0.0
    influence: float = 0.0
    # disputes only
    channel: str | None = None
    category: str | None = None
    status: str | None = None
    opened: date | None = None
    closed: date | None = None
    # versioning
    valid_from: date | None = None
    valid_to: date | None = None

    @property
    def is_dispute(self) -> bool:
        return self.kind == "dispute"

    @property
    def opposed(self) -> bool:
        return self.attitude < 0

    def exists_on(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_to is not None and day > self.valid_to:
            return False
        return not (self.is_dispute and self.opened is not None and day < self.opened)

    def to_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Node:
        return cls(**_parse_dates(data, ("opened", "closed", "valid_from", "valid_to"), cls))


@dataclass(frozen=True)
class Edge:
    """A typed, weighted tie ``source`` → ``target`` (weight > 0: strength of the tie)."""

    source: str
    target: str
    relation: str
    weight: float = 1.0
    valid_from: date | None = None
    valid_to: date | None = None

    def exists_on(self, day: date) -> bool:
        if self.valid_from is not None and day < self.valid_from:
            return False
        return not (self.valid_to is not None and day > self.valid_to)

    def to_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edge:
        return cls(**_parse_dates(data, ("valid_from", "valid_to"), cls))


def _parse_dates(data: dict[str, Any], keys: tuple[str, ...], cls: type) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    out = {k: v for k, v in data.items() if k in names}
    for key in keys:
        value = out.get(key)
        if isinstance(value, str):
            out[key] = date.fromisoformat(value) if value else None
    return out


@dataclass(frozen=True)
class Network:
    """One project's network (or one version of it). Ids are unique; every tie joins two known nodes.

    Construction checks only structural integrity (a programming or import error otherwise); the
    row-by-row checks a user needs live in ``riskmodel.network.io``.
    """

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "nodes", tuple(self.nodes))
        object.__setattr__(self, "edges", tuple(self.edges))
        seen: set[str] = set()
        for node in self.nodes:
            if node.id in seen:
                raise ValidationError("network.model.duplicate_id", id=node.id)
            seen.add(node.id)
        for edge in self.edges:
            for end in (edge.source, edge.target):
                if end not in seen:
                    raise ValidationError("network.model.unknown_node", id=end)

    # --- lookup -----------------------------------------------------------------------------------
    @cached_property
    def index(self) -> dict[str, int]:
        """Node id → position in ``nodes`` (the vertex order of every array and graph built here)."""
        return {node.id: i for i, node in enumerate(self.nodes)}

    def node(self, node_id: str) -> Node:
        return self.nodes[self.index[node_id]]

    def __len__(self) -> int:
        return len(self.nodes)

    @property
    def ids(self) -> list[str]:
        return [n.id for n in self.nodes]

    @property
    def disputes(self) -> list[Node]:
        return [n for n in self.nodes if n.is_dispute]

    def ties_of(self, node_id: str) -> list[Edge]:
        return [e for e in self.edges if e.source == node_id or e.target == node_id]

    # --- arrays (vertex order = node order) --------------------------------------------------------
    @cached_property
    def arrays(self) -> dict[str, np.ndarray]:
        """Node attributes and tie endpoints as numpy arrays, shared by analysis and simulation."""
        idx = self.index
        n_edges = len(self.edges)
        return {
            "people": np.array([n.people for n in self.nodes], dtype=float),
            "attitude": np.array([n.attitude for n in self.nodes], dtype=float),
            "grievance": np.array([n.grievance for n in self.nodes], dtype=float),
            "influence": np.array([n.influence for n in self.nodes], dtype=float),
            "is_dispute": np.array([n.is_dispute for n in self.nodes], dtype=bool),
            "resolved": np.array([n.is_dispute and n.status == "已化解" for n in self.nodes], dtype=bool),
            "src": np.fromiter((idx[e.source] for e in self.edges), dtype=np.int64, count=n_edges),
            "dst": np.fromiter((idx[e.target] for e in self.edges), dtype=np.int64, count=n_edges),
            "weight": np.fromiter((e.weight for e in self.edges), dtype=float, count=n_edges),
            "relation": np.fromiter((RELATIONS.index(e.relation) for e in self.edges), dtype=np.int64, count=n_edges),
        }

    def simple_edges(self, exclude_relations: Iterable[str] = ()) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Undirected simple graph: (u, v, weight) with u < v, parallel ties merged by summing weights."""
        a = self.arrays
        keep = np.ones(len(self.edges), dtype=bool)
        for rel in exclude_relations:
            keep &= a["relation"] != RELATIONS.index(rel)
        u = np.minimum(a["src"][keep], a["dst"][keep])
        v = np.maximum(a["src"][keep], a["dst"][keep])
        w = a["weight"][keep]
        ok = u != v
        u, v, w = u[ok], v[ok], w[ok]
        if len(u) == 0:
            return u, v, w
        key = u * max(len(self.nodes), 1) + v
        uniq, inverse = np.unique(key, return_inverse=True)
        weights = np.bincount(inverse, weights=w, minlength=len(uniq))
        n = max(len(self.nodes), 1)
        return uniq // n, uniq % n, weights

    @cached_property
    def content_hash(self) -> str:
        """``network_fingerprint(self)``, computed once per object."""
        return network_fingerprint(self)

    @cached_property
    def structure_hash(self) -> str:
        """``network_fingerprint(self, structure_only=True)`` (layout cache key), computed once."""
        return network_fingerprint(self, structure_only=True)

    # --- versions -----------------------------------------------------------------------------------
    def as_of(self, day: date) -> Network:
        """The network as it stood on ``day``: nodes and ties valid that day, disputes already opened."""
        nodes = tuple(n for n in self.nodes if n.exists_on(day))
        kept = {n.id for n in nodes}
        edges = tuple(e for e in self.edges if e.exists_on(day) and e.source in kept and e.target in kept)
        return Network(nodes, edges, meta={**self.meta, "as_of": day.isoformat()})

    def subgraph(self, node_ids: Iterable[str]) -> Network:
        keep = set(node_ids)
        nodes = tuple(n for n in self.nodes if n.id in keep)
        edges = tuple(e for e in self.edges if e.source in keep and e.target in keep)
        return Network(nodes, edges, meta=dict(self.meta))

    def with_nodes(self, nodes: Iterable[Node]) -> Network:
        """A copy with some nodes replaced by id (used by what-if edits and tests)."""
        by_id = {n.id: n for n in nodes}
        return Network(tuple(by_id.get(n.id, n) for n in self.nodes), self.edges, meta=dict(self.meta))

    # --- conversions --------------------------------------------------------------------------------
    def to_networkx(self, multigraph: bool = False):
        """``multigraph=True``: a MultiDiGraph with every tie and attribute (faithful);
        otherwise an undirected Graph, parallel ties merged (weights summed, ``relations`` listed)."""
        import networkx as nx

        graph = nx.MultiDiGraph() if multigraph else nx.Graph()
        for node in self.nodes:
            graph.add_node(node.id, **{k: v for k, v in node.to_dict().items() if k != "id"})
        for edge in self.edges:
            if multigraph:
                graph.add_edge(
                    edge.source,
                    edge.target,
                    key=edge.relation,
                    **{k: v for k, v in edge.to_dict().items() if k not in ("source", "target")},
                )
            elif graph.has_edge(edge.source, edge.target):
                data = graph.edges[edge.source, edge.target]
                data["weight"] += edge.weight
                data["relations"] = sorted(set(data["relations"]) | {edge.relation})
            elif edge.source != edge.target:
                graph.add_edge(edge.source, edge.target, weight=edge.weight, relations=[edge.relation])
        return graph

    def to_igraph(self, exclude_relations: Iterable[str] = ()):
        """Undirected simple igraph (vertex order = node order, ``name`` = id, ``weight`` summed)."""
        import igraph as ig

        u, v, w = self.simple_edges(exclude_relations)
        graph = ig.Graph(n=len(self.nodes), edges=np.column_stack([u, v]).tolist(), directed=False)
        graph.vs["name"] = self.ids
        graph.es["weight"] = w.tolist()
        return graph

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
            "meta": dict(self.meta),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Network:
        return cls(
            tuple(Node.from_dict(n) for n in data.get("nodes", ())),
            tuple(Edge.from_dict(e) for e in data.get("edges", ())),
            meta=dict(data.get("meta") or {}),
        )


def _canonical(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(round(value, 12))
    return value


def network_fingerprint(network: Network, structure_only: bool = False) -> str:
    """Stable SHA-256 of the network's content, independent of row order (a cache key).

    ``structure_only=True`` hashes only ids and ties (what a layout depends on), so editing an
    attitude or a head count does not invalidate a cached layout.
    """
    if structure_only:
        nodes = sorted([n.id] for n in network.nodes)
        edges = sorted([e.source, e.target, e.relation, _canonical(float(e.weight))] for e in network.edges)
    else:
        nodes = sorted([_canonical(v) for v in astuple_node(n)] for n in network.nodes)
        edges = sorted([_canonical(v) for v in astuple_edge(e)] for e in network.edges)
    payload = json.dumps(
        {"v": 1, "s": structure_only, "n": nodes, "e": edges}, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def astuple_node(node: Node) -> tuple:
    return tuple(
        "" if v is None else (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
        for v in (getattr(node, f.name) for f in fields(Node))
    )


def astuple_edge(edge: Edge) -> tuple:
    return tuple(
        "" if v is None else (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
        for v in (getattr(edge, f.name) for f in fields(Edge))
    )


__all__ = [
    "NODE_KINDS",
    "RELATIONS",
    "CHANNELS",
    "STATUSES",
    "SYMMETRIC_RELATIONS",
    "Node",
    "Edge",
    "Network",
    "network_fingerprint",
]
