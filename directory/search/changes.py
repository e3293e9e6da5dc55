"""Record which services an edit touches, in the edit's own transaction (the change queue).

This listener only *records* ids as `IndexChange` rows during flush; it never touches the index. The
`IndexUpdater` applies queued changes after commit, with one writer at a time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..models import (
    Accessibility,
    Address,
    Attribute,
    IndexChange,
    Location,
    Neighbourhood,
    Organization,
    Service,
    ServiceAtLocation,
    new_id,
)

PENDING_KEY = "around_here_index_pending"
_installed = False


def _services_for(session: Session, obj: Any) -> set[str]:
    if isinstance(obj, Service):
        if obj.id is None:
            obj.id = new_id()
        return {obj.id}
    if isinstance(obj, Attribute):
        return {obj.link_id} if obj.link_type == "service" and obj.link_id else set()
    if isinstance(obj, Organization):
        if obj.id is None:
            return set()
        return set(session.scalars(select(Service.id).where(Service.organization_id == obj.id)))
    if isinstance(obj, Address | Accessibility):
        location_id = obj.location_id or (obj.location.id if obj.location is not None else None)
        return _services_at(session, location_id)
    if isinstance(obj, Location):
        return _services_at(session, obj.id)
    if isinstance(obj, ServiceAtLocation):
        return {obj.service_id or (obj.service.id if obj.service is not None else None)} - {None}
    if isinstance(obj, Neighbourhood):
        return {s.id for s in obj.services if s.id}
    service_id = getattr(obj, "service_id", None)
    if service_id:
        return {service_id}
    service = getattr(obj, "service", None)
    if isinstance(service, Service) and service.id:
        return {service.id}
    return set()


def _services_at(session: Session, location_id: str | None) -> set[str]:
    if not location_id:
        return set()
    return set(
        session.scalars(
            select(ServiceAtLocation.service_id).where(ServiceAtLocation.location_id == location_id)
        )
    )


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    touched: set[str] = set()
    with session.no_autoflush:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, IndexChange):
                continue
            if obj in session.dirty and not session.is_modified(obj):
                continue
            touched |= _services_for(session, obj)
    touched.discard(None)  # type: ignore[arg-type]
    if not touched:
        return
    # Duplicates across flushes are harmless (the updater de-duplicates); tracking them would go
    # wrong when a savepoint rolls back.
    for service_id in sorted(touched):
        session.add(IndexChange(service_id=service_id))
    session.info[PENDING_KEY] = True


def _after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING_KEY, None)
    if pending:
        for callback in list(_after_commit_callbacks):
            callback()


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


_after_commit_callbacks: list[Any] = []


def install() -> None:
    """Listen on every Session (idempotent), so no writer can forget to queue its changes."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
    _installed = True


def on_commit(callback: Any) -> None:
    """Run `callback()` after any commit that queued index changes (e.g. wake the indexer)."""
    if callback not in _after_commit_callbacks:
        _after_commit_callbacks.append(callback)


def remove_on_commit(callback: Any) -> None:
    if callback in _after_commit_callbacks:
        _after_commit_callbacks.remove(callback)
