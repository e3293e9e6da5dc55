"""Review reminders: ask organisations to confirm their listings, and hide stale ones.

`flask directory send-reminders` (web/commands/directory.py) runs `send_reminders` daily (cron, a
scheduled task). It is safe to run again, or after missed days: each reminder is recorded
(`ReviewReminder`, unique per service, cycle and stage) and committed before it is sent, so a second run
sends nothing twice (see `directory.portal.freshness`). It needs the web app for the links and the mail
settings, so it lives in the web package; the emails' wording is in `web.emails.reminders`.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask import current_app

from directory.portal import freshness

from .. import emails
from ..emails import reminders as reminder_emails
from ..extensions import search_provider
from ..transaction import transaction

log = logging.getLogger(__name__)


@dataclass
class Summary:
    stages: Counter[str] = field(default_factory=Counter)
    emails_sent: int = 0
    emails_failed: int = 0

    def count(self, sent: bool) -> None:
        if sent:
            self.emails_sent += 1
        else:
            self.emails_failed += 1

    def line(self) -> str:
        return (
            f"reminders: {self.stages[freshness.FIRST]} at 180 days, {self.stages[freshness.SECOND]} at 270 "
            f"days; listings hidden: {self.stages[freshness.HIDDEN]}; emails sent: {self.emails_sent}"
            + (f", failed: {self.emails_failed}" if self.emails_failed else "")
        )


def send_reminders(today: date, *, now: datetime | None = None) -> Summary:
    """Record and send today's reminders; needs an app context (a request context is made here)."""
    policy = freshness.Policy.from_config(current_app.config)
    base_url = current_app.config["PUBLIC_URL"]
    summary = Summary()
    with current_app.test_request_context(base_url=base_url), transaction() as work:
        session = work.session
        due = freshness.due_reminders(session, today, policy)
        recorded = freshness.record_reminders(session, due, now=now or datetime.now(UTC))
        messages: list[emails.Email] = []
        for item in recorded:
            summary.stages[item.stage] += 1
            recipients = freshness.reminder_recipients(session, item.service)
            if not recipients:
                log.warning("no address to remind about service %s", item.service.id)
            messages += reminder_emails.organisation_reminders(item, recipients, policy)
        hidden = [item for item in recorded if item.stage == freshness.HIDDEN]
        messages += reminder_emails.hidden_digest(hidden, freshness.moderator_addresses(session))
        # Recorded before sending: a second run never sends these again.
        if hidden:
            work.after_commit(search_provider.updater.drain)  # hidden listings leave search now
        for message in messages:
            work.after_commit(lambda message=message: summary.count(emails.deliver(message)))
    return summary
