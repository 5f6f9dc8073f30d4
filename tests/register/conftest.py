"""Fixtures of the register tests: a fresh SQLite store, an assessment with a signed verdict, a library."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from riskmodel.services import assessments, auth, experts, measures, ratings, register, rounds, surveys, verdicts
from riskmodel.services.context import Actor
from riskmodel.store.db import Store, forget_stores
from tests.store.conftest import make_setup, password_hash, score_entries

SYSTEM = Actor.system()


@pytest.fixture(autouse=True)
def _drop_cached_stores():
    yield
    forget_stores()


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'register.db'}")
    yield s
    s.dispose()


@dataclass
class Concluded:
    store: Store
    organizer: Actor
    reviewer: Actor
    assessment_id: int
    project_id: int


def conclude(
    store: Store, *, responsible: str | None = "东湖区住建局", survey: bool = True, publicity: bool = True
) -> Concluded:
    """An assessment through rounds, survey and measures to a signed verdict, plus a reviewer account."""
    setup = make_setup(store)
    org, aid = setup.organizer, setup.assessment_id
    auth.create_user(store, SYSTEM, "rev", "", "reviewer", password_hash=password_hash())
    if survey:
        surveys.record_survey(
            store, org, aid, support=300, oppose=20, neutral=30, respondents_direct=250, households_covered=100
        )
    measures.add_measure(store, org, aid, factor="补偿标准", measure="公开补偿方案", responsible=responsible)
    if publicity:
        from riskmodel.services import evidence

        evidence.add_publicity(store, org, aid, start_date="2026-03-02", end_date="2026-03-13", channel="政府网站")
    rounds.open_next_round(store, org, aid)
    q = assessments.questionnaire_of(store, aid)
    for i, e in enumerate(setup.experts):
        ratings.submit_ratings(
            store, e, aid, score_entries(q, lambda k, ind, ph, i=i: 2 + (k % 3) if ph == "before" else 2)
        )
    rounds.close_round(store, org, aid)
    assessments.begin_review(store, org, aid)
    verdicts.issue_verdict(store, org, aid, "风险可控")
    return Concluded(store, org, auth.actor_for(store, "rev"), aid, setup.project.id)


def matter(store: Store, code: str = "M-1", **fields) -> None:
    base = {
        "code": code,
        "title": "东湖区旧城改造",
        "kind": "重大项目",
        "checkpoint": "项目立项",
        "department": "东湖区住建局",
        "region": "东湖区",
        "year": 2026,
        "planned_decision_date": "2026-06-30",
    }
    register.save_matter(store, SYSTEM, {**base, **fields})


def library(store: Store, rows: list[tuple[str, str, str, str]]) -> None:
    """Library experts: (username, category, field, organisation)."""
    for username, category, field, org in rows:
        experts.save_expert(
            store,
            SYSTEM,
            {
                "username": username,
                "name": f"专家{username}",
                "category": category,
                "field": field,
                "organisation": org,
            },
        )


from tests.store.conftest import postgres_url as postgres_url  # noqa: E402  (the PostgreSQL fixture, re-exported)
