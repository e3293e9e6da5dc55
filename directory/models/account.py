"""Portal accounts: the people who keep listings up to date and moderate changes.

A `User` signs in with an email address and a password (hashed, see `directory.portal.accounts`); a council
role (`council_admin`, `moderator`) is separate from the organisations a user belongs to (`Membership`).
A `PasswordReset` keeps only the SHA-256 of the emailed token, so a copy of the database gives no links.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, UUIDPrimaryKey, utcnow
from .organization import Organization


class UserRole(enum.StrEnum):
    COUNCIL_ADMIN = "council_admin"
    MODERATOR = "moderator"
    # Sees the insight of the neighbourhoods given to them (`user_neighbourhood`), nothing else of staff's.
    NEIGHBOURHOOD_TEAM = "neighbourhood_team"
    NONE = "none"


class MembershipRole(enum.StrEnum):
    ORG_ADMIN = "org_admin"
    ORG_EDITOR = "org_editor"


class User(UUIDPrimaryKey, Base):
    __tablename__ = "user_account"  # "user" is a reserved word in PostgreSQL

    email: Mapped[str] = mapped_column(String(254), unique=True)  # always stored lower-cased
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    role: Mapped[str] = mapped_column(String(20), default=UserRole.NONE.value)
    totp_secret: Mapped[str | None] = mapped_column(String(64))  # base32; set only for council staff
    totp_last_step: Mapped[int | None] = mapped_column(Integer)  # a code is accepted once
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Kept in each signed-in session; raised by `accounts.end_sessions`, which ends every older session.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The language their emails are written in ("en", "pl", ...): the one they used to join; None for
    # accounts made before it was kept (they get the language of whoever causes the email).
    language: Mapped[str | None] = mapped_column(String(8))

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )


class Membership(UUIDPrimaryKey, Base):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organization_id"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default=MembershipRole.ORG_EDITOR.value)

    user: Mapped[User] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship()


class PasswordReset(UUIDPrimaryKey, Base):
    __tablename__ = "password_reset"

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex; never the token
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
