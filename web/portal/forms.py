"""The portal's forms: Flask-WTF for the CSRF token; the rules live in `directory.accounts`."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, TextAreaField, URLField


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
    name = StringField(lazy_gettext("Name"))
    description = TextAreaField(lazy_gettext("Description"))
    email = EmailField(lazy_gettext("Email address"))
    url = URLField(lazy_gettext("Website"))
    eligibility_description = TextAreaField(lazy_gettext("Who can use it"))


class DecisionForm(FlaskForm):
    note = TextAreaField(lazy_gettext("Note for the author (optional)"))
