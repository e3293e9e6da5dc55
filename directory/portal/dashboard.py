"""What the portal's homes show at a glance: the work waiting, listings going stale, where each of a
volunteer's listings stands, and the staff's searchable list of every listing.

Reads only; nothing here changes the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    Attribute,
    ClaimStatus,
    ListingReport,
    Neighbourhood,
    Organization,
    OrganizationClaim,
    ReportStatus,
    RevisionStatus,
    Service,
    ServiceRevision,
    ServiceStatus,
    TaxonomyTerm,
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


# -- where a listing stands (the volunteer's home) ---------------------------------------------------

WAITING = "waiting"  # a change waits for a moderator
CHANGES_ASKED = "changes_asked"  # the latest change was turned down: the moderator asked for another
HIDDEN = "hidden"  # hidden from residents until someone confirms it
REVIEW_DUE = "review_due"  # past its review date
PUBLISHED = "published"  # shown as it is, nothing waiting


def edit_states(session: Session, service_ids: list[str]) -> dict[str, str]:
    """WAITING or CHANGES_ASKED for the listings whose latest sent change is pending or turned down;
    the others are left out (their state comes from freshness: `listing_state`)."""
    if not service_ids:
        return {}
    rows = session.execute(
        select(ServiceRevision.service_id, ServiceRevision.status)
        .where(ServiceRevision.service_id.in_(service_ids), ServiceRevision.kind == "edit")
        .order_by(ServiceRevision.created_at, ServiceRevision.id)
    ).all()
    latest: dict[str, str] = {}
    waiting: set[str] = set()
    for service_id, status in rows:
        latest[service_id] = status
        if status == RevisionStatus.PENDING.value:
            waiting.add(service_id)
    states = {sid: CHANGES_ASKED for sid, status in latest.items() if status == RevisionStatus.REJECTED.value}
    states.update(dict.fromkeys(waiting, WAITING))
    return states


def listing_state(edit_state: str | None, *, hidden: bool, overdue: bool) -> str:
    """The one state a volunteer is told first: work waiting on someone beats the review date."""
    if edit_state is not None:
        return edit_state
    if hidden:
        return HIDDEN
    return REVIEW_DUE if overdue else PUBLISHED


# -- the staff's list of every listing ----------------------------------------------------------------

STATUS_FILTERS = ("waiting", "active", "temporarily_closed", "archived")
FRESHNESS_FILTERS = ("current", "overdue", "hidden")
PAGE_SIZE = 25
MAX_TEXT = 200


@dataclass(frozen=True)
class ListingFilters:
    """What the staff asked for; unknown values are dropped by `clean` (a hand-made URL is not an error)."""

    text: str = ""
    neighbourhood: str = ""  # a slug, or NO_NEIGHBOURHOOD
    need: str = ""  # a need slug
    status: str = ""  # one of STATUS_FILTERS
    freshness: str = ""  # one of FRESHNESS_FILTERS
    organisation: str = ""  # an organisation id

    def clean(self, *, neighbourhoods: set[str], needs: set[str]) -> ListingFilters:
        return ListingFilters(
            text=" ".join(self.text.split())[:MAX_TEXT],
            neighbourhood=self.neighbourhood
            if self.neighbourhood in neighbourhoods or self.neighbourhood == NO_NEIGHBOURHOOD
            else "",
            need=self.need if self.need in needs else "",
            status=self.status if self.status in STATUS_FILTERS else "",
            freshness=self.freshness if self.freshness in FRESHNESS_FILTERS else "",
            organisation=self.organisation[:64],
        )


@dataclass(frozen=True)
class ListingPage:
    services: list[Service]
    total: int
    page: int  # 1-based, within 1..pages
    pages: int
    waiting: set[str]  # ids of the services on this page with a change waiting


def _pending_change() -> ColumnElement[bool]:
    return Service.id.in_(
        select(ServiceRevision.service_id).where(ServiceRevision.status == RevisionStatus.PENDING.value)
    )


def _listing_query(filters: ListingFilters, today: date, policy: Policy):  # type: ignore[no-untyped-def]
    query = select(Service).join(Organization, Organization.id == Service.organization_id)
    if filters.text:
        query = query.where(
            or_(
                Service.name.icontains(filters.text, autoescape=True),
                Organization.name.icontains(filters.text, autoescape=True),
            )
        )
    if filters.organisation:
        query = query.where(Service.organization_id == filters.organisation)
    if filters.neighbourhood == NO_NEIGHBOURHOOD:
        query = query.where(~Service.neighbourhoods.any())
    elif filters.neighbourhood:
        query = query.where(Service.neighbourhoods.any(Neighbourhood.slug == filters.neighbourhood))
    if filters.need:
        query = query.where(
            Service.id.in_(
                select(Attribute.link_id)
                .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
                .where(Attribute.link_type == "service", TaxonomyTerm.code == filters.need)
            )
        )
    if filters.status == "archived":
        query = query.where(Service.archived_at.is_not(None))
    else:
        query = query.where(Service.archived_at.is_(None))
        if filters.status == "waiting":
            query = query.where(_pending_change())
        elif filters.status == "active":
            query = query.where(Service.status == ServiceStatus.ACTIVE.value)
        elif filters.status == "temporarily_closed":
            query = query.where(Service.status == ServiceStatus.TEMPORARILY_CLOSED.value)
    hidden = Service.stale_hidden_at.is_not(None)
    if filters.freshness == "hidden":
        query = query.where(hidden)
    elif filters.freshness == "overdue":
        query = query.where(~hidden, _overdue(today, policy))
    elif filters.freshness == "current":
        query = query.where(~hidden, ~_overdue(today, policy))
    return query


def find_listings(
    session: Session, filters: ListingFilters, today: date, *, page: int = 1, policy: Policy = DEFAULT_POLICY
) -> ListingPage:
    """One page of the listings matching `filters`, by name; a page past the end shows the last one."""
    query = _listing_query(filters, today, policy)
    total = _count(session, select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    services = list(
        session.scalars(
            query.options(selectinload(Service.organization), selectinload(Service.neighbourhoods))
            .order_by(func.lower(Service.name), Service.id)
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        )
    )
    ids = [s.id for s in services]
    waiting = (
        set(
            session.scalars(
                select(ServiceRevision.service_id).where(
                    ServiceRevision.service_id.in_(ids),
                    ServiceRevision.status == RevisionStatus.PENDING.value,
                )
            )
        )
        if ids
        else set()
    )
    return ListingPage(services=services, total=total, page=page, pages=pages, waiting=waiting)


def matching_organisations(session: Session, text: str, limit: int = 10) -> list[tuple[Organization, int]]:
    """Organisations whose name contains `text`, with how many listings (not archived) each has."""
    text = " ".join(text.split())[:MAX_TEXT]
    if not text:
        return []
    rows = session.execute(
        select(Organization, func.count(Service.id).filter(Service.archived_at.is_(None)))
        .outerjoin(Service, Service.organization_id == Organization.id)
        .where(Organization.name.icontains(text, autoescape=True))
        .group_by(Organization.id)
        .order_by(func.lower(Organization.name), Organization.id)
        .limit(limit)
    ).all()
    return [(organisation, int(count)) for organisation, count in rows]


def overdue_count(session: Session, today: date, policy: Policy = DEFAULT_POLICY) -> tuple[int, int]:
    """(overdue and still shown, hidden) across the directory."""
    hidden = Service.stale_hidden_at.is_not(None)
    row = session.execute(
        select(func.count(Service.id).filter(~hidden), func.count(Service.id).filter(hidden)).where(
            _stale(today, policy)
        )
    ).one()
    return int(row[0]), int(row[1])
