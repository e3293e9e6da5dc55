"""The neighbourhood team: people who see the insight of the neighbourhoods a council administrator
gives them, and nothing else of the staff's.

They join through an invitation (`joining`, role "neighbourhood_team"); here council administrators see
who they are, change which neighbourhoods each one sees (always at least one: a member who sees none
should have their access removed instead, so the list never shows someone with an empty scope), or
remove their insight access altogether. Removing it also ends their sessions, so a page already open
stops showing figures at once rather than when the session times out.

These functions change the caller's session and flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import N_, ValidationError
from ..insight.access import set_user_neighbourhoods, user_neighbourhoods
from ..models import Neighbourhood, User, UserRole
from . import accounts

TEAM = UserRole.NEIGHBOURHOOD_TEAM.value

MESSAGES = {
    "neighbourhoods": N_("Choose at least one neighbourhood"),
}


class NotAllowed(Exception):
    """Only council administrators manage the neighbourhood team (the view answers 403)."""


class NotFound(Exception):
    """No such neighbourhood team member (the view answers 404)."""


@dataclass(frozen=True)
class Member:
    user: User
    neighbourhoods: list[str]  # slugs


def every_neighbourhood(session: Session) -> list[Neighbourhood]:
    return list(session.scalars(select(Neighbourhood).order_by(Neighbourhood.name, Neighbourhood.slug)))


def checked_neighbourhoods(session: Session, slugs: Iterable[str]) -> list[str]:
    """The chosen slugs, sorted and without repeats; `ValidationError` unless there is at least one and
    each names a neighbourhood."""
    chosen = sorted({slug.strip() for slug in slugs if slug and slug.strip()})
    known = {hood.slug for hood in every_neighbourhood(session)}
    if not chosen or any(slug not in known for slug in chosen):
        raise ValidationError({"neighbourhoods": MESSAGES["neighbourhoods"]})
    return chosen


def _admin(user: User | None) -> User:
    if not accounts.is_council_admin(user):
        raise NotAllowed()
    assert user is not None
    return user


def members(session: Session, admin: User) -> list[Member]:
    """Every neighbourhood team member with the neighbourhoods they see, by name."""
    _admin(admin)
    people = session.scalars(
        select(User).where(User.role == TEAM).order_by(User.display_name, User.email, User.id)
    )
    return [Member(person, user_neighbourhoods(session, person.id)) for person in people]


def member(session: Session, admin: User, user_id: str) -> Member:
    _admin(admin)
    person = session.get(User, user_id) if user_id and len(user_id) <= 64 else None
    if person is None or person.role != TEAM:
        raise NotFound()
    return Member(person, user_neighbourhoods(session, person.id))


def change_neighbourhoods(session: Session, *, admin: User, user_id: str, slugs: Iterable[str]) -> Member:
    """Give a member exactly these neighbourhoods (at least one)."""
    found = member(session, admin, user_id)
    chosen = checked_neighbourhoods(session, slugs)
    set_user_neighbourhoods(session, found.user.id, chosen)
    return Member(found.user, chosen)


def remove_access(session: Session, *, admin: User, user_id: str) -> User:
    """Take away a member's insight access: no role, no neighbourhoods, and their sessions ended.
    Their account stays (it may still edit an organisation's listings)."""
    found = member(session, admin, user_id)
    found.user.role = UserRole.NONE.value
    set_user_neighbourhoods(session, found.user.id, ())
    accounts.end_sessions(session, found.user)
    return found.user
