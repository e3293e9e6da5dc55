"""A resident's search reduced to what a neighbourhood team plans with, and nothing that identifies anyone.

Callers hand over only what is listed in `Demand`: never the words typed, a session or conversation id,
a phone number or its hash, or an address. Times are kept to the hour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..models.demand import NOT_UNDERSTOOD, OUTSIDE, UNKNOWN
from ..needs import NEED_SLUGS
from ..search.base import Reach

__all__ = ["Demand", "Reach", "details_demand", "search_demand", "to_hour"]

CHANNELS = ("web", "widget", "sms", "api")
LANGUAGES = ("en", "pl", "ur", "ar")
SEARCH = "search"
DETAILS = "details"


def _now() -> datetime:
    return datetime.now(UTC)


def to_hour(when: datetime) -> datetime:
    """The hour `when` falls in, in UTC: events never say the minute."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Demand:
    kind: str
    channel: str
    language: str
    need: str
    neighbourhood: str
    reach: Reach = Reach()
    service_id: str | None = None
    hour: datetime = field(default_factory=lambda: to_hour(_now()))
    sample: bool = False

    def row(self) -> dict[str, object]:
        return {
            "hour": self.hour,
            "kind": self.kind,
            "channel": self.channel,
            "language": self.language,
            "need": self.need,
            "neighbourhood": self.neighbourhood,
            "local_results": self.reach.local,
            "borough_results": self.reach.borough,
            "national_results": self.reach.national,
            "service_id": self.service_id,
            "sample": self.sample,
        }


def need_of(needs: list[str] | tuple[str, ...]) -> str:
    """The first known need slug, or "not understood"."""
    return next((n for n in needs if n in NEED_SLUGS), NOT_UNDERSTOOD)


def neighbourhood_of(place: object | None) -> str:
    """A place's neighbourhood slug; "outside" for a place outside the borough; "unknown" otherwise.

    `place` is a gazetteer `Resolution` (or anything with `in_area` and `neighbourhood`)."""
    if place is None:
        return UNKNOWN
    if not getattr(place, "in_area", False):
        return OUTSIDE
    return getattr(place, "neighbourhood", None) or UNKNOWN


def clean_channel(channel: str) -> str:
    return channel if channel in CHANNELS else "api"


def clean_language(language: str | None) -> str:
    return language if language in LANGUAGES else "en"


def search_demand(
    channel: str,
    language: str | None,
    *,
    needs: list[str] | tuple[str, ...],
    place: object | None,
    reach: Reach | None,
    when: datetime | None = None,
    neighbourhood: str | None = None,
) -> Demand:
    """One search. `neighbourhood` (a slug the caller has checked) wins over `place` when given."""
    return Demand(
        kind=SEARCH,
        channel=clean_channel(channel),
        language=clean_language(language),
        need=need_of(needs),
        neighbourhood=neighbourhood or neighbourhood_of(place),
        reach=reach or Reach(),
        hour=to_hour(when or _now()),
    )


def details_demand(
    channel: str,
    language: str | None,
    *,
    service_id: str,
    need: str | None = None,
    neighbourhood: str | None = None,
    when: datetime | None = None,
) -> Demand:
    """One opening of a result's details, with the need and neighbourhood of the search it came from
    when the caller knows them (checked here against the known slugs by the caller's gazetteer)."""
    return Demand(
        kind=DETAILS,
        channel=clean_channel(channel),
        language=clean_language(language),
        need=need if need in NEED_SLUGS else NOT_UNDERSTOOD,
        neighbourhood=neighbourhood or UNKNOWN,
        service_id=service_id,
        hour=to_hour(when or _now()),
    )
