"""search: an ordered change log followed by every node's index, replacing the drained queue

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 08:10:00

Queued rows are not carried over: an index without a recorded log position rebuilds from the
database when it next opens, which covers anything the old queue still held.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

POSITION_SEQUENCE = "search_change_position"


def upgrade() -> None:
    with op.batch_alter_table("index_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_index_change_service_id"))
    op.drop_table("index_change")
    op.create_table(
        "search_change_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=True),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_change_log")),
        sa.UniqueConstraint("position", name=op.f("uq_search_change_log_position")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("search_change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_change_log_created_at"), ["created_at"], unique=False)
    op.create_table(
        "search_index_node",
        sa.Column("node_id", sa.String(length=200), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("heartbeat", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("node_id", name=op.f("pk_search_index_node")),
    )
    horizon = op.create_table(
        "search_log_horizon",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("pruned_through", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_log_horizon")),
    )
    op.bulk_insert(horizon, [{"id": 1, "pruned_through": 0}])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE SEQUENCE {POSITION_SEQUENCE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP SEQUENCE {POSITION_SEQUENCE}")
    op.drop_table("search_log_horizon")
    op.drop_table("search_index_node")
    with op.batch_alter_table("search_change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_change_log_created_at"))
    op.drop_table("search_change_log")
    op.create_table(
        "index_change",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_change")),
    )
    with op.batch_alter_table("index_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_index_change_service_id"), ["service_id"], unique=False)
