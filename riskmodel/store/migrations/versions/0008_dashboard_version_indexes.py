"""Indexes that make the leader dashboard's data version cheap at a province's scale (issue 11, item 9).

The dashboard reads, on every rerun, the latest ``updated_at`` / ``computed_at`` of projects,
assessments, results and measures and how many results are stale (``dashboard.version_info``). Without
an index each ``max`` scans the table (about 30–50 ms per table at 200,000 assessments); with one it is a
single index lookup, and counting stale results reads only the stale ones.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_projects_updated_at", "projects", "updated_at"),
    ("ix_assessments_updated_at", "assessments", "updated_at"),
    ("ix_results_computed_at", "results", "computed_at"),
    ("ix_results_stale", "results", "stale"),
    ("ix_measures_updated_at", "measures", "updated_at"),
)


def upgrade() -> None:
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _column in reversed(INDEXES):
        op.drop_index(name, table_name=table)
