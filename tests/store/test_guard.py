"""Values refused the same way on every backend (Found 7: a NUL byte stored on SQLite failed on PostgreSQL),
named by table and field, for every table — including tables written with Core statements."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from riskmodel.errors import ValidationError
from riskmodel.services import projects
from riskmodel.store.models import LoginAttempt, Project
from tests.store.conftest import make_setup


@pytest.mark.parametrize(
    "bad, char",
    [
        ("含\x00空字符", "U+0000"),
        ("bell\x07", "U+0007"),
        ("esc\x1b[31m", "U+001B"),
        ("c1\x85mid", "U+0085"),
        ("lone\ud800", "U+D800"),
    ],
)
def test_control_characters_are_refused_with_table_and_field_on_every_backend(any_store, bad, char):
    setup = make_setup(any_store)
    with pytest.raises(ValidationError) as exc:
        projects.create_project(
            any_store, setup.organizer, name="项目", type="重大工程", region="东湖区", stage="项目立项", description=bad
        )
    message = exc.value.message("en")
    assert "projects" in message and "description" in message and char in message
    assert len(projects.list_projects(any_store)) == 1  # nothing half-stored


def test_tabs_and_line_breaks_stay_allowed(store):
    setup = make_setup(store)
    p = projects.create_project(
        store,
        setup.organizer,
        name="项目",
        type="重大工程",
        region="东湖区",
        stage="项目立项",
        description="第一行\n\t第二行\r\n",
    )
    assert p.id


def test_core_inserts_of_any_table_are_checked_too(store):
    with pytest.raises(ValidationError) as exc, store.transaction() as s:
        s.execute(
            insert(LoginAttempt),
            [{"account": "ok", "at": None, "outcome": "ok"}, {"account": "x\x00", "at": None, "outcome": "ok"}],
        )
    assert "login_attempts" in exc.value.message("en")


def test_integers_beyond_postgresqls_range_and_non_finite_floats_are_refused_everywhere(any_store):
    setup = make_setup(any_store)
    with pytest.raises(ValidationError) as exc, any_store.transaction() as s:
        s.get(Project, setup.project.id).affected_households = 2**40
    assert "affected_households" in exc.value.message("en")
    with pytest.raises(ValidationError) as exc, any_store.transaction() as s:
        s.get(Project, setup.project.id).investment_wan = float("nan")
    assert "investment_wan" in exc.value.message("en")
