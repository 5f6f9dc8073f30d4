"""Migration 0003 (issue 9): survey phase, crowd estimate after measures, exclusions, deviation reason."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from riskmodel.store import backup
from riskmodel.store.models import TABLE_ORDER
from riskmodel.store.records import COVERED
from tests.store.conftest import make_setup


def test_the_new_columns_and_the_exclusions_table_exist(any_store):
    insp = inspect(any_store.engine)
    assert "phase" in {c["name"] for c in insp.get_columns("surveys")}
    assert "group_event_people_after" in {c["name"] for c in insp.get_columns("assessments")}
    assert {"deviation_reason", "result_sha256"} <= {c["name"] for c in insp.get_columns("verdicts")}
    assert {"assessment_id", "indicator", "phase", "reason", "recorded_by_id", "recorded_at"} <= {
        c["name"] for c in insp.get_columns("exclusions")
    }


def test_exclusions_are_backed_up_and_deviation_reasons_are_vouched_for_by_the_audit_chain():
    assert "exclusions" in TABLE_ORDER and "exclusions" in backup.BACKUP_TABLES
    assert TABLE_ORDER.index("exclusions") > TABLE_ORDER.index("assessments")
    assert "deviation_reason" in COVERED["verdicts"]


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO surveys (assessment_id, support, neutral, oppose, recorded_at, phase) "
        "VALUES (:aid, 1, 1, 1, '2026-01-01', 'during')",
        "UPDATE assessments SET group_event_people_after = -5 WHERE id = :aid",
    ],
)
def test_the_database_refuses_an_unknown_survey_phase_and_a_negative_crowd(any_store, statement):
    aid = make_setup(any_store, experts=1).assessment_id
    with any_store.engine.begin() as conn:  # the same row with valid values is accepted
        conn.execute(text(statement.replace("'during'", "'after'").replace("-5", "5")), {"aid": aid})
    with pytest.raises(DBAPIError), any_store.engine.begin() as conn:
        conn.execute(text(statement), {"aid": aid})
