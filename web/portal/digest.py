"""The moderators' daily digest of changes waiting for checking (`flask portal send-moderation-digest`).

Like the review reminders (`web.portal.reminders`) it needs the web app for the links and the mail
settings, so it lives in the web package. Sending it again the same day repeats it: it is a summary of
what waits now, not a record of what was sent, so a missed day loses nothing.
"""

from __future__ import annotations

from flask import current_app

from directory.portal import freshness, revisions

from .. import emails
from ..emails.moderation import moderation_digest
from ..transaction import transaction


def send_moderation_digest() -> tuple[int, int, int]:
    """(changes waiting, emails sent, emails failed); needs an app context (a request context is made here)."""
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]), transaction() as work:
        session = work.session
        waiting = revisions.pending(session)
        messages = moderation_digest(waiting, freshness.moderator_addresses(session))
        count = len(waiting)
    sent = failed = 0
    for message in messages:
        if emails.deliver(message):
            sent += 1
        else:
            failed += 1
    return count, sent, failed
