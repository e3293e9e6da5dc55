"""A synthetic but plausible Stockport directory of any size, written with bulk inserts.

The text is built from the project's own need vocabulary and place names, so term frequencies look
like the real directory's (many services share words like "advice", "support", place names) rather
than random strings, which would make every query unrealistically selective. Output is deterministic
for a given (size, seed).
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from importlib import resources
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from directory.db import Database
from directory.migrations import upgrade
from directory.models import (
    Accessibility,
    Address,
    Attribute,
    Closure,
    CostOption,
    IndexChange,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    service_neighbourhood,
)
from directory.needs import all_needs
from directory.seed import seed_need_taxonomy, seed_neighbourhoods

BOROUGH_SHARE = 0.05
CHUNK = 5_000
CREATED = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)

# What services for each need are typically called (bench data, written for this benchmark): one entry per
# slug of directory/needs/needs.json, in its order (tests/directory/test_vocabulary.py checks).
SERVICE_NOUNS: dict[str, tuple[str, ...]] = {
    "food": (
        "Food Bank",
        "Community Pantry",
        "Community Fridge",
        "Lunch Club",
        "Community Cafe",
        "Food Parcels",
    ),
    "money": (
        "Debt Advice",
        "Money Advice Service",
        "Benefits Check Clinic",
        "Welfare Rights",
        "Budgeting Help",
    ),
    "housing": (
        "Housing Advice",
        "Tenancy Support",
        "Homeless Outreach",
        "Damp and Repairs Help",
        "Night Shelter",
    ),
    "energy": ("Energy Advice", "Warm Space", "Fuel Bank", "Warm Homes Service"),
    "mental-health": ("Wellbeing Hub", "Talking Therapies", "Mental Health Drop-in", "Anxiety Support Group"),
    "loneliness": ("Befriending Service", "Friendship Group", "Coffee Morning", "Chatty Cafe"),
    "carers": ("Carers Support", "Carers Cafe", "Young Carers Group", "Respite Breaks"),
    "domestic-abuse": ("Domestic Abuse Support", "Safe Space", "Freedom Programme", "Refuge Outreach"),
    "health": ("Health Checks", "Stop Smoking Service", "Pharmacy Clinic", "Health Walks"),
    "substance-use": ("Recovery Group", "Drug and Alcohol Service", "Alcohol Support"),
    "employment": ("Job Club", "CV Workshop", "Employment Support", "Skills Centre"),
    "family": ("Family Hub", "Baby Group", "Stay and Play", "Parenting Support", "Holiday Club"),
    "older-people": ("Over 60s Club", "Older People's Lunch", "Silver Social", "Age Well Group"),
    "disability": ("Disability Advice", "Autism Support Group", "Mobility Aids Loan", "Accessible Sport"),
    "digital": ("Digital Drop-in", "Get Online Sessions", "Laptop Loans", "Free Data and Wifi"),
    "legal": ("Legal Advice Clinic", "Citizens Advice Session", "Tribunal Support", "Law Centre"),
}
ORG_KINDS = (
    "Community Trust", "Churches Together", "Advice Centre", "Neighbourhood Network", "Community Association",
    "Methodist Church", "Baptist Church", "Rotary Club", "Mutual Aid", "Residents' Association",
    "Youth Project",
    "Housing Association", "Wellbeing Trust", "Community Centre", "Family Partnership", "Foodbank Network",
)  # fmt: skip
OPENERS = (
    "A friendly {noun} for people in {place} and the wider {hood} area.",
    "Our {noun} welcomes anyone living in {place} or nearby.",
    "Run by local volunteers, the {noun} supports residents across {hood}.",
    "The {noun} at {place} is open to everyone, whatever your situation.",
)
NEED_SENTENCES = (
    "We can help with {p}, {w1} and {w2}.",
    "People come to us about {w1}, {w2} or {p}.",
    "Ask us about {p} or {w1}; no question is too small.",
    "Support with {w1} and {w2}, including {p}.",
)
FORMAT_SENTENCES = (
    "Drop in without an appointment.",
    "Please phone first to book an appointment.",
    "Confidential and non-judgemental.",
    "Refreshments provided and children welcome.",
    "Interpreters can be arranged if you ask in advance.",
    "We meet at {venue} on {street}.",
    "You can also get help by phone or online.",
    "Referrals are not needed; just come along.",
    "Trained advisers and volunteers will listen and help you find the right support.",
    "If we cannot help we will put you in touch with someone who can.",
)
STREETS = ("Church", "Station", "Mill", "Market", "Park", "High", "Green", "Chapel", "School", "Wellington")
STREET_KINDS = ("Road", "Street", "Lane")
VENUES = (
    "the community centre",
    "the library",
    "St Mary's church hall",
    "the family hub",
    "the leisure centre",
)
LANGUAGE_NAMES = {
    "en": "English", "pl": "Polish", "ur": "Urdu", "ar": "Arabic", "bn": "Bengali", "pa": "Punjabi",
    "ro": "Romanian", "ku": "Kurdish", "fa": "Persian", "zh": "Chinese",
}  # fmt: skip
ACCESSIBILITY_CODES = (
    "wheelchair-access", "accessible-toilet", "hearing-loop", "step-free", "bsl", "large-print",
    "quiet-space", "parking",
)  # fmt: skip
AGE_BANDS = ((0, 11), (11, 25), (16, None), (18, None), (50, None), (60, None), (0, 18))
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Place:
    name: str
    hood: str
    lat: float
    lon: float
    sector: str


def stockport_places() -> list[Place]:
    """Every named place in the gazetteer data, with the neighbourhood and one postcode sector it sits in."""
    raw = json.loads(resources.files("directory.places").joinpath("data/stockport.json").read_text("utf-8"))
    places = []
    for hood in raw["neighbourhoods"]:
        for place in hood["places"]:
            places.append(Place(place["name"], hood["slug"], place["lat"], place["lon"], hood["sectors"][0]))
    return places


def hood_names() -> dict[str, str]:
    raw = json.loads(resources.files("directory.places").joinpath("data/stockport.json").read_text("utf-8"))
    return {h["slug"]: h["name"] for h in raw["neighbourhoods"]}


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class _Rows:
    """Rows per table, flushed in chunks so 50k services never hold every row in memory at once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.pending: dict[Any, list[dict[str, Any]]] = {}
        self.counts: dict[str, int] = {}

    def add(self, target: Any, row: dict[str, Any]) -> None:
        self.pending.setdefault(target, []).append(row)

    def flush(self) -> None:
        # Parents first so foreign keys hold (SQLite checks them: PRAGMA foreign_keys=ON).
        order = [
            Organization, Service, Location, Address, Accessibility, ServiceAtLocation, Attribute,
            service_neighbourhood, Schedule, Closure, Language, Phone, CostOption,
        ]  # fmt: skip
        for target in order:
            rows = self.pending.pop(target, [])
            if rows:
                self.session.execute(insert(target), rows)
                name = getattr(target, "__tablename__", None) or target.name
                self.counts[name] = self.counts.get(name, 0) + len(rows)


