"""Keeping listings fresh: review dates, "still accurate" confirmations, reminders and hiding.

A service's confirmation cycle starts on its last confirmation (`assured_date`, ORUK's "assured" date),
or on the day it was created when it has never been confirmed. Reminders go out at 180 and 270 days;
at `hide_after_days` the listing is hidden from residents until its organisation confirms it again.

`flask directory send-reminders` may run any number of times a day, or miss days: each stage is
recorded as a `ReviewReminder` row (unique per service, cycle and stage) before anything is sent, only
the latest stage that applies is sent, and never an earlier stage after a later one.

Like `directory.portal.revisions`, these functions change the caller's session and flush; the caller commits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, exc, or_, select
from sqlalchemy.orm import Session

from ..errors import N_
from ..models import (
    Membership,
    ReviewReminder,
    RevisionStatus,
    Service,
    ServiceRevision,
    ServiceStatus,
    User,
    UserRole,
)
from .accounts import can_edit_organization
from .revisions import NotFound

FIRST = "180"
SECOND = "270"
HIDDEN = "hidden"
STAGES = (FIRST, SECOND, HIDDEN)  # in order: a later stage is never followed by an earlier one

MESSAGES = {
    "stale_link": N_("This link has expired, or the listing has already been confirmed."),
}


@dataclass(frozen=True)
class Policy:
    """How old a confirmation may get (in days) before each step: configurable per deployment."""

    review_after_days: int = 182
    first_reminder_days: int = 180
    second_reminder_days: int = 270
    hide_after_days: int = 365

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> Policy:
        def days(key: str, default: int) -> int:
            value = config.get(key)
            return int(value) if value not in (None, "") else default  # type: ignore[call-overload]

        return cls(
            review_after_days=days("FRESHNESS_REVIEW_AFTER_DAYS", cls.review_after_days),
            first_reminder_days=days("FRESHNESS_FIRST_REMINDER_DAYS", cls.first_reminder_days),
            second_reminder_days=days("FRESHNESS_SECOND_REMINDER_DAYS", cls.second_reminder_days),
            hide_after_days=days("FRESHNESS_HIDE_AFTER_DAYS", cls.hide_after_days),
        )

    def stage_for(self, age_days: int) -> str | None:
        """The latest stage a confirmation `age_days` old has reached, or None."""
        if age_days >= self.hide_after_days:
            return HIDDEN
        if age_days >= self.second_reminder_days:
            return SECOND
        if age_days >= self.first_reminder_days:
            return FIRST
        return None


DEFAULT_POLICY = Policy()


def cycle_start(service: Service) -> date:
    """The date the current cycle counts from: the last confirmation, else the day it was created."""
    if service.assured_date is not None:
        return service.assured_date
    created = service.created_at or datetime.now(UTC)
    return created.astimezone(UTC).date()


def review_due(service: Service, policy: Policy = DEFAULT_POLICY) -> date:
    """The date the organisation should next confirm the listing (6 months after the last time)."""
    return cycle_start(service) + timedelta(days=policy.review_after_days)


def is_overdue(service: Service, today: date, policy: Policy = DEFAULT_POLICY) -> bool:
    return today > review_due(service, policy)


# -- confirming ---------------------------------------------------------------------------------------


def mark_reviewed(service: Service, now: datetime) -> None:
    """Start a new review cycle today without a "confirm" revision of its own: a published edit was
    checked by a person (its author in a trusted organisation, or a moderator), which says as much about
    the listing being up to date as a "still accurate" click, so its reminders stop and a listing hidden
    for being out of date is shown again."""
    day = now.astimezone(UTC).date() if now.tzinfo else now.date()
    if service.assured_date is None or service.assured_date < day:
        service.assured_date = day
    service.stale_hidden_at = None


def _apply_confirmation(
    session: Session, service: Service, *, author: User | None, email: str | None, today: date, now: datetime
) -> Service:
    before = service.assured_date
    service.assured_date = today
    service.stale_hidden_at = None  # shown again; the index follows through the change queue
    if email:
        service.assurer_email = email[:255]
    if author is not None:
        session.add(
            ServiceRevision(
                service_id=service.id,
                author_id=author.id,
                created_at=now,
                status=RevisionStatus.APPROVED.value,
                kind="confirm",
                changes=json.dumps({"assured_date": today.isoformat()}),
                before=json.dumps({"assured_date": before.isoformat() if before else None}),
                decided_at=now,
                note="",
            )
        )
    session.flush()
    return service


def confirm(session: Session, *, user: User, service_id: str, today: date, now: datetime) -> Service:
    """Record that `user` checked the listing and it is still accurate: a new cycle starts today.

    Members of the service's organisation and council administrators may confirm; anyone else gets
    `NotFound` (never learning that the service exists). A hidden listing is shown again.
    """
    service = session.get(Service, service_id)
    if service is None or service.archived_at is not None:
        raise NotFound()
    if not can_edit_organization(session, user, service.organization_id):
        raise NotFound()
    # Not the user's address: `assurer_email` is published in the ORUK feed; the revision says who.
    return _apply_confirmation(session, service, author=user, email=None, today=today, now=now)


def service_for_link(session: Session, *, service_id: str, cycle: date) -> Service:
    """The service a reminder's link is for, if that reminder's cycle is still the current one."""
    service = session.get(Service, service_id)
    if service is None or service.archived_at is not None or cycle_start(service) != cycle:
        raise NotFound()
    return service


def confirm_from_link(
    session: Session,
    *,
    service_id: str,
    cycle: date,
    user_id: str | None,
    email: str | None,
    today: date,
    now: datetime,
) -> Service:
    """Confirm from the one-click link in a reminder (the signed token is the authority).

    The link works once per cycle: confirming starts a new cycle, after which `NotFound`. When the
    reminder went to a portal user who may still edit the organisation, the revision is theirs;
    one sent to the organisation's own address is recorded as `assurer_email` (the schema needs an
    author for a revision).
    """
    service = service_for_link(session, service_id=service_id, cycle=cycle)
    author = session.get(User, user_id) if user_id else None
    if author is not None and not can_edit_organization(session, author, service.organization_id):
        author = None
    if author is not None:
        email = None  # a person's address is never published (`assurer_email` is in the ORUK feed)
    elif not email and service.organization is not None:
        email = service.organization.email  # where reminders go when the group has no portal users
    return _apply_confirmation(session, service, author=author, email=email, today=today, now=now)


# -- reminders ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A stage a service has reached in its cycle that has not been recorded yet."""

    service: Service
    cycle: date
    stage: str
    age_days: int


