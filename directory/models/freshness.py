"""Reminders that a listing is due for review, one row per email sent.

The unique key (service, cycle, stage) makes `flask directory send-reminders` safe to run again: a
reminder already recorded for this confirmation cycle is never sent twice. `cycle` is the date of the
confirmation the reminder counts from, so confirming starts a new cycle.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, UUIDPrimaryKey, utcnow


class ReviewReminder(UUIDPrimaryKey, Base):
    __tablename__ = "review_reminder"
    __table_args__ = (UniqueConstraint("service_id", "cycle", "stage"),)

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    cycle: Mapped[date] = mapped_column(Date)
    stage: Mapped[str] = mapped_column(String(20))  # "180", "270", "hidden"
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
