"""The portal's forms: Flask-WTF for the CSRF token; the rules live in `directory.portal.accounts`."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)


class SignInForm(FlaskForm):
    email = EmailField(lazy_gettext("Email address"))
    password = PasswordField(lazy_gettext("Password"))


class ResetRequestForm(FlaskForm):
    email = EmailField(lazy_gettext("Email address"))


class ResetForm(FlaskForm):
    password = PasswordField(lazy_gettext("New password"))


class SignOutForm(FlaskForm):
    """Only the CSRF token."""


class EditServiceForm(FlaskForm):
    """The CSRF token and the version of the listing the editor started from (checked when the edit is
    applied, see `directory.portal.revisions.propose_edit`); `web.portal.service_document` reads the other inputs, which
    repeat (days, closures, costs)."""

    version = HiddenField()


class EditSectionForm(FlaskForm):
    """Only the CSRF token: a section of the listing editor (`web.portal.editor`) reads its own inputs,
    which repeat (sessions, closures, costs); the version travels with the draft."""


class DecisionForm(FlaskForm):
    """The note; the final need categories are checkboxes read by `web.portal.revisions`."""

    note = TextAreaField(lazy_gettext("Note for the author (optional)"))


class RestoreForm(FlaskForm):
    """Only the CSRF token."""


class PublishingForm(FlaskForm):
    """Only the CSRF token; the button says whether to trust the organisation or stop."""


# -- joining and the second step (invitations, registrations, claims, one-time codes) ---------------


class InviteForm(FlaskForm):
    email = EmailField(lazy_gettext("Email address"))
    organization = SelectField(lazy_gettext("Organisation"), choices=[], validate_choice=False)
    role = RadioField(lazy_gettext("What they will do"), choices=[], validate_choice=False)


class JoinForm(FlaskForm):
    name = StringField(lazy_gettext("Your name"))
    password = PasswordField(lazy_gettext("Create a password"))


class AcceptForm(FlaskForm):
    """Only the CSRF token."""


class RegisterForm(FlaskForm):
    name = StringField(lazy_gettext("Your name"))
    email = EmailField(lazy_gettext("Email address"))
    password = PasswordField(lazy_gettext("Create a password"))
    organization = SelectField(
        lazy_gettext("Organisation you help to run"), choices=[], validate_choice=False
    )
    message = TextAreaField(lazy_gettext("Tell the council how you are involved (optional)"))


class CodeForm(FlaskForm):
    code = StringField(lazy_gettext("Code from your authenticator app"))
