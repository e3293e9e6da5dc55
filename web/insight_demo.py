"""A year of sample demand for development (`flask insight demo`), made through the real search and event
path, so `make run` shows populated insight pages.

Each simulated search is a `SearchRequest` a resident could have sent: words for a need in their
language (English, Polish, Urdu in either script, Arabic), often with a place name or postcode of their
neighbourhood, sometimes a need chosen from the list, a few not understood and a few about a place
outside the borough. The real search answers it (with reach counted, as for a resident) and
`web.demand.record_search` turns the page into an event, dated in the past; some are followed by the
opening of a result (`record_details`), and crisis words are counted as crises, as every channel does.
The gaps the pages show therefore come from the real directory: a need with no local service in a
neighbourhood is a need the sample directory has no local service for there.

Plausible patterns, from seeded randomness (the same seed makes the same year): more searches on weekdays
and in working hours and evenings, usage growing over the year, warmth and energy in winter, food all
year but more in winter, money after Christmas, loneliness at Christmas, family in the summer holidays;
neighbourhoods differ in how many search, in what and in which language.

Every row written is marked sample (`DemandEvent.sample`, and so the rollups and crisis counts made
from them): the pages say "sample data", and `remove_demo` deletes them and nothing else. What was made
is written to `var/insight-demo.json`; while it is there the demo is not made again.
"""

from __future__ import annotations

import json
import random
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from math import cos, pi
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from around_here_safety import URGENT
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from directory.db import Database
from directory.insight import rollup, summaries
from directory.insight.events import need_of, neighbourhood_of
from directory.insight.recorder import demand_recorder
from directory.models.demand import CrisisCount, DemandEvent, DemandRollup
from directory.needs import all_needs
from directory.search import DirectorySearch, SearchPage, SearchRequest

from . import demand

MARKER = "insight-demo.json"
MAX_SEARCHES = 20_000
DEFAULT_SEARCHES = 20_000
DAYS = 365
LONDON = ZoneInfo("Europe/London")

# How often each need is searched for across the borough, before the season and the neighbourhood.
NEED_WEIGHTS = {
    "food": 10, "money": 9, "housing": 7, "mental-health": 7, "energy": 5, "health": 5, "family": 5,
    "loneliness": 4, "employment": 4, "older-people": 4, "carers": 3, "disability": 3, "legal": 3,
    "domestic-abuse": 2, "substance-use": 2, "digital": 2,
}  # fmt: skip


@dataclass(frozen=True)
class Profile:
    """A neighbourhood's share of searches, its residents' languages (the rest English) and the needs
    searched more (> 1) or less (< 1) there than across the borough."""

    weight: float
    languages: dict[str, float]
    needs: dict[str, float] = field(default_factory=dict)


# Loosely after Stockport: the town centre and Tame Valley (Brinnington, Reddish) searching most for food,
# money, housing and warmth; Cheadle and the Heatons with more Urdu speakers; Polish in the centre and
# Edgeley; Bramhall, Marple and Werneth older, so more loneliness, care and help for older people.
PROFILES = {
    "stockport-central": Profile(
        1.5,
        {"pl": 0.10, "ur": 0.04, "ar": 0.05},
        {"housing": 2.0, "substance-use": 2.0, "food": 1.3, "money": 1.3, "mental-health": 1.3, "legal": 1.3},
    ),
    "tame-valley": Profile(
        1.4,
        {"pl": 0.05, "ur": 0.03, "ar": 0.03},
        {"food": 1.8, "money": 1.6, "energy": 1.6, "employment": 1.4, "family": 1.3, "digital": 1.3},
    ),
    "victoria": Profile(
        1.2,
        {"pl": 0.09, "ur": 0.03, "ar": 0.05},
        {"food": 1.4, "money": 1.3, "employment": 1.3, "housing": 1.2},
    ),
    "heatons": Profile(
        1.0, {"pl": 0.03, "ur": 0.09, "ar": 0.03}, {"family": 1.5, "mental-health": 1.3, "carers": 1.2}
    ),
    "cheadle": Profile(
        0.9,
        {"pl": 0.02, "ur": 0.13, "ar": 0.05},
        {"carers": 1.4, "family": 1.3, "health": 1.3, "legal": 1.3, "energy": 0.8},
    ),
    "bramhall-cheadle-hulme": Profile(
        0.8,
        {"pl": 0.01, "ur": 0.02, "ar": 0.01},
        {"older-people": 2.2, "loneliness": 1.8, "carers": 1.5, "health": 1.3, "food": 0.5, "money": 0.6},
    ),
    "hazel-grove-high-lane-marple": Profile(
        0.9,
        {"pl": 0.02, "ur": 0.01, "ar": 0.01},
        {"older-people": 1.8, "loneliness": 1.6, "disability": 1.4, "digital": 1.4, "housing": 0.7},
    ),
    "werneth": Profile(
        0.7,
        {"pl": 0.02, "ur": 0.02, "ar": 0.01},
        {"older-people": 1.4, "loneliness": 1.3, "carers": 1.3, "substance-use": 0.6},
    ),
}
DEFAULT_PROFILE = Profile(1.0, {"pl": 0.03, "ur": 0.03, "ar": 0.02})

