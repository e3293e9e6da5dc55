"""Daily and weekly sums of demand events, and the purge of raw events after the retention period.

The job (`flask insight rollup`, in `make jobs`) sums each whole day from the watermark up to yesterday
into day rows, re-sums the weeks and months those days fall in (writing the summary of each one that has
ended, `summaries.py`), and moves the watermark to today.
Readers take days before the watermark from the rollups and later days (today, and anything not yet
rolled) from the raw events, so a page is never waiting for the job and never counts a day twice.
Raw events older than the retention period are deleted, but only once their day is rolled up. Days are
UTC days; weeks are ISO weeks starting on Monday.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, and_, case, cast, delete, func, insert, literal, literal_column, select
from sqlalchemy.orm import Session

from ..models.demand import DemandEvent, DemandRollup, DemandRollupState
from . import summaries
from .periods import MONTH, WEEK, Period, containing

DEFAULT_RETENTION_DAYS = 90
# What a rollup row is keyed by, besides its period.
DIMENSIONS = ("kind", "channel", "language", "need", "neighbourhood", "outcome", "service_id", "sample")


@dataclass
class RollupReport:
    days: int = 0
    weeks: int = 0
    events: int = 0
    purged: int = 0


def search_outcome() -> Any:
    """What a search found, as the rollups keep it: local, wide (only borough-wide or national), none."""
    return case(
        (DemandEvent.kind != "search", ""),
        (DemandEvent.local_results > 0, "local"),
        (DemandEvent.borough_results + DemandEvent.national_results > 0, "wide"),
        else_="none",
    )


def start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def watermark(session: Session) -> date | None:
    """The first day not yet in the rollups (None: nothing rolled up yet)."""
    return session.scalar(select(DemandRollupState.rolled_through).where(DemandRollupState.id == 1))


def set_watermark(session: Session, day: date) -> None:
    """Move the watermark; any change to rollups goes through here, raising their version."""
    state = session.get(DemandRollupState, 1)
    if state is None:
        session.add(DemandRollupState(id=1, rolled_through=day, version=uuid.uuid4().hex))
    else:
        state.rolled_through = day
        state.version = uuid.uuid4().hex
    session.flush()


def state(session: Session) -> tuple[date | None, str]:
    """(watermark, version) in one read."""
    row = session.execute(
        select(DemandRollupState.rolled_through, DemandRollupState.version).where(DemandRollupState.id == 1)
    ).first()
    return (row[0], row[1]) if row else (None, "")


def reopen(session: Session, day: date) -> None:
    """Events were added for `day` or earlier after it was rolled up: roll up again from there."""
    current = watermark(session)
    if current is not None:
        set_watermark(session, min(day, current))


def _day_of(session: Session) -> Any:
    """The UTC day of an event's hour, in SQL (each backend spells it differently)."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", DemandEvent.hour), Date)
    return func.date(DemandEvent.hour)  # SQLite keeps the UTC time as text: its first ten characters


def rollup(session: Session, *, today: date | None = None) -> RollupReport:
    """Roll every whole day from the watermark to yesterday; the caller commits.

    The sums are made by the database (INSERT ... SELECT ... GROUP BY), days first, then the weeks and
    months those days fall in from the day rows, so a year of events never passes through Python."""
    today = today or datetime.now(UTC).date()
    report = RollupReport()
    first = watermark(session)
    if first is None:
        earliest = session.scalar(select(func.min(DemandEvent.hour)))
        if earliest is None:
            set_watermark(session, today)
            return report
        first = earliest.astimezone(UTC).date()
    if first >= today:
        summaries.write_missing(session, rolled_through=first)
        return report
    session.execute(
        delete(DemandRollup).where(
            DemandRollup.period == "day", DemandRollup.start >= first, DemandRollup.start < today
        )
    )
    day = _day_of(session).label("day_")
    outcome = search_outcome().label("outcome_")
    service = func.coalesce(DemandEvent.service_id, "").label("service_")
    plain = (
        DemandEvent.kind,
        DemandEvent.channel,
        DemandEvent.language,
        DemandEvent.need,
        DemandEvent.neighbourhood,
    )
    summed = (
        select(literal("day"), day, *plain, outcome, service, DemandEvent.sample, func.count())
        .where(DemandEvent.hour >= start_of(first), DemandEvent.hour < start_of(today))
        .group_by(
            literal_column("day_"),
            *plain,
            literal_column("outcome_"),
            literal_column("service_"),
            DemandEvent.sample,
        )
    )
    columns = ["period", "start", *DIMENSIONS, "count"]
    session.execute(insert(DemandRollup).from_select(columns, summed))
    report.events = int(
        session.scalar(
            select(func.coalesce(func.sum(DemandRollup.count), 0)).where(
                DemandRollup.period == "day", DemandRollup.start >= first, DemandRollup.start < today
            )
        )
        or 0
    )
    report.days = (today - first).days
    spans = {
        containing(first + timedelta(days=n), kind) for n in range(report.days) for kind in (WEEK, MONTH)
    }
    for span in sorted(spans):
        _roll_span(session, span, today)
        report.weeks += span.kind == WEEK
    set_watermark(session, today)
    summaries.write_missing(session, rolled_through=today)
    return report


def _roll_span(session: Session, span: Period, today: date) -> None:
    """A week's or month's rows are the sums of its days' rows (later days join when rolled); once it
    has ended, its summary is written from them."""
    session.execute(
        delete(DemandRollup).where(DemandRollup.period == span.kind, DemandRollup.start == span.start)
    )
    columns = [getattr(DemandRollup, name) for name in DIMENSIONS]
    summed = (
        select(literal(span.kind), literal(span.start, Date), *columns, func.sum(DemandRollup.count))
        .where(
            DemandRollup.period == "day",
            and_(DemandRollup.start >= span.start, DemandRollup.start < span.end),
        )
        .group_by(*columns)
    )
    session.execute(insert(DemandRollup).from_select(["period", "start", *DIMENSIONS, "count"], summed))
    if span.end <= today:
        summaries.write(session, span)
    else:
        summaries.forget(session, span)


def purge(session: Session, *, days: int = DEFAULT_RETENTION_DAYS, today: date | None = None) -> int:
    """Delete raw events older than `days` whose day is already rolled up; the number deleted."""
    today = today or datetime.now(UTC).date()
    rolled = watermark(session)
    if rolled is None:
        return 0
    cutoff = min(today - timedelta(days=days), rolled)
    result = session.execute(delete(DemandEvent).where(DemandEvent.hour < start_of(cutoff)))
    return result.rowcount or 0


def run_daily(
    session: Session, *, retention_days: int = DEFAULT_RETENTION_DAYS, today: date | None = None
) -> RollupReport:
    """The daily job: roll up, then purge. The caller commits."""
    report = rollup(session, today=today)
    report.purged = purge(session, days=retention_days, today=today)
    return report
