"""The rule for a resident's report that a listing is wrong; used by the public pages (and the portal).

Messages are English source text marked with `N_` for extraction: whoever shows them translates them
into the reader's language (the web app with gettext), so this module needs no web framework.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import N_, ValidationError
from ..interchange.text import clean_multiline, clean_plain, is_email_address
from ..models import ListingReport, Membership, Organization, ReportStatus, Service, User
from .accounts import can_moderate

REPORT_REASONS: tuple[str, ...] = (
    "closed",
    "opening-times",
    "contact-details",
    "address",
    "description",
    "other",
)
MAX_DETAILS = 1000


MESSAGES = {
    "reason": N_("Choose what is wrong with this listing"),
    "details_missing": N_("Tell us what is wrong with this listing"),
    "details_too_long": N_("Describe the problem in 1000 characters or fewer"),
    "email": N_("Enter an email address in the correct format, like name@example.com"),
}


class UnknownService(LookupError):
    """No service has that id."""


class NotAllowed(Exception):
    """Only moderators and council administrators see and decide reports."""


class ReportNotFound(LookupError):
    """No open report has that id."""


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
    if email is not None and not is_email_address(email):
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


# -- sending a report to the organisation -------------------------------------------------------------


def report_recipients(session: Session, report: ListingReport) -> list[str]:
    """Who hears about a report: the organisation's active portal users, else its email address.

    The reporter's own address is never among them: only the council sees it.
    """
    service = report.service
    addresses = list(
        session.scalars(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organization_id == service.organization_id, User.is_active.is_(True))
            .order_by(User.email)
        )
    )
    if addresses:
        return addresses
    organization = session.get(Organization, service.organization_id)
    address = clean_plain(organization.email or "") if organization is not None else ""
    return [address] if address and is_email_address(address) else []


def mark_forwarded(session: Session, report: ListingReport, now: datetime) -> None:
    report.forwarded_at = now
    session.flush()


# -- the moderation queue -----------------------------------------------------------------------------


def open_reports(session: Session, user: User | None) -> list[ListingReport]:
    """Open reports, oldest first, for a moderator or council administrator; `NotAllowed` otherwise."""
    if not can_moderate(user):
        raise NotAllowed()
    return list(
        session.scalars(
            select(ListingReport)
            .where(ListingReport.status == ReportStatus.OPEN.value)
            .order_by(ListingReport.created_at, ListingReport.id)
        )
    )


def decide_report(
    session: Session, *, moderator: User, report_id: str, status: ReportStatus, now: datetime
) -> ListingReport:
    """Close an open report as resolved or dismissed, recording who decided and when."""
    if not can_moderate(moderator):
        raise NotAllowed()
    if status not in (ReportStatus.RESOLVED, ReportStatus.DISMISSED):
        raise ValueError(f"a report is closed as resolved or dismissed, not {status!r}")
    report = session.get(ListingReport, report_id)
    if report is None or report.status != ReportStatus.OPEN.value:
        raise ReportNotFound(report_id)
    report.status = status.value
    report.decided_at = now
    report.moderator_id = moderator.id
    session.flush()
    return report
