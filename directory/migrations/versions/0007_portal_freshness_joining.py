"""portal: archiving, freshness reminders, trusted organisations, invitations, claims, TOTP replay guard

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-15 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("stale_hidden_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_service_archived_at"), ["archived_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_stale_hidden_at"), ["stale_hidden_at"], unique=False)
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("publishes_directly", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    with op.batch_alter_table("service_revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="edit"))
        batch_op.add_column(sa.Column("snapshot", sa.Text(), nullable=True))
    with op.batch_alter_table("listing_report", schema=None) as batch_op:
        batch_op.add_column(sa.Column("forwarded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("moderator_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_listing_report_moderator_id_user_account"),
            "user_account",
            ["moderator_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "review_reminder",
        sa.Column("service_id", sa.String(length=36), nullable=False),
        sa.Column("cycle", sa.Date(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_review_reminder_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_reminder")),
        sa.UniqueConstraint("service_id", "cycle", "stage", name=op.f("uq_review_reminder_service_id")),
    )
    with op.batch_alter_table("review_reminder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_reminder_service_id"), ["service_id"], unique=False)
    op.create_table(
        "invitation",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_by_id", sa.String(length=36), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["invited_by_id"],
            ["user_account.id"],
            name=op.f("fk_invitation_invited_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_invitation_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitation_token_hash")),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitation_organization_id"), ["organization_id"], unique=False)
    op.create_table(
        "organization_claim",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.String(length=36), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("moderator_id", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["moderator_id"],
            ["user_account.id"],
            name=op.f("fk_organization_claim_moderator_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_organization_claim_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_organization_claim_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_claim")),
    )
    with op.batch_alter_table("organization_claim", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organization_claim_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_organization_claim_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_organization_claim_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("organization_claim")
    op.drop_table("invitation")
    op.drop_table("review_reminder")
    with op.batch_alter_table("listing_report", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_listing_report_moderator_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("moderator_id")
        batch_op.drop_column("decided_at")
        batch_op.drop_column("forwarded_at")
    with op.batch_alter_table("service_revision", schema=None) as batch_op:
        batch_op.drop_column("snapshot")
        batch_op.drop_column("kind")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("totp_last_step")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_column("publishes_directly")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_stale_hidden_at"))
        batch_op.drop_index(batch_op.f("ix_service_archived_at"))
        batch_op.drop_column("stale_hidden_at")
        batch_op.drop_column("archived_at")
