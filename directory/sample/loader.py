"""Load the sample directory (`data/services.json`) into the database.

Idempotent: every record, including child rows, has a stable id, so loading again updates rows in place
rather than adding copies, and an unchanged file leaves the database (and the search queue) untouched.
The loader only flushes; the caller owns the transaction and decides when to commit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    Accessibility,
    Address,
    Attribute,
    Closure,
    CostOption,
    Language,
    Location,
    Neighbourhood,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceScope,
    ServiceStatus,
    TaxonomyTerm,
)
from ..seed import seed_need_taxonomy, seed_neighbourhoods
from .vocabulary import ACCESSIBILITY, LANGUAGES, sample_id

DEFAULT_PATH = Path(__file__).with_name("data") / "services.json"

_STATUSES = frozenset(s.value for s in ServiceStatus)
_SCOPES = frozenset(s.value for s in ServiceScope)

T = TypeVar("T")
_Existing = dict[tuple[type, str], Any]


class SampleDataError(ValueError):
    """The sample JSON names something we don't know; raised before anything half-loads silently."""


@dataclass(frozen=True)
class LoadReport:
    """How many distinct records the file holds (and now the database has, created or updated)."""

    organisations: int
    services: int
    locations: int


def read_sample(path: Path | None = None) -> dict[str, Any]:
    """The parsed sample file; read on demand so importing this module does no I/O."""
    with (path or DEFAULT_PATH).open(encoding="utf-8") as handle:
        return json.load(handle)


def load_sample(session: Session, *, path: Path | None = None) -> LoadReport:
    """Insert or update the sample organisations, services and locations, with needs and neighbourhoods."""
    data = read_sample(path)
    needs = seed_need_taxonomy(session)
    hoods = seed_neighbourhoods(session)
    raw_services: list[dict[str, Any]] = data["services"]
    # Held for the whole load (the identity map only keeps weak references); missing ids are new rows.
    existing = _prefetch(session, raw_services)

    organisations: dict[str, Organization] = {}
    locations: dict[str, Location] = {}
    with session.no_autoflush:  # one flush at the end, not one per lookup
        for raw in raw_services:
            org_raw = raw["organisation"]
            if org_raw["id"] not in organisations:
                organisations[org_raw["id"]] = _upsert_organisation(session, existing, org_raw)
            location = None
            if raw.get("location"):
                loc_raw = raw["location"]
                if loc_raw["id"] not in locations:
                    locations[loc_raw["id"]] = _upsert_location(session, existing, loc_raw)
                location = locations[loc_raw["id"]]
            _upsert_service(
                session,
                existing,
                raw,
                organisation=organisations[org_raw["id"]],
                location=location,
                needs=needs,
                hoods=hoods,
            )
    session.flush()
    return LoadReport(
        organisations=len(organisations),
        services=len(raw_services),
        locations=len(locations),
    )


# --- helpers ------------------------------------------------------------------------------------------------


def _prefetch(session: Session, raw_services: list[dict[str, Any]]) -> _Existing:
    """Existing rows and their children in a few queries, instead of one lazy load per collection."""
    service_ids = [raw["id"] for raw in raw_services]
    org_ids = {raw["organisation"]["id"] for raw in raw_services}
    location_ids = {raw["location"]["id"] for raw in raw_services if raw.get("location")}
    found: list[object] = []
    found += session.scalars(select(Organization).where(Organization.id.in_(org_ids))).all()
    found += session.scalars(
        select(Location)
        .where(Location.id.in_(location_ids))
        .options(selectinload(Location.addresses), selectinload(Location.accessibility))
    ).all()
    found += session.scalars(
        select(Service)
        .where(Service.id.in_(service_ids))
        .options(
            selectinload(Service.phones),
            selectinload(Service.languages),
            selectinload(Service.cost_options),
            selectinload(Service.schedules),
            selectinload(Service.closures),
            selectinload(Service.service_at_locations),
            selectinload(Service.attributes),
            selectinload(Service.neighbourhoods),
        )
    ).all()
    return {(type(obj), obj.id): obj for obj in found}  # type: ignore[attr-defined]


