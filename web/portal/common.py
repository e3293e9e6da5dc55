"""Helpers shared by the portal's views: the clock, rate limits, roles and email."""

from __future__ import annotations

import logging
import smtplib
from datetime import UTC, datetime

from flask import abort, request
from flask_babel import gettext

from directory.errors import ValidationError
from directory.models import User
from directory.portal import accounts

from ..extensions import mailer, rate_limiter
from . import auth

log = logging.getLogger(__name__)


def now() -> datetime:
    return datetime.now(UTC)


def too_many(name: str, config_key: str) -> float | None:
    return rate_limiter.hit(name, request.remote_addr or "unknown", config_key)


def signed_in_user() -> User:
    """The signed-in user (every non-public view runs after `auth.require_session`)."""
    user = auth.current_user()
    if user is None:  # pragma: no cover - require_session has redirected already
        abort(401)
    return user


def moderator() -> User:
    """The signed-in user if they may moderate; 403 otherwise."""
    user = auth.current_user()
    if user is None or not accounts.can_moderate(user):
        abort(403)
    return user


def send_email(*, to: str, subject: str, lines: list[str], what: str) -> bool:
    """Send a plain-text email; a failure is logged (never the address) and reported as False."""
    try:
        mailer.send(to=to, subject=subject.replace("\n", " "), body="\n\n".join(lines) + "\n")
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        # Only the kind of failure: an SMTP error's text and traceback can carry the address.
        log.error("could not send a %s email: %s", what, type(exc).__name__)
        return False
    return True


def error_items(exc: ValidationError) -> list[dict[str, str | None]]:
    """A rule's errors as the templates' error summary wants them, translated."""
    return [{"message": gettext(message), "field": field} for field, message in exc.errors.items()]
