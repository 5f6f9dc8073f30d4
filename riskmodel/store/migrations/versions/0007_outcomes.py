"""后评估: tracking periods and incidents after implementation (issue 15).

- ``outcome_tracking``: the tracking period of an implemented assessment (decision, its source — the
  verdict, the register or recorded by the organizer —, its day, the standard's number of months, the end).
- ``outcome_incidents``: incidents entered by the organizer (day, kind, people, place, source, evidence);
  a wrong entry is withdrawn by a new row naming it.
- Both are append-only like ratings: UPDATE and DELETE (and on PostgreSQL TRUNCATE) are refused by
  triggers; kinds, people and months are CHECK constraints (created with the tables, so SQLite has them too).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

APPEND_ONLY = ("outcome_tracking", "outcome_incidents")
KINDS = "('群体性事件', '集体上访', '个人极端事件', '负面舆情', '诉讼复议')"


def upgrade() -> None:
    op.create_table(
        "outcome_tracking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("decision_source", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("months >= 1 AND months <= 120", name=op.f("ck_outcome_tracking_months_range")),
        sa.CheckConstraint(
            "decision_source IN ('verdict', 'register', 'recorded')", name=op.f("ck_outcome_tracking_source_known")
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_outcome_tracking_assessment_id_assessments")
        ),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_outcome_tracking_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_tracking")),
    )
    op.create_index(op.f("ix_outcome_tracking_assessment_id"), "outcome_tracking", ["assessment_id"])
    op.create_table(
        "outcome_incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("withdraws_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("people >= 0", name=op.f("ck_outcome_incidents_people_nonneg")),
        sa.CheckConstraint(f"kind IN {KINDS}", name=op.f("ck_outcome_incidents_kind_known")),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_outcome_incidents_assessment_id_assessments")
        ),
        sa.ForeignKeyConstraint(
            ["withdraws_id"], ["outcome_incidents.id"], name=op.f("fk_outcome_incidents_withdraws_id_outcome_incidents")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_outcome_incidents_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_incidents")),
    )
    op.create_index(op.f("ix_outcome_incidents_assessment_id"), "outcome_incidents", ["assessment_id"])

    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:  # riskmodel_append_only() comes from revision 0002
            op.execute(
                f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION riskmodel_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION riskmodel_append_only()"
            )
    else:
        for table in APPEND_ONLY:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER trg_{table}_append_only_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'riskmodel: {event} on {table} refused: the table is append-only'); END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_truncate ON {table}")
    else:
        for table in APPEND_ONLY:
            for event in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_append_only_{event}")
    op.drop_index(op.f("ix_outcome_incidents_assessment_id"), table_name="outcome_incidents")
    op.drop_table("outcome_incidents")
    op.drop_index(op.f("ix_outcome_tracking_assessment_id"), table_name="outcome_tracking")
    op.drop_table("outcome_tracking")
