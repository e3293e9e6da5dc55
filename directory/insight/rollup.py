"""Daily and weekly sums of demand events, and the purge of raw events after the retention period.

The job (`flask insight rollup`, in `make jobs`) sums each whole day from the watermark up to yesterday
into day rows, re-sums the weeks and months those days fall in, and moves the watermark to today.
Readers take days before the watermark from the rollups and later days (today, and anything not yet
rolled) from the raw events, so a page is never waiting for the job and never counts a day twice.
Raw events older than the retention period are deleted, but only once their day is rolled up. Days are
UTC days; weeks are ISO weeks starting on Monday.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, func, insert, literal_column, select
from sqlalchemy.orm import Session

from ..models.demand import DemandEvent, DemandRollup, DemandRollupState
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


def _outcome() -> Any:
    """What a search found, as the rollups keep it: local, wide (only borough-wide or national), none."""
    return case(
        (DemandEvent.kind != "search", ""),
        (DemandEvent.local_results > 0, "local"),
        (DemandEvent.borough_results + DemandEvent.national_results > 0, "wide"),
        else_="none",
    )


def _start_of(day: date) -> datetime:
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


def raw_counts(session: Session, first: date, end: date, *, where: Iterable[Any] = ()) -> Iterator[tuple]:
    """(day, kind, channel, language, need, neighbourhood, outcome, service_id, sample, count) summed
    from raw events on days first <= day < end, grouped by hour in SQL and by day here."""
    # Grouped by the output labels: PostgreSQL would not match the expressions' separate parameters.
    outcome = _outcome().label("outcome_")
    service = func.coalesce(DemandEvent.service_id, "").label("service_")
    dimensions = (
        DemandEvent.hour,
        DemandEvent.kind,
        DemandEvent.channel,
        DemandEvent.language,
        DemandEvent.need,
        DemandEvent.neighbourhood,
    )
    rows = session.execute(
        select(*dimensions, outcome, service, DemandEvent.sample, func.count())
        .where(DemandEvent.hour >= _start_of(first), DemandEvent.hour < _start_of(end), *where)
        .group_by(*dimensions, literal_column("outcome_"), literal_column("service_"), DemandEvent.sample)
    )
    sums: Counter[tuple] = Counter()
    for hour, *dims, count in rows:
        sums[(hour.astimezone(UTC).date(), *dims)] += count
    for key, count in sums.items():
        yield (*key, count)


def rollup(session: Session, *, today: date | None = None) -> RollupReport:
    """Roll every whole day from the watermark to yesterday; the caller commits."""
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
        return report
    spans: set[Period] = set()
    day = first
    while day < today:
        session.execute(delete(DemandRollup).where(DemandRollup.period == "day", DemandRollup.start == day))
        rows = [
            dict(zip(("start", *DIMENSIONS, "count"), values, strict=True), period="day")
            for values in raw_counts(session, day, day + timedelta(days=1))
        ]
        if rows:
            session.execute(insert(DemandRollup), rows)
        report.events += sum(row["count"] for row in rows)
        report.days += 1
        spans.add(containing(day, WEEK))
        spans.add(containing(day, MONTH))
        day += timedelta(days=1)
    for span in sorted(spans):
        _roll_span(session, span)
        report.weeks += span.kind == WEEK
    set_watermark(session, today)
    return report


def _roll_span(session: Session, span: Period) -> None:
    """A week's or month's rows are the sums of its days' rows (later days join when rolled)."""
    session.execute(
        delete(DemandRollup).where(DemandRollup.period == span.kind, DemandRollup.start == span.start)
    )
    columns = [getattr(DemandRollup, name) for name in DIMENSIONS]
    rows = session.execute(
        select(*columns, func.sum(DemandRollup.count))
        .where(
            DemandRollup.period == "day",
            and_(DemandRollup.start >= span.start, DemandRollup.start < span.end),
        )
        .group_by(*columns)
    )
    values = [
        dict(zip((*DIMENSIONS, "count"), row, strict=True), period=span.kind, start=span.start)
        for row in rows
    ]
    if values:
        session.execute(insert(DemandRollup), values)


def purge(session: Session, *, days: int = DEFAULT_RETENTION_DAYS, today: date | None = None) -> int:
    """Delete raw events older than `days` whose day is already rolled up; the number deleted."""
    today = today or datetime.now(UTC).date()
    rolled = watermark(session)
    if rolled is None:
        return 0
    cutoff = min(today - timedelta(days=days), rolled)
    result = session.execute(delete(DemandEvent).where(DemandEvent.hour < _start_of(cutoff)))
    return result.rowcount or 0


def run_daily(
    session: Session, *, retention_days: int = DEFAULT_RETENTION_DAYS, today: date | None = None
) -> RollupReport:
    """The daily job: roll up, then purge. The caller commits."""
    report = rollup(session, today=today)
    report.purged = purge(session, days=retention_days, today=today)
    return report
