"""listing reports: residents telling us a listing is wrong

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listing_report",
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_listing_report_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listing_report")),
    )
    with op.batch_alter_table("listing_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_listing_report_service_id"), ["service_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_listing_report_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("listing_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_listing_report_status"))
        batch_op.drop_index(batch_op.f("ix_listing_report_service_id"))

    op.drop_table("listing_report")
