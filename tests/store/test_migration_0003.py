"""Migration 0003's backfill: results stored before the 0–100 index columns get them from their JSON."""

from __future__ import annotations

import importlib.util

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import text

from riskmodel.services import assessments
from riskmodel.store.db import REPO_ROOT
from tests.services.chain_setup import rated

MIGRATION = REPO_ROOT / "riskmodel/store/migrations/versions/0003_verdict_chain.py"


def _migration():
    spec = importlib.util.spec_from_file_location("m0003", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_backfill_fills_the_index_columns_of_results_stored_before_them(store):
    aid = rated(store, experts=1).assessment_id
    view = assessments.get_result(store, aid, refresh_if_stale=True)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE results SET index_100 = NULL, residual_index_100 = NULL, index_unit = NULL"))
        with Operations.context(MigrationContext.configure(conn)):
            _migration()._backfill_index()
        row = conn.execute(
            text("SELECT index_100, residual_index_100, index_unit, index_min, index_max FROM results")
        ).one()
    assert row == (view.result.index_100, view.result.residual_index_100, "score", 1.0, 5.0)
