"""The queries residents actually type, and the groups the benchmark times them in.

Phrasings include typos and slang because those take the slower paths (spelling correction against the
index's vocabulary); a benchmark of clean keywords would flatter the search.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from itertools import cycle, islice
from zoneinfo import ZoneInfo

from directory.search.service import SearchRequest

# Wednesday mid-morning: most day-time services are open, so "open now" has real work to do.
FIXED_NOW = datetime(2026, 3, 11, 10, 30, tzinfo=ZoneInfo("Europe/London"))

PHRASINGS: tuple[str, ...] = (
    "food bank",
    "fod bank",
    "foodbank near me",
    "skint",
    "can't top up my meter",
    "landlord won't fix the damp",
    "lonely",
    "debt advice reddish",
    "help with bills",
    "universal credit help",
    "mental health support",
    "feeling low",
    "need a hot meal",
    "kicked out need somewhere to stay",
    "domestic abuse",
    "my partner hits me",
    "carer respite",
    "job club",
    "cv help",
    "free wifi",
    "benefits check",
    "council tax arrears",
    "warm space",
    "stop smoking",
    "drinking too much",
    "baby group",
    "over 60s lunch club",
    "anxeity",
    "homless",
    "mould in my flat",
    "no money for electric",
    "someone to talk to",
)

# The timed phrasings: the same kinds of need, typo and slang as `PHRASINGS`, in other words, so
# nothing the warm-up touched (a parsed timetable, a kept score) is reused by accident of wording.
TIMED_PHRASINGS: tuple[str, ...] = (
    "foodbank vouchers",
    "food parcel",
    "free food near me",
    "brassic",
    "prepayment meter no credit",
    "landlord repairs mould",
    "isolated and alone",
    "debt help marple",
    "cant pay my bills",
    "help with universal credit claim",
    "mental health help",
    "depressed",
    "hot dinner",
    "homeless need a bed tonight",
    "domestic violence",
    "abusive relationship",
    "support for carers",
    "looking for work",
    "help writing a cv",
    "free internet access",
    "benefits advice",
    "council tax debt",
    "warm hub",
    "quit smoking",
    "alcohol problem",
    "toddler group",
    "lunch for older people",
    "anxeity attacks",
    "homless shelter",
    "damp in my house",
    "can't afford gas",
    "need someone to listen",
)

PLACES: tuple[str, ...] = (
    "SK5 6", "Marple", "Edgeley", "SK4 2", "Cheadle Hulme", "Brinnington", "SK1 3", "Bredbury",
    "Heaton Moor", "SK7 4AB", "Romiley", "Offerton",
)  # fmt: skip

FILTERS: tuple[dict[str, object], ...] = (
    {"needs": ("food",)},
    {"neighbourhood": "tame-valley"},
    {"free_only": True},
    {"age": 16},
    {"age": 70},
    {"languages": ("pl",)},
    {"languages": ("ur",)},
    {"weekday": 2},
    {"needs": ("money",), "free_only": True, "age": 30},
    {"neighbourhood": "stockport-central", "languages": ("ar",)},
    {"weekday": 5, "free_only": True},
    {"needs": ("mental-health", "loneliness"), "neighbourhood": "heatons"},
)

GROUPS: tuple[str, ...] = ("text", "text+place", "filters", "open_now", "page2")
GROUP_NOTES: dict[str, str] = {
    "text": "phrasing only, no place, no filters",
    "text+place": "phrasing with a place (postcode sector, place name or full postcode)",
    "filters": "phrasing + place + need/neighbourhood/free/age/language/weekday filters (12 combinations)",
    "open_now": "phrasing + place + open_now at a fixed Wednesday 10:30",
    "page2": "phrasing + place, second page of ten",
}


def distinct_requests(phrasings: tuple[str, ...] = PHRASINGS) -> dict[str, list[SearchRequest]]:
    """One request per phrasing in each group (by default the warm-up set)."""
    plain = [SearchRequest(text=t) for t in phrasings]
    placed = [SearchRequest(text=t, place=PLACES[i % len(PLACES)]) for i, t in enumerate(phrasings)]
    filtered = [replace(r, **FILTERS[i % len(FILTERS)], now=FIXED_NOW) for i, r in enumerate(placed)]  # type: ignore[arg-type]
    open_now = [replace(r, open_now=True, now=FIXED_NOW) for r in placed]
    page2 = [replace(r, page=2) for r in placed]
    return {"text": plain, "text+place": placed, "filters": filtered, "open_now": open_now, "page2": page2}


def timed_requests(count: int) -> dict[str, list[SearchRequest]]:
    """`count` requests per group, cycling through the timed phrasings (not the warm-up's) in a fixed order."""
    return {
        group: list(islice(cycle(reqs), count)) for group, reqs in distinct_requests(TIMED_PHRASINGS).items()
    }
