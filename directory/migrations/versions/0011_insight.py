"""insight: demand events and their rollups, crisis counts, feed tokens, neighbourhood teams

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 19:07:43

New tables only (and one nullable column on invitation), so nothing existing is rewritten.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crisis_count",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "tier", "sample", name=op.f("pk_crisis_count")),
    )
    op.create_table(
        "demand_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("need", sa.String(length=40), nullable=False),
        sa.Column("neighbourhood", sa.String(length=100), nullable=False),
        sa.Column("local_results", sa.Integer(), nullable=False),
        sa.Column("borough_results", sa.Integer(), nullable=False),
        sa.Column("national_results", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=True),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_event")),
    )
    with op.batch_alter_table("demand_event", schema=None) as batch_op:
        batch_op.create_index("ix_demand_event_hour", ["hour"], unique=False)

    op.create_table(
        "demand_rollup",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("period", sa.String(length=5), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("need", sa.String(length=40), nullable=False),
        sa.Column("neighbourhood", sa.String(length=100), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_rollup")),
    )
    with op.batch_alter_table("demand_rollup", schema=None) as batch_op:
        batch_op.create_index(
            "ix_demand_rollup_period_start_neighbourhood", ["period", "start", "neighbourhood"], unique=False
        )

    op.create_table(
        "demand_rollup_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rolled_through", sa.Date(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_demand_rollup_state")),
    )
    op.create_table(
        "insight_token",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_on", sa.Date(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("neighbourhoods", sa.String(length=1000), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_insight_token_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insight_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_insight_token_token_hash")),
    )
    with op.batch_alter_table("insight_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_insight_token_user_id"), ["user_id"], unique=False)

    op.create_table(
        "user_neighbourhood",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("neighbourhood", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_neighbourhood_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "neighbourhood", name=op.f("pk_user_neighbourhood")),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("neighbourhoods", sa.String(length=1000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_column("neighbourhoods")

    op.drop_table("user_neighbourhood")
    with op.batch_alter_table("insight_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_insight_token_user_id"))

    op.drop_table("insight_token")
    op.drop_table("demand_rollup_state")
    with op.batch_alter_table("demand_rollup", schema=None) as batch_op:
        batch_op.drop_index("ix_demand_rollup_period_start_neighbourhood")

    op.drop_table("demand_rollup")
    with op.batch_alter_table("demand_event", schema=None) as batch_op:
        batch_op.drop_index("ix_demand_event_hour")

    op.drop_table("demand_event")
    op.drop_table("crisis_count")
