"""insight: a finished week's or month's figures kept as one row

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 00:20:00

A new table only; the rollup job fills it (for periods already rolled up, on its next run).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "demand_summary",
        sa.Column("period", sa.String(length=5), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("built", sa.String(length=32), nullable=False),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.Column("cells", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("period", "start", name=op.f("pk_demand_summary")),
    )


def downgrade() -> None:
    op.drop_table("demand_summary")
