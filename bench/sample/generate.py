"""Write the sample directory, an ORUK 3.0 package, from the tables in `catalogue.py`.

Run `python -m bench.sample.generate` after editing the catalogue (or `--check` to see whether the
committed file is current). Output is deterministic: ids are uuid5 of names, and every "random" choice uses
a generator seeded with the record's own name, so editing one service never reshuffles the others.
The package, not this script, is what `flask directory load-sample` reads, through the ORUK importer;
a test keeps the two in step. Its dates are written as of `REFERENCE_DATE`, the package's `exported_at`,
and moved to the day it is loaded.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from directory.interchange.sample import sample_path
from directory.oruk import ORUK_PROFILE, ORUK_VERSION

from . import catalogue as cat
from . import oruk
from .ids import REFERENCE_DATE, sample_id

DATA_PATH = Path(str(sample_path()))  # the file the loader reads, in the source tree

NOTE = (
    "Sample data for demonstrations and tests. Local and borough-wide organisations, services, people, "
    "addresses, phone numbers (Ofcom drama ranges) and emails (example.org) are FICTIONAL; only the services "
    "with scope 'national' are real, with their real contact details. Regenerate with "
    "`python -m bench.sample.generate`; ids are stable uuid5 values derived from names. Dates are as of "
    "`exported_at` and are moved to the day the sample is loaded."
)

_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_ORDINALS = {"1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last"}


# --- small pure helpers -------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for fictional emails and web addresses."""
    cleaned = "".join(ch.lower() if ch.isalnum() else " " for ch in text.replace("'", "").replace("&", "and"))
    return "-".join(cleaned.split())


def clock(value: str) -> str:
    """ "13:30" -> "1.30pm", the way a noticeboard says it."""
    hours, minutes = (int(part) for part in value.split(":"))
    if (hours, minutes) == (12, 0):
        return "noon"
    if (hours, minutes) in ((0, 0), (23, 59)):
        return "midnight"
    suffix = "am" if hours < 12 else "pm"
    hour12 = hours % 12 or 12
    return f"{hour12}{suffix}" if minutes == 0 else f"{hour12}.{minutes:02d}{suffix}"


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _days_phrase(slot: cat.Slot) -> str:
    codes = slot.byday.split(",")
    if slot.freq == "MONTHLY":
        parts = [f"the {_ORDINALS[code[:-2]]} {_DAY_NAMES[code[-2:]]}" for code in codes]
        return "on " + _join(parts) + " of the month"
    if slot.byday == cat.EVERY_DAY:
        return "every day"
    if slot.byday == cat.WEEKDAYS:
        return "Monday to Friday"
    if len(codes) == 1:
        return f"every {_DAY_NAMES[codes[0]]}"
    return "on " + _join([_DAY_NAMES[code] + "s" for code in codes])


def describe_when(slots: Sequence[cat.Slot]) -> str:
    """Opening times in words for descriptions, e.g. "every Tuesday, 10am to noon"."""
    phrases = []
    for slot in slots:
        if (slot.opens, slot.closes) == ("00:00", "23:59"):
            phrases.append(f"{_days_phrase(slot)}, 24 hours")
        else:
            phrases.append(f"{_days_phrase(slot)}, {clock(slot.opens)} to {clock(slot.closes)}")
    return _join(phrases)


def _phone(number: str, kind: str = "voice", description: str | None = None) -> dict[str, Any]:
    return {"number": number, "type": kind, "description": description}


def _schedule(slot: cat.Slot) -> dict[str, Any]:
    row: dict[str, Any] = {"byday": slot.byday, "opens_at": slot.opens, "closes_at": slot.closes}
    if slot.freq != "WEEKLY":
        row["freq"] = slot.freq
    row["description"] = slot.description
    row["attending_type"] = slot.attending
    if slot.valid_from:
        row["valid_from"] = slot.valid_from
    if slot.valid_to:
        row["valid_to"] = slot.valid_to
    return row


def _cost(cost: cat.Cost) -> dict[str, Any]:
    return {"option": cost.option, "amount": cost.amount, "amount_description": cost.description}


