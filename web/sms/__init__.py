"""SMS: residents text a number and get help through Twilio. Access: requests signed by Twilio only
(X-Twilio-Signature, validated with the twilio library); the simulator exists only in development.

Thin views: the rules are in service.py, replies are composed in format.py, queries in store.py.
When the assistant is slow or down the webhook answers from the directory in the same response
(see gateway.py for why there is no holding message and no outbound REST call).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from directory.models.base import utcnow

from ..extensions import database
from ..urls import public_site
from . import gateway, service

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
    if not signature_valid():
        log.warning("sms: refused a request without a valid Twilio signature")
        abort(403)
    form = request.form
    sid, number, body = form.get("MessageSid", ""), form.get("From", ""), form.get("Body", "")
    if not sid or not number:
        abort(400)
    config = current_app.config
    reply = service.handle(
        database.session,
        settings=gateway.settings(config),
        message_sid=sid,
        number=number,
        body=body[:1600],
        assistant=gateway.assistant(config),
        fallback=gateway.fallback(config, site_url=public_site()),
        forget=gateway.forget(config),
        now=utcnow(),
    )
    log.info("sms: outcome=%s chars=%d replies=%d", reply.outcome, len(body), len(reply.messages))
    return twiml(reply.messages)


from . import simulator  # noqa: E402,F401  (registers the development-only routes on bp)
