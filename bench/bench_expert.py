"""Benchmark of the expert rating page (评分表): the submit path and a form rerun, server-side (AppTest).

Run: ``python bench/bench_expert.py [--runs 15]``.

What it does, in one process:
1. seeds a temporary SQLite database with the demo portfolio (``services.demo.seed_demo``) and runs the
   whole app (``app.py``) in Streamlit's AppTest: ``demo-expert1`` logs in and opens the rating page of
   the assessment in its open round (the demo's assessment 13: 24 indicators × before/after measures,
   round 2 with group feedback);
2. (a) times a rerun of the form after changing one rating;
3. (b) times the submit path: every rating of both phases changed (untimed; the form renders one phase at
   a time, switched with its phase buttons, and is left on 措施前 as when it opens), then click 提交 → the
   confirmation step is shown, click 确认提交 → the page shows the success message and the form again. Each iteration checks
   in the database that exactly one submission with all 48 ratings (and the chosen values) was stored;
   target ≤ 200 ms (median of the two clicks together — both are server round trips);
4. in the same run, the baselines: the same submission through the service layer alone
   (``ratings.submit_ratings`` — the floor the UI adds to) and the form rerun of (a); prints the ratios.

The machine's load average (``os.getloadavg()``) is printed before and after: AppTest figures on a busy
machine are not comparable with those on an idle one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

APP = str(ROOT / "app.py")
EXPERT = "demo-expert1"
TARGET_MS = 200.0


def _ms(values: list[float]) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    ordered = sorted(values)
    p95 = ordered[max(0, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def _load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "n/a"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min, {os.cpu_count()} CPUs)"


def _busy_note() -> str | None:
    """A warning when other work competes for the CPUs (1-min load above 3/4 of the CPU count)."""
    try:
        one = os.getloadavg()[0]
    except OSError:
        return None
    cpus = os.cpu_count() or 1
    if one > 0.75 * cpus:
        return (
            f"note: the machine is busy (1-min load {one:.2f} on {cpus} CPUs): absolute times are inflated; "
            "compare the ratios, or rerun on an idle machine"
        )
    return None


def _check(at, what: str) -> None:
    if at.exception:
        raise RuntimeError(f"{what}: {at.exception[0].value}")
    for e in at.error:
        raise RuntimeError(f"{what}: error shown: {e.value}")


def _rating_keys(at, aid: int, rnd: int) -> list[str]:
    prefix = f"rate_{aid}_{rnd}_"
    return [r.key for r in at.radio if r.key and r.key.startswith(prefix) and r.key.endswith("_score")]


def _stored(store, aid: int, user_id: int) -> tuple[int, int]:
    """(submissions, ratings) of the expert in the assessment."""
    from sqlalchemy import func, select

    from riskmodel.store.models import Rating, Submission

    with store.read() as s:
        subs = s.execute(
            select(func.count())
            .select_from(Submission)
            .where(Submission.assessment_id == aid, Submission.user_id == user_id)
        ).scalar_one()
        rows = s.execute(
            select(func.count()).select_from(Rating).where(Rating.assessment_id == aid, Rating.user_id == user_id)
        ).scalar_one()
    return subs, rows


def _latest_submission(store, aid: int, user_id: int) -> tuple[int, dict]:
    """(ratings count, {(indicator, phase): score}) of the expert's latest submission."""
    from sqlalchemy import select

    from riskmodel.store.models import Rating, Submission

    with store.read() as s:
        sub = s.execute(
            select(Submission)
            .where(Submission.assessment_id == aid, Submission.user_id == user_id)
            .order_by(Submission.id.desc())
            .limit(1)
        ).scalar_one()
        rows = s.execute(select(Rating).where(Rating.submission_id == sub.id)).scalars().all()
        return sub.ratings_count, {(r.indicator, r.phase): r.score for r in rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=2)
    args = ap.parse_args(argv)
    print(f"load average at start: {_load()}")

    tmp = tempfile.mkdtemp(prefix="bench_expert_")
    url = f"sqlite:///{tmp}/demo.db"
    os.environ["RISKMODEL_DATABASE_URL"] = url
    from riskmodel.services import assessments, demo, ratings
    from riskmodel.services.auth import actor_for
    from riskmodel.store import forget_stores, get_store

    forget_stores()
    store = get_store(url)
    t0 = time.perf_counter()
    demo.seed_demo(store)
    expert = actor_for(store, EXPERT)
    open_ones = [
        a for a in assessments.list_assessments(store, expert) if ratings.my_ratings(store, expert, a.id).round_open
    ]
    if not open_ones:
        raise RuntimeError(f"{EXPERT} has no assessment with an open round in the demo")
    aid = open_ones[0].id
    rnd = ratings.my_ratings(store, expert, aid).round
    q = assessments.questionnaire_of(store, aid)
    print(
        f"seeded the demo portfolio in {time.perf_counter() - t0:.1f} s ({url}); {EXPERT} rates assessment "
        f"{aid}, round {rnd}, {len(q.indicator_ids())} indicators"
    )

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.run()
    at.text_input(key="login_username").input(EXPERT)
    at.text_input(key="login_password").input(demo.DEMO_PASSWORD)
    at.button(key="login_submit").click().run()
    _check(at, "login")
    at.button(key=f"expert_rate_{aid}").click().run()
    _check(at, "open the rating page")
    # the form renders one phase (措施前/措施后) at a time, switched by the form's phase buttons
    phase_buttons = [b.key for b in at.button if b.key and b.key.startswith("rating_phase_")]
    by_phase: dict[str, list[str]] = {}
    for button in reversed(phase_buttons or [None]):  # ends on the first phase ("before"), the page's default
        if button:
            at.button(key=button).click().run()
            _check(at, "switch phase")
        for k in _rating_keys(at, aid, rnd):
            by_phase.setdefault(k.split("_")[3], []).append(k)
    keys = [k for p in sorted(by_phase, key=lambda p: p != "before") for k in by_phase[p]]
    shown = by_phase.get("before", keys)  # the pickers rendered when the form opens
    phases = sorted(by_phase)
    print(
        f"rating form: {len(keys)} score pickers ({len(q.indicator_ids())} indicators × {'/'.join(phases)}), "
        f"{len(shown)} rendered per run ({len(phase_buttons) or 1} phase(s), one at a time)"
    )

    def set_all(value: int) -> None:
        """Every picker of every phase (untimed); ends on the "before" phase, as when the form opens."""
        for button in reversed(phase_buttons or [None]):
            if button:
                at.button(key=button).click().run()
                _check(at, "switch phase")
            for k in _rating_keys(at, aid, rnd):
                at.radio(key=k).set_value(value)

    def submit_once(value: int) -> tuple[float, float]:
        """Change every rating to ``value``, then time submit → confirmation and confirm → success."""
        set_all(value)
        before = _stored(store, aid, expert.user_id)
        t_a = time.perf_counter()
        at.button(key="rating_submit").click().run()
        t_b = time.perf_counter()
        _check(at, "submit")
        if not at.button(key="rating_confirm_yes"):
            raise RuntimeError("no confirmation step after submit")
        if _stored(store, aid, expert.user_id) != before:
            raise RuntimeError("ratings stored before the confirmation")
        at.button(key="rating_confirm_yes").click().run()
        t_c = time.perf_counter()
        _check(at, "confirm")
        if not any("已提交" in s.value for s in at.success):
            raise RuntimeError(f"no success message after confirming: {[s.value for s in at.success]}")
        if at.radio(key=keys[0]).value != value:
            raise RuntimeError("the form does not show the submitted values after the submission")
        after = _stored(store, aid, expert.user_id)
        if after != (before[0] + 1, before[1] + len(keys)):
            raise RuntimeError(f"expected one submission of {len(keys)} ratings, store went {before} → {after}")
        count, values = _latest_submission(store, aid, expert.user_id)
        if count != len(keys) or set(values.values()) != {float(value)}:
            raise RuntimeError(f"latest submission holds {count} ratings with values {set(values.values())}")
        return t_b - t_a, t_c - t_b

    # warm-up (imports, caches, the first submission of this session)
    for i in range(args.warmup):
        submit_once(1 + i % 5)
        at.radio(key=keys[0]).set_value(1 + (i + 1) % 5)
        at.run()

    # (a) rerun of the form after changing one rating --------------------------------------------
    reruns = []
    for i in range(args.runs):
        at.radio(key=shown[i % len(shown)]).set_value(1 + i % 5)
        t1 = time.perf_counter()
        at.run()
        reruns.append(time.perf_counter() - t1)
        _check(at, "rerun")
    med_r, p95_r = _ms(reruns)
    print(f"(a) form rerun after changing one rating: median {med_r:.0f} ms, p95 {p95_r:.0f} ms, n={len(reruns)}")

    # (b) the submit path -------------------------------------------------------------------------
    steps = [submit_once(1 + i % 5) for i in range(args.runs)]
    clicks = [a for a, _ in steps]
    confirms = [b for _, b in steps]
    totals = [a + b for a, b in steps]
    med_s, p95_s = _ms(clicks)
    med_c, p95_c = _ms(confirms)
    med_t, p95_t = _ms(totals)
    print(f"(b) submit path, n={len(totals)}, each stored once (checked in the database):")
    print(f"    click 提交 → confirmation shown:          median {med_s:.0f} ms, p95 {p95_s:.0f} ms")
    print(f"    click 确认提交 → success shown, form again: median {med_c:.0f} ms, p95 {p95_c:.0f} ms")
    print(
        f"    submit path (both clicks):                median {med_t:.0f} ms, p95 {p95_t:.0f} ms  "
        f"→ {'PASS' if med_t <= TARGET_MS else 'MISS'} (target ≤ {TARGET_MS:.0f} ms)"
    )

    # baselines in the same run -------------------------------------------------------------------
    entries_base = [{"indicator": k.split("_", 4)[4].rsplit("_", 1)[0], "phase": k.split("_")[3]} for k in keys]
    service = []
    for i in range(args.runs):
        entries = [dict(e, score=float(1 + i % 5), comment=None) for e in entries_base]
        t1 = time.perf_counter()
        ratings.submit_ratings(store, expert, aid, entries, token=uuid.uuid4().hex)
        service.append(time.perf_counter() - t1)
    med_b, p95_b = _ms(service)
    print(
        f"baseline (1) ratings.submit_ratings alone, {len(entries_base)} ratings: median {med_b:.1f} ms, "
        f"p95 {p95_b:.1f} ms → the UI's submit path is {med_t / med_b:.1f}× the service call "
        f"(UI overhead {med_t - med_b:.0f} ms)"
    )
    print(f"baseline (2) one form rerun (a): {med_r:.0f} ms → the submit path is {med_t / med_r:.2f}× a rerun")
    print(f"load average at end: {_load()}")
    note = _busy_note()
    if note:
        print(note)
    forget_stores()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
