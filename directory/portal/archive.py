"""Deleting a listing is archiving it: withdrawn at once, removed for good 30 days later.

Archiving sets `Service.archived_at`; the public pages, the APIs and search leave archived services out
(`Service.is_visible`), and the change queue takes the service out of the search index after commit.
Within 30 days the archive can be undone; after that `purge_archived` (run by
`flask directory purge-archived`) deletes the service and everything that only existed for it.

Who may do it: council administrators, moderators and the administrators of the service's organisation.
An organisation's editors may not (`NotAllowed`); anyone else is told the service does not exist
(`NotFound`), so nobody learns of another organisation's listings. Like `directory.portal.revisions`, these
functions change the caller's session and flush; the caller owns the transaction and commits.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import (
    ListingReport,
    Location,
    Membership,
    MembershipRole,
    ReviewReminder,
    RevisionStatus,
    Service,
    ServiceAtLocation,
    ServiceRevision,
    User,
)
from .accounts import can_moderate, is_council_admin, organization_role

PURGE_AFTER_DAYS = 30
log = logging.getLogger(__name__)


class NotAllowed(Exception):
    """The user belongs to the service's organisation but may not archive it (an editor)."""


class NotFound(Exception):
    """No such service, or not one the user may see; or too late to undo the archive."""


def may_archive(session: Session, user: User | None, service: Service) -> bool:
    """Whether `user` may archive `service` or undo its archive."""
    if user is None or not user.is_active:
        return False
    if is_council_admin(user) or can_moderate(user):
        return True
    return organization_role(session, user, service.organization_id) == MembershipRole.ORG_ADMIN.value


def _service_for(session: Session, user: User, service_id: str) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound()
    if may_archive(session, user, service):
        return service
    if organization_role(session, user, service.organization_id) is None:
        raise NotFound()  # another organisation's service: never reveal that it exists
    raise NotAllowed()


def archived_service(session: Session, user: User, service_id: str) -> Service:
    """The service if `user` may archive it or undo its archive; raises `NotFound` or `NotAllowed`."""
    return _service_for(session, user, service_id)


def removal_date(service: Service) -> datetime | None:
    """When an archived service is removed for good (the first purge after this moment removes it)."""
    if service.archived_at is None:
        return None
    return service.archived_at + timedelta(days=PURGE_AFTER_DAYS)


def _record(session: Session, service: Service, user: User, kind: str, now: datetime) -> ServiceRevision:
    archived = kind == "archive"
    revision = ServiceRevision(
        service_id=service.id,
        author_id=user.id,
        created_at=now,
        status=RevisionStatus.APPROVED.value,
        kind=kind,
        changes=json.dumps({"archived": archived}),
        before=json.dumps({"archived": not archived}),
        decided_at=now,
        note="",
    )
    session.add(revision)
    return revision


def archive(session: Session, *, user: User, service_id: str, now: datetime) -> ServiceRevision | None:
    """Withdraw a service from the public now; None if it was archived already (nothing changes)."""
    service = _service_for(session, user, service_id)
    if service.archived_at is not None:
        return None
    service.archived_at = now
    revision = _record(session, service, user, "archive", now)
    session.flush()  # the change queue records the service, so search drops it after commit
    return revision


def unarchive(session: Session, *, user: User, service_id: str, now: datetime) -> ServiceRevision | None:
    """Undo an archive within 30 days; None if the service is not archived; `NotFound` when too late."""
    service = _service_for(session, user, service_id)
    if service.archived_at is None:
        return None
    removal = removal_date(service)
    assert removal is not None
    if now > removal:
        raise NotFound()  # due to be removed for good: the next purge deletes it
    service.archived_at = None
    revision = _record(session, service, user, "unarchive", now)
    session.flush()
    return revision


def archived_services(session: Session, user: User) -> list[Service]:
    """The archived services `user` can see: every one for council staff, else their organisations'."""
    query = select(Service).where(Service.archived_at.is_not(None))
    if not (is_council_admin(user) or can_moderate(user)):
        query = query.where(
            Service.organization_id.in_(
                select(Membership.organization_id).where(Membership.user_id == user.id)
            )
        )
    return list(session.scalars(query.order_by(Service.archived_at, Service.name, Service.id)))


def purge_archived(session: Session, *, now: datetime, days: int = PURGE_AFTER_DAYS) -> int:
    """Delete for good the services archived more than `days` days before `now`; how many went.

    Safe to run again: a second run finds nothing left to delete. The services are deleted through the
    session, so their own rows go with them and the change queue takes them out of the search index;
    their revisions, reports and reminders are deleted too, and so are locations no other service uses.
    """
    cutoff = now - timedelta(days=days)
    services = list(
        session.scalars(
            select(Service)
            .where(Service.archived_at.is_not(None), Service.archived_at < cutoff)
            .order_by(Service.id)
        )
    )
    if not services:
        return 0
    ids = [service.id for service in services]
    location_ids = set(
        session.scalars(select(ServiceAtLocation.location_id).where(ServiceAtLocation.service_id.in_(ids)))
    )
    for model in (ServiceRevision, ListingReport, ReviewReminder):
        session.execute(delete(model).where(model.service_id.in_(ids)))
    for service in services:
        session.delete(service)
    session.flush()
    if location_ids:
        still_used = select(ServiceAtLocation.id).where(ServiceAtLocation.location_id == Location.id)
        for location in session.scalars(
            select(Location).where(Location.id.in_(location_ids), ~still_used.exists())
        ):
            session.delete(location)
        session.flush()
    log.info("removed %s archived services for good", len(services))
    return len(services)
