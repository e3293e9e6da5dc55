"""Keyword-only factories for directory records; each returns a flushed object."""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    DemandEvent,
    Language,
    Location,
    Membership,
    Neighbourhood,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    User,
)
from directory.portal.accounts import create_user as create_account
from directory.seed import seed_need_taxonomy


def create_organization(session: Session, *, name: str = "Test Community Group") -> Organization:
    organization = Organization(name=name, description="A group made by a test.")
    session.add(organization)
    session.flush()
    return organization


def create_service(
    session: Session,
    *,
    name: str = "Test Service",
    description: str = "A service made by a test.",
    needs: tuple[str, ...] = ("food",),
    neighbourhoods: tuple[str, ...] = (),
    scope: str = "local",
    status: str = "active",
    organization: Organization | None = None,
    schedules: tuple[tuple[str, str, str], ...] = (("MO,TU,WE,TH,FR", "09:00", "17:00"),),
    point: tuple[float, float] | None = None,
    languages: tuple[str, ...] = ("en",),
    accessibility: tuple[str, ...] = (),
    cost: Decimal | None = None,
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    phone: str = "0161 496 0000",
) -> Service:
    organization = organization or create_organization(session)
    service = Service(
        name=name,
        description=description,
        organization=organization,
        scope=scope,
        status=status,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        is_sample=True,
    )
    service.phones = [Phone(number=phone, type="voice")]
    service.languages = [Language(code=code, name=code) for code in languages]
    if cost is not None:
        service.cost_options = [CostOption(option="per visit", amount=cost, currency="GBP")]
    for byday, opens, closes in schedules:
        service.schedules.append(
            Schedule(
                freq="WEEKLY",
                byday=byday,
                opens_at=time.fromisoformat(opens),
                closes_at=time.fromisoformat(closes),
            )
        )
    if neighbourhoods:
        with session.no_autoflush:  # the service is not in the session yet
            service.neighbourhoods = list(
                session.scalars(select(Neighbourhood).where(Neighbourhood.slug.in_(neighbourhoods)))
            )
    if point is not None:
        location = Location(name=f"{name} venue", latitude=point[0], longitude=point[1])
        location.addresses = [Address(address_1="1 Test Street", city="Stockport", postal_code="SK1 1AA")]
        location.accessibility = [Accessibility(code=code, description=code) for code in accessibility]
        service.service_at_locations = [ServiceAtLocation(location=location)]
    session.add(service)
    session.flush()
    terms = seed_need_taxonomy(session)
    for slug in needs:
        session.add(Attribute(link_id=service.id, link_type="service", taxonomy_term_id=terms[slug].id))
    session.flush()
    return service


def need_term(session: Session, slug: str) -> TaxonomyTerm:
    return seed_need_taxonomy(session)[slug]


TEST_PASSWORD = "correct horse battery staple"


def create_user(
    session: Session,
    *,
    email: str = "editor@example.org",
    password: str = TEST_PASSWORD,
    display_name: str = "Test Editor",
    role: str = "none",
    organizations: tuple[tuple[Organization, str], ...] = (),
    now: datetime | None = None,
) -> User:
    """A portal account (through the real rules), with memberships as (organisation, role) pairs."""
    user = create_account(
        session,
        email=email,
        password=password,
        display_name=display_name,
        role=role,
        now=now or datetime.now(UTC),
    )
    for organization, membership_role in organizations:
        session.add(Membership(user_id=user.id, organization_id=organization.id, role=membership_role))
    session.flush()
    return user


def demand_events(
    count: int,
    *,
    hour: datetime,
    hood: str = "heatons",
    need: str = "food",
    language: str = "en",
    channel: str = "web",
    reach: tuple[int, int, int] = (1, 0, 0),
    kind: str = "search",
    service_id: str | None = None,
    sample: bool = False,
) -> list[DemandEvent]:
    """`count` alike demand events (not added): `reach` is (local, borough-wide, national) results."""
    return [
        DemandEvent(hour=hour, kind=kind, channel=channel, language=language, need=need, neighbourhood=hood,
                    local_results=reach[0], borough_results=reach[1], national_results=reach[2],
                    service_id=service_id, sample=sample)  # fmt: skip
        for _ in range(count)
    ]
