"""service name index, for listings paged in name order

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 21:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.create_index("ix_service_name_id", ["name", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_index("ix_service_name_id")
