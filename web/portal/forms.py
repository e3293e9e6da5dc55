"""The portal's forms: Flask-WTF for the CSRF token; the rules live in `directory.accounts`."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField


class SignInForm(FlaskForm):
    email = EmailField(lazy_gettext("Email address"))
    password = PasswordField(lazy_gettext("Password"))


class ResetRequestForm(FlaskForm):
    email = EmailField(lazy_gettext("Email address"))


class ResetForm(FlaskForm):
    password = PasswordField(lazy_gettext("New password"))


class SignOutForm(FlaskForm):
    """Only the CSRF token."""
