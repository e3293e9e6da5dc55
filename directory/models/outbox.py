"""The search change queue: rows written in the same transaction as the edit they describe.

A rolled-back transaction therefore leaves no trace, and the indexer (one writer) applies committed
changes afterwards by re-reading the database, which stays the source of truth.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class IndexChange(Base):
    __tablename__ = "index_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
