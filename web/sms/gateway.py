"""Wiring between the SMS rules (service.py) and the outside: configuration, the assistant, the
directory fallback.

Slow assistant: Twilio waits 15 seconds for the webhook. We give the assistant SMS_RASA_TIMEOUT
(default 8 s) as one total deadline, shortened to what is left of the reply budget (budget.py), and
otherwise answer from the directory search in the same TwiML response. We chose that
over a holding message plus a later reply through Twilio's REST API because it costs the resident one
message instead of two, needs no background worker or outbound credentials, and cannot send a late
reply to someone who has since texted STOP or EXIT; the directory answer already carries crisis
helplines first when the message needs them.

Busy assistant: a text waits its turn for a place (web/admission.py) within the same deadline, counted
from the webhook's call; a crisis text never waits, and is answered from the directory (the safety
package's helplines first) when no place is free at once.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import Any

from flask_babel import force_locale

from .. import assistant_client
from ..assistants import instances
from ..chat.fallback import directory_answer
from .budget import assistant_deadline
from .service import Assistant, Fallback, Forget, SmsSettings

log = logging.getLogger(__name__)


def settings(config: Mapping[str, Any]) -> SmsSettings:
    return SmsSettings(
        secret=config["SMS_HASH_SECRET"],
        max_segments=int(config.get("SMS_MAX_SEGMENTS", 3)),
        per_sender_per_hour=int(config.get("SMS_LIMIT_PER_SENDER_HOUR", 30)),
        global_per_minute=int(config.get("SMS_LIMIT_GLOBAL_MINUTE", 300)),
    )


def assistant(
    config: Mapping[str, Any], *, started: float, timing: assistant_client.Timing | None = None
) -> Assistant:
    """Asks the assistant (the conversation's instance); `started` (time.monotonic()) is when the
    webhook was called; `timing` gets the wait for a place."""

    def ask(conversation: str, text: str, language: str | None) -> list[dict[str, Any]]:
        metadata: dict[str, Any] = {"channel": "sms"}
        if language:
            metadata["language"] = language
        sender = f"sms-{conversation}"
        deadline = assistant_deadline(float(config.get("SMS_RASA_TIMEOUT", 8)), started=started)

        def post(url: str) -> list[dict[str, Any]]:
            return assistant_client.post_message(
                url,
                sender=sender,
                text=text,
                metadata=metadata,
                timeout=deadline - started,
                arrived=started,
                token=config.get("RASA_TOKEN", ""),
                max_in_flight=int(config.get("ASSISTANT_MAX_IN_FLIGHT", 4)),
                timing=timing,
            )

        return instances(config).call(sender, post)

    return ask


def fallback(config: Mapping[str, Any], *, site_url: str) -> Fallback:
    def answer(text: str, language: str) -> list[dict[str, Any]]:
        with force_locale(language):
            return directory_answer(
                text, language, site_url=site_url, contact=config.get("COUNCIL_CONTACT", ""), channel="sms"
            )

    return answer


def forget(config: Mapping[str, Any]) -> Forget:
    def drop(conversation: str) -> None:
        sender = f"sms-{conversation}"

        def restart(url: str) -> None:
            assistant_client.forget(url, sender=sender, timeout=2, token=config.get("RASA_TOKEN", ""))

        with contextlib.suppress(assistant_client.AssistantUnavailable):
            instances(config).call(sender, restart)

    return drop
