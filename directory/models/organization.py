"""Organisations: the VCSE groups and public bodies that run services (ORUK `organization`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamps, UUIDPrimaryKey

if TYPE_CHECKING:
    from .service import Service


class Organization(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "organization"

    name: Mapped[str] = mapped_column(String(255), index=True)
    alternate_name: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(255))
    website: Mapped[str | None] = mapped_column(String(500))
    uri: Mapped[str | None] = mapped_column(String(500))
    logo: Mapped[str | None] = mapped_column(String(500))
    legal_status: Mapped[str | None] = mapped_column(String(100))
    year_incorporated: Mapped[int | None]
    parent_organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL")
    )
    # Sample records are fictional: pages and exports must be able to say so.
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    # Trusted by the council: its users' edits are published at once (still recorded as revisions).
    publishes_directly: Mapped[bool] = mapped_column(Boolean, default=False)

    services: Mapped[list[Service]] = relationship(back_populates="organization")
    parent: Mapped[Organization | None] = relationship(remote_side="Organization.id")
    identifiers: Mapped[list[OrganizationIdentifier]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )


class OrganizationIdentifier(UUIDPrimaryKey, Base):
    """Charity or company numbers, so partners can match organisations across directories."""

    __tablename__ = "organization_identifier"

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    identifier_scheme: Mapped[str | None] = mapped_column(String(100))
    identifier_type: Mapped[str] = mapped_column(String(100))
    identifier: Mapped[str] = mapped_column(String(100))

    organization: Mapped[Organization] = relationship(back_populates="identifiers")
