"""Telling an organisation about a resident's "Report a problem" report.

Once the public form has committed a report, `forward_report` emails the organisation's portal users
(or, with none, the organisation's address) in their language (English for that address; the wording
is in `web.emails.reports`), with a link to edit the listing, but never the reporter's email address
(only the council sees that, in the portal's queue). It lives below both the public pages, which send
it, and the portal, which shows the queue, so neither depends on the other.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from directory.models import ListingReport
from directory.portal import reports as directory_reports

from .emails import deliver
from .emails.reports import report_emails
from .extensions import database
from .forms import REPORT_REASON_LABELS
from .transaction import transaction

log = logging.getLogger(__name__)


def reason_label(reason: str) -> str:
    """A report's reason in the reader's words; a reason we no longer offer is shown as stored."""
    label = REPORT_REASON_LABELS.get(reason)
    return str(label) if label is not None else reason


def forward_report(report_id: str) -> bool:
    """Email a committed report to its organisation and record when; False if nobody could be told."""
    report = database.session.get(ListingReport, report_id)
    if report is None:
        return False
    recipients = directory_reports.report_recipients(database.session, report)
    if not recipients:
        log.info("report %s: the organisation has no users or email address to tell", report.id)
        return False
    sent = [deliver(email) for email in report_emails(report, recipients)]  # recorded only once sent
    if not any(sent):
        return False
    with transaction():
        directory_reports.mark_forwarded(database.session, report, datetime.now(UTC))
    return True
