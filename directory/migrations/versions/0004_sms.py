"""sms: senders by keyed hash (opt-out, language, epoch) and answered message ids

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_sender",
        sa.Column("sender_hash", sa.String(length=64), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("epoch", sa.Integer(), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("throttled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("sender_hash", name=op.f("pk_sms_sender")),
    )
    with op.batch_alter_table("sms_sender", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sms_sender_last_seen"), ["last_seen"], unique=False)
    op.create_table(
        "sms_inbound",
        sa.Column("message_key", sa.String(length=64), nullable=False),
        sa.Column("sender_hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("message_key", name=op.f("pk_sms_inbound")),
    )
    with op.batch_alter_table("sms_inbound", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sms_inbound_received_at"), ["received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sms_inbound_sender_hash"), ["sender_hash"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sms_inbound", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sms_inbound_sender_hash"))
        batch_op.drop_index(batch_op.f("ix_sms_inbound_received_at"))
    op.drop_table("sms_inbound")
    with op.batch_alter_table("sms_sender", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sms_sender_last_seen"))
    op.drop_table("sms_sender")
