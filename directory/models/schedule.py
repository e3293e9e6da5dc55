"""Opening times (ORUK `schedule`, iCal RRULE-style) and our closures, which ORUK lacks."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UUIDPrimaryKey

if TYPE_CHECKING:
    from .location import Location, ServiceAtLocation
    from .service import Service


class Schedule(UUIDPrimaryKey, Base):
    __tablename__ = "schedule"

    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    service_at_location_id: Mapped[str | None] = mapped_column(
        ForeignKey("service_at_location.id", ondelete="CASCADE")
    )
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    dtstart: Mapped[date | None] = mapped_column(Date)
    timezone: Mapped[int | None] = mapped_column(Integer)
    until: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    wkst: Mapped[str | None] = mapped_column(String(2))
    freq: Mapped[str | None] = mapped_column(String(10))  # WEEKLY, MONTHLY
    interval: Mapped[int | None] = mapped_column(Integer)
    byday: Mapped[str | None] = mapped_column(String(50))  # "MO,TU" or "1MO" / "-1FR" for monthly
    byweekno: Mapped[str | None] = mapped_column(String(50))
    bymonthday: Mapped[str | None] = mapped_column(String(50))
    byyearday: Mapped[str | None] = mapped_column(String(50))
    description: Mapped[str | None] = mapped_column(Text)
    opens_at: Mapped[time | None] = mapped_column(Time)
    closes_at: Mapped[time | None] = mapped_column(Time)
    schedule_link: Mapped[str | None] = mapped_column(String(500))
    attending_type: Mapped[str | None] = mapped_column(String(50))  # in person, phone, online
    notes: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service | None] = relationship(back_populates="schedules")
    # Declared so the unit of work orders inserts by these foreign keys too.
    location: Mapped[Location | None] = relationship()
    service_at_location: Mapped[ServiceAtLocation | None] = relationship()


class Closure(UUIDPrimaryKey, Base):
    """Days a service is shut despite its schedule (bank holidays, staff holidays)."""

    __tablename__ = "closure"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(255))

    service: Mapped[Service] = relationship(back_populates="closures")
