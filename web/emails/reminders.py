"""The review reminders' emails: to an organisation about one listing, and the moderators' digest of
listings hidden today. Each is written in its recipient's language (an organisation's own address, with
no account, gets the borough's default); `web.portal.reminders` decides who gets which and sends them.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext

from directory.portal import freshness

from ..urls import public_url
from . import Email, compose, written_to


def _date(value: date) -> str:
    from ..formatting import long_date

    return long_date(value)


def organisation_reminders(
    item: freshness.Due, recipients: list[tuple[str, str | None]], policy: freshness.Policy
) -> list[Email]:
    """One email per recipient (address, user id) about `item`'s listing, with their one-click link."""
    from ..portal.freshness import confirm_token

    service = item.service
    emails = []
    for address, user_id in recipients:
        with written_to(address):
            if item.stage == freshness.HIDDEN:
                subject = gettext("Your listing %(name)s is hidden until you check it", name=service.name)
            elif item.stage == freshness.FIRST:
                subject = gettext("Please check your listing: %(name)s", name=service.name)
            else:
                subject = gettext("Reminder: please check your listing: %(name)s", name=service.name)
            emails.append(
                compose(
                    to=address,
                    subject=subject,
                    template="review_reminder",
                    what=f"review reminder {item.stage}",
                    name=service.name,
                    checked_before=service.assured_date is not None,
                    checked_on=_date(item.cycle),
                    hidden=item.stage == freshness.HIDDEN,
                    hide_on=_date(item.cycle + timedelta(days=policy.hide_after_days)),
                    link=public_url(
                        "portal.confirm_link", token=confirm_token(service.id, item.cycle, user_id)
                    ),
                    portal=public_url("portal.dashboard"),
                )
            )
    return emails


def hidden_digest(hidden: list[freshness.Due], addresses: list[str]) -> list[Email]:
    """The moderators' list of the listings hidden today (nothing when none were)."""
    if not hidden:
        return []
    listings = "\n".join(
        f"- {item.service.name} ({item.service.organization.name})"
        if item.service.organization
        else f"- {item.service.name}"
        for item in hidden
    )
    emails = []
    for address in addresses:
        with written_to(address):
            emails.append(
                compose(
                    to=address,
                    subject=gettext("Listings hidden as out of date: %(count)s", count=len(hidden)),
                    template="hidden_digest",
                    what="hidden listings digest",
                    listings=listings,
                    overview=public_url("portal.moderation_overview"),
                )
            )
    return emails
