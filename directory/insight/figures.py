"""One period's demand, every count any output may show, with its suppression decided once.

`period_figures(session, period)` reads the period's counts for the whole borough (rollups for days
before the watermark, raw events after it) and builds every cell the pages, CSV downloads and the feed
show, with the lines that tie totals to their parts (`suppression.py`). Pages for one neighbourhood,
the borough view and the feed all read cells from this one object, so they agree and no output can be
subtracted from another. Reading is bounded by the period, not by the number of events ever stored.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from ..models.demand import OUTSIDE, UNKNOWN, CrisisCount, DemandEvent, DemandRollup
from . import summaries
from .events import CHANNELS, LANGUAGES
from .periods import Period
from .rollup import search_outcome, start_of, state, watermark
from .summaries import NEEDS, any_sample, cell_values, rollup_queries
from .suppression import DEFAULT_THRESHOLD, Cell, Line, Suppressed

OUTCOMES = ("local", "wide", "none")
TIERS = ("urgent", "supportive")
ELSEWHERE = (UNKNOWN, OUTSIDE)

# Cell keys (tuples), for readers:
#   ("total", hood)                     searches in a neighbourhood (or "unknown"/"outside")
#   ("need", hood, need)                searches for a need, "not_understood" included
#   ("outcome", hood, need, outcome)    of which found local / only wide / nothing
#   ("no_local", hood, need)            wide + none: the gap
#   ("language", hood, language), ("channel", hood, channel)
#   ("opened", hood, service_id)        details opened from results
#   ("borough_need", need), ("borough_total",), ("crisis", tier)


@dataclass(frozen=True)
class Counts:
    """The period's raw sums, before suppression (never shown as they are)."""

    searches: Counter[tuple[str, str, str, str, str]] = field(default_factory=Counter)
    # (hood, need, outcome, channel, language) -> searches
    opened: Counter[tuple[str, str]] = field(default_factory=Counter)  # (hood, service_id) -> details
    crisis: Counter[str] = field(default_factory=Counter)
    sample: bool = False


def read_counts(session: Session, period: Period, *, hoods: Iterable[str] | None = None) -> Counts:
    """The period's sums, added up by the database to what the figures need: searches by neighbourhood,
    need, outcome, channel and language; opened results by neighbourhood and service."""
    counts = Counts()
    wanted = set(hoods) if hoods is not None else None
    sample = False
    for queries in _sources(session, period):
        sample = summaries.add_rows(session, queries, counts.searches, counts.opened, wanted) or sample
    crisis, crisis_sample = read_crisis(session, period)
    return Counts(counts.searches, counts.opened, crisis, sample or crisis_sample)


def read_crisis(session: Session, period: Period) -> tuple[Counter[str], bool]:
    """Crisis answers in the period by tier (borough-wide), and whether any was sample data."""
    crisis: Counter[str] = Counter()
    sample = False
    rows = session.execute(
        select(CrisisCount.tier, func.sum(CrisisCount.count), CrisisCount.sample)
        .where(CrisisCount.day >= period.start, CrisisCount.day < period.end)
        .group_by(CrisisCount.tier, CrisisCount.sample)
    )
    for tier, count, is_sample in rows:
        crisis[tier] += int(count or 0)
        sample = sample or bool(is_sample)
    return crisis, sample


def _sources(session: Session, period: Period) -> list[tuple[Any, Any]]:
    """(searches query, opened query) for each part of the period: its own week or month rows when it is
    wholly rolled up; otherwise day rows before the watermark and raw events from it."""
    rolled = watermark(session)
    if rolled is not None and period.end <= rolled:
        return [rollup_queries(DemandRollup.period == period.kind, DemandRollup.start == period.start)]
    split = period.start if rolled is None else min(max(rolled, period.start), period.end)
    sources = []
    if split > period.start:
        sources.append(
            rollup_queries(
                DemandRollup.period == "day", DemandRollup.start >= period.start, DemandRollup.start < split
            )
        )
    if split < period.end:
        sources.append(_raw_queries(split, period.end))
    return sources


def _raw_queries(first: date, end: date) -> tuple[Any, Any]:
    e = DemandEvent
    within = (e.hour >= start_of(first), e.hour < start_of(end))
    outcome = search_outcome().label("outcome_")
    searches = (
        select(e.neighbourhood, e.need, outcome, e.channel, e.language, func.count(), any_sample(e.sample))
        .where(*within, e.kind == "search")
        .group_by(e.neighbourhood, e.need, literal_column("outcome_"), e.channel, e.language)
    )
    opened = (
        select(e.neighbourhood, e.service_id, func.count(), any_sample(e.sample))
        .where(*within, e.kind == "details", e.service_id.is_not(None))
        .group_by(e.neighbourhood, e.service_id)
    )
    return searches, opened


