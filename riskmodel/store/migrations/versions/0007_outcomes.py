"""后评估: outcomes and incidents after implementation (issue 15).

Reserved in the migration chain so each area owns one revision; empty until that area fills it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