def _assign(obj: object, values: Mapping[str, Any]) -> None:
    """Set attributes that differ, so an unchanged record is not even marked as touched."""
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)


def _get_or_add(session: Session, existing: _Existing, model: Callable[..., T], record_id: str) -> T:
    obj = existing.get((model, record_id))  # type: ignore[call-overload]
    if obj is None:
        obj = model(id=record_id)
        session.add(obj)
    return obj


def _sync(
    current: list[T], wanted: Iterable[tuple[str, dict[str, Any]]], factory: Callable[..., T]
) -> list[T]:
    """Children in `wanted` order: existing rows (matched by id) updated, missing ones created."""
    by_id = {getattr(child, "id"): child for child in current}  # noqa: B009 - T is any ORM class
    result = []
    for child_id, values in wanted:
        child = by_id.get(child_id)
        if child is None:
            child = factory(id=child_id, **values)
        else:
            _assign(child, values)
        result.append(child)
    return result


def _same(current: list[Any], wanted: list[Any]) -> bool:
    """Same members; order is not stored (collections are sorted on load), so it never counts as a change."""
    return len(current) == len(wanted) and {id(c) for c in current} == {id(w) for w in wanted}


def _parse_time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _upsert_organisation(session: Session, existing: _Existing, raw: dict[str, Any]) -> Organization:
    org = _get_or_add(session, existing, Organization, raw["id"])
    _assign(
        org,
        {
            "name": raw["name"],
            "description": raw.get("description"),
            "website": raw.get("website"),
            "email": raw.get("email"),
            "is_sample": bool(raw.get("is_sample", True)),
        },
    )
    return org


def _upsert_location(session: Session, existing: _Existing, raw: dict[str, Any]) -> Location:
    location = _get_or_add(session, existing, Location, raw["id"])
    _assign(
        location,
        {
            "location_type": "physical",
            "name": raw.get("name"),
            "latitude": raw.get("lat"),
            "longitude": raw.get("lon"),
        },
    )
    address = {
        "address_1": raw["address_1"],
        "city": raw.get("city") or "Stockport",
        "state_province": "Greater Manchester",
        "postal_code": raw["postal_code"],
        "country": "GB",
        "address_type": "physical",
    }
    addresses = _sync(location.addresses, [(sample_id(location.id, "address"), address)], Address)
    if not _same(location.addresses, addresses):
        location.addresses = addresses
    unknown = sorted(set(raw.get("accessibility", [])) - set(ACCESSIBILITY))
    if unknown:
        raise SampleDataError(f"location {raw['name']!r}: unknown accessibility codes {unknown}")
    features = _sync(
        location.accessibility,
        [
            (
                sample_id(location.id, "accessibility", code),
                {"code": code, "description": ACCESSIBILITY[code]},
            )
            for code in raw.get("accessibility", [])
        ],
        Accessibility,
    )
    if not _same(location.accessibility, features):
        location.accessibility = features
    return location


def _check_service(raw: dict[str, Any], needs: Mapping[str, TaxonomyTerm], hoods: Mapping[str, Any]) -> None:
    name = raw["name"]
    problems = []
    if raw["status"] not in _STATUSES:
        problems.append(f"status {raw['status']!r}")
    if raw["scope"] not in _SCOPES:
        problems.append(f"scope {raw['scope']!r}")
    problems += [f"need {slug!r}" for slug in raw["needs"] if slug not in needs]
    problems += [f"neighbourhood {slug!r}" for slug in raw["neighbourhoods"] if slug not in hoods]
    problems += [f"language {code!r}" for code in raw.get("languages", []) if code not in LANGUAGES]
    if problems:
        raise SampleDataError(f"service {name!r}: unknown " + ", ".join(problems))


