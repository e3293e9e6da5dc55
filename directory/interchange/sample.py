"""Load the sample directory (`data/sample.json`, an ORUK 3.0 package) with the importer councils use.

The package is written as of its `exported_at` day, and its dates are moved to the day it is loaded, so
the sample looks the same on any day: review dates (`assured_date`, `last_modified`) by the days since,
which keeps the share of listings overdue for review what the generator chose; calendar dates (closures,
seasonal opening, costs' validity) by whole years, so a Christmas closure stays at Christmas.

Idempotent: every record has a stable id, so loading again on the same day changes nothing, and on a
later day only the moved dates. The caller owns the transaction and commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import ijson
from sqlalchemy.orm import Session

from ..seed import seed_need_taxonomy, seed_neighbourhoods
from .jsonfeed import FeedItem, JsonFeed, open_checked
from .pipeline import run_import
from .report import FeedError, ImportReport

SOURCE_NAME = "around-here-sample"
_DAYS_PER_YEAR = 365.2425
_CALENDAR_DATES = ("valid_from", "valid_to", "dtstart", "until")


@dataclass(frozen=True)
class LoadReport:
    """How many distinct records the file holds (and now the database has, created or updated)."""

    organisations: int
    services: int
    locations: int
    imported: ImportReport | None = field(default=None, compare=False, repr=False)


def sample_path() -> Traversable:
    """The packaged sample (installed with the package: see pyproject's package data)."""
    return resources.files(__package__) / "data" / "sample.json"


def load_sample(session: Session, *, today: date | None = None, path: Path | None = None) -> LoadReport:
    """Insert or update the sample, its needs and neighbourhoods, with its dates moved to `today`.

    Raises `ImportFailed` (with the importer's report) if the file does not import cleanly.
    """
    seed_need_taxonomy(session)
    seed_neighbourhoods(session)
    with ExitStack() as stack:
        file = path or stack.enter_context(resources.as_file(sample_path()))
        written = _written_on(file)
        feed = DatedFeed(file, SOURCE_NAME, moved_to=today or datetime.now(UTC).date(), written=written)
        report = run_import(session, feed, strict_neighbourhoods=True)
    return LoadReport(
        organisations=len(feed.organisations),
        services=feed.services,
        locations=len(feed.locations),
        imported=report,
    )


def _written_on(path: Path) -> date:
    """The day the package's dates are as of: its `exported_at`."""
    handle, stream = open_checked(path)
    try:
        value = next(ijson.items(stream, "exported_at"), None)
    finally:
        handle.close()
    if not isinstance(value, str):
        raise FeedError(f"{path.name} has no exported_at, so its dates cannot be moved to today")
    return datetime.fromisoformat(value).date()


@dataclass
class DatedFeed(JsonFeed):
    """An ORUK package whose records' dates are moved from `written` to `moved_to` as they stream."""

    moved_to: date = date.min  # always given: the defaults only satisfy the dataclass's field order
    written: date = date.min
    organisations: set[str] = field(default_factory=set)
    locations: set[str] = field(default_factory=set)
    services: int = 0

    def items(self) -> Iterator[FeedItem]:
        shift = DateShift.between(self.written, self.moved_to)
        self.organisations, self.locations, self.services = set(), set(), 0  # counted afresh each pass
        for item in super().items():
            if isinstance(item.raw, dict):
                self._count(item.raw)
                item = replace(item, raw=shift.service(item.raw))
            yield item

    def _count(self, raw: dict[str, Any]) -> None:
        self.services += 1
        organization = raw.get("organization")
        if isinstance(organization, dict) and organization.get("id"):
            self.organisations.add(str(organization["id"]))
        for link in raw.get("service_at_locations") or ():
            location = link.get("location") if isinstance(link, dict) else None
            if isinstance(location, dict) and location.get("id"):
                self.locations.add(str(location["id"]))


@dataclass(frozen=True)
class DateShift:
    """Review dates move by `days`; calendar dates by `years` (the nearest whole number of years)."""

    days: int
    years: int

    @classmethod
    def between(cls, written: date, today: date) -> DateShift:
        days = (today - written).days
        return cls(days=days, years=round(days / _DAYS_PER_YEAR))

    def service(self, raw: dict[str, Any]) -> dict[str, Any]:
        """A copy of one service record with its dates moved; fields it lacks stay absent."""
        record = dict(raw)
        for key in ("assured_date", "last_modified"):
            if key in record:
                record[key] = self._by_days(record[key])
        for key in ("schedules", "cost_options"):
            if key in record:
                record[key] = self._calendar_rows(record[key])
        if isinstance(record.get("service_at_locations"), list):
            record["service_at_locations"] = [
                {**link, "schedules": self._calendar_rows(link["schedules"])}
                if isinstance(link, dict) and "schedules" in link
                else link
                for link in record["service_at_locations"]
            ]
        extension = record.get("x_around_here")
        if isinstance(extension, dict) and isinstance(extension.get("closures"), list):
            closures = [self._calendar_row(c, ("starts_on", "ends_on")) for c in extension["closures"]]
            record["x_around_here"] = {**extension, "closures": closures}
        return record

    def _by_days(self, value: Any) -> Any:
        if not isinstance(value, str) or not self.days:
            return value
        try:
            if len(value) == 10:
                return (date.fromisoformat(value) + timedelta(days=self.days)).isoformat()
            moved = datetime.fromisoformat(value) + timedelta(days=self.days)
        except ValueError:
            return value  # left for the importer to report
        return moved.isoformat().replace("+00:00", "Z")

    def _by_years(self, value: Any) -> Any:
        if not isinstance(value, str) or not self.years:
            return value
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        year = day.year + self.years
        try:
            return day.replace(year=year).isoformat()
        except ValueError:  # 29 February in a year without one
            return day.replace(year=year, day=28).isoformat()

    def _calendar_rows(self, rows: Any) -> Any:
        if not isinstance(rows, list):
            return rows
        return [self._calendar_row(row, _CALENDAR_DATES) for row in rows]

    def _calendar_row(self, row: Any, keys: tuple[str, ...]) -> Any:
        if not isinstance(row, dict):
            return row
        return {key: self._by_years(value) if key in keys else value for key, value in row.items()}
