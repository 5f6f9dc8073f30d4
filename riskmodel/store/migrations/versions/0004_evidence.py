"""The 稳评 evidence record: 公示, consultations, survey detail, demands and adoption, review meeting, 应急预案 (issue 10).

- ``evidence_publicity``: 公示 periods (ISO dates), channel, working days counted with the public holidays.
- ``evidence_consultations``: 座谈会 / 听证会 / 入户走访 / 现场踏勘 / 舆情监测 with participants by category.
- ``evidence_survey_details``: 发放 / 回收 / 有效, 知晓, attitudes by group and by distance ring (one per assessment).
- ``evidence_demands``: 主要诉求 and their handling (意见采纳).
- ``evidence_parties``: 委托单位, 评估主体 (with a third party's registration number), 编制单位.
- ``evidence_reviews`` and ``evidence_review_opinions``: the expert review meeting, each expert's opinion
  and confirmation.
- ``evidence_emergency_plans``: 应急预案 per main risk factor.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = (
    "evidence_emergency_plans",
    "evidence_review_opinions",
    "evidence_reviews",
    "evidence_parties",
    "evidence_demands",
    "evidence_survey_details",
    "evidence_consultations",
    "evidence_publicity",
)


def _assessment(unique: bool = False) -> sa.Column:
    return sa.Column("assessment_id", sa.Integer(), sa.ForeignKey("assessments.id"), nullable=False, unique=unique)


def _user(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey("users.id"), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "evidence_publicity",
        sa.Column("id", sa.Integer(), primary_key=True),
        _assessment(),
        sa.Column("start_date", sa.String(10), nullable=False),
        sa.Column("end_date", sa.String(10), nullable=False),
        sa.Column("channel", sa.String(200), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("holidays_known", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _user("created_by_id"),
    )
    op.create_table(
        "evidence_consultations",
        sa.Column("id", sa.Integer(), primary_key=True),
        _assessment(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("held_on", sa.String(10), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("opinions", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _user("created_by_id"),
    )
    op.create_table(
        "evidence_survey_details",
        sa.Column("id", sa.Integer(), primary_key=True),
        _assessment(unique=True),
        sa.Column("issued", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        sa.Column("valid", sa.Integer(), nullable=False),
        sa.Column("aware", sa.Integer(), nullable=True),
        sa.Column("groups", sa.JSON(), nullable=False),
        sa.Column("rings", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _user("updated_by_id"),
        sa.Column("row_version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "evidence_demands",
        sa.Column("id", sa.Integer(), primary_key=True),
        _assessment(),
        sa.Column("demand", sa.Text(), nullable=False),
        sa.Column("raised_by", sa.String(200), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("handling", sa.String(8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("measure", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _user("created_by_id"),
    )
    op.create_table(
        "evidence_parties",
        sa.Column("id", sa.Integer(), primary_key=True),
        _assessment(unique=True),
        sa.Column("commissioning_unit", sa.String(200), nullable=False),
        sa.Column("assessor", sa.String(200), nullable=False),
        sa.Column("assessor_third_party", sa.Boolean(), nullable=False),
        sa.Column("assessor_registration", sa.String(100), nullable=True),
        sa.Column("compiler", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _user("updated_by_id"),
        sa.Column("row_version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "evidence_reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        _assessment(unique=True),
        sa.Column("held_on", sa.String(10), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        _user("leader_id", nullable=False),
        sa.Column("group_opinion", sa.Text(), nullable=True),
        sa.Column("group_opinion_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "evidence_review_opinions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _assessment(),
        _user("user_id", nullable=False),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.Column("written_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_sha256", sa.String(64), nullable=True),
        sa.UniqueConstraint("assessment_id", "user_id", name="uq_evidence_review_opinions_assessment_user"),
    )
    op.create_table(
        "evidence_emergency_plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        _assessment(),
        sa.Column("factor", sa.String(200), nullable=False),
        sa.Column("command", sa.String(200), nullable=False),
        sa.Column("members", sa.Text(), nullable=False),
        sa.Column("levels", sa.JSON(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("resources", sa.Text(), nullable=False),
        sa.Column("contacts", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
    )
    for table in ("evidence_publicity", "evidence_consultations", "evidence_demands", "evidence_review_opinions"):
        op.create_index(f"ix_{table}_assessment_id", table, ["assessment_id"])
    op.create_index("ix_evidence_emergency_plans_assessment_id", "evidence_emergency_plans", ["assessment_id"])
    with op.batch_alter_table("measures") as batch:  # Table 2's 控制节点 column (the 428 outline names it)
        batch.add_column(sa.Column("control_node", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("measures") as batch:
        batch.drop_column("control_node")
    for table in TABLES:
        op.drop_table(table)
