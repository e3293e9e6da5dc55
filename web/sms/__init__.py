"""SMS: residents text a number and get help through Twilio. Access: requests signed by Twilio only
(X-Twilio-Signature, validated with the twilio library); the simulator exists only in development.

Thin views: the rules are in service.py, replies are composed in format.py, queries in store.py.
When the assistant is slow or down the webhook answers from the directory in the same response
(see gateway.py for why there is no holding message and no outbound REST call). When the database is
down it still answers, from memory (outage.py); budget.py keeps the whole answer within Twilio's 15 s.
"""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any

from flask import Blueprint, Response, abort, current_app, request
from sqlalchemy.exc import SQLAlchemyError
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from directory.models.base import utcnow

from ..assistant_client import Timing
from ..extensions import database
from ..urls import public_site
from . import budget, gateway, outage, service, store

log = logging.getLogger(__name__)

bp = Blueprint("sms", __name__, template_folder="../templates")


def signature_valid() -> bool:
    """Twilio signs the public URL it called and the form fields. Behind a proxy the public URL is
    rebuilt from trusted forwarding headers (TRUSTED_PROXY_COUNT, applied by ProxyFix in create_app)."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN") or ""
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    return RequestValidator(token).validate(request.url, request.form.to_dict(flat=True), signature)


def twiml(messages: list[str]) -> Response:
    response = MessagingResponse()
    for text in messages:
        response.message(text)
    return Response(str(response), mimetype="application/xml")


@bp.post("/inbound")
def inbound() -> Any:
    started = time.monotonic()
    if not signature_valid():
        log.warning("sms: refused a request without a valid Twilio signature")
        abort(403)
    form = request.form
    sid, number, body = form.get("MessageSid", ""), form.get("From", ""), form.get("Body", "")
    if not sid or not number:
        abort(400)
    config = current_app.config
    settings = gateway.settings(config)
    key = store.message_key(settings.secret, sid)
    timing = Timing()
    if key in outage.RECENTLY_ANSWERED:  # answered while the database was down: a Twilio retry
        reply = service.SmsReply(outcome="duplicate")
    else:
        try:
            with budget.short_lock_waits(database.session()):
                reply = service.handle(
                    database.session,
                    settings=settings,
                    message_sid=sid,
                    number=number,
                    body=body[:1600],
                    assistant=gateway.assistant(config, started=started, timing=timing),
                    fallback=gateway.fallback(config, site_url=public_site()),
                    forget=gateway.forget(config),
                    now=utcnow(),
                )
        except SQLAlchemyError as exc:
            with contextlib.suppress(Exception):
                database.session.rollback()
            log.error("sms: the database is unavailable (%s); answering without it", type(exc).__name__)
            reply = outage.answer_once(
                key,
                body[:1600],
                contact=config.get("COUNCIL_CONTACT", ""),
                max_segments=settings.max_segments,
            )
    elapsed_ms = (time.monotonic() - started) * 1000
    log.info(
        "sms: outcome=%s chars=%d replies=%d queue_ms=%.0f ms=%.0f",
        reply.outcome,
        len(body),
        len(reply.messages),
        timing.queue_ms,
        elapsed_ms,
    )
    response = twiml(reply.messages)
    # Timings only: the wait for a place in the assistant's queue, and the whole webhook.
    response.headers["Server-Timing"] = f"queue;dur={timing.queue_ms:.1f}, sms;dur={elapsed_ms:.1f}"
    return response


from . import simulator  # noqa: E402,F401  (registers the development-only routes on bp)
