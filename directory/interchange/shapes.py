"""What kind of ORUK record a JSON object is, and how records that carry services yield them.

Publishers hand over `/services` pages, `/services/{id}` records, `/service_at_locations` records and
organisations with their services; all of those carry services. Taxonomies, organisation lists and
API descriptions do not, and are refused by name rather than half-imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_SERVICE_KEYS = frozenset(
    {
        "status",
        "organization",
        "organization_id",
        "schedules",
        "service_areas",
        "service_at_locations",
        "cost_options",
        "eligibility_description",
        "fees",
        "fees_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "alert",
        "languages",
        "x_around_here",
        "url",
    }
)
_TERM_KEYS = frozenset({"parent_id", "term_uri", "taxonomy", "taxonomy_id", "term", "code"})
_ORGANIZATION_KEYS = frozenset(
    {
        "organization_identifiers",
        "legal_status",
        "logo",
        "year_incorporated",
        "website",
        "parent_organization_id",
    }
)

KIND_NAMES = {
    "service": "a service",
    "service_at_location": "a service at a location",
    "organization": "an organisation",
    "taxonomy": "a taxonomy",
    "taxonomy_term": "a taxonomy term",
    "unknown": "not an ORUK record",
    "not an object": "not a JSON object",
}


def classify(item: Any) -> str:
    """'service', 'service_at_location', 'organization', 'taxonomy', 'taxonomy_term' or 'unknown'."""
    if not isinstance(item, dict):
        return "not an object"
    keys = set(item)
    if isinstance(item.get("service"), dict) and item["service"] and keys & {"id", "location", "location_id"}:
        return "service_at_location"
    if isinstance(item.get("services"), list) and "status" not in keys:
        return "organization"
    if keys & _SERVICE_KEYS:
        return "service"
    if "taxonomy_terms" in keys or ("version" in keys and "id" in keys):
        return "taxonomy"
    if keys & _TERM_KEYS:
        return "taxonomy_term"
    if keys & _ORGANIZATION_KEYS:
        return "organization"
    if "id" in keys and "name" in keys:
        return "service"  # a service missing its status; validation will say so
    return "unknown"


def services_in(item: Any) -> Iterator[dict[str, Any]]:
    """The service records an item carries (none for taxonomies and the like)."""
    kind = classify(item)
    if kind == "service":
        yield item
    elif kind == "service_at_location":
        yield _service_from_service_at_location(item)
    elif kind == "organization":
        organization = {key: value for key, value in item.items() if key != "services"}
        for service in item.get("services") or ():
            if isinstance(service, dict):
                yield service if "organization" in service else {**service, "organization": organization}


def _service_from_service_at_location(item: dict[str, Any]) -> dict[str, Any]:
    service = dict(item["service"])
    link = {
        key: item[key] for key in ("id", "location_id", "location", "description", "schedules") if key in item
    }
    links = [s for s in service.get("service_at_locations") or () if isinstance(s, dict)]
    if not any(existing.get("id") == link.get("id") for existing in links):
        links.append(link)
    service["service_at_locations"] = links
    return service