class Generator:
    """Writes `size` services (and their organisations, places, times...) for one seed."""

    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.rng = random.Random(f"{seed}/{size}")
        self.places = stockport_places()
        self.hood_names = hood_names()
        self.needs = {n.slug: n for n in all_needs()}

    def run(self, url: str) -> dict[str, Any]:
        upgrade(url)
        database = Database(url)
        try:
            with database.transaction() as session:
                terms = {slug: term.id for slug, term in seed_need_taxonomy(session).items()}
                hoods = {slug: hood.id for slug, hood in seed_neighbourhoods(session).items()}
            rows_written: dict[str, int] = {}
            with database.transaction() as session:
                rows = _Rows(session)
                for count, _ in enumerate(self._services(rows, terms, hoods), start=1):
                    if count % CHUNK == 0:
                        rows.flush()
                rows.flush()
                rows_written = rows.counts
            with database.transaction() as session:
                queued = session.scalar(select(func.count()).select_from(IndexChange)) or 0
                session.execute(delete(IndexChange))
        finally:
            database.dispose()
        return {"rows": rows_written, "index_change_rows_deleted": queued}

    # -- records -------------------------------------------------------------------------------------
    def _services(self, rows: _Rows, terms: dict[str, str], hoods: dict[str, str]) -> Iterator[str]:
        rng = self.rng
        made = 0
        while made < self.size:
            home = rng.choice(self.places)
            borough = rng.random() < BOROUGH_SHARE * 2  # about half of a borough org's services are local
            org_place = "Stockport" if borough else home.name
            org_id = _uuid(rng)
            org_name = f"{org_place} {rng.choice(ORG_KINDS)}"
            rows.add(
                Organization,
                {
                    "id": org_id,
                    "name": org_name,
                    "description": f"A local charity serving {org_place}.",
                    "email": None,
                    "website": None,
                    "is_sample": False,
                    "created_at": CREATED,
                    "last_modified": CREATED,
                },
            )
            for _ in range(min(rng.choice((1, 1, 2, 3, 4, 6)), self.size - made)):
                place = home if rng.random() < 0.8 else rng.choice(self.places)
                everywhere = borough and rng.random() < 0.5
                yield self._service(rows, terms, hoods, org_id, org_name, place, everywhere)
                made += 1

    def _service(
        self,
        rows: _Rows,
        terms: dict[str, str],
        hoods: dict[str, str],
        org_id: str,
        org_name: str,
        place: Place,
        everywhere: bool,
    ) -> str:
        rng = self.rng
        sid = _uuid(rng)
        slugs = rng.sample(list(self.needs), rng.choice((1, 1, 2, 2, 3)))
        name, description = self._text(slugs, place, org_name, everywhere)
        age = rng.choice(AGE_BANDS) if rng.random() < 0.35 else (None, None)
        rows.add(
            Service,
            {
                "id": sid,
                "organization_id": org_id,
                "name": name,
                "description": description,
                "status": "active",
                "scope": "borough" if everywhere else "local",
                "minimum_age": age[0],
                "maximum_age": age[1],
                "is_sample": False,
                "created_at": CREATED,
                "last_modified": CREATED,
            },
        )
        for slug in slugs:
            rows.add(
                Attribute,
                {"id": _uuid(rng), "link_id": sid, "link_type": "service", "taxonomy_term_id": terms[slug]},
            )
        if not everywhere:
            served = {place.hood} | ({rng.choice(list(hoods))} if rng.random() < 0.15 else set())
            for hood in sorted(served):
                rows.add(service_neighbourhood, {"service_id": sid, "neighbourhood_id": hoods[hood]})
        if not everywhere or rng.random() < 0.5:  # half the borough-wide services are phone/online only
            self._location(rows, sid, org_id, place)
        self._schedules(rows, sid)
        self._languages(rows, sid)
        roll = rng.random()
        if roll < 0.25:
            amount = Decimal(rng.choice((1, 2, 3, 5, 10, 25)))
            rows.add(
                CostOption,
                {
                    "id": _uuid(rng),
                    "service_id": sid,
                    "option": "Per session",
                    "currency": "GBP",
                    "amount": amount,
                },
            )
        elif roll < 0.40:
            rows.add(
                CostOption,
                {
                    "id": _uuid(rng),
                    "service_id": sid,
                    "option": "Free",
                    "currency": "GBP",
                    "amount": Decimal(0),
                },
            )
        rows.add(
            Phone,
            {
                "id": _uuid(rng),
                "service_id": sid,
                "number": f"0161 496 0{rng.randrange(1000):03d}",
                "type": "voice",
            },
        )
        return sid

    def _text(self, slugs: list[str], place: Place, org_name: str, everywhere: bool) -> tuple[str, str]:
        rng = self.rng
        noun = rng.choice(SERVICE_NOUNS[slugs[0]])
        where = "Stockport" if everywhere else place.name
        style = rng.random()
        if style < 0.6:
            name = f"{where} {noun}"
        elif style < 0.75:
            name = f"{noun} ({where})"
        else:
            name = f"{org_name.split(' ')[0]} {noun}"
        hood = "Stockport" if everywhere else self.hood_names[place.hood]
        sentences = [rng.choice(OPENERS).format(noun=noun.lower(), place=where, hood=hood)]
        for slug in slugs:
            need = self.needs[slug]
            w1, w2 = rng.sample(need.words, 2)
            sentences.append(rng.choice(NEED_SENTENCES).format(p=rng.choice(need.phrases), w1=w1, w2=w2))
        for template in rng.sample(FORMAT_SENTENCES, rng.randint(1, 3)):
            street = f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
            sentences.append(template.format(venue=rng.choice(VENUES), street=street))
        return name, " ".join(sentences)

    def _location(self, rows: _Rows, sid: str, org_id: str, place: Place) -> None:
        rng = self.rng
        lid = _uuid(rng)
        street = f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
        rows.add(
            Location,
            {
                "id": lid,
                "organization_id": org_id,
                "location_type": "physical",
                "name": f"{place.name} venue",
                "latitude": round(place.lat + rng.gauss(0, 0.006), 5),
                "longitude": round(place.lon + rng.gauss(0, 0.009), 5),
            },
        )
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        postcode = f"{place.sector}{rng.choice(letters)}{rng.choice(letters)}"
        rows.add(
            Address,
            {
                "id": _uuid(rng),
                "location_id": lid,
                "address_1": f"{rng.randint(1, 250)} {street}",
                "city": place.name,
                "state_province": "Greater Manchester",
                "postal_code": postcode,
                "country": "GB",
                "address_type": "physical",
            },
        )
        for code in rng.sample(ACCESSIBILITY_CODES, rng.choice((0, 0, 1, 2, 3, 4))):
            rows.add(Accessibility, {"id": _uuid(rng), "location_id": lid, "code": code, "description": code})
        rows.add(ServiceAtLocation, {"id": _uuid(rng), "service_id": sid, "location_id": lid})

    def _schedules(self, rows: _Rows, sid: str) -> None:
        rng = self.rng
        roll = rng.random()
        base = {"service_id": sid, "location_id": None, "service_at_location_id": None, "bymonthday": None}
        if roll < 0.05:  # description only: cannot answer "open now"
            rows.add(
                Schedule,
                {
                    **base,
                    "id": _uuid(rng),
                    "freq": None,
                    "byday": None,
                    "opens_at": None,
                    "closes_at": None,
                    "description": "By appointment",
                },
            )
            return
        if roll < 0.08:  # helplines
            rows.add(
                Schedule,
                {
                    **base,
                    "id": _uuid(rng),
                    "freq": "WEEKLY",
                    "byday": ",".join(DAY_CODES),
                    "opens_at": time(0, 0),
                    "closes_at": time(23, 59),
                    "description": None,
                },
            )
            return
        for _ in range(rng.choice((1, 1, 1, 2))):
            opens = rng.choice((time(9, 0), time(9, 30), time(10, 0), time(13, 0), time(18, 0)))
            closes = time(min(opens.hour + rng.randint(2, 8), 22), opens.minute)
            if roll < 0.20:
                freq, byday = "MONTHLY", rng.choice(("1TU", "2WE", "-1FR", "1MO,3MO", "2TH"))
            elif rng.random() < 0.35:
                freq, byday = "WEEKLY", "MO,TU,WE,TH,FR"
            else:
                freq, byday = (
                    "WEEKLY",
                    ",".join(sorted(rng.sample(DAY_CODES, rng.randint(1, 3)), key=DAY_CODES.index)),
                )
            rows.add(
                Schedule,
                {
                    **base,
                    "id": _uuid(rng),
                    "freq": freq,
                    "byday": byday,
                    "opens_at": opens,
                    "closes_at": closes,
                    "description": None,
                },
            )
        if rng.random() < 0.03:
            rows.add(
                Closure,
                {
                    "id": _uuid(rng),
                    "service_id": sid,
                    "starts_on": date(2026, 12, 24),
                    "ends_on": date(2027, 1, 2),
                    "reason": "Christmas",
                },
            )

    def _languages(self, rows: _Rows, sid: str) -> None:
        rng = self.rng
        codes = ["en"] if rng.random() < 0.9 else []
        if rng.random() < 0.2 or not codes:
            codes += rng.sample([c for c in LANGUAGE_NAMES if c != "en"], rng.randint(1, 2))
        for code in codes:
            rows.add(
                Language, {"id": _uuid(rng), "service_id": sid, "code": code, "name": LANGUAGE_NAMES[code]}
            )


def generate(url: str, size: int, seed: int) -> dict[str, Any]:
    """Create the schema at `url` and fill it; returns row counts per table."""
    return Generator(size, seed).run(url)
