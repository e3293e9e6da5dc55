"""Every visible service's search document, read from the database in batches for a full rebuild.

A rebuild reads the whole directory, so it loads only what `service_document` reads (not the
phones, contacts, addresses and areas a service page shows) and filters hidden services in SQL.
When a document field starts reading another relationship, add it to `document_load_options`, or
each service will load it with a query of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from ..models import Attribute, Location, Service, ServiceAtLocation, visible_services
from .documents import is_searchable, service_document

BATCH = 1000


def document_load_options() -> list[ExecutableOption]:
    return [
        selectinload(Service.organization),
        selectinload(Service.languages),
        selectinload(Service.cost_options),
        selectinload(Service.schedules),
        selectinload(Service.closures),
        selectinload(Service.attributes).joinedload(Attribute.taxonomy_term),
        selectinload(Service.neighbourhoods),
        selectinload(Service.service_at_locations)
        .selectinload(ServiceAtLocation.location)
        .selectinload(Location.accessibility),
    ]


def iter_documents(session: Session, *, batch_size: int = BATCH) -> Iterator[dict[str, Any]]:
    """Documents in service id order; each batch is dropped from the session once turned into documents."""
    last_id = ""
    while True:
        batch = list(
            session.scalars(
                select(Service)
                .where(Service.id > last_id, visible_services())
                .order_by(Service.id)
                .limit(batch_size)
                .options(*document_load_options())
            )
        )
        if not batch:
            return
        documents = [service_document(service) for service in batch if is_searchable(service)]
        last_id = batch[-1].id
        session.expunge_all()
        yield from documents
