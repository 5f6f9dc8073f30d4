"""Benchmark of the stakeholder network (issue 5): 5,000 nodes / 20,000 ties.

Targets: analysis + 1,000 mobilisation runs ≤ 10 s cold; layout ≤ 5 s; cached layout lookup ≤ 300 ms;
a cached rerun of the network page (AppTest, 5,000-node network stored in a temp database) ≤ 300 ms,
against the first (cold) run of the page in the same process.
Baselines measured in the same run: a naive per-run Python-loop independent cascade (a sample of runs,
extrapolated to 1,000) and networkx ``spring_layout`` on a 500-node subgraph (extrapolated
quadratically to 5,000 nodes, as its dense Fruchterman–Reingold is O(n²) per iteration).

Run: ``python bench/bench_network.py``
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

N_NODES, N_EDGES, RUNS, SEED = 5000, 20000, 1000, 42
COLD_SCRIPT = f"""
import time
t0 = time.perf_counter()
from riskmodel.network.demo import generate_network
from riskmodel.network.analysis import analyse
from riskmodel.network.simulate import simulate_mobilisation
t1 = time.perf_counter()
net = generate_network("基准项目", "垃圾焚烧发电", {N_NODES}, seed=1, n_edges={N_EDGES})
t2 = time.perf_counter()
analyse(net, seed={SEED}); simulate_mobilisation(net, runs={RUNS}, seed={SEED})
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def status(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def naive_cascade(network, runs: int, seed: int) -> list[float]:
    """The obvious implementation: one Python BFS per run, one coin per tie (same model, same arcs)."""
    from riskmodel.network.simulate import seed_nodes, transmission_arcs

    u, v, p = transmission_arcs(network)
    out: dict[int, list[tuple[int, float]]] = {}
    for a, b, q in zip(u.tolist(), v.tolist(), p.tolist()):
        out.setdefault(a, []).append((b, q))
    arrays = network.arrays
    people = [0.0 if d else x for x, d in zip(arrays["people"].tolist(), arrays["is_dispute"].tolist())]
    seeds = seed_nodes(network).tolist()
    p_seed = [min(1.0, g * -a / 2) for g, a in zip(arrays["grievance"][seeds], arrays["attitude"][seeds])]
    rng = random.Random(seed)
    totals = []
    for _ in range(runs):
        active = {s for s, q in zip(seeds, p_seed) if rng.random() < q}
        frontier = list(active)
        while frontier:
            nxt = []
            for a in frontier:
                for b, q in out.get(a, ()):
                    if b not in active and rng.random() < q:
                        active.add(b)
                        nxt.append(b)
            frontier = nxt
        totals.append(sum(people[i] for i in active))
    return totals


def main() -> int:
    print(f"network benchmark: {N_NODES} nodes, {N_EDGES} ties, {RUNS} runs, seed {SEED}")
    # 1. a truly cold process: imports + generation + analysis + simulation
    out = subprocess.run(
        [sys.executable, "-c", COLD_SCRIPT],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    imports, generate, work = map(float, out.stdout.split())
    print(
        f"  cold process: imports {imports:.2f} s, generate graph {generate:.2f} s, "
        f"analysis + {RUNS} runs {work:.2f} s  [{status(work <= 10)} ≤ 10 s]"
    )

    # 2. in this process, step by step
    from riskmodel.network.analysis import analyse
    from riskmodel.network.demo import generate_network
    from riskmodel.network.layout import clear_layout_cache, compute_layout
    from riskmodel.network.model import Network
    from riskmodel.network.simulate import simulate_mobilisation

    net = generate_network("基准项目", "垃圾焚烧发电", N_NODES, seed=1, n_edges=N_EDGES)
    assert len(net) == N_NODES and len(net.edges) == N_EDGES
    t = time.perf_counter()
    result = analyse(net, seed=SEED)
    t_an = time.perf_counter() - t
    t = time.perf_counter()
    sim = simulate_mobilisation(net, runs=RUNS, seed=SEED)
    t_sim = time.perf_counter() - t
    total = t_an + t_sim
    print(
        f"  analysis {t_an:.2f} s (betweenness sampled: {result.summary['betweenness_sampled']}, "
        f"{result.summary['betweenness_pivots']} pivots; {result.summary['communities']} communities)"
    )
    print(
        f"  simulation {RUNS} runs {t_sim:.2f} s (expected {sim.expected_people:.0f} people, "
        f"P≥100 {sim.p_ge_100:.3f}, P≥200 {sim.p_ge_200:.3f})"
    )
    print(f"  analysis + simulation {total:.2f} s  [{status(total <= 10)} ≤ 10 s]")

    sample = 20
    t = time.perf_counter()
    naive_cascade(net, sample, SEED)
    t_naive = (time.perf_counter() - t) * RUNS / sample
    print(
        f"  baseline: naive per-run Python cascade, {sample} runs → {RUNS} runs ≈ {t_naive:.2f} s; "
        f"vectorised is {t_naive / t_sim:.1f}× faster"
    )

    clear_layout_cache()
    t = time.perf_counter()
    compute_layout(net, seed=SEED)
    t_layout = time.perf_counter() - t
    print(f"  layout (igraph FR, cold) {t_layout:.2f} s  [{status(t_layout <= 5)} ≤ 5 s]")
    t = time.perf_counter()
    compute_layout(net, seed=SEED)
    t_hit = time.perf_counter() - t
    copy = Network.from_dict(net.to_dict())  # a fresh object: the key (content hash) is recomputed
    t = time.perf_counter()
    compute_layout(copy, seed=SEED)
    t_hit_fresh = time.perf_counter() - t
    print(
        f"  cached layout lookup {1000 * t_hit:.1f} ms (same object), {1000 * t_hit_fresh:.0f} ms "
        f"(equal new object, hash recomputed)  [{status(t_hit_fresh <= 0.3)} ≤ 300 ms]"
    )

    import networkx as nx

    sub = net.subgraph(net.ids[:500]).to_networkx()
    t = time.perf_counter()
    nx.spring_layout(sub, seed=SEED)
    t_nx = time.perf_counter() - t
    t_nx_full = t_nx * (N_NODES / 500) ** 2
    print(
        f"  baseline: networkx spring_layout 500 nodes {t_nx:.2f} s → 5,000 nodes ≈ {t_nx_full:.0f} s "
        f"(quadratic); igraph layout is {t_nx_full / t_layout:.0f}× faster"
    )
    t_cold_page, t_rerun = page_rerun(net)
    print(
        f"  network page, {len(net)} nodes stored: first run {t_cold_page:.2f} s (analysis, reduction, layout), "
        f"cached rerun median {1000 * t_rerun:.0f} ms  [{status(t_rerun <= 0.3)} ≤ 300 ms]"
    )
    ok = work <= 10 and total <= 10 and t_layout <= 5 and t_hit_fresh <= 0.3 and t_rerun <= 0.3
    print("ALL PASS" if ok else "SOME MISS")
    return 0


def page_rerun(net, reruns: int = 7) -> tuple[float, float]:
    """(first run, median cached rerun) of the network page for a leader, in seconds (AppTest)."""
    import os
    import statistics
    import tempfile

    from streamlit.testing.v1 import AppTest

    from riskmodel.services import auth, networks, projects
    from riskmodel.services.context import Actor
    from riskmodel.store import forget_stores, get_store

    tmp = tempfile.mkdtemp(prefix="bench-network-page-")
    url = f"sqlite:///{tmp}/bench.db"
    os.environ["RISKMODEL_DATABASE_URL"] = url
    os.environ["RISKMODEL_LAYOUT_CACHE"] = f"{tmp}/layouts"
    store = get_store(url)
    system = Actor.system()
    for name, role in (("bench-organizer", "organizer"), ("bench-leader", "leader")):
        auth.create_user(store, system, name, "bench-pass-1", role, display_name=name)
    org = auth.actor_for(store, "bench-organizer")
    p = projects.create_project(
        store, org, name="基准项目", type="环境敏感/邻避设施", region="基准区", stage="项目立项", code="BENCH-1"
    )
    networks.save_network(store, org, p.id, net)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.text_input(key="login_username").input("bench-leader")
    at.text_input(key="login_password").input("bench-pass-1")
    at.button(key="login_submit").click().run()
    t = time.perf_counter()
    at.switch_page("riskmodel/ui/pages/network_view.py").run()
    cold = time.perf_counter() - t
    assert not at.exception, [e.value for e in at.exception]
    times = []
    for _ in range(reruns):
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
    forget_stores()
    return cold, statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())
