"""`flask directory send-reminders`: ask organisations to confirm their listings, and hide stale ones.

Run it daily (cron, a scheduled task). It is safe to run again, or after missed days: each reminder is
recorded (`ReviewReminder`, unique per service, cycle and stage) and committed before it is sent, so
a second run sends nothing twice (see `directory.portal.freshness`). It needs the web app for the links and
the mail settings, so it lives here and joins the `directory` command group.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import click
from flask import current_app
from flask_babel import gettext

from directory.cli import directory_cli
from directory.portal import freshness

from ..extensions import database, search_provider
from ..urls import public_url
from .common import send_email

log = logging.getLogger(__name__)


@dataclass
class Summary:
    stages: Counter[str] = field(default_factory=Counter)
    emails_sent: int = 0
    emails_failed: int = 0

    def line(self) -> str:
        return (
            f"reminders: {self.stages[freshness.FIRST]} at 180 days, {self.stages[freshness.SECOND]} at 270 "
            f"days; listings hidden: {self.stages[freshness.HIDDEN]}; emails sent: {self.emails_sent}"
            + (f", failed: {self.emails_failed}" if self.emails_failed else "")
        )


@dataclass(frozen=True)
class _Message:
    to: str
    subject: str
    lines: list[str]
    what: str


def _date(value: date) -> str:
    from ..formatting import long_date

    return long_date(value)


def _organisation_messages(
    item: freshness.Due, recipients: list[tuple[str, str | None]], policy: freshness.Policy
) -> list[_Message]:
    from .freshness import confirm_token

    service = item.service
    hide_on = _date(item.cycle + timedelta(days=policy.hide_after_days))
    if service.assured_date is not None:
        checked = gettext(
            "Your listing %(name)s in the Around Here directory was last checked on %(date)s.",
            name=service.name,
            date=_date(item.cycle),
        )
    else:
        checked = gettext(
            "Your listing %(name)s in the Around Here directory has not been checked since it was added "
            "on %(date)s.",
            name=service.name,
            date=_date(item.cycle),
        )
    messages = []
    for address, user_id in recipients:
        link = public_url("portal.confirm_link", token=confirm_token(service.id, item.cycle, user_id))
        if item.stage == freshness.HIDDEN:
            subject = gettext("Your listing %(name)s is hidden until you check it", name=service.name)
            lines = [
                checked,
                gettext("Residents can no longer find it. If it is still accurate, confirm it here:"),
                link,
                gettext("It will be shown again as soon as you confirm it."),
            ]
        else:
            if item.stage == freshness.FIRST:
                subject = gettext("Please check your listing: %(name)s", name=service.name)
            else:
                subject = gettext("Reminder: please check your listing: %(name)s", name=service.name)
            lines = [
                checked,
                gettext("If it is still accurate, confirm it in one click here:"),
                link,
                gettext(
                    "If it is not confirmed by %(date)s, it will be hidden from residents.", date=hide_on
                ),
            ]
        lines += [
            gettext("If something has changed, sign in to the portal to change the details:"),
            public_url("portal.dashboard"),
        ]
        messages.append(_Message(address, subject, lines, f"review reminder {item.stage}"))
    return messages


def _moderator_messages(hidden: list[freshness.Due], addresses: list[str]) -> list[_Message]:
    if not hidden:
        return []
    subject = gettext("Listings hidden as out of date: %(count)s", count=len(hidden))
    lines = [
        gettext(
            "These listings were not confirmed by their organisations for a year and are now hidden from "
            "residents:"
        ),
        "\n".join(
            f"- {item.service.name} ({item.service.organization.name})"
            if item.service.organization
            else f"- {item.service.name}"
            for item in hidden
        ),
        gettext("See every listing overdue for review:"),
        public_url("portal.moderation_overview"),
    ]
    return [_Message(address, subject, lines, "hidden listings digest") for address in addresses]


def send_reminders(today: date, *, now: datetime | None = None) -> Summary:
    """Record and send today's reminders; needs an app context (a request context is made here)."""
    policy = freshness.Policy.from_config(current_app.config)
    base_url = current_app.config["PUBLIC_URL"]
    summary = Summary()
    with current_app.test_request_context(base_url=base_url):
        session = database.session
        try:
            due = freshness.due_reminders(session, today, policy)
            recorded = freshness.record_reminders(session, due, now=now or datetime.now(UTC))
            messages: list[_Message] = []
            for item in recorded:
                summary.stages[item.stage] += 1
                recipients = freshness.reminder_recipients(session, item.service)
                if not recipients:
                    log.warning("no address to remind about service %s", item.service.id)
                messages += _organisation_messages(item, recipients, policy)
            hidden = [item for item in recorded if item.stage == freshness.HIDDEN]
            messages += _moderator_messages(hidden, freshness.moderator_addresses(session))
        except BaseException:
            session.rollback()
            raise
        session.commit()  # recorded before sending: a second run never sends these again
        if hidden:
            search_provider.updater.drain()  # hidden listings leave search now
        for message in messages:
            if send_email(to=message.to, subject=message.subject, lines=message.lines, what=message.what):
                summary.emails_sent += 1
            else:
                summary.emails_failed += 1
    return summary


@directory_cli.command("send-reminders")
@click.option(
    "--today",
    "today_text",
    default=None,
    metavar="YYYY-MM-DD",
    help="Act as if today were this date (for testing); default: today in the borough.",
)
def send_reminders_command(today_text: str | None) -> None:
    """Email review reminders at 180 and 270 days and hide listings not confirmed for a year."""
    from .freshness import today as borough_today

    try:
        today = date.fromisoformat(today_text) if today_text else None
    except ValueError as exc:
        raise click.BadParameter("use the form YYYY-MM-DD", param_hint="--today") from exc
    summary = send_reminders(today or borough_today())
    click.echo(summary.line())
    if summary.emails_failed:
        raise SystemExit(1)
