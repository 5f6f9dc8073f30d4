"""Verdict chain: post-measure survey and crowd estimate, indicator exclusions, deviation justification (issue 9).

Reserved in the migration chain so each area owns one revision; empty until that area fills it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
