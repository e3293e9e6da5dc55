"""How groups join the portal: invitations from the council and claims on organisations.

An `Invitation` keeps only the SHA-256 of the emailed token. An `OrganizationClaim` is a registered
user's request to manage an existing organisation; a moderator approves or turns it down.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .account import User
from .base import Base, UTCDateTime, UUIDPrimaryKey, utcnow
from .organization import Organization


class ClaimStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Invitation(UUIDPrimaryKey, Base):
    __tablename__ = "invitation"

    email: Mapped[str] = mapped_column(String(254))  # lower-cased
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))  # a MembershipRole, or a UserRole for council staff
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # For a neighbourhood team invitation: the neighbourhood slugs they will see, comma-separated.
    neighbourhoods: Mapped[str | None] = mapped_column(String(1000))

    organization: Mapped[Organization | None] = relationship()
    invited_by: Mapped[User | None] = relationship()


class OrganizationClaim(UUIDPrimaryKey, Base):
    __tablename__ = "organization_claim"

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ClaimStatus.PENDING.value, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    moderator_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organization: Mapped[Organization] = relationship()
    moderator: Mapped[User | None] = relationship(foreign_keys=[moderator_id])
