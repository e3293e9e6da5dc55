"""The insight pages' tables, built once and shown three ways: as HTML, as CSV and (some) as charts.

Every count comes from `PeriodFigures.cell`, where suppression was decided once for the period; a
suppressed cell is the words "fewer than 5" (the configured threshold) in every output. Nothing here adds
or subtracts cells for display (that could undo suppression): ranking uses `order_value`, which is never
shown, and a trend only compares two cells that are both shown.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel.dates import format_date
from flask_babel import get_locale, gettext, lazy_gettext

from directory.insight.events import CHANNELS, LANGUAGES
from directory.insight.figures import TIERS, PeriodFigures
from directory.insight.periods import WEEK, Period
from directory.models.demand import NOT_UNDERSTOOD, OUTSIDE, UNKNOWN
from directory.needs import NEED_SLUGS

from .. import formatting as fmt
from .insight_charts import Bar, Panel

CHANNEL_LABELS = {
    "web": lazy_gettext("Website"),
    "widget": lazy_gettext("Chat on partners' websites"),
    "sms": lazy_gettext("Text message"),
    "api": lazy_gettext("Other apps"),
}
TIER_LABELS = {
    "urgent": lazy_gettext("Urgent: in danger now"),
    "supportive": lazy_gettext("Supportive: someone to talk to"),
}
TREND_UP, TREND_DOWN, TREND_SAME, TREND_HIDDEN = "up", "down", "same", "hidden"
TREND_LABELS = {
    TREND_UP: lazy_gettext("Up"),
    TREND_DOWN: lazy_gettext("Down"),
    TREND_SAME: lazy_gettext("Same"),
    TREND_HIDDEN: lazy_gettext("Not shown"),
}
TREND_ICONS = {TREND_UP: "▲", TREND_DOWN: "▼", TREND_SAME: "=", TREND_HIDDEN: "–"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Value:
    text: str
    suppressed: bool = False
    mark: str | None = None  # a word shown with the value, such as "gap"
    icon: str | None = None  # shown beside the text, hidden from screen readers (the text says it)
    kind: str = ""  # for styling: "trend-up", "gap"...


@dataclass(frozen=True)
class Row:
    header: str
    values: tuple[Value, ...]
    key: str = ""


@dataclass(frozen=True)
class Table:
    name: str  # in the CSV's address
    caption: str
    corner: str  # the row headers' column
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    foot: tuple[Row, ...] = ()
    csv_columns: tuple[str, ...] = ()  # when the CSV's headers differ (period keys)

    def csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([safe_cell(text) for text in (self.corner, *(self.csv_columns or self.columns))])
        for row in (*self.rows, *self.foot):
            writer.writerow([safe_cell(text) for text in (row.header, *(v.text for v in row.values))])
        return buffer.getvalue()


def safe_cell(text: str) -> str:
    """A spreadsheet would run a cell starting with = + - @ as a formula: make it text."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def fewer_than(threshold: int) -> str:
    # TRANSLATORS: shown instead of a small count, which is hidden to protect privacy ("fewer than 5").
    return gettext("fewer than %(number)s", number=threshold)


def shown(cell, threshold: int) -> Value:  # type: ignore[no-untyped-def]
    if cell.suppressed:
        return Value(fewer_than(threshold), suppressed=True, kind="suppressed")
    return Value(str(cell.value))


# -- names --------------------------------------------------------------------------------------------


def need_label(slug: str) -> str:
    if slug == NOT_UNDERSTOOD:
        return gettext("Need not understood")
    return fmt.need_name(slug)


def period_label(period: Period) -> str:
    """ "November 2026" or "Week 47 of 2026 (from 16 November)"."""
    locale = get_locale() or "en_GB"
    if period.kind == WEEK:
        year, number, _ = period.start.isocalendar()
        return gettext(
            "Week %(number)s of %(year)s (from %(date)s)",
            number=number,
            year=year,
            date=format_date(period.start, "d MMMM", locale=locale),
        )
    return format_date(period.start, "LLLL y", locale=locale)


