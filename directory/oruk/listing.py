"""Filtered, paginated listings behind the ORUK API; the rules live here, the views stay thin.

The web app reads and checks the query string (`web.query_params`) and places the postcode; these
functions receive `ServiceFilters` of typed values and only build the queries.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    Attribute,
    Location,
    Neighbourhood,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
    service_neighbourhood,
)
from ..opening import DAY_CODES
from ..places import haversine_m
from ..queries import service_detail_options

DEFAULT_PER_PAGE = 25


@dataclass(frozen=True)
class ServiceFilters:
    """What `/services` and `/service_at_locations` were asked for, already checked; `day` 0 is Monday."""

    search: str | None = None
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    day: int | None = None
    start_time: time | None = None
    end_time: time | None = None
    modified_after: datetime | None = None
    need: str | None = None
    neighbourhood: str | None = None
    postcode: str | None = None
    proximity: int | None = None


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    def wrapper(self, contents: list[dict[str, Any]]) -> dict[str, Any]:
        """The ORUK pagination wrapper (the OpenAPI's `Page`)."""
        total_pages = max(1, math.ceil(self.total / self.per_page))
        return {
            "total_items": self.total,
            "total_pages": total_pages,
            "page_number": self.page,
            "size": len(contents),
            "first_page": self.page == 1,
            "last_page": self.page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }


def _tagged(condition: Any, *, with_term: bool = False) -> Any:
    """The service has an attribute meeting `condition` (which may name the attribute's term)."""
    joined = (Attribute.taxonomy_term_id == TaxonomyTerm.id,) if with_term else ()
    return exists().where(
        Attribute.link_id == Service.id, Attribute.link_type == "service", *joined, condition
    )


def _filtered_ids(session: Session, filters: ServiceFilters) -> Select[Any]:
    """Ids of services passing every database filter, as one flat SELECT (so ordering can use indexes)."""
    query = select(Service.id).where(
        Service.status != ServiceStatus.DEFUNCT.value,
        Service.archived_at.is_(None),
        Service.stale_hidden_at.is_(None),
    )
    if filters.taxonomy_term_id:
        term = filters.taxonomy_term_id
        children = select(TaxonomyTerm.id).where(TaxonomyTerm.parent_id == term)
        query = query.where(
            _tagged(or_(Attribute.taxonomy_term_id == term, Attribute.taxonomy_term_id.in_(children)))
        )
    if filters.taxonomy_id:
        query = query.where(_tagged(TaxonomyTerm.taxonomy_id == filters.taxonomy_id, with_term=True))
    if filters.need:
        query = query.where(_tagged(TaxonomyTerm.code == filters.need, with_term=True))
    if filters.minimum_age is not None:  # services that accept someone this old or older
        query = query.where(or_(Service.maximum_age.is_(None), Service.maximum_age >= filters.minimum_age))
    if filters.maximum_age is not None:  # services that accept someone this young or younger
        query = query.where(or_(Service.minimum_age.is_(None), Service.minimum_age <= filters.maximum_age))
    if filters.modified_after is not None:
        query = query.where(Service.last_modified > filters.modified_after)
    if filters.neighbourhood:
        query = query.where(
            or_(
                Service.scope.in_(("borough", "national")),
                exists().where(
                    service_neighbourhood.c.service_id == Service.id,
                    service_neighbourhood.c.neighbourhood_id == Neighbourhood.id,
                    Neighbourhood.slug == filters.neighbourhood,
                ),
            )
        )
    if filters.day is not None or filters.start_time or filters.end_time:
        conditions = [Schedule.service_id == Service.id]
        if filters.day is not None:
            conditions.append(Schedule.byday.contains(DAY_CODES[filters.day]))
        if filters.end_time:
            conditions.append(Schedule.opens_at < filters.end_time)
        if filters.start_time:
            conditions.append(Schedule.closes_at > filters.start_time)
        query = query.where(exists().where(and_(*conditions)))
    return query


def _nearest_location_distance(
    session: Session, ids: Sequence[str], point: tuple[float, float]
) -> dict[str, float]:
    rows = session.execute(
        select(ServiceAtLocation.service_id, Location.latitude, Location.longitude)
        .join(Location, Location.id == ServiceAtLocation.location_id)
        .where(ServiceAtLocation.service_id.in_(list(ids)), Location.latitude.is_not(None))
    )
    best: dict[str, float] = {}
    for service_id, lat, lon in rows:
        distance = haversine_m(point[0], point[1], lat, lon)
        if distance < best.get(service_id, math.inf):
            best[service_id] = distance
    return best


def has_database_filters(filters: ServiceFilters) -> bool:
    return any(
        value is not None
        for value in (filters.taxonomy_term_id, filters.taxonomy_id, filters.minimum_age, filters.maximum_age,
                      filters.day, filters.start_time, filters.end_time, filters.modified_after, filters.need,
                      filters.neighbourhood)
    )  # fmt: skip


def load_page(session: Session, page_ids: Sequence[str]) -> list[Service]:
    services = {
        s.id: s
        for s in session.scalars(
            select(Service).where(Service.id.in_(list(page_ids))).options(selectinload(Service.organization))
        )
    }
    return [services[i] for i in page_ids if i in services]


def list_services(
    session: Session,
    filters: ServiceFilters,
    *,
    ranked_ids: Sequence[str] | None = None,
    point: tuple[float, float] | None = None,
) -> Page:
    """Services matching every filter (AND); ordered by search rank, distance from `point`, or name."""
    start = (filters.page - 1) * filters.per_page
    candidates = _filtered_ids(session, filters)
    if ranked_ids is None and point is None:
        # The common case, paged in the database: no need to hold every id in memory.
        total = session.scalar(select(func.count()).select_from(candidates.subquery())) or 0
        page_ids = list(
            session.scalars(
                candidates.order_by(Service.name, Service.id).offset(start).limit(filters.per_page)
            )
        )
        return Page(load_page(session, page_ids), total, filters.page, filters.per_page)
    if ranked_ids is not None:
        if has_database_filters(filters):
            allowed = set(session.scalars(candidates))
            ordered = [i for i in ranked_ids if i in allowed]
        else:
            ordered = list(ranked_ids)
    else:
        ordered = list(session.scalars(candidates.order_by(Service.name, Service.id)))
    if point is not None:
        distances: dict[str, float] = {}
        for chunk in range(0, len(ordered), 900):
            distances.update(_nearest_location_distance(session, ordered[chunk : chunk + 900], point))
        if filters.proximity is not None:
            ordered = [i for i in ordered if distances.get(i, math.inf) <= filters.proximity]
        if ranked_ids is None:
            ordered.sort(key=lambda i: distances.get(i, math.inf))
    page_ids = ordered[start : start + filters.per_page]
    return Page(load_page(session, page_ids), len(ordered), filters.page, filters.per_page)


def list_service_at_locations(
    session: Session,
    filters: ServiceFilters,
    *,
    ranked_ids: Sequence[str] | None = None,
    point: tuple[float, float] | None = None,
) -> Page:
    """Service-at-location rows for services matching the filters, nearest `point` first when given."""
    allowed = set(session.scalars(_filtered_ids(session, filters)))
    if ranked_ids is not None:
        rank = {service_id: position for position, service_id in enumerate(ranked_ids)}
        allowed &= set(rank)
    else:
        rank = {}
    rows = list(
        session.execute(
            select(ServiceAtLocation.id, ServiceAtLocation.service_id, Location.latitude, Location.longitude)
            .join(Location, Location.id == ServiceAtLocation.location_id)
            .join(Service, Service.id == ServiceAtLocation.service_id)
            .where(ServiceAtLocation.service_id.in_(allowed))
            .order_by(Service.name, ServiceAtLocation.id)
        )
    )
    if point is not None:
        with_distance = [
            (row, haversine_m(point[0], point[1], row[2], row[3]) if row[2] is not None else math.inf)
            for row in rows
        ]
        if filters.proximity is not None:
            with_distance = [(row, d) for row, d in with_distance if d <= filters.proximity]
        with_distance.sort(key=lambda item: (rank.get(item[0][1], 0), item[1]))
        ordered = [row[0] for row, _d in with_distance]
    else:
        ordered = [row[0] for row in sorted(rows, key=lambda r: rank.get(r[1], 0))]
    start = (filters.page - 1) * filters.per_page
    page_ids = ordered[start : start + filters.per_page]
    records = {
        r.id: r
        for r in session.scalars(
            select(ServiceAtLocation)
            .where(ServiceAtLocation.id.in_(page_ids))
            .options(
                selectinload(ServiceAtLocation.location),
                selectinload(ServiceAtLocation.service).selectinload(Service.organization),
            )
        )
    }
    return Page([records[i] for i in page_ids if i in records], len(ordered), filters.page, filters.per_page)


def get_service_at_location(session: Session, record_id: str) -> ServiceAtLocation | None:
    return session.scalar(
        select(ServiceAtLocation)
        .where(ServiceAtLocation.id == record_id)
        .options(
            selectinload(ServiceAtLocation.location).options(
                selectinload(Location.addresses), selectinload(Location.accessibility)
            ),
            selectinload(ServiceAtLocation.service).options(*service_detail_options()),
        )
    )
