"""Seed the demo portfolio from ``data/demo/`` (``python -m riskmodel seed-demo``).

The history of every project is replayed through the ordinary services at its own dates (the clock
is frozen per step), so the demo database has the same audit trail, rounds, versions and results a
real one would. Demo accounts (password ``demo``) exist only in a database seeded this way.
"""

from __future__ import annotations

import csv
import logging
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from riskmodel import safe_yaml
from riskmodel.errors import DomainError
from riskmodel.services import (
    assessments,
    auth,
    networks,
    panels,
    projects,
    ratings,
    rounds,
    surveys,
    verdicts,
)
from riskmodel.services import (
    measures as measures_svc,
)
from riskmodel.services.context import Actor, at
from riskmodel.store.backup import is_empty
from riskmodel.store.db import REPO_ROOT, Store
from riskmodel.store.models import Assessment, Project

log = logging.getLogger(__name__)
DEMO_DIR = REPO_ROOT / "data" / "demo"
DEMO_PASSWORD = "demo"
DEMO_ACCOUNTS = (
    "demo-admin",
    "demo-organizer",
    "demo-leader",
    "demo-reviewer",
    "demo-expert1",
    "demo-expert2",
    "demo-expert3",
    "demo-expert4",
    "demo-expert5",
)


def _moment(start: date, offset_days: int, minutes: int = 0) -> datetime:
    """09:30 Beijing time (01:30 UTC) on start + offset days, plus ``minutes``."""
    return datetime.combine(start + timedelta(days=offset_days), dtime(1, 30)) + timedelta(minutes=minutes)


