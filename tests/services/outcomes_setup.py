"""Fixtures of the 后评估 tests (import them into a test module): a small database built once per module: three implemented assessments with known outcomes.

Experts: ``good`` rates every assessment as it turned out (高 where a 250-person 群体性事件 followed, 低
where nothing did), ``bad`` the other way round, ``mid`` always in the middle. A1 realised 高, A2 and A3
realised 低. Everything happens in 2025 (frozen clock), so the tracking periods are complete today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from riskmodel.services import assessments, auth, outcomes, panels, projects, ratings, rounds, verdicts
from riskmodel.services.context import Actor, at
from riskmodel.store.db import Store, forget_stores
from tests.store.conftest import password_hash, score_entries

SYSTEM = Actor.system()


@dataclass
class OutcomeDb:
    url: str
    organizer: Actor
    ids: dict[str, int]  # A1, A2, A3 → assessment id


def _assessment(store, organizer, code, high: dict[str, bool], day: datetime) -> int:
    with at(day):
        p = projects.create_project(
            store, organizer, code=code, name=f"项目{code}", type="重大工程", region="东湖区", stage="项目立项"
        )
        a = assessments.create_assessment(store, organizer, p.id, "four-dimension", uncertainty_draws=300)
        for name in high:
            panels.add_member(store, organizer, a.id, name, ca=0.8, cs=0.8, has_conflict=False)
        rounds.open_next_round(store, organizer, a.id)
        q = assessments.questionnaire_of(store, a.id)
        for name, rates_high in high.items():
            value = 5 if rates_high is True else (1 if rates_high is False else 3)
            ratings.submit_ratings(
                store,
                auth.actor_for(store, name),
                a.id,
                score_entries(q, lambda i, ind, ph, v=value: v),
                source="import",
            )
        rounds.close_round(store, organizer, a.id, refresh=False)
        assessments.begin_review(store, organizer, a.id)
        verdicts.issue_verdict(
            store, organizer, a.id, "测试结论", verdict="实施", deviation_reason="测试：按实施跟踪实际结果"
        )
    return a.id


def build(store: Store) -> OutcomeDb:
    digest = password_hash()
    with at(datetime(2025, 1, 2)):
        auth.create_user(store, SYSTEM, "org", "", "organizer", password_hash=digest)
        auth.create_user(store, SYSTEM, "boss", "", "leader", password_hash=digest)
        for name in ("good", "bad", "mid"):
            auth.create_user(store, SYSTEM, name, "", "expert", password_hash=digest, field="法律")
    organizer = auth.actor_for(store, "org")
    ids = {
        "A1": _assessment(store, organizer, "T-1", {"good": True, "bad": False, "mid": None}, datetime(2025, 1, 5)),
        "A2": _assessment(store, organizer, "T-2", {"good": False, "bad": True, "mid": None}, datetime(2025, 1, 10)),
        "A3": _assessment(store, organizer, "T-3", {"good": False, "bad": True, "mid": None}, datetime(2025, 1, 15)),
    }
    with at(datetime(2025, 3, 2)):
        outcomes.add_incident(
            store, organizer, ids["A1"], kind="群体性事件", occurred_on=date(2025, 3, 1), people=250, place="广场"
        )
    return OutcomeDb(store.url, organizer, ids)


@pytest.fixture(scope="module")
def outcome_db(tmp_path_factory) -> OutcomeDb:
    path = tmp_path_factory.mktemp("outcomes") / "outcomes.db"
    store = Store(f"sqlite:///{path}")
    try:
        return build(store)
    finally:
        store.dispose()
        forget_stores()


@pytest.fixture
def db(outcome_db, tmp_path) -> tuple[Store, OutcomeDb]:
    """A fresh copy of the module's database for one test."""
    import shutil

    src = outcome_db.url.removeprefix("sqlite:///")
    dst = tmp_path / "copy.db"
    shutil.copyfile(src, dst)
    store = Store(f"sqlite:///{dst}")
    yield store, OutcomeDb(store.url, outcome_db.organizer, outcome_db.ids)
    store.dispose()
    forget_stores()