def _assured(rng: random.Random) -> str:
    """Most records checked in the last five months; a few (about one in twenty) overdue on purpose, so the
    freshness dashboard has something to show. Never more than one in ten: a test checks."""
    days = rng.randint(7, 150) if rng.random() < 0.95 else rng.randint(190, 420)
    return (REFERENCE_DATE - timedelta(days=days)).isoformat()


def _organisation(org: cat.Org, *, is_sample: bool = True) -> dict[str, Any]:
    slug = slugify(org.name)
    return {
        "id": sample_id("organisation", org.name),
        "name": org.name,
        "description": org.description,
        "website": org.website or f"https://example.org/{slug}",
        "email": org.email or f"{slug}@example.org",
        "is_sample": is_sample,
    }


# --- locations ------------------------------------------------------------------------------------------


def location_for(venue: cat.Venue) -> dict[str, Any]:
    """The JSON location for a venue; services sharing a venue share the record (same id)."""
    place = cat.PLACES[venue.place]
    rng = random.Random(f"venue:{venue.name}:{venue.place}")
    unit = rng.choice(_POSTCODE_LETTERS) + rng.choice(_POSTCODE_LETTERS)
    return {
        "id": sample_id("location", venue.place, venue.name),
        "name": venue.name,
        "address_1": venue.street,
        "city": "Stockport",
        "postal_code": f"{place.sector}{unit}",
        "lat": round(place.lat + rng.uniform(-0.004, 0.004), 5),
        "lon": round(place.lon + rng.uniform(-0.006, 0.006), 5),
        "accessibility": sorted(venue.access),
    }


# --- services ---------------------------------------------------------------------------------------------


class _Numbers:
    """Hands out fictional numbers in order: Ofcom's Manchester drama range, then its mobile range."""

    def __init__(self) -> None:
        self._landline = 100
        self._mobile = 100

    def landline(self) -> str:
        number = f"0161 496 0{self._landline:03d}"
        self._landline += 1
        return number

    def mobile(self) -> str:
        number = f"07700 900{self._mobile:03d}"
        self._mobile += 1
        return number


def _pick_variant(kind: cat.Kind, rng: random.Random) -> cat.Variant:
    chosen = rng.choice(kind.variants)
    return chosen if isinstance(chosen, cat.Variant) else cat.Variant(chosen)


def _with_closer(text: str, *, venue: cat.Venue, area: str, rng: random.Random) -> str:
    """Add a seeded local touch (or none) so the same kind of service reads differently in each place."""
    if rng.random() < 0.2:
        return text
    closer = rng.choice(cat.CLOSERS).format(
        venue=venue.name,
        street=venue.street.split(" ", 1)[1],
        place=area,
        volunteer=rng.choice(cat.VOLUNTEERS),
        year=rng.randint(1996, 2023),
    )
    return text + f"<p>{closer}</p>" if text.endswith("</p>") else f"{text} {closer}"


