"""Store benchmark: a burst of expert submissions from separate processes, SQLite and PostgreSQL.

    python bench/bench_store.py [--experts 50] [--ratings 40] [--portfolio 1000]

Each of ``--experts`` processes submits ``--ratings`` ratings at the same moment (start barrier)
through ``ratings.submit_ratings`` — one transaction per submission, validated, versioned and
audited. Baseline, measured in the same run: a naive writer that inserts every rating in its own
autocommit transaction with the driver's defaults (plain sqlite3 with its 5 s timeout and rollback
journal; psycopg autocommit), no retry. Printed: submissions per second, p50/p95 latency from the
barrier, failed submissions, and the ratios store/naive. Then the portfolio query over
``--portfolio`` projects.

PostgreSQL runs when ``RISKMODEL_BENCH_POSTGRES_URL`` or ``RISKMODEL_TEST_POSTGRES_URL`` is set
(``.ci/postgres.sh`` starts a throwaway server; note it runs with fsync off).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from riskmodel.services import assessments, auth, panels, projects, ratings, rounds
from riskmodel.services.context import Actor
from riskmodel.store.db import Store, resolve_url

CTX = mp.get_context("fork")


# --- setup ---------------------------------------------------------------------------------------
def prepare(url: str, experts: int, n_ratings: int) -> tuple[Store, int, list[dict]]:
    store = Store(url)
    system = Actor.system()
    digest = auth.hash_password("bench")
    auth.create_user(store, system, "org", "", "organizer", password_hash=digest)
    org = auth.actor_for(store, "org")
    p = projects.create_project(store, org, name="基准测试", type="重大工程", region="东湖区", stage="项目立项")
    aid = assessments.create_assessment(store, org, p.id, "four-dimension").id
    warm = assessments.create_assessment(store, org, p.id, "four-dimension").id
    for i in range(experts):
        auth.create_user(store, system, f"e{i:03d}", "", "expert", password_hash=digest)
        panels.add_member(store, org, aid, f"e{i:03d}", has_conflict=False)
    for i in range(3):
        auth.create_user(store, system, f"warm{i}", "", "expert", password_hash=digest)
        panels.add_member(store, org, warm, f"warm{i}", has_conflict=False)
    rounds.open_next_round(store, org, aid)
    rounds.open_next_round(store, org, warm)
    q = assessments.questionnaire_of(store, aid)
    pairs = [(ind, ph) for ind in q.indicator_ids() for ph in ("before", "after")][:n_ratings]
    entries = [{"indicator": ind, "phase": ph, "score": 1 + k % 5} for k, (ind, ph) in enumerate(pairs)]
    ratings.submit_ratings(store, auth.actor_for(store, "warm0"), warm, entries)  # compile the statements once
    store.engine.dispose()
    return store, aid, entries


# --- workers -------------------------------------------------------------------------------------
def store_worker(store, aid, username, entries, barrier, out):
    store.engine.dispose(close=False)  # inherited engine, fresh connections
    actor = auth.actor_for(store, username)
    barrier.wait()
    t0 = time.time()
    try:
        ratings.submit_ratings(store, actor, aid, entries, token=f"{username}-{uuid.uuid4().hex}")
        out.put(("ok", t0, time.time(), ""))
    except Exception as exc:  # noqa: BLE001
        out.put(("error", t0, time.time(), f"{type(exc).__name__}: {exc}"[:120]))


def naive_sqlite_worker(path, username, entries, barrier, out):
    conn = sqlite3.connect(path)  # driver defaults: 5 s timeout, implicit BEGIN, rollback journal
    barrier.wait()
    t0 = time.time()
    try:
        for e in entries:
            conn.execute(
                "INSERT INTO naive_ratings (expert, indicator, phase, score) VALUES (?, ?, ?, ?)",
                (username, e["indicator"], e["phase"], e["score"]),
            )
            conn.commit()
        out.put(("ok", t0, time.time(), ""))
    except Exception as exc:  # noqa: BLE001
        out.put(("error", t0, time.time(), f"{type(exc).__name__}: {exc}"[:120]))
    finally:
        conn.close()


def naive_pg_worker(dsn, username, entries, barrier, out):
    import psycopg

    conn = psycopg.connect(dsn, autocommit=True)
    barrier.wait()
    t0 = time.time()
    try:
        for e in entries:
            conn.execute(
                "INSERT INTO naive_ratings (expert, indicator, phase, score) VALUES (%s, %s, %s, %s)",
                (username, e["indicator"], e["phase"], e["score"]),
            )
        out.put(("ok", t0, time.time(), ""))
    except Exception as exc:  # noqa: BLE001
        out.put(("error", t0, time.time(), f"{type(exc).__name__}: {exc}"[:120]))
    finally:
        conn.close()


def burst(target, argsets) -> dict:
    barrier = CTX.Barrier(len(argsets))
    out = CTX.Queue()
    procs = [CTX.Process(target=target, args=(*a, barrier, out)) for a in argsets]
    for p in procs:
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(60)
    start = min(r[1] for r in results)
    ok = [r for r in results if r[0] == "ok"]
    lat = sorted(r[2] - r[1] for r in ok)
    span = max(r[2] for r in results) - start
    return {
        "ok": len(ok),
        "failed": len(results) - len(ok),
        "per_s": len(ok) / span if span else float("nan"),
        "p50": statistics.median(lat) if lat else float("nan"),
        "p95": lat[min(len(lat) - 1, int(round(0.95 * len(lat))) - 1)] if lat else float("nan"),
        "errors": sorted({r[3] for r in results if r[0] != "ok"})[:2],
    }


# --- benches -------------------------------------------------------------------------------------
def bench_sqlite(tmp: Path, experts: int, n_ratings: int) -> tuple[dict, dict]:
    store, aid, entries = prepare(f"sqlite:///{tmp / 'store.db'}", experts, n_ratings)
    ours = burst(store_worker, [(store, aid, f"e{i:03d}", entries) for i in range(experts)])
    naive_path = str(tmp / "naive.db")
    with sqlite3.connect(naive_path) as c:
        c.execute(
            "CREATE TABLE naive_ratings (id INTEGER PRIMARY KEY, expert TEXT, indicator TEXT, phase TEXT, score REAL)"
        )
    naive = burst(naive_sqlite_worker, [(naive_path, f"e{i:03d}", entries) for i in range(experts)])
    return ours, naive


def fresh_pg_database(base_url: str) -> tuple[str, str, callable]:
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(resolve_url(base_url))
    name = f"rm_bench_{uuid.uuid4().hex[:8]}"
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    url = base.set(database=name)
    return (
        url.render_as_string(hide_password=False),
        url.set(drivername="postgresql").render_as_string(hide_password=False),
        drop,
    )


def bench_postgres(base_url: str, experts: int, n_ratings: int) -> tuple[dict, dict]:
    import psycopg

    url, dsn, drop = fresh_pg_database(base_url)
    try:
        store, aid, entries = prepare(url, experts, n_ratings)
        ours = burst(store_worker, [(store, aid, f"e{i:03d}", entries) for i in range(experts)])
        with psycopg.connect(dsn, autocommit=True) as c:
            c.execute(
                "CREATE TABLE naive_ratings (id SERIAL PRIMARY KEY, expert TEXT, indicator TEXT, phase TEXT, score REAL)"
            )
        naive = burst(naive_pg_worker, [(dsn, f"e{i:03d}", entries) for i in range(experts)])
        store.dispose()
        return ours, naive
    finally:
        drop()


def bench_portfolio(url: str, n: int) -> dict:
    """Insert ``n`` projects with an assessment and a stored result (bulk, bypassing the services),
    then time the portfolio query."""
    from sqlalchemy import insert

    from riskmodel.services.portfolio import portfolio
    from riskmodel.services.questionnaires import ensure_version
    from riskmodel.store.models import Assessment, Project, Result

    store = Store(url)
    now = datetime(2026, 1, 1)
    with store.transaction() as s:
        qv = ensure_version(s, "four-dimension")
        types = ["征地拆迁", "重大工程", "环境敏感/邻避设施", "企业改制", "重大政策", "价格调整", "大型活动"]
        s.execute(
            insert(Project),
            [
                dict(
                    id=i,
                    code=f"B-{i:05d}",
                    name=f"项目{i}",
                    type=types[i % 7],
                    region=f"区{i % 9}",
                    stage="项目立项",
                    created_at=now,
                    updated_at=now,
                    row_version=1,
                )
                for i in range(1, n + 1)
            ],
        )
        s.execute(
            insert(Assessment),
            [
                dict(
                    id=i,
                    project_id=i,
                    questionnaire_version_id=qv.id,
                    state="已出结论",
                    panel_override=False,
                    created_at=now + timedelta(hours=i),
                    updated_at=now,
                    row_version=1,
                )
                for i in range(1, n + 1)
            ],
        )
        s.execute(
            insert(Result),
            [
                dict(
                    assessment_id=i,
                    computed_at=now,
                    input_sha256="0" * 64,
                    level="低中高"[i % 3],
                    residual_level="低中高"[(i + 1) % 3],
                    verdict="实施",
                    index_value=2.5,
                    residual_index=2.0,
                    experts_submitted=3,
                    ratings_count=144,
                    stale=False,
                    result={},
                    dimension_scores={d: {"before": 2.5, "after": 2.0} for d in ("PRO", "LEG", "PUB", "STB")},
                )
                for i in range(1, n + 1)
            ],
        )
    portfolio(store)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        rows = portfolio(store)
        times.append(time.perf_counter() - t)
    store.dispose()
    return {"rows": len(rows), "median_ms": statistics.median(times) * 1000}


def show(name: str, ours: dict, naive: dict) -> None:
    print(f"\n{name}")
    print(f"  {'writer':<34} {'subm/s':>8} {'p50 s':>7} {'p95 s':>7} {'failed':>7}")
    print(
        f"  {'store (1 txn/submission, audited)':<34} {ours['per_s']:8.1f} {ours['p50']:7.3f} {ours['p95']:7.3f} {ours['failed']:7d}"
    )
    print(
        f"  {'naive (autocommit per rating)':<34} {naive['per_s']:8.1f} {naive['p50']:7.3f} {naive['p95']:7.3f} {naive['failed']:7d}"
    )
    ratio = ours["per_s"] / naive["per_s"] if naive["per_s"] else float("inf")
    p95 = naive["p95"] / ours["p95"] if ours["p95"] else float("nan")
    print(
        f"  ratio store/naive: throughput ×{ratio:.2f}, p95 latency ×{p95:.2f} shorter"
        f" (naive p95 over its {naive['ok']} successful submissions only)"
    )
    for err in ours["errors"] + naive["errors"]:
        print(f"  error seen: {err}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=50)
    parser.add_argument("--ratings", type=int, default=40)
    parser.add_argument("--portfolio", type=int, default=1000)
    args = parser.parse_args(argv)
    print(f"store benchmark: {args.experts} experts × {args.ratings} ratings, one burst, {os.cpu_count()} CPU(s)")
    with tempfile.TemporaryDirectory() as tmp:
        ours, naive = bench_sqlite(Path(tmp), args.experts, args.ratings)
        show("SQLite (WAL, BEGIN IMMEDIATE, writer queue)", ours, naive)
        pf = bench_portfolio(f"sqlite:///{Path(tmp) / 'portfolio.db'}", args.portfolio)
        print(f"\nportfolio query, SQLite: {pf['rows']} rows in {pf['median_ms']:.1f} ms (median of 5)")
    pg = os.environ.get("RISKMODEL_BENCH_POSTGRES_URL") or os.environ.get("RISKMODEL_TEST_POSTGRES_URL")
    if pg:
        # the audit chain's key comes from outside the database (riskmodel.keys); a throwaway one for the bench
        os.environ.setdefault("RISKMODEL_AUDIT_KEY", secrets.token_hex(32))
        ours, naive = bench_postgres(pg, args.experts, args.ratings)
        show("PostgreSQL (row locks, READ COMMITTED)", ours, naive)
        url, _dsn, drop = fresh_pg_database(pg)
        try:
            pf = bench_portfolio(url, args.portfolio)
            print(f"\nportfolio query, PostgreSQL: {pf['rows']} rows in {pf['median_ms']:.1f} ms (median of 5)")
        finally:
            drop()
    else:
        print("\nPostgreSQL: skipped — set RISKMODEL_TEST_POSTGRES_URL (see .ci/postgres.sh)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
