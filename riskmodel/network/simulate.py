"""Mobilisation simulation (动员模拟): how many people could turn out if opposition spreads.

Model: **independent cascade** (Kempe, Kleinberg & Tardos 2003), Monte Carlo, seeded. Chosen over the
linear-threshold model because (1) the inputs are per-tie (influence × tie weight) rather than per-node
thresholds that nobody can elicit, (2) tie weights need no normalisation (LT needs incoming weights
summing to ≤ 1), and (3) it vectorises: every run is a row of a boolean matrix and each step draws one
coin per tie leaving a newly mobilised node.

* **Seeds**: nodes that are opposed (attitude < 0) and aggrieved (grievance ≥ ``grievance_threshold``),
  excluding resolved (已化解) disputes. In each run a seed acts on its own with probability
  grievance × (−attitude / 2) — strongly opposed and aggrieved nodes start most runs, mildly opposed ones
  fewer — or with ``seed_probability`` if given: even an aggrieved group does not always take to the street.
* **Spreading ties**: ``member_of``, ``represents``, ``allied_with``, ``involved_in`` carry mobilisation
  both ways (a group pulls its members and its members pull the group; a dispute links those involved);
  ``influences`` only from source to target; ``opposes`` never (opponents do not join each other).
  Resolved disputes relay nothing.
* **Tie probability** that a newly mobilised node u mobilises neighbour v::

      p(u→v) = 1 − (1 − β · influence_u · s_v) ** w_uv,     s_v = clip((1 − attitude_v) / 3, 0, 1)

  so a weight-1 tie succeeds with probability β·influence_u·s_v, and weight w acts like w independent
  contacts (parallel ties add their weights). ``s_v`` (susceptibility) is 1 for attitude −2, ⅔ for −1,
  ⅓ for a neutral node and 0 for supporters (+1, +2 never join an opposition mobilisation).
  β (``transmissibility``, default 1) scales all ties.
* **People**: a run's mobilised people = Σ ``people`` of the mobilised nodes. Disputes count 0 by default
  (their participants are the groups and persons involved in them, counted already);
  ``count_dispute_people=True`` adds their recorded head count.
* **Bands**: P(≥ 100) and P(≥ 200) people — the group-event bands of the Jiangsu rule (≥ 100 → 中,
  ≥ 200 → 高); ``bands`` changes them for ``level_probabilities``.

Reproducible: the same network, parameters, ``seed``, ``runs`` and ``batch_size`` give the same result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from riskmodel.errors import ValidationError
from riskmodel.network.model import RELATIONS, Network

SPREADING_RELATIONS: frozenset[str] = frozenset({"member_of", "represents", "allied_with", "involved_in", "influences"})
ONE_WAY_RELATIONS: frozenset[str] = frozenset({"influences"})
PERCENTILES: tuple[int, ...] = (5, 25, 50, 75, 95)
ProgressCallback = Callable[[int, int], None]


@dataclass
class MobilisationResult:
    runs: int
    seed: int
    expected_people: float
    std_people: float
    p_ge_100: float
    p_ge_200: float
    percentiles: dict[str, float]
    band: tuple[float, float]
    level_probabilities: dict[str, float]
    max_people: float
    seeds: list[str]
    node_probability: dict[str, float]
    params: dict[str, Any]
    model: str = "independent_cascade"
    samples: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)

    def to_dict(self, include_nodes: bool = False, include_samples: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "model": self.model,
            "runs": self.runs,
            "seed": self.seed,
            "expected_people": self.expected_people,
            "std_people": self.std_people,
            "p_ge_100": self.p_ge_100,
            "p_ge_200": self.p_ge_200,
            "percentiles": dict(self.percentiles),
            "band": list(self.band),
            "level_probabilities": dict(self.level_probabilities),
            "max_people": self.max_people,
            "seeds": list(self.seeds),
            "params": dict(self.params),
        }
        if include_nodes:
            out["node_probability"] = dict(self.node_probability)
        if include_samples:
            out["samples"] = self.samples.tolist()
        return out


def transmission_arcs(network: Network, transmissibility: float = 1.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Directed arcs (u, v, p) with p > 0 per the formula in the module docstring, merged per pair."""
    a = network.arrays
    n = len(network)
    rel = a["relation"]
    spread = np.isin(rel, [RELATIONS.index(r) for r in SPREADING_RELATIONS])
    two_way = spread & ~np.isin(rel, [RELATIONS.index(r) for r in ONE_WAY_RELATIONS])
    src = np.concatenate([a["src"][spread], a["dst"][two_way]])
    dst = np.concatenate([a["dst"][spread], a["src"][two_way]])
    wgt = np.concatenate([a["weight"][spread], a["weight"][two_way]])
    ok = (src != dst) & ~a["resolved"][src] & ~a["resolved"][dst]
    src, dst, wgt = src[ok], dst[ok], wgt[ok]
    if len(src) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    key = src * n + dst
    uniq, inverse = np.unique(key, return_inverse=True)
    weight = np.bincount(inverse, weights=wgt, minlength=len(uniq))
    u, v = uniq // n, uniq % n
    susceptibility = np.clip((1.0 - a["attitude"]) / 3.0, 0.0, 1.0)
    base = np.clip(transmissibility * a["influence"][u] * susceptibility[v], 0.0, 1.0)
    prob = 1.0 - np.power(1.0 - base, weight)
    keep = prob > 0
    return u[keep], v[keep], prob[keep]


