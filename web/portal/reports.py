"""The moderators' queue of residents' "Report a problem" reports, and their decisions.

Sending a new report to its organisation is `web.reports.forward_report`, which the public form calls.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_wtf import FlaskForm

from directory.models import ReportStatus
from directory.portal import reports as directory_reports

from ..extensions import database
from ..reports import reason_label
from ..transaction import transaction
from .blueprint import bp
from .common import moderator as _moderator
from .common import now as _now


class ReportDecisionForm(FlaskForm):
    """Only the CSRF token."""


@bp.get("/reports")
def reports() -> Any:
    user = _moderator()
    items = [
        (report, reason_label(report.reason))
        for report in directory_reports.open_reports(database.session, user)
    ]
    return render_template("portal/reports.html", items=items, form=ReportDecisionForm())


def _decide(report_id: str, status: ReportStatus) -> Any:
    moderator = _moderator()
    if not ReportDecisionForm().validate_on_submit():
        abort(400)
    with transaction():  # an unknown report is a 404 (errors.py)
        directory_reports.decide_report(
            database.session, moderator=moderator, report_id=report_id, status=status, now=_now()
        )
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
