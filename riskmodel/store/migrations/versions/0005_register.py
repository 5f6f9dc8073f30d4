"""Register (稳评事项台账), expert library, audited draws, filing (备案) and assessors (issue 11).

Tables: ``register_matters`` (the matters that require a 稳评, with the decision and the gate flags),
``register_links`` (assessment → matter, at most one matter per assessment), ``assessors`` and
``assessor_records`` (评估机构 and their record), ``library_experts`` (专家库), ``expert_conflicts``,
``expert_draws`` (seed, pool and its hash, panel, recusals), ``expert_participations`` and ``filings``.
Indexes serve the coverage figures (year × department / region, links by matter, filings by assessment
and state).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "register_matters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("checkpoint", sa.String(length=16), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("planned_decision_date", sa.String(length=10), nullable=True),
        sa.Column("track", sa.String(length=8), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decision_date", sa.String(length=10), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("decided_without_assessment", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("decision_departs", sa.Boolean(), nullable=False, server_default=sa.false()),
        *_stamps(),
        sa.Column("row_version", sa.Integer(), nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_matters")),
        sa.UniqueConstraint("code", name=op.f("uq_register_matters_code")),
    )
    op.create_index(
        "ix_register_matters_year_cover",
        "register_matters",
        ["year", "id", "department", "region", "decided_without_assessment", "decision_departs", "decision"],
    )
    op.create_index("ix_register_matters_year_region", "register_matters", ["year", "region"])
    op.create_table(
        "assessors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=False),
        sa.Column("staff", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("registration_number", sa.String(length=64), nullable=True),
        sa.Column("valid_from", sa.String(length=10), nullable=True),
        sa.Column("valid_until", sa.String(length=10), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessors")),
        sa.UniqueConstraint("credit_code", name=op.f("uq_assessors_credit_code")),
    )
    op.create_table(
        "assessor_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("filing_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessor_id"], ["assessors.id"], name=op.f("fk_assessor_records_assessor_id_assessors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessor_records")),
    )
    op.create_index(op.f("ix_assessor_records_assessor_id"), "assessor_records", ["assessor_id"])
    op.create_table(
        "register_links",
        sa.Column("assessment_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=True),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.Column("linked_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_register_links_assessment_id_assessments")
        ),
        sa.ForeignKeyConstraint(
            ["matter_id"], ["register_matters.id"], name=op.f("fk_register_links_matter_id_register_matters")
        ),
        sa.ForeignKeyConstraint(
            ["assessor_id"], ["assessors.id"], name=op.f("fk_register_links_assessor_id_assessors")
        ),
        sa.PrimaryKeyConstraint("assessment_id", name=op.f("pk_register_links")),
    )
    op.create_index(op.f("ix_register_links_matter_id"), "register_links", ["matter_id"])
    op.create_table(
        "library_experts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=True),
        sa.Column("years", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("available", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("note", sa.Text(), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_experts")),
        sa.UniqueConstraint("username", name=op.f("uq_library_experts_username")),
    )
    op.create_index(op.f("ix_library_experts_category"), "library_experts", ["category"])
    op.create_table(
        "expert_conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("declared_at", sa.DateTime(), nullable=False),
        sa.Column("declared_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"], ["library_experts.id"], name=op.f("fk_expert_conflicts_expert_id_library_experts")
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_expert_conflicts_assessment_id_assessments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_conflicts")),
        sa.UniqueConstraint("expert_id", "assessment_id", name="uq_expert_conflicts_expert_assessment"),
    )
    op.create_index(op.f("ix_expert_conflicts_assessment_id"), "expert_conflicts", ["assessment_id"])
    op.create_table(
        "expert_draws",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("declined", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("seed", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("rule", sa.JSON(), nullable=True),
        sa.Column("pool", sa.Text(), nullable=False),
        sa.Column("pool_hash", sa.String(length=64), nullable=False),
        sa.Column("pool_size", sa.Integer(), nullable=False),
        sa.Column("panel", sa.JSON(), nullable=True),
        sa.Column("recused", sa.JSON(), nullable=True),
        sa.Column("shortfall", sa.JSON(), nullable=True),
        sa.Column("drawn_at", sa.DateTime(), nullable=False),
        sa.Column("drawn_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_expert_draws_assessment_id_assessments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_draws")),
        sa.UniqueConstraint("assessment_id", "number", name="uq_expert_draws_assessment_number"),
    )
    op.create_index(op.f("ix_expert_draws_assessment_id"), "expert_draws", ["assessment_id"])
    op.create_table(
        "expert_participations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expert_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("draw_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("on_time", sa.Boolean(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"], ["library_experts.id"], name=op.f("fk_expert_participations_expert_id_library_experts")
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_expert_participations_assessment_id_assessments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expert_participations")),
    )
    op.create_index(op.f("ix_expert_participations_expert_id"), "expert_participations", ["expert_id"])
    op.create_table(
        "filings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=True),
        sa.Column("change_note", sa.Text(), nullable=True),
        sa.Column("checklist", sa.JSON(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("filing_number", sa.String(length=40), nullable=True),
        sa.Column("receipt", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], name=op.f("fk_filings_assessment_id_assessments")
        ),
        sa.ForeignKeyConstraint(["assessor_id"], ["assessors.id"], name=op.f("fk_filings_assessor_id_assessors")),
        sa.ForeignKeyConstraint(["submitted_by_id"], ["users.id"], name=op.f("fk_filings_submitted_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filings")),
        sa.UniqueConstraint("assessment_id", "number", name="uq_filings_assessment_number"),
        sa.UniqueConstraint("filing_number", name=op.f("uq_filings_filing_number")),
    )
    op.create_index("ix_filings_assessment_state", "filings", ["assessment_id", "state"])


def downgrade() -> None:
    for table in (
        "filings",
        "expert_participations",
        "expert_draws",
        "expert_conflicts",
        "library_experts",
        "register_links",
        "assessor_records",
        "assessors",
        "register_matters",
    ):
        op.drop_table(table)