def due_reminders(session: Session, today: date, policy: Policy = DEFAULT_POLICY) -> list[Due]:
    """What `send_reminders` would do today: the latest unrecorded stage of each live service.

    A stage is due when the confirmation is old enough for it and neither it nor a later stage has
    been recorded for this cycle, so a missed run catches up with one message, not several.
    """
    earliest = min(policy.first_reminder_days, policy.second_reminder_days, policy.hide_after_days)
    cutoff = today - timedelta(days=earliest)
    cutoff_time = datetime(cutoff.year, cutoff.month, cutoff.day, tzinfo=UTC) + timedelta(days=1)
    services = session.scalars(
        select(Service)
        .where(
            Service.archived_at.is_(None),
            Service.status.in_((ServiceStatus.ACTIVE.value, ServiceStatus.TEMPORARILY_CLOSED.value)),
            or_(
                Service.assured_date <= cutoff,
                and_(Service.assured_date.is_(None), Service.created_at < cutoff_time),
            ),
        )
        .order_by(Service.name, Service.id)
    ).all()
    if not services:
        return []
    recorded: dict[tuple[str, date], int] = {}
    ids = [s.id for s in services]
    for chunk in range(0, len(ids), 500):
        for service_id, cycle, stage in session.execute(
            select(ReviewReminder.service_id, ReviewReminder.cycle, ReviewReminder.stage).where(
                ReviewReminder.service_id.in_(ids[chunk : chunk + 500])
            )
        ):
            if stage in STAGES:
                key = (service_id, cycle)
                recorded[key] = max(recorded.get(key, -1), STAGES.index(stage))
    due = []
    for service in services:
        cycle = cycle_start(service)
        age = (today - cycle).days
        stage = policy.stage_for(age)
        if stage is None:
            continue
        if STAGES.index(stage) > recorded.get((service.id, cycle), -1):
            due.append(Due(service=service, cycle=cycle, stage=stage, age_days=age))
    return due


def record_reminders(session: Session, due: list[Due], *, now: datetime) -> list[Due]:
    """Record each due stage (hiding the listing at the last one) before anything is sent.

    Returns the ones recorded by this call; one another run recorded first (the unique key) is left
    out, so two runs at once still send each reminder once. The caller commits, then sends.
    """
    done = []
    for item in due:
        try:
            with session.begin_nested():
                session.add(
                    ReviewReminder(
                        service_id=item.service.id, cycle=item.cycle, stage=item.stage, sent_at=now
                    )
                )
                if item.stage == HIDDEN and item.service.stale_hidden_at is None:
                    item.service.stale_hidden_at = now
                session.flush()
        except exc.IntegrityError:
            continue
        done.append(item)
    session.flush()
    return done


def reminder_recipients(session: Session, service: Service) -> list[tuple[str, str | None]]:
    """(email, user id) for the organisation's active portal users, else the organisation's address."""
    users = session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == service.organization_id, User.is_active.is_(True))
        .order_by(User.email)
    ).all()
    if users:
        return [(user.email, user.id) for user in users]
    address = (service.organization.email or service.email or "").strip() if service.organization else ""
    return [(address, None)] if address else []


def moderator_addresses(session: Session) -> list[str]:
    """Everyone told when listings are hidden: active moderators and council administrators."""
    return list(
        session.scalars(
            select(User.email)
            .where(
                User.is_active.is_(True),
                User.role.in_((UserRole.MODERATOR.value, UserRole.COUNCIL_ADMIN.value)),
            )
            .order_by(User.email)
        )
    )
