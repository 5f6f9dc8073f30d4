"""Benchmark of the leader dashboard (领导驾驶舱): server-side rerun time with 1,000 projects.

Run: ``python bench/bench_dashboard.py [--projects 1000] [--runs 15]``.

What it does, in one process:
1. builds a temporary SQLite database with N projects (one assessment each, a few reassessed),
   each with a stored engine result and, for concluded ones, a signed verdict. A few "template"
   assessments carry a full panel with ratings and a result computed by the engine through the
   store's ``refresh_result``; the others reuse one of those results (bulk insert through the
   store's ORM models — running the engine 1,000 times would only measure the engine);
2. runs the dashboard page in Streamlit's AppTest as a logged-in leader (the page's ``render()``),
   warms it up, then times ``--runs`` reruns and prints the median (target ≤ 300 ms);
3. in the same run, the baselines: (a) the same page with its portfolio cache disabled (the portfolio
   query and the frame built on every rerun), (b) the store's generic ``portfolio()`` read, and
   (c) what a naïve dashboard would do — run the engine for every project — timed on a sample and
   extrapolated to N; and prints the ratios.

``seed_portfolio`` is reused by the leader page tests (small N).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REGIONS = ("东城区", "西山县", "南湖区", "北岭市", "江滨新区", "高新区")
STAGES = ("项目立项", "政策出台")
TYPES = ("征地拆迁", "重大工程", "环境敏感/邻避设施", "企业改制", "重大政策", "价格调整", "大型活动")
NAMES = (
    "垃圾焚烧发电厂",
    "旧城改造",
    "地铁延长线",
    "水价调整",
    "化工园区扩建",
    "国企改制",
    "马拉松赛事",
    "变电站建设",
    "棚户区征收",
    "公交票价调整",
    "污水处理厂",
    "高速公路互通",
)
PASSWORD = "bench-pass"
LEADER, ORGANIZER, EXPERT = "bench-leader", "bench-organizer", "bench-expert1"
N_EXPERTS = 5
START = datetime(2024, 1, 8, 9, 0, 0)


EFFECTS = {"weak": [0, 0, 0, 1], "normal": [0, 1, 1, 2], "strong": [1, 2, 2, 3]}
TEMPLATE_CYCLE = (
    (4.3, "weak"),
    (1.8, "normal"),
    (3.3, "normal"),
    (3.8, "strong"),
    (2.9, "weak"),
    (2.4, "normal"),
    (4.3, "normal"),
    (3.3, "strong"),
)


def _template_ratings(q, rng: np.random.Generator, severity: float, effect: str) -> list[tuple[str, str, str, float]]:
    """(expert, indicator, phase, score): before around ``severity``, after lower by the measures' effect."""
    out = []
    for e in range(1, N_EXPERTS + 1):
        for ind in q.indicators():
            before = float(np.clip(np.round(rng.normal(severity, 0.6)), 1, 5))
            after = float(np.clip(before - rng.choice(EFFECTS[effect]), 1, 5))
            out.append((f"bench-expert{e}", ind.id, "before", before))
            out.append((f"bench-expert{e}", ind.id, "after", after))
    return out


