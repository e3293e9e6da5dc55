"""Opening-time rules: is a service open now, when does it next open, which days is it open.

ORUK schedules are iCal-like. We support what directories actually publish: weekly rules (`byday`
"MO,WE"), monthly rules on the nth weekday ("1TU", "-1FR") or month day, valid_from/valid_to, overnight
sessions, and our closures. Rules are turned into a compact form that the search index also stores, so
the index and the database answer "open now" with the same code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LOOKAHEAD_DAYS = 62


@dataclass(frozen=True)
class Rule:
    """One recurring session: minutes since midnight, local time."""

    freq: str  # WEEKLY or MONTHLY
    days: tuple[str, ...]  # "MO" or, monthly, "1TU" / "-1FR"
    month_days: tuple[int, ...]
    opens: int
    closes: int
    valid_from: date | None = None
    valid_to: date | None = None

    def occurs_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_to and day > self.valid_to:
            return False
        code = DAY_CODES[day.weekday()]
        if self.freq == "MONTHLY":
            if day.day in self.month_days:
                return True
            nth = (day.day - 1) // 7 + 1
            last = (day + timedelta(days=7)).month != day.month
            return any(d == f"{nth}{code}" or (last and d == f"-1{code}") for d in self.days)
        return code in self.days

    def interval_on(self, day: date) -> tuple[datetime, datetime]:
        start = datetime.combine(day, time(), LONDON) + timedelta(minutes=self.opens)
        end_day = day + timedelta(days=1) if self.closes <= self.opens else day
        end = datetime.combine(end_day, time(), LONDON) + timedelta(minutes=self.closes)
        return start, end


@dataclass(frozen=True)
class Timetable:
    rules: tuple[Rule, ...]
    closures: tuple[tuple[date, date], ...] = ()

    def _closed_on(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.closures)

    def _intervals(self, day: date) -> Iterable[tuple[datetime, datetime]]:
        if self._closed_on(day):
            return
        for rule in self.rules:
            if rule.occurs_on(day):
                yield rule.interval_on(day)

    def is_open(self, when: datetime) -> bool:
        when = when.astimezone(LONDON)
        for day in (when.date() - timedelta(days=1), when.date()):
            if any(start <= when < end for start, end in self._intervals(day)):
                return True
        return False

    def next_opening(self, when: datetime) -> tuple[datetime, datetime] | None:
        """The current or next session (start, end), looking two months ahead."""
        when = when.astimezone(LONDON)
        best: tuple[datetime, datetime] | None = None
        for offset in range(-1, _LOOKAHEAD_DAYS):
            day = when.date() + timedelta(days=offset)
            for start, end in self._intervals(day):
                if end > when and (best is None or start < best[0]):
                    best = (start, end)
            if best is not None and best[0].date() <= day:
                return best
        return best

    def open_on_weekday(self, weekday: int) -> bool:
        code = DAY_CODES[weekday]
        return any(code in r.days or any(d.endswith(code) for d in r.days) for r in self.rules)

    def open_weekdays(self) -> list[str]:
        return [code for i, code in enumerate(DAY_CODES) if self.open_on_weekday(i)]

    @property
    def always_open(self) -> bool:
        return any(len(r.days) == 7 and r.opens == 0 and r.closes >= 1439 for r in self.rules)

    def to_json(self) -> str:
        return json.dumps(
            {
                "r": [
                    [r.freq, list(r.days), list(r.month_days), r.opens, r.closes,
                     r.valid_from.isoformat() if r.valid_from else None,
                     r.valid_to.isoformat() if r.valid_to else None]
                    for r in self.rules
                ],
                "c": [[a.isoformat(), b.isoformat()] for a, b in self.closures],
            },
            separators=(",", ":"),
        )  # fmt: skip

    @classmethod
    def from_json(cls, raw: str) -> Timetable:
        data = json.loads(raw)
        rules = tuple(
            Rule(f, tuple(d), tuple(md), o, c, date.fromisoformat(vf) if vf else None,
                 date.fromisoformat(vt) if vt else None)
            for f, d, md, o, c, vf, vt in data["r"]
        )  # fmt: skip
        closures = tuple((date.fromisoformat(a), date.fromisoformat(b)) for a, b in data["c"])
        return cls(rules, closures)


def _minutes(value: time | None) -> int | None:
    return None if value is None else value.hour * 60 + value.minute


def _split(value: str | None) -> list[str]:
    return [part.strip().upper() for part in (value or "").split(",") if part.strip()]


def timetable_for(schedules: Sequence[object], closures: Sequence[object] = ()) -> Timetable:
    """Build a timetable from ORM `Schedule` and `Closure` rows (anything with those attributes)."""
    rules = []
    for s in schedules:
        opens, closes = _minutes(getattr(s, "opens_at", None)), _minutes(getattr(s, "closes_at", None))
        freq = (getattr(s, "freq", None) or "WEEKLY").upper()
        if opens is None or closes is None or freq not in ("WEEKLY", "MONTHLY"):
            continue  # a description-only schedule cannot answer "open now"
        days = tuple(d for d in _split(getattr(s, "byday", None)) if d[-2:] in DAY_CODES)
        month_days = tuple(int(d) for d in _split(getattr(s, "bymonthday", None)) if d.lstrip("-").isdigit())
        if freq == "WEEKLY" and not days:
            days = DAY_CODES
        if closes == 23 * 60 + 59:
            closes = 24 * 60  # "00:00-23:59" is how feeds say 24 hours
        rules.append(
            Rule(
                freq,
                days,
                month_days,
                opens,
                closes,
                getattr(s, "valid_from", None),
                getattr(s, "valid_to", None),
            )
        )
    closed = tuple((c.starts_on, c.ends_on) for c in closures)
    return Timetable(tuple(rules), closed)
