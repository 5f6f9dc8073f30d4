"""Register (稳评事项台账), expert library, audited draws, filing (备案) and assessors (issue 11).

Reserved in the migration chain so each area owns one revision; empty until that area fills it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