def period_short(period: Period) -> str:
    locale = get_locale() or "en_GB"
    if period.kind == WEEK:
        year, number, _ = period.start.isocalendar()
        return gettext("Week %(number)s, %(year)s", number=number, year=year)
    return format_date(period.start, "LLL y", locale=locale)


# -- one neighbourhood ----------------------------------------------------------------------------------


def demand_table(hood: str, history: Sequence[PeriodFigures]) -> Table:
    """Needs (rows) x the periods in `history`, oldest first."""
    rows = tuple(
        Row(
            need_label(need),
            tuple(shown(f.cell("need", hood, need), f.threshold) for f in history),
            key=need,
        )
        for need in NEED_SLUGS
    )
    return Table(
        "demand",
        gettext("Searches by need, over time"),
        gettext("Need"),
        tuple(period_short(f.period) for f in history),
        rows,
        csv_columns=tuple(f.period.key for f in history),
    )


def trend(now_cell, before_cell) -> str:  # type: ignore[no-untyped-def]
    if now_cell.suppressed or before_cell.suppressed:
        return TREND_HIDDEN
    if now_cell.value > before_cell.value:
        return TREND_UP
    if now_cell.value < before_cell.value:
        return TREND_DOWN
    return TREND_SAME


def gaps_table(hood: str, figures: PeriodFigures, previous: PeriodFigures) -> Table:
    """Needs that found no local service, biggest gap first; rows whose gap is hidden follow by name."""
    threshold = figures.threshold

    def row(need: str) -> Row:
        direction = trend(figures.cell("no_local", hood, need), previous.cell("no_local", hood, need))
        return Row(
            need_label(need),
            (
                shown(figures.cell("no_local", hood, need), threshold),
                shown(figures.cell("outcome", hood, need, "wide"), threshold),
                shown(figures.cell("outcome", hood, need, "none"), threshold),
                Value(str(TREND_LABELS[direction]), icon=TREND_ICONS[direction], kind=f"trend-{direction}"),
            ),
            key=need,
        )

    visible = [n for n in NEED_SLUGS if not figures.cell("no_local", hood, n).suppressed]
    hidden = [n for n in NEED_SLUGS if figures.cell("no_local", hood, n).suppressed]
    visible.sort(key=lambda n: (-figures.order_value("no_local", hood, n), need_label(n)))
    hidden.sort(key=need_label)
    return Table(
        "gaps",
        gettext("Needs that found no local service"),
        gettext("Need"),
        (
            gettext("No local service"),
            gettext("Only borough-wide or national"),
            gettext("Nothing found"),
            gettext("Trend since the period before"),
        ),
        tuple(row(n) for n in (*visible, *hidden)),
    )


def mix_table(name: str, caption: str, corner: str, hood: str, figures: PeriodFigures) -> Table:
    kind, codes, label = (
        ("language", LANGUAGES, fmt.language_name) if name == "languages" else ("channel", CHANNELS, None)
    )
    rows = tuple(
        Row(
            label(code) if label else str(CHANNEL_LABELS[code]),
            (shown(figures.cell(kind, hood, code), figures.threshold),),
            key=code,
        )
        for code in codes
    )
    total = Row(
        gettext("All searches"), (shown(figures.cell("total", hood), figures.threshold),), key="total"
    )
    return Table(name, caption, corner, (gettext("Searches"),), rows, foot=(total,))


def languages_table(hood: str, figures: PeriodFigures) -> Table:
    return mix_table("languages", gettext("Searches by language"), gettext("Language"), hood, figures)


def channels_table(hood: str, figures: PeriodFigures) -> Table:
    return mix_table("channels", gettext("Searches by channel"), gettext("Channel"), hood, figures)


def not_understood_table(hood: str, figures: PeriodFigures) -> Table:
    return Table(
        "not-understood",
        gettext("Searches whose need was not understood"),
        gettext("Need"),
        (gettext("Searches"),),
        (
            Row(
                need_label(NOT_UNDERSTOOD),
                (shown(figures.cell("need", hood, NOT_UNDERSTOOD), figures.threshold),),
                key=NOT_UNDERSTOOD,
            ),
        ),
    )


