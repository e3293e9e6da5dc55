"""The fixed periods insight is counted in: ISO weeks ("2026-W05") and calendar months ("2026-05").

Never arbitrary date ranges: two overlapping ranges would let someone subtract their way to a few days'
counts, which suppression could not see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

WEEK = "week"
MONTH = "month"
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
EARLIEST_YEAR = 2000


class InvalidPeriod(ValueError):
    """Not a week like 2026-W05 or a month like 2026-05."""


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # exclusive
    kind: str

    @property
    def key(self) -> str:
        if self.kind == WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.year}-{self.start.month:02d}"

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days)]

    def previous(self) -> Period:
        return containing(self.start - timedelta(days=1), self.kind)

    def next(self) -> Period:
        return containing(self.end, self.kind)

    def __str__(self) -> str:
        return self.key


def week(year: int, number: int) -> Period:
    try:
        start = date.fromisocalendar(year, number, 1)
    except ValueError as exc:
        raise InvalidPeriod(f"{year}-W{number:02d}") from exc
    return Period(start, start + timedelta(days=7), WEEK)


def month(year: int, number: int) -> Period:
    if not 1 <= number <= 12:
        raise InvalidPeriod(f"{year}-{number:02d}")
    start = date(year, number, 1)
    end = date(year + (number == 12), number % 12 + 1, 1)
    return Period(start, end, MONTH)


def parse(text: str) -> Period:
    """A week ("2026-W05") or a month ("2026-05"); InvalidPeriod otherwise."""
    text = (text or "").strip()
    if found := _WEEK.fullmatch(text):
        period = week(int(found[1]), int(found[2]))
    elif found := _MONTH.fullmatch(text):
        period = month(int(found[1]), int(found[2]))
    else:
        raise InvalidPeriod(text[:20])
    if period.start.year < EARLIEST_YEAR or period.start > today() + timedelta(days=366):
        raise InvalidPeriod(text[:20])
    return period


def parse_week(text: str) -> Period:
    period = parse(text)
    if period.kind != WEEK:
        raise InvalidPeriod(text[:20])
    return period


def containing(day: date, kind: str) -> Period:
    if kind == WEEK:
        year, number, _ = day.isocalendar()
        return week(year, number)
    return month(day.year, day.month)


def today() -> date:
    return datetime.now(UTC).date()


def recent(kind: str, count: int, *, ending: Period | None = None) -> list[Period]:
    """`count` consecutive periods, oldest first, ending with `ending` (the current one by default)."""
    last = ending or containing(today(), kind)
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


def weeks_between(first: Period, last: Period, *, limit: int = 106) -> list[Period]:
    """Every week from `first` to `last` inclusive (at most `limit`)."""
    weeks = [first]
    while weeks[-1] < last and len(weeks) < limit:
        weeks.append(weeks[-1].next())
    return weeks