def seed_nodes(network: Network, grievance_threshold: float = 0.5) -> np.ndarray:
    """Positions of the opposed, aggrieved nodes that can start a mobilisation."""
    a = network.arrays
    mask = (a["attitude"] < 0) & (a["grievance"] >= grievance_threshold) & ~a["resolved"]
    return np.flatnonzero(mask)


def simulate_mobilisation(
    network: Network,
    *,
    runs: int = 1000,
    seed: int = 42,
    grievance_threshold: float = 0.5,
    seed_probability: float | None = None,
    transmissibility: float = 1.0,
    count_dispute_people: bool = False,
    bands: tuple[float, float] = (100, 200),
    batch_size: int = 100,
    on_progress: ProgressCallback | None = None,
) -> MobilisationResult:
    """Monte Carlo independent cascade; see the module docstring for the model and its choices."""
    if runs < 1:
        raise ValidationError("network.simulate.bad_runs", runs=runs)
    if not 0.0 <= grievance_threshold <= 1.0:
        raise ValidationError("network.simulate.bad_threshold", value=grievance_threshold)
    if seed_probability is not None and not 0.0 <= seed_probability <= 1.0:
        raise ValidationError("network.simulate.bad_probability", value=seed_probability)
    if transmissibility < 0:
        raise ValidationError("network.simulate.bad_transmissibility", value=transmissibility)
    n = len(network)
    a = network.arrays
    people = a["people"].copy()
    if not count_dispute_people:
        people[a["is_dispute"]] = 0.0

    u, v, prob = transmission_arcs(network, transmissibility)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(u, minlength=n), out=indptr[1:])  # arcs are sorted by u (np.unique)
    targets, arc_prob = v, prob.astype(np.float32)
    seeds = seed_nodes(network, grievance_threshold)
    p_seed = (
        np.full(len(seeds), float(seed_probability))
        if seed_probability is not None
        else np.clip(a["grievance"][seeds] * (-a["attitude"][seeds] / 2.0), 0.0, 1.0)
    )

    samples = np.zeros(runs)
    hits = np.zeros(n)
    batches = np.random.SeedSequence(seed).spawn((runs + batch_size - 1) // batch_size)
    done = 0
    if on_progress:
        on_progress(0, runs)
    for child in batches:
        size = min(batch_size, runs - done)
        rng = np.random.default_rng(child)
        active = np.zeros((size, n), dtype=bool)
        flat_active = active.reshape(-1)  # a view: run r, node v ↔ r * n + v
        if len(seeds):
            active[:, seeds] = rng.random((size, len(seeds))) < p_seed
        run_idx, node_idx = np.nonzero(active)
        while len(node_idx):
            starts = indptr[node_idx]
            counts = indptr[node_idx + 1] - starts
            total = int(counts.sum())
            if total == 0:
                break
            # one coin per arc leaving each newly mobilised (run, node)
            offsets = np.repeat(starts - (np.cumsum(counts) - counts), counts)
            arc = offsets + np.arange(total)
            success = rng.random(total, dtype=np.float32) < arc_prob[arc]
            flat = np.repeat(run_idx, counts)[success] * n + targets[arc[success]]
            flat = flat[~flat_active[flat]]
            if len(flat) == 0:
                break
            flat = np.unique(flat)  # (run, node) order, each newly mobilised once
            flat_active[flat] = True
            run_idx, node_idx = np.divmod(flat, n)
        samples[done : done + size] = active @ people
        hits += active.sum(axis=0)
        done += size
        if on_progress:
            on_progress(done, runs)

    low, high = bands
    pct = np.percentile(samples, PERCENTILES, method="inverted_cdf")
    return MobilisationResult(
        runs=runs,
        seed=seed,
        expected_people=round(float(samples.mean()), 4),
        std_people=round(float(samples.std()), 4),
        p_ge_100=float((samples >= 100).mean()),
        p_ge_200=float((samples >= 200).mean()),
        percentiles={f"p{q}": float(x) for q, x in zip(PERCENTILES, pct)},
        band=(float(pct[0]), float(pct[-1])),
        level_probabilities={
            "低": float((samples < low).mean()),
            "中": float(((samples >= low) & (samples < high)).mean()),
            "高": float((samples >= high).mean()),
        },
        max_people=float(samples.max()),
        seeds=[network.nodes[i].id for i in seeds],
        node_probability={node.id: round(float(hits[i] / runs), 6) for i, node in enumerate(network.nodes)},
        params={
            "grievance_threshold": grievance_threshold,
            "seed_probability": seed_probability,
            "transmissibility": transmissibility,
            "count_dispute_people": count_dispute_people,
            "bands": [low, high],
            "batch_size": batch_size,
        },
        samples=samples,
    )
