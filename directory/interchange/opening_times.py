"""Opening times as people write them ("Mon-Fri 09:00-17:00; Sat 10:00-12:00") and as ORUK stores them.

Used by the CSV template in both directions: cells are parsed into weekly sessions, and weekly
schedules are written back as the same compact text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_LABELS = dict(zip(DAY_CODES, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))
_DAY_WORDS = {
    "mon": "MO", "monday": "MO", "mondays": "MO",
    "tue": "TU", "tues": "TU", "tuesday": "TU", "tuesdays": "TU",
    "wed": "WE", "weds": "WE", "wednesday": "WE", "wednesdays": "WE",
    "thu": "TH", "thur": "TH", "thurs": "TH", "thursday": "TH", "thursdays": "TH",
    "fri": "FR", "friday": "FR", "fridays": "FR",
    "sat": "SA", "saturday": "SA", "saturdays": "SA",
    "sun": "SU", "sunday": "SU", "sundays": "SU",
}  # fmt: skip
_GROUPS = {
    "daily": DAY_CODES,
    "every day": DAY_CODES,
    "everyday": DAY_CODES,
    "weekdays": DAY_CODES[:5],
    "weekends": DAY_CODES[5:],
}
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")
EXAMPLE = "Mon-Fri 09:00-17:00; Sat 10:00-12:00"


class OpeningTimesError(ValueError):
    """A part of the cell we could not read; the message quotes it and shows the expected form."""


@dataclass(frozen=True)
class WeeklySession:
    days: tuple[str, ...]
    opens: time
    closes: time

    @property
    def byday(self) -> str:
        return ",".join(self.days)


def parse_opening_times(text: str) -> list[WeeklySession]:
    """Sessions from text such as 'Mon-Fri 09:00-17:00; Sat 10:00-12:00' (empty text: none)."""
    sessions: list[WeeklySession] = []
    for part in re.split(r"[;\n]+", text):
        part = part.strip()
        if part:
            sessions += _parse_part(part)
    return sessions


def _parse_part(part: str) -> list[WeeklySession]:
    normalised = re.sub(r"\s*[–—]\s*|\s+to\s+", "-", part.lower())
    match = re.match(r"^(?P<days>[a-z][a-z ,&\-]*?)\s*:?\s*(?P<times>(\d.*|closed))$", normalised)
    if match is None:
        raise OpeningTimesError(f"could not read {part!r}; write it like {EXAMPLE!r}")
    days = _days(match["days"], part)
    if match["times"].strip() == "closed":
        return []
    sessions = []
    for span in re.split(r",|\band\b|&", match["times"]):
        span = span.strip()
        if not span:
            continue
        bounds = span.split("-")
        if len(bounds) != 2:
            raise OpeningTimesError(
                f"could not read the times {span!r} in {part!r}; write them like 09:00-17:00"
            )
        opens, closes = _time(bounds[0], part), _time(bounds[1], part)
        if closes == opens or (closes < opens and opens < time(12)):
            raise OpeningTimesError(
                f"{span!r} in {part!r} closes before it opens; use 24-hour times such as 09:00-17:00"
            )
        sessions.append(WeeklySession(days, opens, closes))
    return sessions


def _days(text: str, part: str) -> tuple[str, ...]:
    found: list[str] = []
    for piece in re.split(r",|&|\band\b", text):
        piece = piece.strip()
        if not piece:
            continue
        if piece in _GROUPS:
            found += _GROUPS[piece]
            continue
        ends = [end.strip() for end in piece.split("-")]
        if len(ends) == 2 and ends[0] in _DAY_WORDS and ends[1] in _DAY_WORDS:
            start, stop = DAY_CODES.index(_DAY_WORDS[ends[0]]), DAY_CODES.index(_DAY_WORDS[ends[1]])
            span = range(start, stop + 1) if start <= stop else [*range(start, 7), *range(0, stop + 1)]
            found += [DAY_CODES[i] for i in span]
        elif len(ends) == 1 and piece in _DAY_WORDS:
            found.append(_DAY_WORDS[piece])
        else:
            raise OpeningTimesError(
                f"could not read the days {piece!r} in {part!r}; use Mon, Tue... or Mon-Fri"
            )
    return tuple(code for code in DAY_CODES if code in found)


def _time(text: str, part: str) -> time:
    match = _TIME.match(text.strip())
    if match is None:
        raise OpeningTimesError(f"could not read the time {text.strip()!r} in {part!r}; write it like 09:30")
    hour, minute, suffix = int(match[1]), int(match[2] or 0), match[3]
    if suffix:
        if not 1 <= hour <= 12:
            raise OpeningTimesError(f"{text.strip()!r} in {part!r} is not a time")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour == 24 and minute == 0:
        return time(23, 59, 59)
    if hour > 23 or minute > 59:
        raise OpeningTimesError(f"{text.strip()!r} in {part!r} is not a time of day")
    return time(hour, minute)


def format_opening_times(sessions: Iterable[tuple[str, time, time]]) -> str:
    """'Mon-Fri 09:00-17:00; Sat 10:00-12:00' from (byday, opens, closes) weekly sessions."""
    by_hours: dict[tuple[time, time], set[str]] = {}
    for byday, opens, closes in sessions:
        by_hours.setdefault((opens, closes), set()).update(d for d in byday.split(",") if d in DAY_CODES)
    parts = []
    for (opens, closes), days in by_hours.items():
        ordered = [code for code in DAY_CODES if code in days]
        if ordered:
            parts.append(
                (DAY_CODES.index(ordered[0]), opens, f"{_day_ranges(ordered)} {_hhmm(opens)}-{_hhmm(closes)}")
            )
    return "; ".join(text for _, _, text in sorted(parts))


def _day_ranges(days: list[str]) -> str:
    indexes = [DAY_CODES.index(d) for d in days]
    runs: list[list[int]] = []
    for index in indexes:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    labels = []
    for run in runs:
        first, last = DAY_LABELS[DAY_CODES[run[0]]], DAY_LABELS[DAY_CODES[run[-1]]]
        labels.append(first if len(run) == 1 else f"{first}-{last}" if len(run) > 2 else f"{first}, {last}")
    return ", ".join(labels)


def _hhmm(value: time) -> str:
    return "24:00" if value == time(23, 59, 59) else value.strftime("%H:%M")