# (channel, weight) by the resident's language: SMS more for English speakers without data, the widget
# on partners' sites, "api" other clients of ours.
CHANNELS = {"web": 0.56, "widget": 0.2, "sms": 0.12, "api": 0.12}
# Local hour weights 0..23: mornings and early afternoons, a second peak in the evening.
HOURS = (1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2.5, 5, 8, 9, 9, 8, 8, 7.5, 7, 6, 5, 5.5, 6.5, 6, 4.5, 3, 2)
SMS_HOURS = (1, 0.6, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 4, 6, 7, 7, 7, 6, 6, 6, 6, 6, 7, 8, 8, 6, 4, 2)
WEEKDAYS = (1.2, 1.15, 1.1, 1.05, 0.95, 0.65, 0.7)
# Connectors between a need's words and a place, by language (Urdu and Arabic just put the place after).
IN_PLACE = {"en": ("in", "near", ""), "pl": ("w", ""), "ur": ("",), "ar": ("",)}
OUTSIDE_PLACES = ("Manchester", "Didsbury", "Hyde", "Denton", "Wilmslow", "Poynton", "Levenshulme", "SK9")


def season(need: str, day: date) -> float:
    """How much more (or less) `need` is searched on `day` than on an average day."""
    winter = cos(2 * pi * (day.timetuple().tm_yday - 15) / 365.25)  # 1 mid-January, -1 mid-July
    month = day.month
    if need == "energy":
        return max(0.1, 1 + 0.85 * winter)
    if need == "food":
        return 1 + 0.25 * winter + (0.3 if month == 12 else 0)
    if need == "money":
        return 1 + 0.15 * winter + (0.6 if month == 1 else 0)
    if need == "loneliness":
        return 1 + 0.2 * winter + (0.8 if month == 12 else 0)
    if need == "mental-health":
        return 1 + (0.4 if month in (1, 2) else 0)
    if need == "family":
        return 1 + (0.7 if month == 8 else 0.3 if month == 7 else 0)
    if need == "employment":
        return 1 + (0.35 if month in (1, 9) else 0)
    if need == "health":
        return 1 + 0.2 * winter
    return 1.0


