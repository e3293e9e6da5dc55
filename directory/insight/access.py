"""Who sees which neighbourhood's insight: council administrators all of them; a neighbourhood team
member only the neighbourhoods they are given; everyone else none."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ..models import User, UserRole
from ..models.demand import user_neighbourhood

NEIGHBOURHOOD_TEAM = UserRole.NEIGHBOURHOOD_TEAM.value


def user_neighbourhoods(session: Session, user_id: str) -> list[str]:
    return list(
        session.scalars(
            select(user_neighbourhood.c.neighbourhood)
            .where(user_neighbourhood.c.user_id == user_id)
            .order_by(user_neighbourhood.c.neighbourhood)
        )
    )


def set_user_neighbourhoods(session: Session, user_id: str, slugs: Iterable[str]) -> None:
    session.execute(delete(user_neighbourhood).where(user_neighbourhood.c.user_id == user_id))
    rows = [{"user_id": user_id, "neighbourhood": slug} for slug in sorted(set(slugs))]
    if rows:
        session.execute(insert(user_neighbourhood), rows)
    session.flush()


def can_see_insight(user: User) -> bool:
    return user.is_active and user.role in (UserRole.COUNCIL_ADMIN.value, NEIGHBOURHOOD_TEAM)


def sees_borough(user: User) -> bool:
    """The borough view and every neighbourhood: council administrators only."""
    return user.is_active and user.role == UserRole.COUNCIL_ADMIN.value


def visible_neighbourhoods(session: Session, user: User, every: Iterable[str]) -> list[str]:
    """The neighbourhood slugs (of `every`, in its order) this user may see."""
    every = list(every)
    if sees_borough(user):
        return every
    if not can_see_insight(user):
        return []
    mine = set(user_neighbourhoods(session, user.id))
    return [slug for slug in every if slug in mine]
