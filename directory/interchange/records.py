"""Validated, normalised records: what every reader produces and the writer consumes.

Values are already in our columns' shape (dates parsed, text cleaned, ids stable). A collection or
field that is None means "the source says nothing about it: leave what we have" (the CSV template owns
only some columns); an empty list means "none" (ORUK omits empty lists, so absence there means none).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Service child collections written like-for-like; `refs` columns point at siblings and are set last.
SERVICE_COLLECTIONS = (
    "contacts",
    "phones",
    "schedules",
    "service_areas",
    "languages",
    "cost_options",
    "closures",
)


@dataclass
class Row:
    """One child row: its id, column values, and references to sibling rows (set after they exist)."""

    id: str
    values: dict[str, Any]
    refs: dict[str, str | None] = field(default_factory=dict)


@dataclass
class OrganizationData:
    id: str
    values: dict[str, Any]
    identifiers: list[Row] | None
    parent_id: str | None = None
    set_parent: bool = True
    is_sample: bool | None = None


@dataclass
class LocationData:
    id: str
    values: dict[str, Any]
    addresses: list[Row]
    accessibility: list[Row]
    organization_id: str | None = None


@dataclass
class ServiceAtLocationData:
    id: str
    location_id: str
    location: LocationData | None
    description: str | None


@dataclass
class TaxonomyData:
    id: str
    values: dict[str, Any]


@dataclass
class TermData:
    id: str
    values: dict[str, Any]
    parent_id: str | None = None
    taxonomy_id: str | None = None
    taxonomy_name: str | None = None


@dataclass
class AttributeData:
    id: str
    term_id: str
    values: dict[str, Any]


@dataclass
class NeighbourhoodData:
    id: str
    slug: str
    values: dict[str, Any]
    postcode_areas: list[str] | None


@dataclass
class ServiceData:
    id: str
    raw_id: str
    name: str
    values: dict[str, Any]
    organization_id: str
    organization: OrganizationData | None
    collections: dict[str, list[Row] | None]
    service_at_locations: list[ServiceAtLocationData] | None
    attributes: list[AttributeData] | None
    terms: list[TermData] = field(default_factory=list)
    needs: list[str] | None = None
    scope: str | None = None
    neighbourhoods: list[str] | None = None
    is_sample: bool | None = None

    def locations(self) -> list[LocationData]:
        return [sal.location for sal in self.service_at_locations or () if sal.location is not None]

    def child_ids(self) -> list[tuple[str, str]]:
        """(table, id) of every row this service owns, to catch the same id used twice in a feed."""
        result = [(name, row.id) for name, rows in self.collections.items() for row in rows or ()]
        result += [("service_at_locations", sal.id) for sal in self.service_at_locations or ()]
        result += [("attributes", attribute.id) for attribute in self.attributes or ()]
        return result
