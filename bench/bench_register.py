"""Benchmark of the register (issue 11): coverage figures, the leader dashboard with the register, a draw.

Run: ``python bench/bench_register.py [--matters 100000] [--assessments 200000] [--experts 10000]
[--postgres URL] [--runs 7]``.

1. builds a provincial register — N matters over 5 years (2022–2026), one project per matter with its
   assessments (200,000 by default: a first assessment and a re-assessment), links for 85 % of the
   matters, signed verdicts, accepted filings and decisions (some 未评先决) — bulk-loaded through the
   DBAPI (SQLite ``executemany``, PostgreSQL ``COPY``) after a real migration;
2. times ``coverage(year)`` (target ≤ 1 s) on SQLite and, with ``--postgres`` (or
   ``RISKMODEL_TEST_POSTGRES_URL``), on a database of its own there (``riskmodel_bench_register``, dropped
   afterwards), against a baseline measured in the same run: every matter, link, verdict and filing of
   the year read into Python and counted there;
3. the leader dashboard's rerun in AppTest with that portfolio (target ≤ 300 ms), and the register
   component's share of it;
4. a draw from a library of E experts (target ≤ 200 ms): the service end to end (pool read, recusal,
   hash, stored draw, audit) and the pure ``draw_panel``, against a baseline of the same stratified draw
   written naïvely (the pool filtered again for every seat with the recusal list as a list).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

YEARS = (2022, 2023, 2024, 2025, 2026)
DEPARTMENTS = tuple(f"厅局{i:02d}" for i in range(40))
REGIONS = tuple(f"地市{i:02d}" for i in range(16))
KINDS = ("重大决策", "重大项目", "重大活动", "其他")
DECISIONS = ("实施", "暂缓实施", "不予实施", "调整方案后实施")
STAMP = datetime(2026, 6, 1, 1, 30)
PG_DB = "riskmodel_bench_register"


def _median(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


# --- data ----------------------------------------------------------------------------------------
def _plan(matters: int, assessments: int, seed: int = 11) -> dict[str, list[tuple]]:
    rng = np.random.default_rng(seed)
    per = max(1, assessments // matters)
    rows: dict[str, list[tuple]] = {
        k: [] for k in ("projects", "assessments", "matters", "links", "verdicts", "filings")
    }
    aid = 0
    for m in range(1, matters + 1):
        year = YEARS[(m - 1) % len(YEARS)]
        dep, reg = DEPARTMENTS[int(rng.integers(len(DEPARTMENTS)))], REGIONS[int(rng.integers(len(REGIONS)))]
        rows["projects"].append((m, f"BP-{m:06d}", f"项目{m}", "重大工程", reg, "项目立项", STAMP, STAMP, 1))
        linked = rng.random() < 0.85
        signed = filed = False
        last = 0
        for k in range(per):
            aid += 1
            last = aid
            state = "已出结论" if k == per - 1 and linked and rng.random() < 0.8 else "草稿"
            rows["assessments"].append((aid, m, 1, state, False, STAMP, STAMP, 1))
            if linked:
                rows["links"].append((aid, m, STAMP, "bench"))
            if state == "已出结论":
                signed = True
                rows["verdicts"].append((aid, aid, "中", "低", "调整方案后实施", "bench", 1, STAMP))
                if rng.random() < 0.75:
                    filed = True
                    rows["filings"].append((aid, aid, 1, "予以备案", "[]", STAMP, "bench", STAMP, "bench", f"B{aid}"))
        decision = DECISIONS[int(rng.integers(4))] if rng.random() < 0.6 else None
        without = decision is not None and not filed
        departs = decision is not None and filed and decision != "调整方案后实施"
        rows["matters"].append(
            (
                m,
                f"BM-{m:06d}",
                f"事项{m}",
                KINDS[m % 4],
                "项目立项",
                dep,
                reg,
                year,
                decision,
                "2026-06-01" if decision else None,
                without,
                departs,
                STAMP,
                STAMP,
                1,
            )
        )
        _ = signed, last
    while aid < assessments:  # the remainder, on the last projects
        aid += 1
        rows["assessments"].append((aid, matters - (aid % matters), 1, "草稿", False, STAMP, STAMP, 1))
    return rows


COLUMNS = {
    "projects": ("id", "code", "name", "type", "region", "stage", "created_at", "updated_at", "row_version"),
    "assessments": (
        "id",
        "project_id",
        "questionnaire_version_id",
        "state",
        "panel_override",
        "created_at",
        "updated_at",
        "row_version",
    ),
    "register_matters": (
        "id",
        "code",
        "title",
        "kind",
        "checkpoint",
        "department",
        "region",
        "year",
        "decision",
        "decision_date",
        "decided_without_assessment",
        "decision_departs",
        "created_at",
        "updated_at",
        "row_version",
    ),
    "register_links": ("assessment_id", "matter_id", "linked_at", "linked_by"),
    "verdicts": ("id", "assessment_id", "level", "residual_level", "verdict", "rationale", "signed_by_id", "signed_at"),
    "filings": (
        "id",
        "assessment_id",
        "number",
        "state",
        "checklist",
        "submitted_at",
        "submitted_by",
        "decided_at",
        "decided_by",
        "filing_number",
    ),
}
SOURCE = {"register_matters": "matters", "register_links": "links"}


def build(url: str, matters: int, assessments: int) -> dict[str, float]:
    """Migrate, add the bench users and a questionnaire version, then bulk-load the register."""
    from riskmodel.services import auth
    from riskmodel.services.context import Actor
    from riskmodel.services.questionnaires import ensure_version
    from riskmodel.store.db import Store

    store = Store(url)
    digest = auth.hash_password("bench-pass-0001")
    auth.create_user(store, Actor.system(), "bench-leader", "", "leader", password_hash=digest)
    auth.create_user(store, Actor.system(), "bench-organizer", "", "organizer", password_hash=digest)
    store.write(lambda s: ensure_version(s, "four-dimension"))
    t0 = time.perf_counter()
    rows = _plan(matters, assessments)
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        for table in ("projects", "assessments", "register_matters", "register_links", "verdicts", "filings"):
            data = rows[SOURCE.get(table, table)]
            cols = COLUMNS[table]
            if store.dialect == "postgresql":
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for r in data:
                        copy.write_row(r)
            else:
                marks = ", ".join("?" for _ in cols)
                cur.executemany(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                    [tuple(v.isoformat(sep=" ") if isinstance(v, datetime) else v for v in r) for r in data],
                )
        if store.dialect == "postgresql":
            for table in ("projects", "assessments", "register_matters", "verdicts", "filings"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            cur.execute("ANALYZE")
        else:
            cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    load = time.perf_counter() - t0
    store.dispose()
    return {"load_s": load, **{k: len(v) for k, v in rows.items()}}


def naive_coverage(store, year: int) -> dict[str, int]:
    """The baseline: every row of the year into Python, counted there."""
    from sqlalchemy import select

    from riskmodel.store.models import Filing, RegisterLink, RegisterMatter, Verdict

    with store.read() as s:
        ms = s.execute(
            select(RegisterMatter.id, RegisterMatter.decided_without_assessment).where(RegisterMatter.year == year)
        ).all()
        ids = {m[0] for m in ms}
        links = [r for r in s.execute(select(RegisterLink.assessment_id, RegisterLink.matter_id)).all() if r[1] in ids]
        signed = set(s.execute(select(Verdict.assessment_id)).scalars())
        filed = set(s.execute(select(Filing.assessment_id).where(Filing.state == "予以备案")).scalars())
    assessed = {m for a, m in links if a in signed}
    filed_m = {m for a, m in links if a in filed}
    return {
        "required": len(ms),
        "assessed": len(assessed),
        "filed": len(filed_m),
        "without": sum(bool(m[1]) for m in ms),
    }


def time_coverage(url: str, runs: int) -> tuple[float, float, dict]:
    from riskmodel.services.register_coverage import coverage
    from riskmodel.store.db import Store

    store = Store(url)
    try:
        coverage(store, 2026)  # warm the connection pool and the page cache
        t, cov = _median(lambda: coverage(store, 2026), runs)
        tb, base = _median(lambda: naive_coverage(store, 2026), max(1, runs // 2))
        c = cov.total  # type: ignore[attr-defined]
        assert (c.required, c.assessed, c.filed, c.decided_without_assessment) == (
            base["required"],
            base["assessed"],
            base["filed"],
            base["without"],  # type: ignore[index]
        ), (c, base)
        return t, tb, cov.as_dict()  # type: ignore[attr-defined]
    finally:
        store.dispose()


# --- the dashboard -------------------------------------------------------------------------------
def _component_script() -> None:
    """Only the register section of the dashboard, as the leader."""
    import streamlit as st

    from riskmodel.services.auth import actor_for
    from riskmodel.ui import shell
    from riskmodel.ui.components import dashboard_register

    store = shell.current_store()
    if not st.session_state.get("_bench_logged_in"):
        shell.login(store, actor_for(store, "bench-leader"))
        st.session_state["_bench_logged_in"] = True
    dashboard_register.render(shell.page_context("leader"), None)


def time_dashboard(url: str, runs: int) -> tuple[list[float], list[float], float]:
    from streamlit.testing.v1 import AppTest

    from bench.bench_dashboard import time_reruns

    os.environ["RISKMODEL_DATABASE_URL"] = url
    t0 = time.perf_counter()
    page = time_reruns(runs, warmup=1)
    first = time.perf_counter() - t0 - sum(page)
    at = AppTest.from_function(_component_script, default_timeout=600)
    at.session_state["lang"] = "zh"
    at.run()
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    comp = []
    for _ in range(runs):
        t1 = time.perf_counter()
        at.run()
        comp.append(time.perf_counter() - t1)
    return page, comp, first


# --- the draw ------------------------------------------------------------------------------------
def naive_draw(pool, recused: list[str], size: int, strata, seed: str) -> list[str]:
    """The same stratified draw written naïvely: recusal as a list, the pool re-sorted for every seat."""
    from riskmodel.model.draw import pick_index

    chosen: list[str] = []
    step = 0
    for stratum in strata:
        options = sorted(
            [c for c in pool if c.username not in recused and c.category == stratum and c.username not in chosen],
            key=lambda c: c.username,
        )
        fields = {c.field for c in pool if c.username in chosen}
        options = [c for c in options if c.field not in fields] or options
        if options:
            chosen.append(options[pick_index(seed, step, len(options))].username)
            step += 1
    while len(chosen) < size:
        fields = {c.field for c in pool if c.username in chosen}
        rest = sorted(
            [c for c in pool if c.username not in recused and c.username not in chosen], key=lambda c: c.username
        )
        rest = [c for c in rest if c.field not in fields] or rest
        chosen.append(rest[pick_index(seed, step, len(rest))].username)
        step += 1
    return chosen


def time_draw(url: str, experts: int, runs: int) -> dict[str, float]:
    from sqlalchemy import insert

    from riskmodel.model.draw import Candidate, draw_panel
    from riskmodel.services import assessments, auth, projects
    from riskmodel.services import experts as experts_svc
    from riskmodel.services.context import Actor
    from riskmodel.store.db import Store
    from riskmodel.store.models import ExpertConflict, LibraryExpert

    store = Store(url)
    cats = ("社科研究", "工程技术", "综合管理")
    rows = [
        {
            "username": f"e{i:05d}",
            "name": f"专家{i}",
            "category": cats[i % 3],
            "field": f"领域{i % 40}",
            "organisation": f"单位{i % 300}",
            "years": 10,
            "available": True,
            "created_at": STAMP,
            "updated_at": STAMP,
        }
        for i in range(experts)
    ]
    store.write(lambda s: s.execute(insert(LibraryExpert), rows))
    org = auth.actor_for(store, "bench-organizer")
    ids = []
    for i in range(runs + 1):
        p = projects.create_project(store, org, name=f"抽取{i}", type="重大工程", region="地市00", stage="项目立项")
        ids.append(assessments.create_assessment(store, org, p.id, "four-dimension").id)
    conflicts = [
        {"expert_id": j, "assessment_id": a, "reason": "亲属", "declared_at": STAMP, "declared_by": "bench"}
        for a in ids
        for j in range(1, 200, 7)
    ]
    store.write(lambda s: s.execute(insert(ExpertConflict), conflicts))
    experts_svc.draw(store, Actor.system(), ids[0])  # warm-up
    service = []
    for aid in ids[1:]:
        t0 = time.perf_counter()
        d = experts_svc.draw(store, Actor.system(), aid)
        service.append(time.perf_counter() - t0)
    pool = [Candidate(r["username"], r["category"], r["field"], r["organisation"]) for r in rows]
    recused = [r.username for r in d.recused]
    t_pure, _ = _median(lambda: draw_panel(pool, recused, 5, cats, "bench-seed"), runs)
    t_naive, panel = _median(lambda: naive_draw(pool, recused, 5, cats, "bench-seed"), max(1, runs // 3))
    assert list(draw_panel(pool, recused, 5, cats, "bench-seed").panel) == panel
    t_replay, _ = _median(lambda: experts_svc.replay(store, d.draw_id), runs)
    store.dispose()
    return {
        "service": statistics.median(service),
        "pure": t_pure,
        "naive": t_naive,
        "replay": t_replay,
        "recused": len(recused),
    }


def _pg_url(base: str | None) -> str | None:
    if not base:
        return None
    import psycopg
    from sqlalchemy.engine import make_url

    from riskmodel.store.db import resolve_url

    url = make_url(resolve_url(base))
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DB}"')
    return url.set(database=PG_DB).render_as_string(hide_password=False)


def _drop_pg(base: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    from riskmodel.store.db import forget_stores, resolve_url

    forget_stores()
    admin = make_url(resolve_url(base)).set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--matters", type=int, default=100_000)
    ap.add_argument("--assessments", type=int, default=200_000)
    ap.add_argument("--experts", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--postgres", default=os.environ.get("RISKMODEL_TEST_POSTGRES_URL"))
    ap.add_argument("--skip-dashboard", action="store_true")
    args = ap.parse_args(argv)
    os.environ.setdefault("RISKMODEL_AUDIT_KEY", "be" * 32)  # a throwaway key: keys live outside the database
    out = io.StringIO()

    def say(text: str) -> None:
        print(text, flush=True)
        out.write(text + "\n")

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'register.db'}"
        info = build(url, args.matters, args.assessments)
        say(
            f"SQLite: loaded {info['matters']:,} matters, {info['assessments']:,} assessments, {info['links']:,} links, "
            f"{info['verdicts']:,} verdicts, {info['filings']:,} filings in {info['load_s']:.1f} s"
        )
        t, tb, cov = time_coverage(url, args.runs)
        say(
            f"coverage(2026) on SQLite: median {t * 1000:.0f} ms (target ≤ 1000 ms); baseline (rows counted in Python) "
            f"{tb * 1000:.0f} ms — {tb / t:.1f}× slower; required {cov['required']:,}, assessed {cov['assessed']:,}, "
            f"filed {cov['filed']:,}, coverage_rate {cov['coverage_rate']}, filing_rate {cov['filing_rate']}"
        )
        d = time_draw(url, args.experts, args.runs)
        say(
            f"draw from {args.experts:,} experts ({d['recused']} recused): service end to end median "
            f"{d['service'] * 1000:.0f} ms (target ≤ 200 ms); pure draw_panel {d['pure'] * 1000:.1f} ms; naïve draw "
            f"{d['naive'] * 1000:.0f} ms — {d['naive'] / d['pure']:.0f}× slower than draw_panel; replay "
            f"{d['replay'] * 1000:.0f} ms"
        )
        if not args.skip_dashboard:
            page, comp, first = time_dashboard(url, args.runs)
            say(
                f"leader dashboard rerun (AppTest) with that portfolio: median {statistics.median(page) * 1000:.0f} ms "
                f"(target ≤ 300 ms), first run {first:.1f} s; the register section alone: median "
                f"{statistics.median(comp) * 1000:.0f} ms"
            )
        from riskmodel.store.db import forget_stores

        forget_stores()
    if args.postgres:
        pg = _pg_url(args.postgres)
        assert pg is not None
        try:
            info = build(pg, args.matters, args.assessments)
            say(f"PostgreSQL: loaded in {info['load_s']:.1f} s")
            t, tb, cov = time_coverage(pg, args.runs)
            say(
                f"coverage(2026) on PostgreSQL: median {t * 1000:.0f} ms (target ≤ 1000 ms); baseline "
                f"{tb * 1000:.0f} ms — {tb / t:.1f}× slower"
            )
        finally:
            _drop_pg(args.postgres)
    else:
        say("PostgreSQL: skipped (no --postgres URL and no RISKMODEL_TEST_POSTGRES_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
