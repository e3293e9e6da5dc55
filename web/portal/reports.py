"""Residents' "Report a problem" reports: sent to the organisation, decided by a moderator.

`forward_report` runs after the public form has committed a report: it emails the organisation's portal
users (or, with none, the organisation's address) in English, with a link to edit the listing, but never
the reporter's email address (only the council sees that, in the queue here).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import force_locale, gettext
from flask_wtf import FlaskForm

from directory.models import ListingReport, ReportStatus
from directory.portal import reports as directory_reports

from ..extensions import database
from ..forms import REPORT_REASON_LABELS
from ..urls import public_url
from .blueprint import bp
from .common import moderator as _moderator
from .common import now as _now
from .common import send_email

log = logging.getLogger(__name__)

EMAIL_LANGUAGE = "en"


class ReportDecisionForm(FlaskForm):
    """Only the CSRF token."""


def _reason_label(reason: str) -> str:
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
    name = report.service.name
    with force_locale(EMAIL_LANGUAGE):  # the organisation's email, whatever the reporter's language
        subject = gettext("Someone reported a problem with %(name)s", name=name)
        lines = [
            gettext(
                "A resident told us that the listing for %(name)s on Around Here may be wrong.", name=name
            ),
            gettext("What is wrong: %(reason)s", reason=_reason_label(report.reason)),
        ]
        if report.details:
            lines += [gettext("What they said:"), report.details]
        lines += [
            gettext("Please check the listing and correct it if it is wrong:"),
            public_url("portal.edit_service", service_id=report.service_id),
            gettext("The council has a copy of this report."),
        ]
    sent = [
        send_email(to=address, subject=subject, lines=lines, what="listing report") for address in recipients
    ]
    if not any(sent):
        return False
    directory_reports.mark_forwarded(database.session, report, _now())
    database.session.commit()
    return True


@bp.get("/reports")
def reports() -> Any:
    user = _moderator()
    items = [
        (report, _reason_label(report.reason))
        for report in directory_reports.open_reports(database.session, user)
    ]
    return render_template("portal/reports.html", items=items, form=ReportDecisionForm())


def _decide(report_id: str, status: ReportStatus) -> Any:
    moderator = _moderator()
    if not ReportDecisionForm().validate_on_submit():
        abort(400)
    try:
        directory_reports.decide_report(
            database.session, moderator=moderator, report_id=report_id, status=status, now=_now()
        )
    except directory_reports.ReportNotFound:
        database.session.rollback()
        abort(404)
    database.session.commit()
    flash(
        gettext("The report is marked as resolved.")
        if status is ReportStatus.RESOLVED
        else gettext("The report is dismissed."),
        "notice",
    )
    return redirect(url_for("portal.reports"), code=303)


@bp.post("/reports/<report_id>/resolve")
def resolve_report(report_id: str) -> Any:
    return _decide(report_id, ReportStatus.RESOLVED)


@bp.post("/reports/<report_id>/dismiss")
def dismiss_report(report_id: str) -> Any:
    return _decide(report_id, ReportStatus.DISMISSED)
