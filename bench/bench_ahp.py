"""Benchmark: riskmodel.ahp vs AHPy on a 9×9 judgment matrix, and group AHP (30 experts × 9×9).

Run: ``python bench/bench_ahp.py`` (from the repo, with the venv's python). Prints µs per call (median of
timeit repeats), the ratio against AHPy measured in the same run, and PASS/MISS per target:
  * riskmodel.ahp, 9×9 with CR, ndarray input: ≤ 40 µs per call
  * ≥ 8× faster than ahpy.Compare on the same matrix
  * riskmodel.ahp_group, 30 experts × 9×9 (weights, CR, member CRs, consensus): ≤ 1 ms per call

What is timed for AHPy: ``ahpy.Compare(name, comparisons, random_index='saaty')`` — the constructor is
where AHPy builds its matrix from the pairwise dict and computes weights and CR (there is no separate
compute step); the dict of the 36 upper-triangle judgments is built once outside the timer. AHPy rounds to
4 decimals by default; riskmodel returns full precision. riskmodel's time includes input validation.
"""

from __future__ import annotations

import statistics
import sys
import timeit
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from riskmodel import ahp, ahp_group

SAATY = np.array([1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9])


def saaty_matrix(priorities: np.ndarray, rng: np.random.Generator, noise: float) -> np.ndarray:
    """Judgments a_ij = the Saaty-scale value nearest (in log) to v_i/v_j · noise: realistic CR."""
    n = len(priorities)
    ratio = np.log(np.outer(priorities, 1 / priorities)) + rng.normal(0, noise, (n, n))
    a = np.ones((n, n))
    iu = np.triu_indices(n, 1)
    pick = SAATY[np.abs(np.log(SAATY)[None, :] - ratio[iu][:, None]).argmin(axis=1)]
    a[iu] = pick
    a[(iu[1], iu[0])] = 1 / pick
    return a


def per_call_us(*jobs: tuple, repeat: int = 21) -> list[tuple[float, float]]:
    """(median, min) µs per call for each ``(fn, number)`` job. The jobs' repeats are interleaved so that
    background load on a shared machine hits them alike and the ratio stays meaningful."""
    samples: list[list[float]] = [[] for _ in jobs]
    for _ in range(repeat):
        for k, (fn, number) in enumerate(jobs):
            samples[k].append(timeit.timeit(fn, number=number) / number * 1e6)
    return [(statistics.median(s), min(s)) for s in samples]


def flag(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> int:
    rng = np.random.default_rng(2024)
    v = np.array([9, 7, 6, 5, 4, 3, 2.5, 1.5, 1.0])
    a = saaty_matrix(v, rng, 0.25)
    r = ahp(a)
    print(f"9×9 matrix: lambda_max={r.lambda_max:.4f} CR={r.cr:.4f} (RI table {r.ri_table})")

    labels = [f"c{i}" for i in range(9)]
    comparisons = {(labels[i], labels[j]): float(a[i, j]) for i in range(9) for j in range(i + 1, 9)}
    try:
        import ahpy
    except ImportError:  # bench-only dependency (bench/requirements.txt)
        ahpy = None

    have_ahpy = ahpy is not None
    if have_ahpy:
        c = ahpy.Compare("bench", comparisons, random_index="saaty")
        w_ahpy = np.array([c.local_weights[k] for k in labels])
        assert np.allclose(w_ahpy, r.weights, atol=1e-4), "AHPy and riskmodel disagree"
        assert abs(c.consistency_ratio - ahp(a, ri="saaty2005").cr) < 1e-3
    jobs = [(lambda: ahp(a), 2000), (lambda: ahp(a.tolist()), 1000)]
    if have_ahpy:
        jobs.append((lambda: ahpy.Compare("bench", comparisons, random_index="saaty"), 100))
    results = per_call_us(*jobs)
    (ours, ours_min), (ours_list, ours_list_min) = results[0], results[1]
    print("                               median µs/call (min)")
    print(f"riskmodel.ahp (ndarray)        {ours:9.1f} ({ours_min:6.1f})   target ≤ 40 µs   {flag(ours <= 40)}")
    print(f"riskmodel.ahp (list of floats) {ours_list:9.1f} ({ours_list_min:6.1f})   (info)")
    if have_ahpy:
        theirs, theirs_min = results[2]
        ratio = theirs / ours
        print(f"ahpy.Compare                   {theirs:9.1f} ({theirs_min:6.1f})")
        print(f"ratio ahpy / riskmodel         {ratio:9.1f}×            target ≥ 8×      {flag(ratio >= 8)}")
    else:
        print("ahpy not installed: ratio not measured (pip install -r bench/requirements.txt)  MISS")

    stack = np.stack([saaty_matrix(v, rng, 0.35) for _ in range(30)])
    g = ahp_group(stack)
    print(f"group: CR={g.cr:.4f} consensus={g.consensus:.3f} member CR max={g.member_cr.max():.3f}")
    ((group, group_min),) = per_call_us((lambda: ahp_group(stack), 100))
    print(f"riskmodel.ahp_group 30×9×9     {group:9.1f} ({group_min:6.1f})   target ≤ 1000 µs {flag(group <= 1000)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
