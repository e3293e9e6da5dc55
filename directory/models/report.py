"""Reports from residents that a listing is wrong, for the people who keep the directory up to date."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, UUIDPrimaryKey, utcnow

if TYPE_CHECKING:
    from .service import Service


class ReportStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    DISMISSED = "dismissed"


class ListingReport(UUIDPrimaryKey, Base):
    __tablename__ = "listing_report"

    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(30))
    details: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.OPEN.value, index=True)
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # sent to the organisation
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    moderator_id: Mapped[str | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    service: Mapped[Service] = relationship()
