"""Database queries used by more than one caller, kept in one place."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from .models import (
    NEEDS_TAXONOMY_NAME,
    Accessibility,
    Attribute,
    Language,
    Location,
    Neighbourhood,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceScope,
    Taxonomy,
    TaxonomyTerm,
    visible_services,
)
from .needs import NEED_SLUGS


def service_detail_options() -> list[ExecutableOption]:
    """Eager loads for a full service record, so rendering never issues N+1 queries."""
    return [
        selectinload(Service.organization).selectinload(Organization.identifiers),
        selectinload(Service.phones),
        selectinload(Service.contacts),
        selectinload(Service.languages),
        selectinload(Service.cost_options),
        selectinload(Service.schedules),
        selectinload(Service.closures),
        selectinload(Service.service_areas),
        selectinload(Service.attributes),
        selectinload(Service.neighbourhoods),
        selectinload(Service.service_at_locations)
        .selectinload(ServiceAtLocation.location)
        .options(selectinload(Location.addresses), selectinload(Location.accessibility)),
    ]


def services_by_ids(session: Session, ids: Sequence[str]) -> list[Service]:
    """Services for `ids`, in the same order, skipping ids that no longer exist."""
    if not ids:
        return []
    rows = session.scalars(
        select(Service).where(Service.id.in_(list(ids))).options(*service_detail_options())
    )
    by_id = {s.id: s for s in rows}
    return [by_id[i] for i in ids if i in by_id]


def get_service(session: Session, service_id: str, *, withdrawn: bool = False) -> Service | None:
    """A service with its details. Archived and out-of-date (hidden) listings are withdrawn from the
    public, so they are found only with `withdrawn=True` (the portal's own views)."""
    query = select(Service).where(Service.id == service_id).options(*service_detail_options())
    if not withdrawn:
        query = query.where(Service.archived_at.is_(None), Service.stale_hidden_at.is_(None))
    return session.scalar(query)


def iter_services(session: Session, *, batch_size: int = 500) -> Iterator[list[Service]]:
    """All services in id order, a batch at a time, to bound memory on large directories."""
    last_id = ""
    while True:
        batch = list(
            session.scalars(
                select(Service)
                .where(Service.id > last_id)
                .order_by(Service.id)
                .limit(batch_size)
                .options(*service_detail_options())
            )
        )
        if not batch:
            return
        yield batch
        last_id = batch[-1].id
        session.expunge_all()


def count_services(session: Session, *, active_only: bool = False) -> int:
    query = select(func.count()).select_from(Service)
    if active_only:
        query = query.where(visible_services())
    return session.scalar(query) or 0


def neighbourhoods(session: Session) -> list[Neighbourhood]:
    return list(session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))


def neighbourhood_by_slug(session: Session, slug: str) -> Neighbourhood | None:
    return session.scalar(select(Neighbourhood).where(Neighbourhood.slug == slug))


def taxonomies(session: Session) -> Iterable[Taxonomy]:
    return session.scalars(select(Taxonomy).order_by(Taxonomy.name))


@dataclass(frozen=True)
class ServiceLink:
    """Just enough of a service to list and link it."""

    id: str
    name: str
    scope: str


@dataclass(frozen=True)
class NeedGroup:
    need: str
    services: list[ServiceLink]


def _serves(hood: Neighbourhood) -> object:
    """Active services serving `hood`: linked to it, or borough-wide or national (those serve all)."""
    return visible_services() & or_(
        Service.scope.in_((ServiceScope.BOROUGH.value, ServiceScope.NATIONAL.value)),
        Service.neighbourhoods.any(Neighbourhood.id == hood.id),
    )


def neighbourhood_services_by_need(session: Session, hood: Neighbourhood) -> tuple[list[NeedGroup], int]:
    """The active services serving `hood`, grouped by need in the vocabulary's order (local ones first,
    then borough-wide, then national, each by name), and how many distinct services that is."""
    scope_order = case(
        (Service.scope == ServiceScope.LOCAL.value, 0),
        (Service.scope == ServiceScope.BOROUGH.value, 1),
        else_=2,
    )
    rows = session.execute(
        select(TaxonomyTerm.code, Service.id, Service.name, Service.scope)
        .join(Attribute, (Attribute.link_id == Service.id) & (Attribute.link_type == "service"))
        .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
        .join(Taxonomy, Taxonomy.id == TaxonomyTerm.taxonomy_id)
        .where(Taxonomy.name == NEEDS_TAXONOMY_NAME, _serves(hood))
        .order_by(scope_order, Service.name, Service.id)
    )
    groups: dict[str, list[ServiceLink]] = {slug: [] for slug in NEED_SLUGS}
    seen: set[str] = set()
    for code, service_id, name, scope in rows:
        if code in groups and all(link.id != service_id for link in groups[code]):
            groups[code].append(ServiceLink(service_id, name, scope))
            seen.add(service_id)
    total = session.scalar(select(func.count()).select_from(Service).where(_serves(hood))) or 0
    return [NeedGroup(slug, links) for slug, links in groups.items() if links], max(total, len(seen))


def languages_offered(session: Session) -> list[str]:
    """Language codes that active services say they offer, for the search filter."""
    codes = session.scalars(
        select(func.lower(Language.code))
        .join(Service, Service.id == Language.service_id)
        .where(visible_services(), Language.code.is_not(None))
        .distinct()
    )
    return sorted({code for code in codes if code})


def accessibility_offered(session: Session) -> list[str]:
    """Accessibility codes recorded at the locations of active services, for the search filter."""
    codes = session.scalars(
        select(Accessibility.code)
        .join(ServiceAtLocation, ServiceAtLocation.location_id == Accessibility.location_id)
        .join(Service, Service.id == ServiceAtLocation.service_id)
        .where(visible_services(), Accessibility.code.is_not(None))
        .distinct()
    )
    return sorted({code for code in codes if code})


@dataclass(frozen=True)
class ServicePoint:
    """One place on a map: a service at one of its locations that has coordinates."""

    service_id: str
    service_name: str
    location_name: str | None
    latitude: float
    longitude: float


def service_points(session: Session, ids: Sequence[str]) -> list[ServicePoint]:
    """Where the services in `ids` are, in the order of `ids` (a service at several places has several
    points; one without coordinates has none). Callers pass services they already show."""
    if not ids:
        return []
    rows = session.execute(
        select(Service.id, Service.name, Location.name, Location.latitude, Location.longitude)
        .join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(Service.id.in_(list(ids)), Location.latitude.is_not(None), Location.longitude.is_not(None))
        .order_by(Location.name, Location.id)
    )
    order = {service_id: position for position, service_id in enumerate(ids)}
    points = [ServicePoint(*row) for row in rows]
    return sorted(points, key=lambda point: order[point.service_id])
