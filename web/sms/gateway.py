"""Wiring between the SMS rules (service.py) and the outside: configuration, the assistant, the
directory fallback.

Slow assistant: Twilio waits 15 seconds for the webhook. We give the assistant SMS_RASA_TIMEOUT
(default 8 s) as one total deadline, shortened to what is left of the reply budget (budget.py), and
otherwise answer from the directory search in the same TwiML response. We chose that
over a holding message plus a later reply through Twilio's REST API because it costs the resident one
message instead of two, needs no background worker or outbound credentials, and cannot send a late
reply to someone who has since texted STOP or EXIT; the directory answer already carries crisis
helplines first when the message needs them.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import Any

from flask_babel import force_locale

from .. import assistant_client
from ..chat.fallback import directory_answer
from .budget import assistant_seconds
from .service import Assistant, Fallback, Forget, SmsSettings

log = logging.getLogger(__name__)


def settings(config: Mapping[str, Any]) -> SmsSettings:
    return SmsSettings(
        secret=config["SMS_HASH_SECRET"],
        max_segments=int(config.get("SMS_MAX_SEGMENTS", 3)),
        per_sender_per_hour=int(config.get("SMS_LIMIT_PER_SENDER_HOUR", 30)),
        global_per_minute=int(config.get("SMS_LIMIT_GLOBAL_MINUTE", 300)),
    )


def assistant(config: Mapping[str, Any], *, started: float) -> Assistant:
    """Asks the assistant; `started` (time.monotonic()) is when the webhook was called."""

    def ask(conversation: str, text: str, language: str | None) -> list[dict[str, Any]]:
        metadata: dict[str, Any] = {"channel": "sms"}
        if language:
            metadata["language"] = language
        return assistant_client.post_message(
            config["RASA_URL"],
            sender=f"sms-{conversation}",
            text=text,
            metadata=metadata,
            timeout=assistant_seconds(float(config.get("SMS_RASA_TIMEOUT", 8)), started=started),
            token=config.get("RASA_TOKEN", ""),
        )

    return ask


def fallback(config: Mapping[str, Any], *, site_url: str) -> Fallback:
    def answer(text: str, language: str) -> list[dict[str, Any]]:
        with force_locale(language):
            return directory_answer(
                text, language, site_url=site_url, contact=config.get("COUNCIL_CONTACT", "")
            )

    return answer


def forget(config: Mapping[str, Any]) -> Forget:
    def drop(conversation: str) -> None:
        with contextlib.suppress(assistant_client.AssistantUnavailable):
            assistant_client.forget(
                config["RASA_URL"], sender=f"sms-{conversation}", timeout=2, token=config.get("RASA_TOKEN", "")
            )

    return drop