def _upsert_service(
    session: Session,
    existing: _Existing,
    raw: dict[str, Any],
    *,
    organisation: Organization,
    location: Location | None,
    needs: Mapping[str, TaxonomyTerm],
    hoods: Mapping[str, Neighbourhood],
) -> Service:
    _check_service(raw, needs, hoods)
    service = _get_or_add(session, existing, Service, raw["id"])
    _assign(
        service,
        {
            "organization": organisation,
            "name": raw["name"],
            "description": raw.get("description"),
            "url": raw.get("url"),
            "email": raw.get("email"),
            "status": raw["status"],
            "alert": raw.get("alert"),
            "scope": raw["scope"],
            "is_sample": bool(raw.get("is_sample", True)),
            "minimum_age": raw.get("minimum_age"),
            "maximum_age": raw.get("maximum_age"),
            "eligibility_description": raw.get("eligibility_description"),
            "assured_date": _parse_date(raw.get("assured_date")),
        },
    )
    sid = service.id
    _replace(service, "phones", Phone, [
        (sample_id(sid, "phone", str(i)), {"number": p["number"], "type": p.get("type"),
                                           "description": p.get("description")})
        for i, p in enumerate(raw.get("phones", []))
    ])  # fmt: skip
    _replace(service, "languages", Language, [
        (sample_id(sid, "language", code), {"code": code, "name": LANGUAGES[code]})
        for code in raw.get("languages", [])
    ])  # fmt: skip
    _replace(service, "cost_options", CostOption, [
        (sample_id(sid, "cost", str(i)), {
            "option": c.get("option"),
            "amount": None if c.get("amount") is None else Decimal(str(c["amount"])),
            "currency": "GBP",
            "amount_description": c.get("amount_description"),
        })
        for i, c in enumerate(raw.get("costs", []))
    ])  # fmt: skip
    _replace(service, "schedules", Schedule, [
        (sample_id(sid, "schedule", str(i)), {
            "freq": s.get("freq", "WEEKLY"),
            "byday": s.get("byday"),
            "opens_at": _parse_time(s.get("opens_at")),
            "closes_at": _parse_time(s.get("closes_at")),
            "description": s.get("description"),
            "attending_type": s.get("attending_type"),
            "valid_from": _parse_date(s.get("valid_from")),
            "valid_to": _parse_date(s.get("valid_to")),
        })
        for i, s in enumerate(raw.get("schedules", []))
    ])  # fmt: skip
    _replace(service, "closures", Closure, [
        (sample_id(sid, "closure", str(i)), {
            "starts_on": date.fromisoformat(c["starts_on"]),
            "ends_on": date.fromisoformat(c["ends_on"]),
            "reason": c.get("reason"),
        })
        for i, c in enumerate(raw.get("closures", []))
    ])  # fmt: skip
    at_locations = [] if location is None else [(sample_id(sid, "at", location.id), {"location": location})]
    _replace(service, "service_at_locations", ServiceAtLocation, at_locations)
    # Needs are matched by term, not id: (service, term) is unique, and an editor may have tagged it already.
    tagged = {a.taxonomy_term_id: a for a in service.attributes}
    attributes = [
        tagged.get(needs[slug].id)
        or Attribute(id=sample_id(sid, "need", slug), link_id=sid, link_type="service",
                     taxonomy_term_id=needs[slug].id)
        for slug in raw["needs"]
    ]  # fmt: skip
    if not _same(service.attributes, attributes):
        service.attributes = attributes
    wanted_hoods = [hoods[slug] for slug in raw["neighbourhoods"]]
    if not _same(service.neighbourhoods, wanted_hoods):
        service.neighbourhoods = wanted_hoods
    return service


def _replace(
    service: Service, attr: str, factory: Callable[..., T], wanted: list[tuple[str, dict[str, Any]]]
) -> None:
    """Make a child collection match `wanted`; rows no longer wanted are deleted as orphans."""
    current = getattr(service, attr)
    children = _sync(current, wanted, factory)
    if not _same(current, children):
        setattr(service, attr, children)
