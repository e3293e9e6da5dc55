"""Readers for where a service happens: service-at-location links, locations, addresses, accessibility."""

from __future__ import annotations

from ...places.postcodes import normalise_postcode
from ...vocabulary import ACCESSIBILITY
from ..fields import Fields
from ..ids import derived_id
from ..records import LocationData, Row, ServiceAtLocationData
from .children import schedules

PLACE_TYPES = frozenset({"physical", "postal", "virtual"})
_COUNTRY_NAMES = {
    "uk": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
}
_ACCESSIBILITY_CODES = {text.casefold(): code for code, text in ACCESSIBILITY.items()}


def service_at_locations(f: Fields, service_id: str) -> tuple[list[ServiceAtLocationData], list[Row]]:
    """The links (with their locations) and the schedules given per link (flattened, tagged with it)."""
    links: list[ServiceAtLocationData] = []
    link_schedules: list[Row] = []
    for index, s in f.each("service_at_locations", "service_at_location"):
        sal_id = s.id(
            "id", fallback=lambda index=index: derived_id(service_id, "service_at_location", str(index))
        )
        location = _location(s.child("location", "location"))
        referenced = s.ref("location_id")
        location_id = location.id if location else referenced
        if location_id is None:
            s.warning("location", "no location given: this link is ignored")
        description = s.rich("description")
        if sal_id:
            link_schedules += schedules(
                s,
                "schedules",
                derive=lambda i, sal_id=sal_id: derived_id(sal_id, "schedule", str(i)),
                sal_id=sal_id,
            )
        s.done(("service_id", "service", "attributes", "contacts", "phones"))
        if sal_id and location_id:
            links.append(ServiceAtLocationData(sal_id, location_id, location, description))
    return links, link_schedules


def _location(loc: Fields | None) -> LocationData | None:
    if loc is None:
        return None
    location_id = loc.id("id")
    latitude = loc.coordinate("latitude", limit=90)
    longitude = loc.coordinate("longitude", limit=180)
    if (latitude is None) != (longitude is None):
        kept = "latitude" if latitude is not None else "longitude"
        loc.warning(kept, "dropped as well: a point needs both a usable latitude and longitude")
        latitude = longitude = None
    values = {
        "location_type": loc.enum("location_type", PLACE_TYPES, default="physical"),
        "url": loc.url("url"),
        "name": loc.text("name"),
        "alternate_name": loc.text("alternate_name"),
        "description": loc.rich("description"),
        "transportation": loc.rich("transportation"),
        "latitude": latitude,
        "longitude": longitude,
        "external_identifier": loc.text("external_identifier", max_len=100),
        "external_identifier_type": loc.text("external_identifier_type", max_len=50),
    }
    organization_id = loc.ref("organization_id")
    if location_id is None:
        return None
    addresses = []
    for index, a in loc.each("addresses", "address"):
        row_id = a.id("id", fallback=lambda index=index: derived_id(location_id, "address", str(index)))
        values_a = {
            "attention": a.text("attention"),
            "address_1": a.text("address_1", required=True),
            "address_2": a.text("address_2"),
            "city": a.text("city", max_len=100, required=True),
            "region": a.text("region", max_len=100),
            "state_province": a.text("state_province", max_len=100) or "",
            "postal_code": _postcode(a),
            "country": _country(a),
            "address_type": a.enum("address_type", PLACE_TYPES, default="physical"),
        }
        a.done(("location_id", "attributes"))
        if row_id:
            addresses.append(Row(row_id, values_a))
    features = []
    for index, a in loc.each("accessibility", "accessibility"):
        row_id = a.id("id", fallback=lambda index=index: derived_id(location_id, "accessibility", str(index)))
        description = a.rich("description") if a.has("description") else a.rich("accessibility")
        a.used.add("accessibility")
        extension = a.child("x_around_here", "accessibility.x_around_here")
        code = extension.text("code", max_len=50) if extension else None
        if code is None and description:
            code = _ACCESSIBILITY_CODES.get(description.casefold())
        values_f = {
            "code": code,
            "description": description,
            "details": a.rich("details"),
            "url": a.url("url"),
        }
        a.done(("location_id", "attributes"))
        if row_id:
            features.append(Row(row_id, values_f))
    loc.done(("attributes", "languages", "phones", "schedules", "contacts"))
    return LocationData(location_id, values, addresses, features, organization_id)


def _postcode(a: Fields) -> str | None:
    text = a.text("postal_code", max_len=20, required=True)
    if text is None:
        return None
    canonical = normalise_postcode(text) or text.upper()
    if len(canonical) > 10:
        a.error("postal_code", f"{text!r} is longer than a postcode (10 characters)")
        return None
    return canonical


def _country(a: Fields) -> str:
    text = a.text("country", max_len=60)
    if text is None:
        return "GB"
    if len(text) == 2 and text.isalpha():
        return text.upper()
    code = _COUNTRY_NAMES.get(text.casefold())
    if code is None:
        a.error("country", f"{text!r} is not a two-letter ISO 3166 country code such as GB")
        return "GB"
    return code