class Choice:
    """A seeded weighted choice among fixed options (bisect over cumulative weights)."""

    def __init__(self, options: dict[Any, float]) -> None:
        self.options = list(options)
        self.cumulative = list(accumulate(options.values()))

    def pick(self, rng: random.Random) -> Any:
        return self.options[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass
class DemoReport:
    """What the demo made: written to var/insight-demo.json."""

    seed: int
    asked: int
    first_day: date
    last_day: date
    searches: int = 0
    details: int = 0
    crises: int = 0
    distinct_requests: int = 0
    neighbourhoods: Counter[str] = field(default_factory=Counter)
    needs: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    stored_events: int = 0

    def as_json(self, made_at: datetime) -> dict[str, Any]:
        return {
            "sample": True,
            "seed": self.seed,
            "searches_asked": self.asked,
            "made_at": made_at.isoformat(timespec="seconds"),
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "search_events": self.searches,
            "details_events": self.details,
            "crisis_counts": self.crises,
            "stored_events": self.stored_events,
            "distinct_requests": self.distinct_requests,
            "neighbourhoods": dict(sorted(self.neighbourhoods.items())),
            "needs": dict(sorted(self.needs.items())),
            "languages": dict(sorted(self.languages.items())),
            "channels": dict(sorted(self.channels.items())),
        }


@dataclass(frozen=True)
class Place:
    """A way a resident names where they are: in the words, or in the place field."""

    text: str
    hood: str


class Vocabulary:
    """The words residents use for each need in each language, and for their neighbourhood's places.

    Each need and language keeps a few of its words and phrases (seeded), as residents reuse the common
    ones: that is also what lets identical searches be answered once."""

    def __init__(self, search: DirectorySearch, rng: random.Random) -> None:
        self.words: dict[tuple[str, str], list[str]] = {}
        for need in all_needs():
            for language in ("en", "pl", "ur", "ur-Latn", "ar"):
                if language == "en":
                    words, phrases = list(need.words), list(need.phrases)
                else:
                    words, phrases = (list(part) for part in need.translations.get(language, ((), ())))
                rng.shuffle(words)
                rng.shuffle(phrases)
                chosen = words[:3] + phrases[:2]
                if chosen:
                    self.words[(need.slug, language)] = chosen
        self.places: dict[str, list[Place]] = {}
        for info in search.gazetteer.neighbourhoods():
            names = list(info.places) or [info.name]
            rng.shuffle(names)
            forms = [Place(name, info.slug) for name in names[:3]]
            for sector in list(info.sectors)[:2]:
                unit = f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                forms.append(Place(f"{sector}{unit}", info.slug))
            self.places[info.slug] = forms
        self.unclear = {
            "en": ["help", "i need help", "who can help", "advice please", "support"],
            "pl": ["pomoc", "potrzebuję pomocy", "porada"],
            "ur": ["مدد", "مدد چاہیے", "madad chahiye"],
            "ar": ["مساعدة", "أحتاج مساعدة"],
        }

    def need_words(self, need: str, language: str, rng: random.Random) -> str:
        """Words for `need` as a resident with this language would type them: mostly their language,
        sometimes English; Urdu speakers sometimes in Latin letters."""
        written = language
        if language != "en" and rng.random() < 0.25:
            written = "en"
        elif language == "ur" and rng.random() < 0.3:
            written = "ur-Latn"
        options = self.words.get((need, written)) or self.words.get((need, "en")) or [need]
        return rng.choice(options)


class Generator:
    """Makes the demo's searches one by one (seeded) and sends each through the real path."""

    def __init__(
        self,
        search: DirectorySearch,
        *,
        seed: int,
        searches: int,
        today: date,
        crisis_check: Callable[[str], Any] = demand.is_crisis,
    ) -> None:
        self.search = search
        self.rng = random.Random(seed)
        self.count = searches
        self.today = today
        self.first_day = today - timedelta(days=DAYS)
        self.crisis_check = crisis_check
        self.vocabulary = Vocabulary(search, self.rng)
        slugs = [info.slug for info in search.gazetteer.neighbourhoods()]
        self.profiles = {slug: PROFILES.get(slug, DEFAULT_PROFILE) for slug in slugs}
        self.hoods = Choice({slug: profile.weight for slug, profile in self.profiles.items()})
        self.languages = {
            slug: Choice({"en": 1 - sum(p.languages.values()), **p.languages})
            for slug, p in self.profiles.items()
        }
        self.channels = Choice(CHANNELS)
        self.hours = Choice(dict(enumerate(HOURS)))
        self.sms_hours = Choice(dict(enumerate(SMS_HOURS)))
        days = [self.first_day + timedelta(days=n) for n in range(DAYS)]
        # Usage grows through the year (from 60% to 140% of the average), more on weekdays, more in winter.
        self.days = Choice(
            {
                day: (0.6 + 0.8 * n / DAYS) * WEEKDAYS[day.weekday()] * (1 + 0.15 * season("health", day))
                for n, day in enumerate(days)
            }
        )
        self._needs: dict[tuple[str, int], Choice] = {}
        self._pages: dict[SearchRequest, SearchPage] = {}
        self._crisis: dict[str, Any] = {}

    def needs_for(self, hood: str, day: date) -> Choice:
        """The needs searched in `hood` in `day`'s month (seasons change by the month here)."""
        key = (hood, day.month)
        if key not in self._needs:
            middle = day.replace(day=15)
            profile = self.profiles.get(hood, DEFAULT_PROFILE)
            self._needs[key] = Choice(
                {
                    need: weight * profile.needs.get(need, 1.0) * season(need, middle)
                    for need, weight in NEED_WEIGHTS.items()
                }
            )
        return self._needs[key]

    def when(self, day: date, channel: str) -> datetime:
        hour = (self.sms_hours if channel == "sms" else self.hours).pick(self.rng)
        local = datetime.combine(day, time(hour, self.rng.randrange(60)), tzinfo=LONDON)
        return local.astimezone(UTC)

    def request(self, hood: str, language: str, channel: str, day: date) -> tuple[SearchRequest, str | None]:
        """One resident's search, and the neighbourhood it was filtered by (if it was)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.07:  # words we do not understand as a need
            return SearchRequest(text=rng.choice(self.vocabulary.unclear[language])), None
        need = self.needs_for(hood, day).pick(rng)
        words = self.vocabulary.need_words(need, language, rng)
        if roll < 0.11:  # a place outside the borough
            return SearchRequest(text=f"{words} {rng.choice(OUTSIDE_PLACES)}"), None
        form = rng.random()
        if channel in ("web", "api") and form < 0.12:  # a need from the list, in a neighbourhood chosen
            return SearchRequest(needs=(need,), neighbourhood=hood), hood
        if channel in ("web", "widget", "api") and form < 0.3:  # a need from the list, a place typed
            place = rng.choice(self.vocabulary.places[hood])
            return SearchRequest(needs=(need,), place=place.text), None
        if form < 0.78:  # a place in the words (SMS and chat) or in the place field
            place = rng.choice(self.vocabulary.places[hood])
            if channel != "sms" and rng.random() < 0.35:
                return SearchRequest(text=words, place=place.text), None
            connector = rng.choice(IN_PLACE[language])
            return SearchRequest(text=" ".join(p for p in (words, connector, place.text) if p)), None
        return SearchRequest(text=words), None  # no place: the neighbourhood is unknown

    def answer(self, request: SearchRequest) -> SearchPage:
        """The real search's page for `request`, asked once for identical requests."""
        page = self._pages.get(request)
        if page is None:
            page = self.search.search(replace(request, count_reach=True))
            self._pages[request] = page
        return page

    def crisis(self, text: str) -> Any:
        if text not in self._crisis:
            self._crisis[text] = self.crisis_check(text) if text else None
        return self._crisis[text]

    def run(self) -> DemoReport:
        """Record every search (buffered in `demand_recorder`; the caller flushes)."""
        rng = self.rng
        report = DemoReport(
            seed=0, asked=self.count, first_day=self.first_day, last_day=self.today - timedelta(days=1)
        )
        for _ in range(self.count):
            day = self.days.pick(rng)
            hood = self.hoods.pick(rng)
            language = self.languages[hood].pick(rng)
            channel = self.channels.pick(rng)
            if language != "en" and channel == "api" and rng.random() < 0.5:
                channel = "widget"
            when = self.when(day, channel)
            request, filtered = self.request(hood, language, channel, day)
            found = self.crisis(request.text)
            if found:  # a crisis answer is counted by tier and day only, never as demand
                demand_recorder.record_crisis(
                    "urgent" if found.tier == URGENT else "supportive", when=when, sample=True
                )
                report.crises += 1
                continue
            page = self.answer(request)
            demand.record_search(
                channel, language, page, needs=request.needs, neighbourhood=filtered, when=when, sample=True
            )
            need = need_of(request.needs or tuple(page.needs_detected))
            where = filtered if page.place is None and filtered else neighbourhood_of(page.place)
            report.searches += 1
            report.neighbourhoods[where] += 1
            report.needs[need] += 1
            report.languages[language] += 1
            report.channels[channel] += 1
            if page.hits and rng.random() < (0.15 if channel == "sms" else 0.32):
                hit = page.hits[min(len(page.hits) - 1, Choice({0: 6, 1: 2.5, 2: 1.5}).pick(rng))]
                opened = when + timedelta(minutes=rng.randrange(1, 20))
                demand.record_details(
                    channel,
                    language,
                    hit.service_id,
                    need=need,
                    neighbourhood=where,
                    when=opened,
                    sample=True,
                )
                report.details += 1
        report.crises += self._crises_by_day()
        report.distinct_requests = len(self._pages)
        return report

    def _crises_by_day(self) -> int:
        """A few crisis answers on other days too (by tier and day only), scaled to the demo's size."""
        rate = self.count / MAX_SEARCHES
        counted = 0
        for n in range(DAYS):
            day = self.first_day + timedelta(days=n)
            for tier, chance in (("supportive", 0.5 * rate), ("urgent", 0.15 * rate)):
                if self.rng.random() < chance:
                    when = datetime.combine(day, time(12), tzinfo=UTC)
                    demand_recorder.record_crisis(tier, when=when, sample=True)
                    counted += 1
        return counted


def marker_path(var_dir: str | Path) -> Path:
    return Path(var_dir) / MARKER


def has_sample_rows(session: Session) -> bool:
    return any(
        session.scalar(select(column).where(sample.is_(True)).limit(1)) is not None
        for column, sample in (
            (DemandEvent.id, DemandEvent.sample),
            (DemandRollup.id, DemandRollup.sample),
            (CrisisCount.day, CrisisCount.sample),
        )
    )


def make_demo(
    database: Database,
    search: DirectorySearch,
    *,
    searches: int = DEFAULT_SEARCHES,
    seed: int = 1,
    today: date | None = None,
    crisis_check: Callable[[str], Any] = demand.is_crisis,
) -> DemoReport:
    """Record a year of sample searches up to `today`, store them and roll them up.

    The caller decides whether a demo is already there (`has_sample_rows`, the marker)."""
    if not demand_recorder.enabled:
        raise RuntimeError("demand recording is switched off (INSIGHT_ENABLED=0)")
    today = today or datetime.now(UTC).date()
    demand_recorder.flush()  # whatever was buffered before is not the demo's
    generator = Generator(search, seed=seed, searches=searches, today=today, crisis_check=crisis_check)
    report = generator.run()
    report.seed = seed
    demand_recorder.flush()
    with database.transaction() as session:
        report.stored_events = session.scalar(
            select(func.count()).select_from(DemandEvent).where(DemandEvent.sample.is_(True))
        )
        if report.stored_events != report.searches + report.details:
            raise RuntimeError(
                f"{report.stored_events} sample events were stored of {report.searches + report.details}"
            )
        rollup.reopen(session, generator.first_day)
        rollup.rollup(session, today=today)
    return report


def remove_demo(database: Database, *, today: date | None = None) -> dict[str, int]:
    """Delete every sample row (events, rollups, crisis counts), nothing else; write the finished periods'
    summaries again and raise the rollups' version so cached figures are read again."""
    today = today or datetime.now(UTC).date()
    with database.transaction() as session:
        removed = {
            "events": session.execute(delete(DemandEvent).where(DemandEvent.sample.is_(True))).rowcount or 0,
            "rollups": session.execute(delete(DemandRollup).where(DemandRollup.sample.is_(True))).rowcount
            or 0,
            "crisis_counts": session.execute(delete(CrisisCount).where(CrisisCount.sample.is_(True))).rowcount
            or 0,
        }
        rolled = rollup.watermark(session) or today
        rollup.set_watermark(session, rolled)
        summaries.rebuild(session, rolled_through=rolled)
    return removed


def write_marker(path: Path, report: DemoReport, *, made_at: datetime | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = report.as_json(made_at or datetime.now(UTC))
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def summary(report: DemoReport, hoods: Sequence[str]) -> str:
    """One line for the command line."""
    local = sum(report.neighbourhoods.get(slug, 0) for slug in hoods)
    return (
        f"sample demand made (seed {report.seed}): {report.searches} searches "
        f"({local} in a neighbourhood, {report.neighbourhoods.get('unknown', 0)} unknown, "
        f"{report.neighbourhoods.get('outside', 0)} outside the borough), {report.details} results opened, "
        f"{report.crises} crisis answers counted, {report.first_day} to {report.last_day}; "
        f"{report.distinct_requests} distinct searches"
    )
