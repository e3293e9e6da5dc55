"""Every email the app sends: who it goes to, in their language, and after the change is committed.

Wording lives in plain-text templates (`web/templates/emails/*.txt`, one paragraph a block); subjects
are msgids here. An email is written in its recipient's language: the one kept on their account
(`User.language`), else the language of whoever causes it (an invitation to a new address goes in the
inviter's language, a registration in the registrant's), else `fallback`. `send` queues it on the
current unit of work (`web.transaction`): nothing goes out if the change rolls back, and a failed send
is logged (never the address) without undoing the change.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import current_app, has_request_context
from flask_babel import force_locale

from directory.portal import accounts

from ..extensions import database, mailer
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, current_language
from ..transaction import after_commit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str
    what: str  # the kind of email, for the log (never the address)


def recipient_language(address: str, fallback: str | None = None) -> str:
    """The language code to write to `address` in (see the module docstring)."""
    user = accounts.find_user(database.session, address) if address else None
    stored = user.language if user is not None else None
    if stored in LANGUAGES:
        return str(stored)
    if fallback in LANGUAGES:
        return str(fallback)
    return current_language().code if has_request_context() else DEFAULT_LANGUAGE


@contextmanager
def written_to(address: str, fallback: str | None = None) -> Iterator[None]:
    """Translate everything in the block into the recipient's language."""
    with force_locale(LANGUAGES[recipient_language(address, fallback)].locale):
        yield


def body(template: str, **context: Any) -> str:
    """A template's text (under `emails/`): paragraphs apart by a blank line, one line break at the end."""
    text = current_app.jinja_env.get_template(f"emails/{template}.txt").render(**context)
    return text.rstrip("\n") + "\n"


def compose(*, to: str, subject: str, template: str, what: str, **context: Any) -> Email:
    """An email whose subject and template are written in the current (forced) language."""
    return Email(to=to, subject=subject.replace("\n", " "), body=body(template, **context), what=what)


def deliver(email: Email) -> bool:
    """Send now; a failure is logged (only its kind: an SMTP error's text can carry the address)."""
    try:
        mailer.send(to=email.to, subject=email.subject, body=email.body)
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        log.error("could not send a %s email: %s", email.what, type(exc).__name__)
        return False
    return True


def send(email: Email) -> None:
    """Deliver `email` once the current unit of work commits (never if it rolls back)."""
    after_commit(lambda: deliver(email))
