"""Fixtures of the store tests: a fresh SQLite file, a fresh PostgreSQL database, a small assessment.

PostgreSQL tests need ``RISKMODEL_TEST_POSTGRES_URL`` (``.ci/postgres.sh`` starts a throwaway
server and prints it). Without it they skip locally with the reason, and FAIL when ``CI=true`` — CI
must never pass by skipping them. Each PostgreSQL test gets its own database, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import pytest

from riskmodel.services import assessments, auth, panels, projects
from riskmodel.services.context import Actor
from riskmodel.services.views.projects import ProjectView
from riskmodel.store.db import Store, forget_stores, resolve_url

PG_ENV = "RISKMODEL_TEST_POSTGRES_URL"


def postgres_url_or_skip() -> str:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"{PG_ENV} is not set but CI=true: the PostgreSQL store tests must run in CI "
            f"(start a server with .ci/postgres.sh)"
        )
    pytest.skip(f'no PostgreSQL server: set {PG_ENV} (e.g. URL="$(bash .ci/postgres.sh | tail -n 1)") to run')


@pytest.fixture(autouse=True)
def _drop_cached_stores():
    """Stores opened by CLI calls (``get_store``) are cached per URL: close them after each test."""
    yield
    forget_stores()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def postgres_url():
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(resolve_url(postgres_url_or_skip()))
    name = f"rm_test_{uuid.uuid4().hex[:12]}"
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        forget_stores()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def any_url(request) -> str:
    """Runs a test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(sqlite_url):
    s = Store(sqlite_url)
    yield s
    s.dispose()


@pytest.fixture
def any_store(any_url):
    s = Store(any_url)
    yield s
    s.dispose()


SYSTEM = Actor.system()
_HASH: list[str] = []


def password_hash() -> str:
    """One argon2 hash of "pw" per test session (hashing is deliberately slow)."""
    if not _HASH:
        _HASH.append(auth.hash_password("pw"))
    return _HASH[0]


@dataclass
class Setup:
    store: Store
    organizer: Actor
    experts: list[Actor]
    project: ProjectView
    assessment_id: int


def make_setup(
    store: Store,
    *,
    experts: int = 3,
    questionnaire: str = "four-dimension",
    project_type: str = "征地拆迁",
    investment_wan: float | None = 5000,
    add_to_panel: bool = True,
    prefix: str = "ex",
) -> Setup:
    """Organizer, ``experts`` experts (on the panel), one project and one draft assessment."""
    digest = password_hash()
    auth.create_user(store, SYSTEM, "org", "", "organizer", password_hash=digest, display_name="组织者")
    auth.create_user(store, SYSTEM, "boss", "", "leader", password_hash=digest)
    names = [f"{prefix}{i}" for i in range(1, experts + 1)]
    for name in names:
        auth.create_user(store, SYSTEM, name, "", "expert", password_hash=digest, field="法律")
    organizer = auth.actor_for(store, "org")
    project = projects.create_project(
        store,
        organizer,
        name="测试项目",
        type=project_type,
        region="东湖区",
        stage="项目立项",
        investment_wan=investment_wan,
        affected_households=100,
    )
    a = assessments.create_assessment(store, organizer, project.id, questionnaire)
    if add_to_panel:
        for name in names:
            panels.add_member(store, organizer, a.id, name, ca=0.8, cs=0.7, has_conflict=False)
    return Setup(store, organizer, [auth.actor_for(store, n) for n in names], project, a.id)


@pytest.fixture
def setup(store) -> Setup:
    return make_setup(store)


def score_entries(q, value_of=lambda i, ind, phase: 3, *, limit: int | None = None, phases=("before", "after")):
    """Rating entries for every indicator (or the first ``limit``) and phase."""
    ids = q.indicator_ids()[:limit] if limit else q.indicator_ids()
    out = []
    for i, ind in enumerate(ids):
        for phase in phases:
            if q.method == "score":
                out.append({"indicator": ind, "phase": phase, "score": value_of(i, ind, phase)})
            else:
                v = value_of(i, ind, phase)
                out.append({"indicator": ind, "phase": phase, "probability": v, "impact": v})
    return out
