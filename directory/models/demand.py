"""What residents ask for, counted without anyone in it: the tables behind neighbourhood insight.

A `DemandEvent` is one resident search (or one opening of a result's details) reduced to what a
neighbourhood team plans with: the hour (never the minute), the channel, the language, the need, the
neighbourhood and how many local, borough-wide and national services were found. It never holds the words
a resident wrote, a session, a phone number or its hash, or an address: the recorder is given none of
them. Raw events are kept for a retention period (`INSIGHT_RETENTION_DAYS`) and then purged; the pages
read `DemandRollup`, the daily and weekly sums, which are kept.

A crisis is never a demand event. `CrisisCount` keeps how many crisis answers were given per day and
tier, borough-wide only, so no neighbourhood can be linked to one.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, UUIDPrimaryKey, utcnow

NOT_UNDERSTOOD = "not_understood"  # the need of a search no need was found in
UNKNOWN = "unknown"  # no place given, or one we could not place
OUTSIDE = "outside"  # a place outside the borough


class DemandEvent(Base):
    __tablename__ = "demand_event"
    __table_args__ = (Index("ix_demand_event_hour", "hour"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hour: Mapped[datetime] = mapped_column(UTCDateTime())  # truncated to the hour, UTC
    kind: Mapped[str] = mapped_column(String(8))  # "search" or "details"
    channel: Mapped[str] = mapped_column(String(8))  # web, widget, sms, api
    language: Mapped[str] = mapped_column(String(8))
    need: Mapped[str] = mapped_column(String(40))  # a need slug or NOT_UNDERSTOOD
    neighbourhood: Mapped[str] = mapped_column(String(100))  # a slug, UNKNOWN or OUTSIDE
    local_results: Mapped[int] = mapped_column(Integer, default=0)
    borough_results: Mapped[int] = mapped_column(Integer, default=0)
    national_results: Mapped[int] = mapped_column(Integer, default=0)
    service_id: Mapped[str | None] = mapped_column(String(36))  # the service opened (details only)
    # Made by the demo generator (`flask insight demo`): shown as sample data, removed with it.
    sample: Mapped[bool] = mapped_column(Boolean, default=False)


class DemandRollup(Base):
    """Sums of demand events per day, ISO week or month (`period`; `start` = that day, the week's Monday
    or the month's first day).

    `outcome` says what a search found: "local" (a service serving the neighbourhood), "wide" (only
    borough-wide or national ones), "none" (nothing); details rows have outcome "" and a service id."""

    __tablename__ = "demand_rollup"
    __table_args__ = (
        Index("ix_demand_rollup_period_start_neighbourhood", "period", "start", "neighbourhood"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(5))  # "day", "week" or "month"
    start: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(8))
    need: Mapped[str] = mapped_column(String(40))
    neighbourhood: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(8), default="")
    service_id: Mapped[str] = mapped_column(String(36), default="")
    count: Mapped[int] = mapped_column(Integer)
    sample: Mapped[bool] = mapped_column(Boolean, default=False)


class DemandRollupState(Base):
    """One row: every day before `rolled_through` is in the rollups; later days are read raw."""

    __tablename__ = "demand_rollup_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    rolled_through: Mapped[date] = mapped_column(Date)
    # Changed (to a new random value) whenever rollup rows change, so cached figures know they are stale.
    version: Mapped[str] = mapped_column(String(32), default="")


class DemandSummary(Base):
    """A finished week's or month's figures as the pages read them (`cells`: JSON pairs of cell key and
    count, before suppression, crisis counts apart), written by the rollup job with the rows they sum,
    so a page for a finished period reads one row instead of summing thousands. `built` changes with
    every rewrite, so figures kept in a process know when they are stale."""

    __tablename__ = "demand_summary"

    period: Mapped[str] = mapped_column(String(5), primary_key=True)  # "week" or "month"
    start: Mapped[date] = mapped_column(Date, primary_key=True)
    built: Mapped[str] = mapped_column(String(32))
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    cells: Mapped[str] = mapped_column(Text)


class CrisisCount(Base):
    """Crisis answers given on a day, by tier ("urgent", "supportive"), for the whole borough."""

    __tablename__ = "crisis_count"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    tier: Mapped[str] = mapped_column(String(16), primary_key=True)
    sample: Mapped[bool] = mapped_column(Boolean, primary_key=True, default=False)
    count: Mapped[int] = mapped_column(Integer, default=0)


class InsightToken(UUIDPrimaryKey, Base):
    """A council administrator's token for the aggregate demand feed: only its SHA-256 is kept."""

    __tablename__ = "insight_token"

    user_id: Mapped[str] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # shown in the list so a token can be recognised
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_on: Mapped[date | None] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The neighbourhood slugs the token may read, comma-separated; None: every neighbourhood.
    neighbourhoods: Mapped[str | None] = mapped_column(String(1000))


# Which neighbourhoods a neighbourhood team member sees (by slug, as the gazetteer names them).
user_neighbourhood = Table(
    "user_neighbourhood",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("neighbourhood", String(100), primary_key=True),
)
