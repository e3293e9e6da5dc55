"""What moderators need to see at a glance: the work waiting, and listings going stale.

Counts only; nothing here changes the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    ClaimStatus,
    ListingReport,
    Neighbourhood,
    OrganizationClaim,
    ReportStatus,
    RevisionStatus,
    Service,
    ServiceRevision,
    ServiceStatus,
    service_neighbourhood,
)
from .freshness import DEFAULT_POLICY, Policy, cycle_start

NO_NEIGHBOURHOOD = "none"  # the row for borough-wide services and those with no neighbourhood set


@dataclass(frozen=True)
class Queues:
    pending_revisions: int
    open_reports: int
    pending_claims: int


@dataclass(frozen=True)
class NeighbourhoodFreshness:
    slug: str  # NO_NEIGHBOURHOOD for services without one
    name: str | None  # None for the NO_NEIGHBOURHOOD row (the view names it)
    overdue: int  # past their review date and still shown
    hidden: int  # hidden from residents as out of date


def _count(session: Session, query: object) -> int:
    return int(session.scalar(query) or 0)  # type: ignore[call-overload]


def queues(session: Session) -> Queues:
    return Queues(
        pending_revisions=_count(
            session,
            select(func.count(ServiceRevision.id)).where(
                ServiceRevision.status == RevisionStatus.PENDING.value
            ),
        ),
        open_reports=_count(
            session,
            select(func.count(ListingReport.id)).where(ListingReport.status == ReportStatus.OPEN.value),
        ),
        pending_claims=_count(
            session,
            select(func.count(OrganizationClaim.id)).where(
                OrganizationClaim.status == ClaimStatus.PENDING.value
            ),
        ),
    )


def _overdue(today: date, policy: Policy) -> ColumnElement[bool]:
    """SQL for "the last confirmation (or creation, if never confirmed) is older than the review age"."""
    cutoff = today - timedelta(days=policy.review_after_days)  # overdue when the cycle began before it
    cutoff_time = datetime(cutoff.year, cutoff.month, cutoff.day, tzinfo=UTC)
    return or_(
        Service.assured_date < cutoff,
        and_(Service.assured_date.is_(None), Service.created_at < cutoff_time),
    )


def _live() -> ColumnElement[bool]:
    return and_(
        Service.archived_at.is_(None),
        Service.status.in_((ServiceStatus.ACTIVE.value, ServiceStatus.TEMPORARILY_CLOSED.value)),
    )


def _stale(today: date, policy: Policy) -> ColumnElement[bool]:
    return and_(_live(), or_(Service.stale_hidden_at.is_not(None), _overdue(today, policy)))


def freshness_by_neighbourhood(
    session: Session, today: date, policy: Policy = DEFAULT_POLICY
) -> list[NeighbourhoodFreshness]:
    """Per neighbourhood (by name), how many listings are overdue and how many are hidden; the
    services with no neighbourhood last. Neighbourhoods with neither are left out."""
    hidden = Service.stale_hidden_at.is_not(None)
    rows = session.execute(
        select(
            Neighbourhood.slug,
            Neighbourhood.name,
            func.count(Service.id).filter(~hidden),
            func.count(Service.id).filter(hidden),
        )
        .select_from(Service)
        .outerjoin(service_neighbourhood, service_neighbourhood.c.service_id == Service.id)
        .outerjoin(Neighbourhood, Neighbourhood.id == service_neighbourhood.c.neighbourhood_id)
        .where(_stale(today, policy))
        .group_by(Neighbourhood.slug, Neighbourhood.name)
    ).all()
    result = [
        NeighbourhoodFreshness(slug or NO_NEIGHBOURHOOD, name, int(overdue), int(hidden_count))
        for slug, name, overdue, hidden_count in rows
    ]
    return sorted(result, key=lambda row: (row.name is None, row.name or ""))


def stale_services(
    session: Session, today: date, *, neighbourhood: str | None = None, policy: Policy = DEFAULT_POLICY
) -> list[Service]:
    """The listings overdue for review or hidden, oldest confirmation first; `neighbourhood` is a slug,
    or NO_NEIGHBOURHOOD for those without one."""
    query = (
        select(Service)
        .where(_stale(today, policy))
        .options(selectinload(Service.organization), selectinload(Service.neighbourhoods))
    )
    if neighbourhood == NO_NEIGHBOURHOOD:
        query = query.where(~Service.neighbourhoods.any())
    elif neighbourhood:
        query = query.where(Service.neighbourhoods.any(Neighbourhood.slug == neighbourhood))
    services = list(session.scalars(query))
    return sorted(services, key=lambda s: (cycle_start(s), s.name, s.id))
