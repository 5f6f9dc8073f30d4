"""Security: login attempts, sessions, audit checkpoints, triggers refusing changes to signed records, CHECK constraints (issue 13).

Reserved in the migration chain so each area owns one revision; empty until that area fills it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
