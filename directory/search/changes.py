"""Record which services an edit touches, in the edit's own transaction (the search change log).

This listener only *records* ids as `IndexChange` rows during flush; it never touches the index. Every
node's `IndexUpdater` applies the log after commit, each to its own index, remembering its position.

Ordering. A log that every node follows with one number (the last position applied) needs positions
that become visible in increasing order. A sequence value taken at insert does not give that on
PostgreSQL: two transactions may take 10 and 11 and commit 11 first, so a node that applied 11 would
skip 10 for ever. Instead rows are inserted without a position, and just before the transaction commits
`_seal` numbers them while holding a transaction-scoped advisory lock, released only once the commit is
visible. Positions therefore appear strictly in order, and a reader needs no grace period or re-read
window (a grace period would lose the changes of any transaction that ran longer than it, such as a
large import). The price is that commits which touched search take turns for the moment between
numbering and commit. SQLite already admits one writer at a time (see `_seal`).
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, func, select, text, update
from sqlalchemy.orm import Session, SessionTransaction

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
POSITION_SEQUENCE = "search_change_position"  # PostgreSQL only; created by migration 0010
# Any fixed 64-bit number, unique among the application's advisory locks.
ORDER_LOCK = 0x5EA2C4_10C
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
    if any(isinstance(obj, IndexChange) for obj in session.new):  # written directly (importer)
        session.info[PENDING_KEY] = True
    if not touched:
        return
    # Duplicates across flushes are harmless (the updater de-duplicates); tracking them would go
    # wrong when a savepoint rolls back.
    for service_id in sorted(touched):
        session.add(IndexChange(service_id=service_id))
    session.info[PENDING_KEY] = True


def _seal(session: Session) -> None:
    """Give this transaction's log rows their positions, in commit order (see the module docstring)."""
    if session.in_nested_transaction():
        return
    session.flush()  # the commit's own flush comes after this hook: its rows must be numbered too
    if not session.info.get(PENDING_KEY):
        return
    unsealed = update(IndexChange).where(IndexChange.position.is_(None))
    options = {"synchronize_session": False}
    if session.connection().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ORDER_LOCK})
        session.execute(unsealed.values(position=func.nextval(POSITION_SEQUENCE)), execution_options=options)
    else:
        # SQLite admits one writer at a time, so numbering in the write transaction is in commit order.
        # Positions start from the clock (microseconds) rather than 1: a rolled-back transaction also
        # rolls back SQLite's counters, and a position an index has already recorded (the test suite
        # reads inside transactions it then rolls back; a database restored from a backup) must never
        # be handed out again.
        first = session.scalar(select(func.min(IndexChange.id)).where(IndexChange.position.is_(None)))
        if first is None:
            return
        latest = session.scalar(select(func.max(IndexChange.position))) or 0
        base = max(latest + 1, time.time_ns() // 1000)
        session.execute(unsealed.values(position=IndexChange.id + (base - first)), execution_options=options)


def _after_commit(session: Session) -> None:
    if session.info.get(PENDING_KEY) and not session.in_nested_transaction():
        for callback in list(_after_commit_callbacks):
            callback()


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    # Only the outermost transaction forgets: a savepoint rolled back inside it may have been one of
    # several flushes that wrote rows, and an extra `_seal` finds nothing to number.
    if transaction.parent is None:
        session.info.pop(PENDING_KEY, None)


_after_commit_callbacks: list[Any] = []


def install() -> None:
    """Listen on every Session (idempotent), so no writer can forget to queue its changes."""
    global _installed
    if _installed:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "before_commit", _seal)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_transaction_end", _after_transaction_end)
    _installed = True


def on_commit(callback: Any) -> None:
    """Run `callback()` after any commit that queued index changes (e.g. wake the indexer)."""
    if callback not in _after_commit_callbacks:
        _after_commit_callbacks.append(callback)


def remove_on_commit(callback: Any) -> None:
    if callback in _after_commit_callbacks:
        _after_commit_callbacks.remove(callback)
