"""A small deterministic database for the UI tests, built through the services only.

Used when the store's demo seeder is not available, and on top of it for the workflow states the
tests need (an open round, a second round with group feedback, an assessment in review).
"""

from __future__ import annotations

from riskmodel.services import assessments, auth, measures, panels, projects, ratings, rounds, surveys
from riskmodel.services.context import Actor
from riskmodel.store.db import Store

PASSWORD = "test-pass-1"
SYSTEM = Actor.system()
USERS = (
    ("t-admin", "admin", "测试管理员"),
    ("t-organizer", "organizer", "测试组织者"),
    ("t-leader", "leader", "测试领导"),
    ("t-expert1", "expert", "专家一"),
    ("t-expert2", "expert", "专家二"),
    ("t-expert3", "expert", "专家三"),
    ("t-expert4", "expert", "专家四"),
)


def actor(store: Store, username: str) -> Actor:
    return auth.actor_for(store, username)


def build(store: Store) -> dict:
    """Users and assessments: A open round 1, B open round 2 (round 1 closed), C in review (survey,
    measure, ratings before and after), D probability–impact with an open round, E a draft without panel."""
    digest = auth.hash_password(PASSWORD)
    for username, role, name in USERS:
        auth.create_user(
            store,
            SYSTEM,
            username,
            PASSWORD,
            role,
            display_name=name,
            password_hash=digest,
            field="法律" if role == "expert" else None,
        )
    org = actor(store, "t-organizer")
    experts = [actor(store, f"t-expert{i}") for i in (1, 2, 3)]
    p = projects.create_project(
        store,
        org,
        name="测试垃圾焚烧发电厂",
        type="环境敏感/邻避设施",
        region="测试市",
        stage="项目立项",
        investment_wan=50000,
        affected_households=1200,
        code="T-001",
    )
    ids = {}
    for label in ("A", "B", "C"):
        a = assessments.create_assessment(
            store, org, p.id, "four-dimension", title=f"评估{label}", uncertainty_draws=200
        )
        ids[label] = a.id
        for e in experts:
            panels.add_member(store, org, a.id, e.username, ca=0.8, cs=0.8)
        rounds.open_next_round(store, org, a.id)
    q = assessments.questionnaire_of(store, ids["A"])
    inds = q.indicator_ids()

    def rate(aid: int, who: Actor, base: int, phases=("before",)) -> None:
        entries = [
            {"indicator": ind, "phase": ph, "score": min(5, max(1, base + (i % 3) - 1))}
            for ph in phases
            for i, ind in enumerate(inds)
        ]
        ratings.submit_ratings(store, who, aid, entries)

    for i, e in enumerate(experts):  # B: round 1 rated by all, closed, round 2 open
        rate(ids["B"], e, 2 + i)
    rounds.close_round(store, org, ids["B"])
    rounds.open_next_round(store, org, ids["B"])
    surveys.record_survey(
        store,
        org,
        ids["C"],
        support=300,
        neutral=50,
        oppose=80,
        respondents_direct=250,
        respondents_indirect=180,
        households_covered=1000,
    )
    measures.add_measure(
        store,
        org,
        ids["C"],
        factor=inds[0],
        measure="优化选址并公开比选结果",
        phase="前期",
        deadline="立项前",
        responsible="区政府",
        assisting="规划局",
    )
    for i, e in enumerate(experts):  # C: rated, closed, in review
        rate(ids["C"], e, 2 + i, phases=("before", "after"))
    rounds.close_round(store, org, ids["C"])
    assessments.begin_review(store, org, ids["C"])
    d = assessments.create_assessment(store, org, p.id, "four-properties", title="评估D", uncertainty_draws=200)
    ids["D"] = d.id
    for e in experts:
        panels.add_member(store, org, d.id, e.username, ca=0.9, cs=0.7)
    rounds.open_next_round(store, org, d.id)
    e_ = assessments.create_assessment(store, org, p.id, "four-dimension", title="评估E", uncertainty_draws=0)
    ids["E"] = e_.id
    ids["project"] = p.id
    return ids
