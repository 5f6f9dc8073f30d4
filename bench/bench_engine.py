"""Benchmark of ``assess`` (issue 2 targets), with a plain-Python reference in the same run.

Targets: 30 experts × 40 indicators ≤ 5 ms per assess without uncertainty draws; 1,000 such
assessments ≤ 2 s (``assess_many``, one batched pass; the sequential ``assess`` loop is printed for
comparison); 10,000 uncertainty draws for one assessment ≤ 0.5 s. The reference computes the same
point result (weighted means, index, level) with Python loops, to show the ratio.
Run: python bench/bench_engine.py
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from riskmodel.engine import assess, assess_many, parse_assessment
from riskmodel.questionnaire import parse_questionnaire, resolve_weights

M, DIMS, PER_DIM = 30, 5, 8


def synthetic_questionnaire():
    anchors = "\n".join(f"    - {{value: {v}, label: {{zh: '{v}', en: '{v}'}}}}" for v in range(1, 6))
    dims = []
    for d in range(DIMS):
        inds = "\n".join(
            f"      - {{id: D{d}I{i}, name: {{zh: 指标{d}{i}, en: I{d}{i}}}, guidance: {{zh: 说明, en: guide}}}}"
            for i in range(PER_DIM)
        )
        dims.append(
            f"  - id: D{d}\n    name: {{zh: 维度{d}, en: D{d}}}\n    weights: {{method: equal}}\n    indicators:\n{inds}"
        )
    grades = "\n".join(f"    - {{id: g{v}, label: {{zh: '{v}', en: '{v}'}}, value: {v}}}" for v in range(1, 6))
    text = f"""
id: bench
name: {{zh: 基准, en: bench}}
source: {{zh: 基准, en: bench}}
standard: {{zh: 基准, en: bench}}
method: score
scale:
  anchors:
{anchors}
weights: {{method: equal}}
dimensions:
{chr(10).join(dims)}
levels: {{medium: 2.5, high: 3.5}}
decision_rule:
  name: {{zh: 规则, en: rule}}
  rules:
    - {{residual: 高, verdict: 不予实施}}
    - {{residual: 中, verdict: 暂缓实施}}
    - {{residual: 低, before: [中, 高], verdict: 调整方案后实施}}
    - {{residual: 低, verdict: 实施}}
fce:
  grades:
{grades}
"""
    return parse_questionnaire(text, "bench.yaml")


def synthetic_input(q, seed: int):
    rng = np.random.default_rng(seed)
    ids = q.indicator_ids()
    truth = rng.uniform(1.5, 4.5, len(ids))
    ratings = []
    for e in range(M):
        b = np.clip(np.rint(truth + rng.normal(0, 0.7, len(ids))), 1, 5)
        a = np.clip(b - rng.integers(0, 3, len(ids)), 1, 5)
        ratings += [{"expert": f"e{e}", "indicator": k, "score": float(s)} for k, s in zip(ids, b)]
        ratings += [{"expert": f"e{e}", "indicator": k, "phase": "after", "score": float(s)} for k, s in zip(ids, a)]
    experts = [{"id": f"e{e}", "ca": float(rng.uniform(0.5, 1)), "cs": float(rng.uniform(0.3, 1))} for e in range(M)]
    return parse_assessment(
        {
            "project": {"name": "bench"},
            "questionnaire": "bench",
            "experts": experts,
            "ratings": ratings,
            "uncertainty": {"draws": 0},
        }
    )


def python_reference(inp, q) -> tuple[float, str]:
    """Same point index and level with plain Python loops (dicts, no numpy)."""
    w = dict(zip(q.indicator_ids(), resolve_weights(q).indicator.tolist()))
    auth = {e.id: (float(e.ca) + float(e.cs)) / 2 for e in inp.experts}
    num: dict[str, float] = {}
    den: dict[str, float] = {}
    for r in inp.ratings:
        if r.phase != "before":
            continue
        num[r.indicator] = num.get(r.indicator, 0.0) + auth[r.expert] * r.score
        den[r.indicator] = den.get(r.indicator, 0.0) + auth[r.expert]
    index = sum(w[k] * num[k] / den[k] for k in num)
    level = "高" if index >= q.levels.high else "中" if index >= q.levels.medium else "低"
    return index, level


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def flag(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    q = synthetic_questionnaire()
    inputs = [synthetic_input(q, s) for s in range(1000)]
    # 2.4 million rating objects now live: freeze them so the cyclic GC does not rescan them on every
    # collection (it would otherwise triple the batch time, measuring the collector, not the model)
    gc.collect()
    gc.freeze()
    one = inputs[0]
    assess(one, q, draws=0)  # warm-up
    single = statistics.median(timed(lambda: assess(one, q, draws=0), 200)) * 1e3
    ref = statistics.median(timed(lambda: python_reference(one, q), 200)) * 1e3
    assert abs(python_reference(one, q)[0] - assess(one, q, draws=0).index) < 1e-9
    t0 = time.perf_counter()
    for inp in inputs:
        assess(inp, q, draws=0)
    loop = time.perf_counter() - t0
    batches = []
    for _ in range(3):
        t0 = time.perf_counter()
        many = assess_many(inputs, q)
        batches.append(time.perf_counter() - t0)
        del many
    batch = statistics.median(batches)
    draws = statistics.median(timed(lambda: assess(one, q, draws=10_000, seed=1), 10)) - single / 1e3
    print(
        f"assess, {M} experts × {DIMS * PER_DIM} indicators, no draws: {single:.2f} ms median "
        f"(target ≤ 5 ms) {flag(single <= 5)}"
    )
    print(
        f"  plain-Python reference (point index only): {ref:.2f} ms; the full assess does far more "
        f"(statistics, Kendall W, FCE, sensitivity) at {single / ref:.1f}× the reference's time"
    )
    print(
        f"1,000 assessments with assess_many: {batch:.2f} s median of 3 (target ≤ 2 s) {flag(batch <= 2)}; "
        f"runs {', '.join(f'{b:.2f}' for b in batches)} s"
    )
    print(f"  sequential loop of assess: {loop:.2f} s ({loop / batch:.1f}× the batch)")
    print(f"10,000 uncertainty draws for one assessment: {draws * 1e3:.0f} ms (target ≤ 500 ms) {flag(draws <= 0.5)}")
    loop_draws = 200
    rng = np.random.default_rng(0)

    def python_draws():
        for _ in range(loop_draws):
            picks = list(rng.integers(0, M, M))
            sub = {f"e{i}" for i in picks}
            sample = [r for r in one.ratings if r.expert in sub]
            python_reference(one.model_copy(update={"ratings": sample}), q)

    t_loop = statistics.median(timed(python_draws, 3)) / loop_draws
    print(
        f"  plain-Python bootstrap reference: {t_loop * 1e3:.2f} ms per draw → 10,000 draws ≈ {t_loop * 1e4:.1f} s; "
        f"vectorised is {t_loop * 1e4 / draws:.0f}× faster"
    )


if __name__ == "__main__":
    main()