def _read_ratings(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _coefficients(value: Any, dimensions: set[str]) -> Any:
    if isinstance(value, dict):
        kept = {k: v for k, v in value.items() if k == "*" or k in dimensions}
        return kept or 1.0
    return 1.0 if value is None else value


def load_demo_spec(demo_dir: Path = DEMO_DIR) -> tuple[dict, dict]:
    accounts = safe_yaml.load_file(demo_dir / "accounts.yaml")
    spec = safe_yaml.load_file(demo_dir / "projects.yaml")
    return accounts, spec


def seed_demo(
    store: Store, *, if_empty: bool = False, demo_dir: Path = DEMO_DIR, with_networks: bool = True
) -> dict | None:
    """Load the demo portfolio into an empty database; None when ``if_empty`` and data exists."""
    started = time.perf_counter()
    if not is_empty(store):
        if if_empty:
            return None
        raise DomainError("store.demo.not_empty")
    accounts, spec = load_demo_spec(demo_dir)
    timeline = spec["timeline"]
    first_start = min(p["start"] for p in spec["projects"])
    system = Actor.system()

    with at(_moment(first_start, -30)):
        digest = auth.hash_password(accounts.get("password", DEMO_PASSWORD))  # one hash: seeding stays fast
        users = {}
        for u in accounts["users"]:
            auth.create_user(
                store,
                system,
                u["username"],
                "",
                u["role"],
                display_name=u.get("display_name"),
                field=u.get("field"),
                organization=u.get("organization"),
                password_hash=digest,
            )
            users[u["username"]] = u
    actors = {name: auth.actor_for(store, name) for name in users}
    organizer = actors["demo-organizer"]

    summary: dict[str, Any] = {
        "projects": 0,
        "assessments": 0,
        "ratings": 0,
        "networks": 0,
        "mismatches": [],
        "results": {},
    }
    for index, p in enumerate(sorted(spec["projects"], key=lambda x: x["start"])):
        start: date = p["start"]
        _seed_project(store, p, start, timeline, users, actors, organizer, summary, demo_dir)
        if with_networks:
            summary["networks"] += _seed_network(store, p, start, index, organizer, timeline)

    # --- area demo seeders: one call per area, in dependency order (each area owns its line) ---
    # register and expert library (issue 11); evidence records (issue 10); feeds (issue 12); outcomes (issue 15)
    from riskmodel.services.demo_evidence import seed_demo_evidence  # issue 10

    summary["evidence"] = seed_demo_evidence(store, spec)
    from riskmodel.services.demo_register import seed as seed_demo_register  # issue 11

    summary["register"] = seed_demo_register(store)
    from riskmodel.services.demo_feeds import seed_demo_feeds  # issue 12

    summary["feeds"] = seed_demo_feeds(store)
    from riskmodel.services.demo_outcomes import seed as seed_demo_outcomes  # issue 15

    summary["outcomes"] = seed_demo_outcomes(store, organizer)

    # the figures reported are what the database now holds (the areas add their own projects and assessments)
    with store.read() as s:
        summary["projects"] = s.scalar(select(func.count()).select_from(Project)) or 0
        summary["assessments"] = s.scalar(select(func.count()).select_from(Assessment)) or 0
    summary["seconds"] = time.perf_counter() - started
    for problem in summary["mismatches"]:
        log.warning("demo data: %s", problem)
    return summary


# 控制节点 of the demo's measures by their 风险发生阶段 (Table 2), where the demo data gives none
DEMO_CONTROL_NODES = {
    "全过程": "每季度核查",
    "出台前": "政策出台前",
    "出台前后": "出台前及出台后一个月",
    "前期": "立项批复前",
    "实施期": "实施中每月核查",
    "建设期": "主体工程开工前",
    "征收阶段": "签约启动前",
    "报批前": "报批前",
    "方案制定": "方案定稿前",
    "方案审批": "方案批复前",
    "施工期": "施工许可发放前",
    "活动前": "活动前一周",
    "活动期间": "活动当日",
    "设计阶段": "初步设计批复前",
    "运营期": "投入运营后三个月",
}


def _seed_project(
    store: Store,
    p: dict,
    start: date,
    timeline: dict,
    users: dict,
    actors: dict,
    organizer: Actor,
    summary: dict,
    demo_dir: Path,
) -> None:
    day = lambda key, minutes=0: _moment(start, timeline[key], minutes)  # noqa: E731
    with at(_moment(start, 0)):
        project = projects.create_project(
            store,
            organizer,
            code=p["code"],
            name=p["name"],
            type=p["type"],
            region=p["region"],
            stage=p["stage"],
            investment_wan=p.get("investment_wan"),
            affected_households=p.get("affected_households"),
            description=p.get("description"),
        )
    with at(_moment(start, 1)):
        a = assessments.create_assessment(
            store,
            organizer,
            project.id,
            p["questionnaire"],
            title=f"{p['name']}社会稳定风险评估",
            group_event_people=p.get("group_event_people"),
        )
    aid = a.id
    summary["projects"] += 1
    summary["assessments"] += 1
    q = assessments.questionnaire_of(store, aid)
    dims = {d.id for d in q.dimensions}
    conflicts = p.get("conflicts") or {}
    with at(_moment(start, 2)):
        for name in p["panel"]:
            u = users[name]
            panels.add_member(
                store,
                organizer,
                aid,
                name,
                field=u.get("field"),
                ca=_coefficients(u.get("ca"), dims),
                cs=_coefficients(u.get("cs"), dims),
                has_conflict=name in conflicts,
                conflict_statement=conflicts.get(name),
            )
        if p.get("panel_override"):
            panels.record_panel_override(store, organizer, aid, p["panel_override"])
    with at(day("survey")):
        counts = dict(p["survey"])
        method = counts.pop("method", None)
        surveys.record_survey(store, organizer, aid, method=method, source="demo", **counts)
    tracking = p["final_state"] in ("已出结论", "跟踪")
    with at(day("measures")):
        for m in p.get("measures") or []:
            fields = dict(m)
            fields.setdefault("control_node", DEMO_CONTROL_NODES.get(str(fields.get("phase") or ""), "实施全过程"))
            status = fields.pop("status", "计划")
            measures_svc.add_measure(store, organizer, aid, status="计划" if tracking else status, **fields)

    rows = _read_ratings(Path(demo_dir) / "ratings" / f"{p['code']}.csv")
    open_round = p.get("open_round")
    for number in (1, 2):
        with at(day(f"round{number}_open")):
            rounds.open_next_round(store, organizer, aid)
        batches: dict[tuple[str, int, str], list[dict]] = {}
        for row in rows:
            if int(row["round"]) == number:
                batches.setdefault((row["expert"], int(row["submission"]), row["status"]), []).append(row)
        for k, ((expert, submission, status), batch) in enumerate(sorted(batches.items())):
            entries = [
                {
                    "indicator": r["indicator"],
                    "phase": r["phase"],
                    "score": r["score"] or None,
                    "probability": r["probability"] or None,
                    "impact": r["impact"] or None,
                    "comment": r["comment"] or None,
                }
                for r in batch
            ]
            with at(day(f"round{number}_open", 60 * (k + 1)) + timedelta(days=1 + k % 4 + (submission - 1))):
                if status == "draft":
                    ratings.save_draft(store, actors[expert], aid, entries)
                else:
                    ratings.submit_ratings(store, actors[expert], aid, entries, source="demo")
                    summary["ratings"] += len(entries)
        if open_round == number:
            break
        with at(day(f"round{number}_close")):
            rounds.close_round(store, organizer, aid, refresh=False)

    if open_round is None:  # post-measure evidence, once the panel has rated after measures
        with at(_moment(start, timeline["round2_close"] + 1)):
            if p.get("survey_after"):
                counts = dict(p["survey_after"])
                method = counts.pop("method", None)
                surveys.record_survey(store, organizer, aid, method=method, source="demo", phase="after", **counts)
            if p.get("group_event_people_after") is not None:
                assessments.update_assessment(
                    store, organizer, aid, group_event_people_after=int(p["group_event_people_after"])
                )
    if p["final_state"] == "专家评分":
        result = assessments.refresh_result(store, aid)
    else:
        with at(day("review")):
            assessments.begin_review(store, organizer, aid, refresh=p["final_state"] == "复核")
        if tracking:
            with at(day("verdict")):
                verdicts.issue_verdict(store, organizer, aid, p.get("rationale") or "依据评估结果作出结论。")
            with at(day("tracking")):
                if p["final_state"] == "跟踪":
                    assessments.start_tracking(store, organizer, aid)
                for m, spec_m in zip(measures_svc.list_measures(store, aid), p.get("measures") or []):
                    if spec_m.get("status", "计划") != m.status:
                        measures_svc.update_measure(store, organizer, m.id, status=spec_m["status"])
        # the last steps (tracking, measure status) change the inputs: store a fresh result, so the
        # dashboard and exports start from current numbers instead of recomputing on first view
        result = assessments.refresh_result(store, aid)
    summary["results"][p["code"]] = {k: getattr(result, k) for k in ("level", "residual_level", "verdict")}
    for key, want in (p.get("expected") or {}).items():
        got = getattr(result, key, None)
        if got != want:
            summary["mismatches"].append(f"{p['code']}: {key} expected {want}, engine gave {got}")


def _seed_network(
    store: Store, p: dict, start: date, index: int, organizer: Actor, timeline: dict | None = None
) -> int:
    """A synthetic stakeholder/dispute network per project, when the network package provides one."""
    timeline = timeline or {}
    # sizes per project (one large), disputes after a verdict for tracking — see network_demo
    from riskmodel.services.network_demo import demo_network

    network = demo_network(p, start, index, verdict_offset_days=int(timeline.get("verdict", 45)))
    with at(_moment(start, 5)):
        networks.save_network(store, organizer, p["code"], network, label="演示网络")
    return 1