def opened_table(hood: str, figures: PeriodFigures, names: dict[str, str]) -> Table:
    rows = tuple(
        Row(
            names.get(service_id, gettext("A listing no longer in the directory")),
            (shown(cell, figures.threshold),),
            key=service_id,
        )
        for service_id, cell in figures.most_opened(hood)
    )
    return Table(
        "opened",
        gettext("Services most often opened from results"),
        gettext("Service"),
        (gettext("Times opened"),),
        rows,
    )


def listings_table(services: Iterable, organisation_label: str) -> Table:  # type: ignore[type-arg]
    rows = tuple(
        Row(
            service.name,
            (
                Value(service.organization.name if service.organization else ""),
                Value(
                    gettext("Hidden as out of date")
                    if service.stale_hidden_at is not None
                    else gettext("Due for review")
                ),
            ),
            key=service.id,
        )
        for service in services
    )
    return Table(
        "listings",
        gettext("Listings due for review or hidden as out of date"),
        gettext("Listing"),
        (organisation_label, gettext("State")),
        rows,
    )


# -- the borough -----------------------------------------------------------------------------------------


def borough_table(figures: PeriodFigures, hoods: Sequence[tuple[str, str]], gap_word: str) -> Table:
    """Needs x neighbourhoods (then unknown, outside and the borough), a gap marked where more than half
    of a need's searches found no local service (both cells shown)."""
    threshold = figures.threshold
    places = [slug for slug, _ in hoods]

    def value(hood: str, need: str) -> Value:
        need_cell = figures.cell("need", hood, need)
        base = shown(need_cell, threshold)
        if hood in (UNKNOWN, OUTSIDE) or need_cell.suppressed:
            return base
        gap = figures.cell("no_local", hood, need)
        if not gap.suppressed and gap.value * 2 > need_cell.value:
            return Value(base.text, mark=gap_word, icon="◆", kind="gap")
        return base

    rows = tuple(
        Row(
            need_label(need),
            (
                *(value(hood, need) for hood in (*places, UNKNOWN, OUTSIDE)),
                shown(figures.cell("borough_need", need), threshold),
            ),
            key=need,
        )
        for need in (*NEED_SLUGS, NOT_UNDERSTOOD)
    )
    total = Row(
        gettext("All searches"),
        (
            *(shown(figures.cell("total", hood), threshold) for hood in (*places, UNKNOWN, OUTSIDE)),
            shown(figures.cell("borough_total"), threshold),
        ),
        key="total",
    )
    return Table(
        "needs",
        gettext("Searches by need and neighbourhood"),
        gettext("Need"),
        (
            *(name for _, name in hoods),
            gettext("Place unknown"),
            gettext("Outside the borough"),
            gettext("Whole borough"),
        ),
        rows,
        foot=(total,),
    )


def crisis_table(figures: PeriodFigures) -> Table:
    return Table(
        "crisis",
        gettext("Crisis answers given, by tier"),
        gettext("Tier"),
        (gettext("Answers"),),
        tuple(
            Row(str(TIER_LABELS[tier]), (shown(figures.cell("crisis", tier), figures.threshold),), key=tier)
            for tier in TIERS
        ),
    )


# -- charts -----------------------------------------------------------------------------------------------


def _bars(table: Table, rows: Iterable[Row], column: int = 0) -> tuple[Bar, ...]:
    return tuple(
        Bar(row.header, None if row.values[column].suppressed else int(row.values[column].text))
        for row in rows
    )


def demand_panels(table: Table) -> list[Panel]:
    """One small chart per need, a bar per period: the same figures as the table."""
    return [
        Panel(
            row.header,
            tuple(
                Bar(column, None if v.suppressed else int(v.text))
                for column, v in zip(table.columns, row.values, strict=True)
            ),
        )
        for row in table.rows
    ]


def mix_panels(languages: Table, channels: Table) -> list[Panel]:
    return [
        Panel(languages.caption, _bars(languages, languages.rows)),
        Panel(channels.caption, _bars(channels, channels.rows)),
    ]
