"""A finished week's or month's cells, kept as one row so a page never sums thousands of rollup rows.

The rollup job writes a period's summary in the same transaction as the rollup rows it sums, once the
period has ended (`write`); anything that changes rollup rows any other way rewrites them (`rebuild`).
A summary holds counts before suppression (suppression depends on the threshold and the neighbourhoods
configured, so it is decided when read) and no crisis counts (those are read live: they are few, and a
crisis answered a second before midnight may arrive after its day was rolled up).

`cell_values` is the one place counts become cells, for summaries and for figures read live alike.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from typing import Any

from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import Session

from ..models.demand import NOT_UNDERSTOOD, DemandRollup, DemandSummary
from ..needs import NEED_SLUGS
from .periods import MONTH, WEEK, Period, containing

NEEDS = (*NEED_SLUGS, NOT_UNDERSTOOD)
SearchKey = tuple[str, str, str, str, str]  # neighbourhood, need, outcome, channel, language
OpenedKey = tuple[str, str]  # neighbourhood, service id


def cell_values(searches: Counter[SearchKey], opened: Counter[OpenedKey]) -> Counter[tuple]:
    """Every cell a period's outputs may show (see `figures` for the keys), crisis counts apart."""
    values: Counter[tuple] = Counter()
    for (hood, need, outcome, channel, language), count in searches.items():
        need = need if need in NEEDS else NOT_UNDERSTOOD
        values[("total", hood)] += count
        values[("need", hood, need)] += count
        values[("outcome", hood, need, outcome)] += count
        if outcome != "local":
            values[("no_local", hood, need)] += count
        values[("language", hood, language)] += count
        values[("channel", hood, channel)] += count
        values[("borough_need", need)] += count
        values[("borough_total",)] += count
    for (hood, service_id), count in opened.items():
        values[("opened", hood, service_id)] += count
    return values


def any_sample(column: Any) -> Any:
    return func.max(case((column.is_(True), 1), else_=0))


def rollup_queries(*where: Any) -> tuple[Any, Any]:
    """(searches, opened) summed from the rollup rows matching `where`."""
    r = DemandRollup
    dims = (r.neighbourhood, r.need, r.outcome, r.channel, r.language)
    searches = (
        select(*dims, func.sum(r.count), any_sample(r.sample))
        .where(*where, r.kind == "search")
        .group_by(*dims)
    )
    opened = (
        select(r.neighbourhood, r.service_id, func.sum(r.count), any_sample(r.sample))
        .where(*where, r.kind == "details")
        .group_by(r.neighbourhood, r.service_id)
    )
    return searches, opened


def add_rows(
    session: Session,
    queries: tuple[Any, Any],
    searches: Counter[SearchKey],
    opened: Counter[OpenedKey],
    wanted: set[str] | None = None,
) -> bool:
    """Add the rows of (searches, opened) queries to the counters; whether any was sample data."""
    sample = False
    for hood, need, outcome, channel, language, count, is_sample in session.execute(queries[0]):
        if wanted is None or hood in wanted:
            searches[(hood, need, outcome or "none", channel, language)] += int(count)
            sample = sample or bool(is_sample)
    for hood, service_id, count, is_sample in session.execute(queries[1]):
        if (wanted is None or hood in wanted) and service_id:
            opened[(hood, service_id)] += int(count)
            sample = sample or bool(is_sample)
    return sample


def period_cells(session: Session, period: Period) -> tuple[Counter[tuple], bool]:
    """A week's or month's cells summed from its own rollup rows, and whether any was sample data."""
    searches: Counter[SearchKey] = Counter()
    opened: Counter[OpenedKey] = Counter()
    queries = rollup_queries(DemandRollup.period == period.kind, DemandRollup.start == period.start)
    sample = add_rows(session, queries, searches, opened)
    return cell_values(searches, opened), sample


def write(session: Session, period: Period) -> None:
    """Sum `period`'s own week or month rollup rows into its summary (replacing any)."""
    values, sample = period_cells(session, period)
    cells = [[list(key), count] for key, count in sorted(values.items())]
    session.execute(
        delete(DemandSummary).where(DemandSummary.period == period.kind, DemandSummary.start == period.start)
    )
    session.add(
        DemandSummary(
            period=period.kind,
            start=period.start,
            built=uuid.uuid4().hex,
            sample=sample,
            cells=json.dumps(cells, separators=(",", ":")),
        )
    )
    session.flush()


def forget(session: Session, period: Period) -> None:
    session.execute(
        delete(DemandSummary).where(DemandSummary.period == period.kind, DemandSummary.start == period.start)
    )


def write_missing(session: Session, *, rolled_through: Any) -> int:
    """Write the summary of every week and month ended before `rolled_through` that has rollup rows and
    none yet (after an upgrade, or after `rebuild`); how many were written."""
    have = {tuple(row) for row in session.execute(select(DemandSummary.period, DemandSummary.start))}
    spans = session.execute(
        select(DemandRollup.period, DemandRollup.start)
        .where(DemandRollup.period.in_((WEEK, MONTH)))
        .group_by(DemandRollup.period, DemandRollup.start)
    )
    missing = sorted(containing(start, kind) for kind, start in spans if (kind, start) not in have)
    written = 0
    for period in missing:
        if period.end <= rolled_through:
            write(session, period)
            written += 1
    return written


def rebuild(session: Session, *, rolled_through: Any) -> int:
    """Rollup rows were changed outside the job (sample data removed): write every summary again."""
    session.execute(delete(DemandSummary))
    return write_missing(session, rolled_through=rolled_through)


def stamp(session: Session, period: Period) -> tuple[str, bool] | None:
    """(built, sample) of `period`'s summary, without its cells; None when it has none."""
    row = session.execute(
        select(DemandSummary.built, DemandSummary.sample).where(
            DemandSummary.period == period.kind, DemandSummary.start == period.start
        )
    ).first()
    return (row[0], bool(row[1])) if row else None


def load(session: Session, period: Period) -> Counter[tuple]:
    text = session.scalar(
        select(DemandSummary.cells).where(
            DemandSummary.period == period.kind, DemandSummary.start == period.start
        )
    )
    return Counter({tuple(key): count for key, count in json.loads(text or "[]")})
