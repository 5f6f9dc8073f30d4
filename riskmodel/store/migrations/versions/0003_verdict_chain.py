"""Verdict chain: post-measure survey and crowd estimate, indicator exclusions, deviation justification (issue 9).

- ``surveys.phase``: ``before`` (措施前, every survey so far) or ``after`` (措施后: made once the measures
  are in place; the latest of each phase counts).
- ``assessments.group_event_people_after``: the panel's crowd estimate after measures.
- ``exclusions``: an indicator left out of an assessment on purpose (``phase`` NULL: not applicable at all;
  ``after``: not re-rated after measures), with the reason, who recorded it and when.
- ``verdicts.deviation_reason``: the written justification (偏离说明) of a verdict that departs from the
  standard's decision rule. ``verdicts.result_sha256`` (since 0001) now holds the SHA-256 of the stored
  result the verdict was signed on.
- ``results``: ``index_100``, ``residual_index_100`` (the 0–100 index), ``index_unit``, ``index_min``,
  ``index_max`` (the raw index's unit and range), filled from the stored result JSON.
- CHECKs (PostgreSQL) or BEFORE INSERT/UPDATE triggers (SQLite) keep the new phases and counts valid.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CHECKS = (
    ("surveys", "phase_known", "{r}phase IN ('before', 'after')"),
    ("assessments", "people_after_nonneg", "{r}group_event_people_after IS NULL OR {r}group_event_people_after >= 0"),
    ("exclusions", "phase_known", "{r}phase IS NULL OR {r}phase IN ('before', 'after')"),
)


INDEX_COLUMNS = (
    ("index_100", sa.Float()),
    ("residual_index_100", sa.Float()),
    ("index_unit", sa.String(length=32)),
    ("index_min", sa.Float()),
    ("index_max", sa.Float()),
)


def _backfill_index() -> None:
    """The summary columns of results stored before them, from their JSON (results without it stay NULL)."""
    bind = op.get_bind()
    results = sa.table(
        "results", sa.column("assessment_id"), sa.column("result", sa.JSON), *(sa.column(n) for n, _k in INDEX_COLUMNS)
    )
    for aid, data in bind.execute(sa.select(results.c.assessment_id, results.c.result)).all():
        if isinstance(data, str):
            data = json.loads(data)
        if not isinstance(data, dict) or data.get("index_100") is None:
            continue
        scale = data.get("index_scale") or {}
        bind.execute(
            results.update()
            .where(results.c.assessment_id == aid)
            .values(
                index_100=data.get("index_100"),
                residual_index_100=data.get("residual_index_100"),
                index_unit=scale.get("unit"),
                index_min=scale.get("min"),
                index_max=scale.get("max"),
            )
        )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("surveys", sa.Column("phase", sa.String(length=8), nullable=False, server_default="before"))
    op.add_column("assessments", sa.Column("group_event_people_after", sa.Integer(), nullable=True))
    op.add_column("verdicts", sa.Column("deviation_reason", sa.Text(), nullable=True))
    op.create_table(
        "exclusions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(length=64), nullable=False),
        sa.Column("phase", sa.String(length=8), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_exclusions_assessment_id_assessments")
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_exclusions_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exclusions")),
    )
    op.create_index(op.f("ix_exclusions_assessment_id"), "exclusions", ["assessment_id"], unique=False)
    for name, kind in INDEX_COLUMNS:
        op.add_column("results", sa.Column(name, kind, nullable=True))
    _backfill_index()
    if dialect == "postgresql":
        for table, name, cond in CHECKS:
            op.create_check_constraint(op.f(f"ck_{table}_{name}"), table, cond.format(r=""))
    else:
        for table, name, cond in CHECKS:
            for event in ("insert", "update"):
                op.execute(
                    f"CREATE TRIGGER ck_{table}_{name}_{event} BEFORE {event.upper()} ON {table} "
                    f"WHEN NOT ({cond.format(r='NEW.')}) "
                    f"BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: ck_{table}_{name}'); END"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, name, _cond in CHECKS:
            if table != "exclusions":
                op.drop_constraint(op.f(f"ck_{table}_{name}"), table, type_="check")
    else:
        for table, name, _cond in CHECKS:
            for event in ("insert", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS ck_{table}_{name}_{event}")
    with op.batch_alter_table("results") as b:
        for name, _kind in reversed(INDEX_COLUMNS):
            b.drop_column(name)
    op.drop_index(op.f("ix_exclusions_assessment_id"), table_name="exclusions")
    op.drop_table("exclusions")
    with op.batch_alter_table("verdicts") as b:
        b.drop_column("deviation_reason")
    with op.batch_alter_table("assessments") as b:
        b.drop_column("group_event_people_after")
    with op.batch_alter_table("surveys") as b:
        b.drop_column("phase")
