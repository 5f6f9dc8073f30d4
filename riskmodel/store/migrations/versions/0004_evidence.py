"""The 稳评 evidence record: 公示, consultations, survey detail, demands and adoption, review meeting, 应急预案 (issue 10).

Reserved in the migration chain so each area owns one revision; empty until that area fills it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