def seed_portfolio(
    store, n_projects: int = 1000, *, templates: int = 24, seed: int = 7, reassessed: int | None = None
) -> dict:
    """Fill an empty database with a synthetic portfolio; return ids of the accounts and counts.

    Every project has one assessment (``reassessed`` projects get a second, newer one). The first
    ``templates`` assessments get a panel of 5 experts, one closed round of ratings before/after
    measures and a result computed by the engine; the other assessments reuse a template's result.
    Assessments are spread over 18 months; about 70 % are concluded with a signed verdict (the
    engine's proposal), the rest are in scoring or review.
    """
    from riskmodel.services import assessments as assessment_service
    from riskmodel.services.auth import hash_password
    from riskmodel.services.questionnaires import ensure_version, parse_version
    from riskmodel.store.models import (
        Assessment,
        Measure,
        PanelMember,
        Project,
        Rating,
        Result,
        Round,
        Submission,
        User,
        Verdict,
    )

    rng = np.random.default_rng(seed)
    digest = hash_password(PASSWORD)
    reassessed = max(1, n_projects // 20) if reassessed is None else reassessed
    templates = min(templates, n_projects)

    def _base(s):
        users = {}
        for name, role in (
            (LEADER, "leader"),
            (ORGANIZER, "organizer"),
            ("bench-admin", "admin"),
            *((f"bench-expert{e}", "expert") for e in range(1, N_EXPERTS + 1)),
        ):
            u = User(username=name, display_name=name, role=role, password_hash=digest, active=True, created_at=START)
            s.add(u)
            users[name] = u
        qv = ensure_version(s, "four-dimension")
        s.flush()
        return {k: u.id for k, u in users.items()}, qv.id

    user_ids, qv_id = store.write(_base)
    with store.read() as s:
        from riskmodel.store.models import QuestionnaireVersion

        q = parse_version(s.get(QuestionnaireVersion, qv_id))

    # projects and assessments -------------------------------------------------------------------
    plan = []
    for i in range(n_projects):
        created = START + timedelta(days=int(rng.integers(0, 540)), hours=int(rng.integers(0, 9)))
        plan.append(
            {
                "i": i,
                "code": f"B-{i + 1:05d}",
                "name": f"{NAMES[i % len(NAMES)]}项目{i + 1}",
                "type": TYPES[int(rng.integers(0, len(TYPES)))],
                "region": REGIONS[int(rng.integers(0, len(REGIONS)))],
                "stage": STAGES[int(rng.integers(0, 2))],
                "created": created,
                "concluded": i % 10 not in (2, 5, 8),  # 70 % concluded, deterministic
            }
        )

    def _projects(s):
        aids = []
        for p in plan:
            proj = Project(
                code=p["code"],
                name=p["name"],
                type=p["type"],
                region=p["region"],
                investment_wan=float(rng.integers(500, 200000)),
                affected_households=int(rng.integers(0, 3000)),
                stage=p["stage"],
                description=None,
                created_at=p["created"],
                updated_at=p["created"],
                created_by_id=user_ids[ORGANIZER],
            )
            s.add(proj)
            s.flush()
            p["project_id"] = proj.id
            a = Assessment(
                project_id=proj.id,
                questionnaire_version_id=qv_id,
                title=None,
                state="复核",
                panel_override=False,
                created_at=p["created"],
                updated_at=p["created"],
                created_by_id=user_ids[ORGANIZER],
            )
            s.add(a)
            s.flush()
            p["assessment_id"] = a.id
            aids.append(a.id)
        return aids

    store.write(_projects)
    extra = []
    for p in plan[templates : templates + reassessed]:  # a newer assessment of some projects
        extra.append(
            {**p, "code": None, "created": p["created"] + timedelta(days=60), "concluded": False, "reassessment": True}
        )

    def _extra(s):
        for p in extra:
            a = Assessment(
                project_id=p["project_id"],
                questionnaire_version_id=qv_id,
                title="重新评估",
                state="复核",
                panel_override=False,
                created_at=p["created"],
                updated_at=p["created"],
                created_by_id=user_ids[ORGANIZER],
            )
            s.add(a)
            s.flush()
            p["assessment_id"] = a.id

    store.write(_extra)

    # template assessments: panel, one closed round of ratings, engine result ---------------------
    def _panel_and_ratings(s, p):
        aid = p["assessment_id"]
        for e in range(1, N_EXPERTS + 1):
            s.add(
                PanelMember(
                    assessment_id=aid,
                    user_id=user_ids[f"bench-expert{e}"],
                    field=None,
                    ca=float(rng.choice([0.6, 0.8, 1.0])),
                    cs=float(rng.choice([0.5, 0.7, 0.9])),
                    has_conflict=False,
                    added_at=p["created"],
                )
            )
        for factor, text, phase, who in (
            ("PRO-01", "公开选址比选结果并组织听证", "前期", "区政府"),
            ("STB-01", "制定应急预案并开展演练", "施工期", "公安分局"),
        ):
            s.add(
                Measure(
                    assessment_id=aid,
                    factor=factor,
                    measure=text,
                    phase=phase,
                    deadline="开工前完成",
                    responsible=who,
                    assisting="街道办事处",
                    status="实施中",
                    created_at=p["created"],
                    updated_at=p["created"],
                )
            )
        rnd = Round(
            assessment_id=aid,
            number=1,
            status="closed",
            opened_at=p["created"],
            closed_at=p["created"] + timedelta(days=7),
            opened_by_id=user_ids[ORGANIZER],
            closed_by_id=user_ids[ORGANIZER],
        )
        s.add(rnd)
        s.flush()
        by_expert: dict[str, list] = {}
        severity, effect = TEMPLATE_CYCLE[p["i"] % len(TEMPLATE_CYCLE)]
        for expert, ind, phase, score in _template_ratings(q, rng, severity, effect):
            by_expert.setdefault(expert, []).append((ind, phase, score))
        for expert, rows in by_expert.items():
            sub = Submission(
                assessment_id=aid,
                round_id=rnd.id,
                user_id=user_ids[expert],
                token=None,
                source="demo",
                ratings_count=len(rows),
                submitted_at=p["created"] + timedelta(days=3),
            )
            s.add(sub)
            s.flush()
            s.add_all(
                [
                    Rating(
                        submission_id=sub.id,
                        assessment_id=aid,
                        round_id=rnd.id,
                        user_id=user_ids[expert],
                        indicator=ind,
                        phase=phase,
                        version=1,
                        score=score,
                        probability=None,
                        impact=None,
                        comment=None,
                        created_at=sub.submitted_at,
                    )
                    for ind, phase, score in rows
                ]
            )

    template_plans = plan[:templates]
    for p in template_plans:
        store.write(_panel_and_ratings, p)
        assessment_service.refresh_result(store, p["assessment_id"])
    with store.read() as s:
        stored = {p["assessment_id"]: s.get(Result, p["assessment_id"]) for p in template_plans}
        pool = [
            (
                r.input_sha256,
                r.level,
                r.residual_level,
                r.verdict,
                r.index_value,
                r.residual_index,
                r.dimension_scores,
                r.result,
                r.experts_submitted,
                r.ratings_count,
            )
            for r in stored.values()
        ]

    # every other assessment reuses a template result -------------------------------------------
    def _results(s):
        for p in plan[templates:] + extra:
            sha, lv, rlv, vd, idx, ridx, dims, res, ne, nr = pool[int(rng.integers(0, len(pool)))]
            s.add(
                Result(
                    assessment_id=p["assessment_id"],
                    computed_at=p["created"] + timedelta(days=10),
                    input_sha256=sha,
                    level=lv,
                    residual_level=rlv,
                    verdict=vd,
                    index_value=idx,
                    residual_index=ridx,
                    dimension_scores=dims,
                    experts_submitted=ne,
                    ratings_count=nr,
                    stale=False,
                    error=None,
                    result=res,
                )
            )

    store.write(_results)

    # verdicts for concluded assessments (the engine's proposal, signed by the organizer) ----------
    def _verdicts(s):
        count = 0
        for p in plan:
            if not p["concluded"]:
                if p["i"] % 10 == 5:
                    s.get(Assessment, p["assessment_id"]).state = "专家评分"
                continue
            r = s.get(Result, p["assessment_id"])
            if r is None or r.verdict is None:
                continue
            signed = p["created"] + timedelta(days=int(rng.integers(14, 75)))
            s.add(
                Verdict(
                    assessment_id=p["assessment_id"],
                    level=r.level,
                    residual_level=r.residual_level,
                    verdict=r.verdict,
                    rationale="依评估结果",
                    computed_level=r.level,
                    computed_residual_level=r.residual_level,
                    computed_verdict=r.verdict,
                    result_sha256=r.input_sha256,
                    signed_by_id=user_ids[ORGANIZER],
                    signed_at=signed,
                )
            )
            a = s.get(Assessment, p["assessment_id"])
            a.state = "已出结论" if p["i"] % 4 else "跟踪"
            a.updated_at = signed
            count += 1
        return count

    verdicts = store.write(_verdicts)
    return {
        "users": user_ids,
        "projects": n_projects,
        "assessments": n_projects + len(extra),
        "verdicts": verdicts,
        "templates": [p["assessment_id"] for p in template_plans],
        "questionnaire_version_id": qv_id,
    }


# --- AppTest harness -----------------------------------------------------------------------------
def _dashboard_script() -> None:
    """The script AppTest runs: log the bench leader in (server-side session), then the page."""
    import streamlit as st

    from riskmodel.services.auth import actor_for
    from riskmodel.ui import shell
    from riskmodel.ui.pages import leader_dashboard

    store = shell.current_store()
    if not st.session_state.get("_bench_logged_in"):
        shell.login(store, actor_for(store, st.session_state.get("_bench_user", "bench-leader")))
        st.session_state["_bench_logged_in"] = True
    leader_dashboard.render()


def time_reruns(runs: int, *, cache: bool = True, warmup: int = 2, change=None) -> list[float]:
    """Rerun times (seconds) of the dashboard in AppTest; ``change(i)`` runs before rerun i (untimed)."""
    from streamlit.testing.v1 import AppTest

    from riskmodel.ui.components import dashboard_data

    dashboard_data.CACHE_ENABLED = cache
    at = AppTest.from_function(_dashboard_script, default_timeout=120)
    at.session_state["lang"] = "zh"
    at.run()
    if at.exception:
        raise RuntimeError(f"dashboard failed: {at.exception[0].message}")
    for _ in range(warmup):
        at.run()
    times = []
    for i in range(runs):
        if change is not None:
            change(i)
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        if at.exception:
            raise RuntimeError(f"dashboard failed: {at.exception[0].message}")
    dashboard_data.CACHE_ENABLED = True
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--projects", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--engine-sample", type=int, default=20, help="projects timed for the engine-per-project baseline")
    args = ap.parse_args(argv)

    tmp = tempfile.mkdtemp(prefix="bench_dashboard_")
    url = f"sqlite:///{tmp}/bench.db"
    os.environ["RISKMODEL_DATABASE_URL"] = url
    from riskmodel.store.db import forget_stores, get_store

    forget_stores()
    store = get_store(url)
    t0 = time.perf_counter()
    info = seed_portfolio(store, args.projects)
    print(
        f"seeded {info['projects']} projects / {info['assessments']} assessments / {info['verdicts']} verdicts "
        f"in {time.perf_counter() - t0:.1f} s ({url})"
    )

    cached = time_reruns(args.runs, cache=True)
    uncached = time_reruns(max(5, args.runs // 2), cache=False)
    med_c, med_u = statistics.median(cached), statistics.median(uncached)
    p95_c = sorted(cached)[max(0, int(round(0.95 * len(cached))) - 1)]
    print(
        f"dashboard rerun (AppTest, cached portfolio): median {med_c * 1000:.0f} ms, p95 {p95_c * 1000:.0f} ms, "
        f"n={len(cached)}  (target ≤ 300 ms: {'OK' if med_c <= 0.3 else 'MISSED'})"
    )
    print(
        f"baseline (a) same page, portfolio cache disabled: median {med_u * 1000:.0f} ms  → ratio {med_u / med_c:.1f}×"
    )

    from riskmodel.services import projects as project_service
    from riskmodel.services.auth import actor_for

    organizer = actor_for(store, ORGANIZER)

    def _edit(i: int) -> None:  # an organizer edits a project: new data version, every cache misses once
        project_service.update_project(store, organizer, 1, description=f"bench edit {i}")

    changed = time_reruns(max(5, args.runs // 2), cache=True, change=_edit)
    med_x = statistics.median(changed)
    print(
        f"first rerun after a data change (cache miss, cached page): median {med_x * 1000:.0f} ms "
        f"(vs {med_c * 1000:.0f} ms cached; shows the new data, never a stale table)"
    )

    from riskmodel.services import dashboard, portfolio
    from riskmodel.services.context import Actor

    leader = Actor(username=LEADER, role="leader", user_id=info["users"][LEADER])
    reps = []
    for _ in range(3):
        t1 = time.perf_counter()
        dashboard.portfolio_rows(store, leader)
        reps.append(time.perf_counter() - t1)
    ours = statistics.median(reps)
    reps = []
    for _ in range(3):
        t1 = time.perf_counter()
        portfolio.portfolio(store, {"latest_only": False})
        reps.append(time.perf_counter() - t1)
    generic = statistics.median(reps)
    print(
        f"baseline (b) portfolio read, uncached: dashboard query {ours * 1000:.0f} ms vs the store's generic "
        f"portfolio() {generic * 1000:.0f} ms → ratio {generic / max(ours, 1e-9):.1f}×"
    )

    from riskmodel.services import assessments as assessment_service

    sample = info["templates"][: args.engine_sample]
    t1 = time.perf_counter()
    for aid in sample:
        inp, q, _meta = assessment_service.assessment_input(store, aid)
        assessment_service.run_engine(inp, q)
    per = (time.perf_counter() - t1) / max(1, len(sample))
    naive = per * info["assessments"]
    print(
        f"baseline (c) engine per project on each rerun: {per * 1000:.0f} ms × {info['assessments']} "
        f"≈ {naive:.1f} s → ratio {naive / med_c:.0f}×"
    )
    forget_stores()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
