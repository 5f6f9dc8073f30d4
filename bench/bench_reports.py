"""Benchmark: one assessment's Word + PDF + Excel exports (target ≤ 3 s together).

Run: ``python bench/bench_reports.py [--runs 3]``.

The assessment: the export tests' four-dimension case (5 experts × 24 indicators × before/after, survey,
measures, 200 uncertainty draws), its engine result computed once outside the timer — the export
starts from a report context, as the app's export panel and the CLI do after reading the database.

Timed per run: the three charts (drawn once, shared by both documents), the .docx, the .pdf, the
.xlsx. "cold" is the first run in this process (font registration, matplotlib font loading, imports
of python-docx/reportlab/openpyxl included); "warm" is the median of the following runs (a running
app). PASS/MISS is judged on the wall time of both (charts included); the process CPU time is printed
and judged beside it because a shared machine inflates wall time (when the load average is above the
core count the wall figures say more about the neighbours than about the exports). The reports are the
GB/T 9704 ones (仿宋 三号 body, so about 25 pages), with 目录, bookmarks and the 经评估 tables.

Baseline, measured in the same run: the straightforward way to write the same exports — charts at
double resolution (300 dpi) with ``bbox_inches="tight"`` (which draws each chart twice), drawn again
for each document instead of shared, and the PDF with reportlab's default ASCII85 stream encoding
(pure Python here). The ratio baseline / ours is printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TARGET_S = 3.0


def _context():
    from riskmodel.engine.inputs import parse_assessment
    from riskmodel.questionnaire import get_questionnaire
    from riskmodel.reports.context import builtin_questionnaire_text, context_from_input
    from tests.reports.fixtures import score_assessment

    q = get_questionnaire("four-dimension")
    return context_from_input(
        parse_assessment(score_assessment()), q, questionnaire_text=builtin_questionnaire_text(q.id, q.version)
    )


def ours(ctx) -> dict[str, float]:
    from riskmodel.reports.charts import all_charts
    from riskmodel.reports.docx import render_docx
    from riskmodel.reports.pdf import render_pdf
    from riskmodel.reports.xlsx import render_xlsx

    times: dict[str, float] = {}
    c0 = time.process_time()
    t0 = time.perf_counter()
    charts = all_charts(ctx)
    times["charts"] = time.perf_counter() - t0
    t = time.perf_counter()
    render_docx(ctx, charts)
    times["docx"] = time.perf_counter() - t
    t = time.perf_counter()
    render_pdf(ctx, charts)
    times["pdf"] = time.perf_counter() - t
    t = time.perf_counter()
    render_xlsx(ctx)
    times["xlsx"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - t0
    times["cpu"] = time.process_time() - c0
    return times


def baseline(ctx) -> dict[str, float]:
    from riskmodel.reports import charts as charts_mod
    from riskmodel.reports.docx import render_docx
    from riskmodel.reports.pdf import render_pdf
    from riskmodel.reports.xlsx import render_xlsx

    times: dict[str, float] = {}
    charts_mod.TIGHT_BBOX = True
    try:
        c0 = time.process_time()
        t0 = time.perf_counter()
        render_docx(ctx, charts_mod.all_charts(ctx, dpi=300))
        times["docx"] = time.perf_counter() - t0
        t = time.perf_counter()
        render_pdf(ctx, charts_mod.all_charts(ctx, dpi=300), ascii85=True)
        times["pdf"] = time.perf_counter() - t
        t = time.perf_counter()
        render_xlsx(ctx)
        times["xlsx"] = time.perf_counter() - t
        times["total"] = time.perf_counter() - t0
        times["cpu"] = time.process_time() - c0
    finally:
        charts_mod.TIGHT_BBOX = False
    return times


def _line(label: str, times: dict[str, float]) -> str:
    return "  ".join(f"{k} {v:6.3f} s" for k, v in times.items()) + f"   [{label}]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="warm runs after the cold one (median reported)")
    args = parser.parse_args()

    import os

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"machine: {os.cpu_count()} cores, load average {load:.2f} (wall times inflate when other work runs; "
        f"'cpu' is this process's CPU time)"
    )
    ctx = _context()
    cold = ours(ctx)
    print(_line("ours, cold (first run in the process)", cold))
    warm_runs = [ours(ctx) for _ in range(max(1, args.runs))]
    warm = {k: statistics.median(r[k] for r in warm_runs) for k in cold}
    print(_line(f"ours, warm (median of {len(warm_runs)})", warm))
    base_runs = [baseline(ctx) for _ in range(max(1, min(args.runs, 2)))]
    base = {k: statistics.median(r[k] for r in base_runs) for k in base_runs[0]}
    print(_line("baseline: 300 dpi tight charts drawn per document, ASCII85 PDF streams (warm)", base))
    print(f"ratio baseline / ours (warm total): {base['total'] / warm['total']:.2f}x")
    ok_cold = cold["total"] <= TARGET_S
    ok_warm = warm["total"] <= TARGET_S
    print(
        f"target docx + pdf + xlsx ≤ {TARGET_S:.1f} s: cold {cold['total']:.2f} s {'PASS' if ok_cold else 'MISS'}, "
        f"warm {warm['total']:.2f} s {'PASS' if ok_warm else 'MISS'}"
    )
    best = min(r["total"] for r in warm_runs)
    print(
        f"  CPU time: cold {cold['cpu']:.2f} s {'PASS' if cold['cpu'] <= TARGET_S else 'MISS'}, "
        f"warm {warm['cpu']:.2f} s {'PASS' if warm['cpu'] <= TARGET_S else 'MISS'}; best warm wall {best:.2f} s"
        + (f" (load {load:.1f} on {os.cpu_count()} cores: wall times inflated)" if load > (os.cpu_count() or 1) else "")
    )
    from io import BytesIO

    from pypdf import PdfReader

    from riskmodel.reports.charts import all_charts
    from riskmodel.reports.pdf import render_pdf

    pages = len(PdfReader(BytesIO(render_pdf(ctx, all_charts(ctx)))).pages)
    print(f"  the PDF report has {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
