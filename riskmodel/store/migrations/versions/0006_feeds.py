"""Feeds: 12345 work orders, 信访, grid events, project links, signals (issue 12).

Reserved in the migration chain so each area owns one revision; empty until that area fills it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