def local_service(entry: cat.Entry, numbers: _Numbers) -> dict[str, Any]:
    """One local service from a catalogue entry: a kind of service, run in a place."""
    kind = cat.KINDS[entry.kind]
    place = cat.PLACES[entry.place]
    name = entry.name or kind.name.format(place=place.name)
    rng = random.Random(f"service:{name}")
    venues = [v for v in cat.VENUES if v.place == place.name]
    venue = next(v for v in venues if v.name == entry.venue) if entry.venue else rng.choice(venues)
    slots = rng.choice(kind.timetables)
    variant = _pick_variant(kind, rng)
    org = kind.own_org(place.name) if kind.role == "own" else cat.ORGS[place.hood][kind.role]
    org_slug = slugify(org.name)
    area = entry.area or place.name
    description = _with_closer(
        variant.text.format(place=area, venue=venue.name, when=describe_when(slots)),
        venue=venue,
        area=area,
        rng=rng,
    )
    eligibility = variant.eligibility or kind.eligibility or cat.EVERYONE
    costs = variant.costs or kind.costs or (cat.FREE,)

    phones = [_phone(numbers.landline())]
    if kind.text_line:
        phones.append(_phone(numbers.mobile(), "sms", "Text us and we'll ring you back"))
    extra = [code for code in kind.languages if rng.random() < 0.6]
    if not extra and rng.random() < 0.2:
        extra = [rng.choice(cat.HOOD_LANGUAGES[place.hood])]
    closures = []
    if kind.closures:
        closures = [dict(c) for c in kind.closures]
    elif rng.random() < 0.08:
        closures = [dict(rng.choice(cat.OCCASIONAL_CLOSURES))]

    hoods = [place.hood, *([entry.also] if entry.also else [])]
    return {
        "id": sample_id("service", name),
        "name": name,
        "organisation": _organisation(org),
        "description": description,
        "url": f"https://example.org/{org_slug}/{slugify(kind.key)}" if rng.random() < 0.6 else None,
        "email": f"{kind.email}.{slugify(place.name)}@example.org",
        "status": entry.status,
        "alert": entry.alert,
        "scope": "local",
        "is_sample": True,
        "neighbourhoods": hoods,
        "needs": list(kind.needs),
        "phones": phones,
        "schedules": [_schedule(s) for s in slots],
        "closures": closures,
        "costs": [_cost(c) for c in costs],
        "minimum_age": eligibility.minimum_age,
        "maximum_age": eligibility.maximum_age,
        "eligibility_description": eligibility.text.format(place=area),
        "languages": ["en", *sorted(set(extra) - {"en"})],
        "location": location_for(venue),
        "assured_date": _assured(rng),
    }


def fixed_service(spec: cat.Fixed) -> dict[str, Any]:
    """A borough-wide or national service, written out in full in the catalogue."""
    rng = random.Random(f"service:{spec.name}")
    is_sample = spec.scope != "national"
    return {
        "id": sample_id("service", spec.name),
        "name": spec.name,
        "organisation": _organisation(spec.org, is_sample=is_sample),
        "description": spec.description,
        "url": spec.url,
        "email": spec.email,
        "status": "active",
        "alert": None,
        "scope": spec.scope,
        "is_sample": is_sample,
        "neighbourhoods": [],
        "needs": list(spec.needs),
        "phones": [_phone(*p) for p in spec.phones],
        "schedules": [_schedule(s) for s in spec.slots],
        "closures": [],
        "costs": [_cost(c) for c in spec.costs],
        "minimum_age": spec.eligibility.minimum_age,
        "maximum_age": spec.eligibility.maximum_age,
        "eligibility_description": spec.eligibility.text,
        "languages": list(spec.languages),
        "location": location_for(cat.venue(spec.venue)) if spec.venue else None,
        "assured_date": _assured(rng),
    }


def build_services() -> list[dict[str, Any]]:
    """Every sample service in the generator's own shape (flat, with organisation and venue inline)."""
    numbers = _Numbers()
    services = [local_service(entry, numbers) for entry in cat.ENTRIES]
    services += [fixed_service(spec) for spec in cat.BOROUGH + cat.NATIONAL]
    names = [s["name"] for s in services]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"service names must be unique: {duplicates}")
    return services


def build_directory() -> dict[str, Any]:
    """The whole sample directory as an ORUK 3.0 package, as `flask directory export oruk` writes one."""
    return {
        "version": ORUK_VERSION,
        "profile": ORUK_PROFILE,
        "exported_at": f"{REFERENCE_DATE.isoformat()}T00:00:00Z",
        "generator": "Around Here sample (bench/sample/generate.py)",
        "x_around_here": {"note": NOTE},
        "services": [oruk.service(s) for s in build_services()],
    }


def render(directory: dict[str, Any]) -> str:
    """The exact file text, so the determinism test can compare strings."""
    return json.dumps(directory, indent=1, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the JSON, or with `--check` report whether the committed file is out of date."""
    args = list(sys.argv[1:] if argv is None else argv)
    text = render(build_directory())
    if "--check" in args:
        current = DATA_PATH.read_text(encoding="utf-8") if DATA_PATH.exists() else ""
        if current != text:
            print(f"{DATA_PATH} is out of date; run python -m bench.sample.generate", file=sys.stderr)
            return 1
        return 0
    DATA_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATA_PATH.write_text(text, encoding="utf-8")
    count = len(json.loads(text)["services"])
    print(f"wrote {count} services to {DATA_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
