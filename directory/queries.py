"""Database queries used by more than one caller, kept in one place."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from .models import Location, Neighbourhood, Organization, Service, ServiceAtLocation, ServiceStatus, Taxonomy


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


def get_service(session: Session, service_id: str) -> Service | None:
    return session.scalar(select(Service).where(Service.id == service_id).options(*service_detail_options()))


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
        query = query.where(Service.status == ServiceStatus.ACTIVE.value)
    return session.scalar(query) or 0


def neighbourhoods(session: Session) -> list[Neighbourhood]:
    return list(session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))


def neighbourhood_by_slug(session: Session, slug: str) -> Neighbourhood | None:
    return session.scalar(select(Neighbourhood).where(Neighbourhood.slug == slug))


def taxonomies(session: Session) -> Iterable[Taxonomy]:
    return session.scalars(select(Taxonomy).order_by(Taxonomy.name))
