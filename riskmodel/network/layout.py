"""Node positions for the network view, cached by graph content; reduction of big graphs for display.

igraph's Fruchterman–Reingold (grid variant above 1,000 nodes) with a private seeded generator:
~0.3 s for 5,000 nodes / 20,000 ties here, where networkx ``spring_layout`` takes minutes (DrL was tried
and takes ~20 s at that size). Positions depend only on ids and ties, so the cache key is
``network_fingerprint(network, structure_only=True)``: editing an attitude keeps the layout. Two cache
levels: a small in-process LRU and, optionally, JSON files in ``cache_dir`` (shared by app instances).
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from riskmodel.i18n import t
from riskmodel.network._rng import igraph_seed
from riskmodel.network.model import Network

Positions = dict[str, tuple[float, float]]
GRID_ABOVE = 1000
_CACHE_SIZE = 32
_cache: OrderedDict[tuple, Positions] = OrderedDict()
_cache_lock = threading.Lock()
_stats = {"hits": 0, "disk_hits": 0, "misses": 0}


def _compute(network: Network, seed: int) -> Positions:
    n = len(network)
    if n == 0:
        return {}
    if n == 1:
        return {network.nodes[0].id: (0.0, 0.0)}
    graph = network.to_igraph()
    weights = "weight" if graph.ecount() else None
    with igraph_seed(seed):
        if n > GRID_ABOVE:
            coords = graph.layout_fruchterman_reingold(weights=weights, niter=300, grid="grid").coords
        else:
            coords = graph.layout_fruchterman_reingold(weights=weights, niter=500, grid="nogrid").coords
    xy = np.asarray(coords, dtype=float)
    xy -= xy.mean(axis=0)
    scale = np.abs(xy).max() or 1.0
    xy = np.round(xy / scale, 5)
    return {node.id: (float(x), float(y)) for node, (x, y) in zip(network.nodes, xy)}


def _disk_path(cache_dir: str | Path, key: tuple) -> Path:
    fingerprint, seed = key
    return Path(cache_dir) / f"layout-{fingerprint[:40]}-s{seed}.json"


def compute_layout(network: Network, *, seed: int = 42, cache_dir: str | Path | None = None) -> Positions:
    """Positions {node id: (x, y)} in [-1, 1]², from cache when this graph structure was laid out before."""
    key = (network.structure_hash, seed)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            _stats["hits"] += 1
    if hit is not None:
        if cache_dir is not None and not _disk_path(cache_dir, key).exists():
            _save(cache_dir, key, hit)
        return dict(hit)
    positions: Positions | None = None
    if cache_dir is not None:
        path = _disk_path(cache_dir, key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            positions = {k: (float(v[0]), float(v[1])) for k, v in data["positions"].items()}
            if set(positions) != set(network.index):
                positions = None
            else:
                _stats["disk_hits"] += 1
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            positions = None
    if positions is None:
        _stats["misses"] += 1
        positions = _compute(network, seed)
        if cache_dir is not None:
            _save(cache_dir, key, positions)
    with _cache_lock:
        _cache[key] = positions
        _cache.move_to_end(key)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return dict(positions)


def _save(cache_dir: str | Path, key: tuple, positions: Positions) -> None:
    _write_atomic(
        _disk_path(cache_dir, key),
        {"fingerprint": key[0], "seed": key[1], "positions": {k: list(v) for k, v in positions.items()}},
    )


def _write_atomic(path: Path, payload: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".layout-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:  # a read-only cache dir only costs speed
        pass


def layout_cache_stats() -> dict[str, int]:
    with _cache_lock:
        return {**_stats, "entries": len(_cache)}


def clear_layout_cache() -> None:
    with _cache_lock:
        _cache.clear()
        for k in _stats:
            _stats[k] = 0


# --- reduction for display --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReductionNote:
    """What ``reduce_for_display`` dropped, to show next to the plot."""

    method: str  # "kcore" or "top"
    k: int | None
    kept_nodes: int
    dropped_nodes: int
    kept_edges: int
    dropped_edges: int
    dropped_by_kind: dict[str, int] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        kinds = "、".join(f"{t(f'network.kind.{k}', lang)} {v}" for k, v in sorted(self.dropped_by_kind.items()) if v)
        key = "network.layout.reduced_kcore" if self.method == "kcore" else "network.layout.reduced_top"
        return t(
            key,
            lang,
            k=self.k,
            kept=self.kept_nodes,
            dropped=self.dropped_nodes,
            kept_edges=self.kept_edges,
            dropped_edges=self.dropped_edges,
            kinds=kinds or "-",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "k": self.k,
            "kept_nodes": self.kept_nodes,
            "dropped_nodes": self.dropped_nodes,
            "kept_edges": self.kept_edges,
            "dropped_edges": self.dropped_edges,
            "dropped_by_kind": dict(self.dropped_by_kind),
        }


def reduce_for_display(
    network: Network, max_nodes: int = 800, *, centrality: dict[str, float] | None = None
) -> tuple[Network, ReductionNote | None]:
    """At most ``max_nodes`` nodes: the largest k-core that fits if it keeps at least half the budget,
    otherwise the top nodes by ``centrality`` (default: weighted PageRank). Returns the note saying so."""
    n = len(network)
    if n <= max_nodes:
        return network, None
    core = np.asarray(network.to_igraph().coreness(), dtype=int)
    keep_idx: np.ndarray | None = None
    method, k_used = "top", None
    for k in range(1, int(core.max()) + 1):
        members = np.flatnonzero(core >= k)
        if len(members) <= max_nodes:
            if len(members) >= max_nodes / 2:
                keep_idx, method, k_used = members, "kcore", k
            break
    if keep_idx is None:
        if centrality is None:
            from riskmodel.network.analysis import pagerank

            score = pagerank(network)
        else:
            score = np.array([centrality.get(node.id, 0.0) for node in network.nodes])
        keep_idx = np.sort(np.argsort(-score, kind="stable")[:max_nodes])
    kept = network.subgraph(network.nodes[i].id for i in keep_idx)
    kept_ids = set(kept.index)
    dropped_by_kind: dict[str, int] = {}
    for node in network.nodes:
        if node.id not in kept_ids:
            dropped_by_kind[node.kind] = dropped_by_kind.get(node.kind, 0) + 1
    note = ReductionNote(
        method=method,
        k=k_used,
        kept_nodes=len(kept),
        dropped_nodes=n - len(kept),
        kept_edges=len(kept.edges),
        dropped_edges=len(network.edges) - len(kept.edges),
        dropped_by_kind=dropped_by_kind,
    )
    return kept, note
