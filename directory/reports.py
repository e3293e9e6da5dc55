"""The rule for a resident's report that a listing is wrong; used by the public pages (and the portal).

Messages are English source text marked with `N_` for extraction: whoever shows them translates them
into the reader's language (the web app with gettext), so this module needs no web framework.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from .errors import ValidationError
from .interchange.text import clean_multiline, clean_plain
from .models import ListingReport, ReportStatus, Service

REPORT_REASONS: tuple[str, ...] = (
    "closed",
    "opening-times",
    "contact-details",
    "address",
    "description",
    "other",
)
MAX_DETAILS = 1000
MAX_EMAIL = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def N_(message: str) -> str:
    """Mark `message` for translation where it is shown (gettext's "no-op" marker)."""
    return message


MESSAGES = {
    "reason": N_("Choose what is wrong with this listing"),
    "details_missing": N_("Tell us what is wrong with this listing"),
    "details_too_long": N_("Describe the problem in 1000 characters or fewer"),
    "email": N_("Enter an email address in the correct format, like name@example.com"),
}


class UnknownService(LookupError):
    """No service has that id."""


def create_report(
    session: Session,
    *,
    service_id: str,
    reason: str | None,
    details: str | None,
    contact_email: str | None,
) -> ListingReport:
    """Check a report and add it to `session` (flushed, not committed: the caller owns the transaction)."""
    reason = (reason or "").strip()
    details = clean_multiline(details or "")
    email = clean_plain(contact_email or "") or None
    errors: dict[str, str] = {}
    if reason not in REPORT_REASONS:
        errors["reason"] = MESSAGES["reason"]
    if len(details) > MAX_DETAILS:
        errors["details"] = MESSAGES["details_too_long"]
    elif reason == "other" and not details:
        errors["details"] = MESSAGES["details_missing"]
    if email is not None and (len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email)):
        errors["contact_email"] = MESSAGES["email"]
    if errors:
        raise ValidationError(errors)
    if session.get(Service, service_id) is None:
        raise UnknownService(service_id)
    report = ListingReport(
        service_id=service_id,
        reason=reason,
        details=details,
        contact_email=email,
        status=ReportStatus.OPEN.value,
    )
    session.add(report)
    session.flush()
    return report
