"""Forms: Flask-WTF for the CSRF token and field handling; the rules live in the directory's services."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField

from directory.portal.reports import MAX_DETAILS

REPORT_REASON_LABELS = {
    "closed": lazy_gettext("The service has closed or moved"),
    "opening-times": lazy_gettext("The opening times are wrong"),
    "contact-details": lazy_gettext("The phone number, email or website is wrong"),
    "address": lazy_gettext("The address or map location is wrong"),
    "description": lazy_gettext("The description is wrong or out of date"),
    "other": lazy_gettext("Something else"),
}


class ReportForm(FlaskForm):
    """Report a problem with a listing. No validators here: `directory.portal.reports.create_report` decides.

    The reason is shown as a select of `reason_choices()`; the field only carries the submitted value.
    """

    reason = StringField(lazy_gettext("What is wrong with this listing?"))
    details = TextAreaField(lazy_gettext("Tell us more"))
    contact_email = EmailField(lazy_gettext("Your email address (optional)"))

    max_details = MAX_DETAILS

    @staticmethod
    def reason_choices() -> list[tuple[str, str]]:
        return [("", str(lazy_gettext("Choose a reason")))] + [
            (code, str(label)) for code, label in REPORT_REASON_LABELS.items()
        ]
