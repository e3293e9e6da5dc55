"""Services: what a resident can actually use (ORUK `service`), with their direct details."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    Text,
    and_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, Timestamps, UTCDateTime, UUIDPrimaryKey

if TYPE_CHECKING:
    from .location import Location, ServiceAtLocation
    from .neighbourhood import Neighbourhood
    from .organization import Organization
    from .schedule import Closure, Schedule
    from .taxonomy import Attribute


class ServiceStatus(enum.StrEnum):
    """ORUK 3.0 status values; only `active` services are shown to residents."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DEFUNCT = "defunct"
    TEMPORARILY_CLOSED = "temporarily closed"


class ServiceScope(enum.StrEnum):
    """How far a service reaches. Borough-wide and national services serve every neighbourhood."""

    LOCAL = "local"
    BOROUGH = "borough"
    NATIONAL = "national"


service_neighbourhood = Table(
    "service_neighbourhood",
    Base.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("neighbourhood_id", ForeignKey("neighbourhood.id", ondelete="CASCADE"), primary_key=True),
)


class Service(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "service"
    # Listings are paged in name order (the ORUK API, exports): let the database walk an index.
    __table_args__ = (Index("ix_service_name_id", "name", "id"),)

    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    alternate_name: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(30), default=ServiceStatus.ACTIVE.value, index=True)
    interpretation_services: Mapped[str | None] = mapped_column(Text)
    application_process: Mapped[str | None] = mapped_column(Text)
    fees_description: Mapped[str | None] = mapped_column(Text)
    wait_time: Mapped[str | None] = mapped_column(String(255))
    accreditations: Mapped[str | None] = mapped_column(Text)
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    minimum_age: Mapped[int | None]
    maximum_age: Mapped[int | None]
    assured_date: Mapped[date | None] = mapped_column(Date)
    assurer_email: Mapped[str | None] = mapped_column(String(255))
    alert: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(String(20), default=ServiceScope.LOCAL.value)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    # Kept by the portal: archiving is soft deletion (purged after 30 days); a listing not confirmed for
    # too long is hidden by `flask directory send-reminders` until its organisation confirms it.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    stale_hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)

    organization: Mapped[Organization] = relationship(back_populates="services")
    phones: Mapped[list[Phone]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Phone.number"
    )
    contacts: Mapped[list[Contact]] = relationship(back_populates="service", cascade="all, delete-orphan")
    languages: Mapped[list[Language]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Language.code"
    )
    cost_options: Mapped[list[CostOption]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    service_areas: Mapped[list[ServiceArea]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    schedules: Mapped[list[Schedule]] = relationship(back_populates="service", cascade="all, delete-orphan")
    closures: Mapped[list[Closure]] = relationship(back_populates="service", cascade="all, delete-orphan")
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    attributes: Mapped[list[Attribute]] = relationship(
        primaryjoin="and_(Service.id == foreign(Attribute.link_id), Attribute.link_type == 'service')",
        cascade="all, delete-orphan",
        overlaps="attributes",
    )
    neighbourhoods: Mapped[list[Neighbourhood]] = relationship(
        secondary=service_neighbourhood, back_populates="services"
    )

    @property
    def is_visible(self) -> bool:
        """Shown to residents: active, not archived, not hidden as out of date (see `visible_services`)."""
        return (
            self.status == ServiceStatus.ACTIVE.value
            and self.archived_at is None
            and self.stale_hidden_at is None
        )

    @property
    def is_free(self) -> bool:
        """Free when no cost option asks for money; ORUK has no explicit flag."""
        return all((c.amount or 0) == 0 for c in self.cost_options)

    @property
    def serves_everywhere(self) -> bool:
        return self.scope in (ServiceScope.BOROUGH.value, ServiceScope.NATIONAL.value)


def visible_services() -> ColumnElement[bool]:
    """The SQL form of `Service.is_visible`: the one rule for what residents may see."""
    return and_(
        Service.status == ServiceStatus.ACTIVE.value,
        Service.archived_at.is_(None),
        Service.stale_hidden_at.is_(None),
    )


class Phone(UUIDPrimaryKey, Base):
    __tablename__ = "phone"

    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contact.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(50))
    extension: Mapped[str | None] = mapped_column(String(20))
    type: Mapped[str | None] = mapped_column(String(30))  # voice, text, fax, textphone...
    description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service | None] = relationship(back_populates="phones")
    # Declared so the unit of work orders inserts by every foreign key, not just the service's.
    organization: Mapped[Organization | None] = relationship()
    location: Mapped[Location | None] = relationship()
    contact: Mapped[Contact | None] = relationship()


class Contact(UUIDPrimaryKey, Base):
    __tablename__ = "contact"

    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(255))
    department: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(255))

    service: Mapped[Service | None] = relationship(back_populates="contacts")
    organization: Mapped[Organization | None] = relationship()


class Language(UUIDPrimaryKey, Base):
    """A language a service is offered in (ISO 639-1 code where known)."""

    __tablename__ = "language"

    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    phone_id: Mapped[str | None] = mapped_column(ForeignKey("phone.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(100))
    code: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service | None] = relationship(back_populates="languages")
    location: Mapped[Location | None] = relationship()
    phone: Mapped[Phone | None] = relationship()


class CostOption(UUIDPrimaryKey, Base):
    __tablename__ = "cost_option"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    option: Mapped[str | None] = mapped_column(String(255))
    currency: Mapped[str | None] = mapped_column(String(3))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    amount_description: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship(back_populates="cost_options")


class ServiceArea(UUIDPrimaryKey, Base):
    """ORUK service_area: free-text or GeoJSON extent; neighbourhoods are the structured version."""

    __tablename__ = "service_area"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    extent: Mapped[str | None] = mapped_column(Text)
    extent_type: Mapped[str | None] = mapped_column(String(30))
    uri: Mapped[str | None] = mapped_column(String(500))

    service: Mapped[Service] = relationship(back_populates="service_areas")
