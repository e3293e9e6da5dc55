"""The email telling an organisation about a resident's report of a problem with its listing.

Written in each recipient's language, English for an organisation's own address (whatever the
reporter's language), and never with the reporter's email address: only the council sees that.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from ..urls import public_url
from . import Email, compose, written_to

LANGUAGE = "en"  # for an address with no account


def report_emails(report: Any, recipients: list[str]) -> list[Email]:
    """One email per address, the report's reason in the recipient's words."""
    from ..reports import reason_label  # below the public pages and the portal, as this module is

    name = report.service.name
    emails = []
    for address in recipients:
        with written_to(address, fallback=LANGUAGE):
            emails.append(
                compose(
                    to=address,
                    subject=gettext("Someone reported a problem with %(name)s", name=name),
                    template="listing_report",
                    what="listing report",
                    name=name,
                    reason=reason_label(report.reason),
                    details=report.details,
                    link=public_url("portal.edit_service", service_id=report.service_id),
                )
            )
    return emails