class PeriodFigures:
    """Every cell of one period, suppressed together."""

    def __init__(
        self,
        period: Period,
        values: Mapping[tuple, int],
        hoods: Iterable[str],
        threshold: int = DEFAULT_THRESHOLD,
        *,
        sample: bool = False,
    ):
        self.period = period
        self.sample = sample
        self.hoods = tuple(hoods)
        self.threshold = threshold
        self.opened_services: dict[str, list[str]] = {hood: [] for hood in self.all_hoods}
        for key in values:
            if key[0] == "opened":
                self.opened_services.setdefault(key[1], []).append(key[2])
        searched = {key[1] for key in values if key[0] == "total"}
        self._cells = Suppressed(values, self._lines(searched), threshold)

    @classmethod
    def from_counts(
        cls, period: Period, counts: Counts, hoods: Iterable[str], threshold: int = DEFAULT_THRESHOLD
    ) -> PeriodFigures:
        values = cell_values(counts.searches, counts.opened)
        values.update({("crisis", tier): count for tier, count in counts.crisis.items()})
        return cls(period, values, hoods, threshold, sample=counts.sample)

    @property
    def all_hoods(self) -> tuple[str, ...]:
        return (*self.hoods, *ELSEWHERE)

    def _lines(self, searched: Iterable[str]) -> list[Line]:
        hoods = {*self.all_hoods, *searched}
        lines: list[Line] = []
        for hood in sorted(hoods):
            total = ("total", hood)
            lines.append(Line(total, tuple(("need", hood, need) for need in NEEDS)))
            lines.append(Line(total, tuple(("language", hood, lang) for lang in LANGUAGES)))
            lines.append(Line(total, tuple(("channel", hood, ch) for ch in CHANNELS)))
            for need in NEEDS:
                outcome = tuple(("outcome", hood, need, o) for o in OUTCOMES)
                lines.append(Line(("need", hood, need), outcome))
                lines.append(Line(("no_local", hood, need), outcome[1:]))
                lines.append(Line(("need", hood, need), (outcome[0], ("no_local", hood, need))))
        for need in NEEDS:
            lines.append(Line(("borough_need", need), tuple(("need", hood, need) for hood in sorted(hoods))))
        lines.append(Line(("borough_total",), tuple(("total", hood) for hood in sorted(hoods))))
        lines.append(Line(("borough_total",), tuple(("borough_need", need) for need in NEEDS)))
        return lines

    def cell(self, *key: str) -> Cell:
        return self._cells.cell(tuple(key))

    def keys(self) -> Iterable[tuple]:
        """Every cell key with a count, shown or hidden (for comparing two readings)."""
        return self._cells.keys()

    def order_value(self, *key: str) -> int:
        """For ranking rows on the server; never shown."""
        return self._cells.true_value(tuple(key))

    def most_opened(self, hood: str, limit: int = 10) -> list[tuple[str, Cell]]:
        """Services opened at least `threshold` times from this neighbourhood's results, most first."""
        shown = [(sid, self.cell("opened", hood, sid)) for sid in self.opened_services.get(hood, [])]
        shown = [(sid, cell) for sid, cell in shown if not cell.suppressed]
        shown.sort(key=lambda item: (-(item[1].value or 0), item[0]))
        return shown[:limit]


_CACHE: OrderedDict[tuple, PeriodFigures] = OrderedDict()
_CACHE_SIZE = 256
_cache_lock = threading.Lock()


def period_figures(
    session: Session, period: Period, hoods: Iterable[str], *, threshold: int = DEFAULT_THRESHOLD
) -> PeriodFigures:
    """The figures of `period` for the whole borough (`hoods`: every neighbourhood slug).

    A period wholly before the watermark is read from its summary (one row, written by the rollup job)
    and kept in this process, keyed by the summary's stamp and the period's crisis counts; a finished
    period without a summary yet is read from its rollup rows; later periods are read each time."""
    hoods = tuple(hoods)
    rolled, _version = state(session)
    if rolled is None or period.end > rolled:
        return PeriodFigures.from_counts(period, read_counts(session, period), hoods, threshold)
    crisis, crisis_sample = read_crisis(session, period)
    stamp = summaries.stamp(session, period)
    source = stamp if stamp is not None else _fingerprint(session, period)
    key = (
        str(session.get_bind().engine.url),
        period,
        source,
        tuple(sorted(crisis.items())),
        threshold,
        hoods,
    )
    with _cache_lock:
        cached = _CACHE.get(key)
        if cached is not None:
            _CACHE.move_to_end(key)
            return cached
    if stamp is None:
        values, sample = summaries.period_cells(session, period)
    else:
        values, sample = summaries.load(session, period), stamp[1]
    sample = sample or crisis_sample
    values.update({("crisis", tier): count for tier, count in crisis.items()})
    figures = PeriodFigures(period, values, hoods, threshold, sample=sample)
    with _cache_lock:
        _CACHE[key] = figures
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return figures


def _fingerprint(session: Session, period: Period) -> tuple:
    """What changes whenever a finished period's rollup rows do: their number, newest id and total
    (rolled rows are replaced, never updated, so new rows mean new ids)."""
    return tuple(
        session.execute(
            select(func.count(), func.max(DemandRollup.id), func.sum(DemandRollup.count)).where(
                DemandRollup.period == period.kind, DemandRollup.start == period.start
            )
        ).one()
    )


def clear_cache() -> None:
    """Forget every kept period (benchmarks measure a cold read)."""
    with _cache_lock:
        _CACHE.clear()


def has_sample(session: Session) -> bool:
    return bool(session.scalar(select(DemandRollup.id).where(DemandRollup.sample.is_(True)).limit(1)))


def days_in(period: Period) -> list[date]:
    return [period.start + timedelta(days=n) for n in range((period.end - period.start).days)]
