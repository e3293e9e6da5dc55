"""service revisions: edits proposed by organisation users, held for a moderator

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "service_revision",
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("moderator_id", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
            name=op.f("fk_service_revision_author_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["moderator_id"],
            ["user_account.id"],
            name=op.f("fk_service_revision_moderator_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_revision_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_revision")),
    )
    with op.batch_alter_table("service_revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_revision_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_revision_service_id"), ["service_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_revision_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_revision_status"))
        batch_op.drop_index(batch_op.f("ix_service_revision_service_id"))
        batch_op.drop_index(batch_op.f("ix_service_revision_author_id"))
    op.drop_table("service_revision")
