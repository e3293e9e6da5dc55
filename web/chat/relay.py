"""The chat relay: check what the widget sent, pass it to the assistant (Rasa's REST channel), and give
back its replies in one normalised shape; when the assistant is down, slow or failing, answer from the
directory instead (`fallback.py`), so a resident always gets help. A busy assistant is waited for, in
turn, until the deadline counted from the message's arrival (admission, `web/admission.py`); a crisis
message is never kept waiting: when no place is free it is answered from the directory at once, the
safety package's crisis reply first.

Nothing here logs what residents write: only lengths, outcomes and timings.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask_babel import force_locale

from .. import demand
from ..assistant_client import AssistantUnavailable, Timing, post_message
from ..widget.strings import LANGUAGES as _LANGUAGE_NAMES
from . import messages
from .fallback import directory_answer

if TYPE_CHECKING:
    from ..assistants import Assistants

log = logging.getLogger(__name__)

LANGUAGES = tuple(_LANGUAGE_NAMES)  # en, pl, ur, ar: the widget's languages
# 128 random bits from the widget (crypto.getRandomValues), as 32 lower-case hex digits.
SESSION_PATTERN = re.compile(r"[0-9a-f]{32}")
MAX_MESSAGE_CHARS = 1000
MAX_REPLIES = 30
MAX_TEXT_CHARS = 5000
MAX_BUTTONS = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class ChatMessage:
    session: str
    text: str
    language: str


class ChatInputError(ValueError):
    """Bad input; `message` is a translatable string, shown in `language`."""

    def __init__(self, code: str, message: Any, language: str = "en", **values: Any) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.language = language
        self.values = values

    def text(self) -> str:
        with force_locale(self.language):
            return str(self.message).format(**self.values)


def parse_message(body: object) -> ChatMessage:
    """The widget's JSON body {session, message, language}, checked; raises ChatInputError."""
    if not isinstance(body, dict):
        raise ChatInputError("invalid_request", messages.BAD_REQUEST)
    language = body.get("language", "en")
    if not isinstance(language, str) or language not in LANGUAGES:
        raise ChatInputError("invalid_language", messages.BAD_REQUEST)
    session = body.get("session")
    if not isinstance(session, str) or not SESSION_PATTERN.fullmatch(session):
        raise ChatInputError("invalid_session", messages.BAD_REQUEST, language)
    text = body.get("message")
    if not isinstance(text, str) or not text.strip():
        raise ChatInputError("message_required", messages.MESSAGE_REQUIRED, language)
    text = _CONTROL.sub(" ", text).strip()
    if len(text) > MAX_MESSAGE_CHARS:
        raise ChatInputError("message_too_long", messages.MESSAGE_TOO_LONG, language, limit=MAX_MESSAGE_CHARS)
    return ChatMessage(session=session, text=text, language=language)


def ask_assistant(
    base_url: str,
    message: ChatMessage,
    *,
    timeout: float,
    token: str = "",
    arrived: float | None = None,
    max_in_flight: int | None = None,
    timing: Timing | None = None,
) -> list[Any]:
    """One message through Rasa's REST channel, by `arrived + timeout`, its queue for a place included;
    the raw replies (a non-empty list)."""
    return post_message(
        base_url,
        sender=sender_id(message),
        text=message.text,
        metadata={"language": message.language, "channel": "web"},
        timeout=timeout,
        token=token,
        arrived=arrived,
        max_in_flight=max_in_flight,
        timing=timing,
    )


def sender_id(message: ChatMessage) -> str:
    return f"web-{message.session}"


def _string(value: Any, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


def normalise_replies(raw: list[Any]) -> list[dict[str, Any]]:
    """Rasa's replies as [{text, buttons, custom}]; anything else (images, attachments, junk) dropped.

    The REST channel sends a result list twice: as text lines ("1. Name – Organisation ...") and as the
    `services` payload the widget shows as cards. The lines that repeat a card are left out. A service's
    full details come the same way, as texts split at blank lines and a `service` payload marked
    "view": "details": the texts from the one that starts with its name are left out too, so the widget
    shows one card."""
    replies: list[dict[str, Any]] = []
    for item in raw[:MAX_REPLIES]:
        if not isinstance(item, dict):
            continue
        buttons = [
            {"title": title, "payload": payload}
            for button in (item.get("buttons") or [])[:MAX_BUTTONS]
            if isinstance(button, dict)
            and (title := _string(button.get("title"), 200))
            and (payload := _string(button.get("payload"), MAX_MESSAGE_CHARS))
        ]
        custom = item.get("custom")
        if not (isinstance(custom, dict) and isinstance(custom.get("type"), str)):
            custom = None
        text = _string(item.get("text"), MAX_TEXT_CHARS)
        if text or buttons or custom:
            replies.append({"text": text, "buttons": buttons, "custom": custom})
    shown = [
        f"{card.get('index')}. {card.get('name')}"
        for reply in replies
        if reply["custom"] and reply["custom"]["type"] == "services"
        for card in reply["custom"].get("services") or []
        if isinstance(card, dict)
    ]
    if shown:
        replies = [
            r
            for r in replies
            if r["custom"] or r["buttons"] or not any((r["text"] or "").startswith(s) for s in shown)
        ]
    return _without_details_words(replies)


def _without_details_words(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text-only replies just before a details payload, back to the one starting with the
    service's name, dropped; when no text starts with the name nothing is dropped."""
    for at, reply in enumerate(replies):
        custom = reply["custom"] or {}
        service = custom.get("service")
        if (
            custom.get("type") != "service"
            or custom.get("view") != "details"
            or not isinstance(service, dict)
        ):
            continue
        name = service.get("name")
        start = at
        while start > 0 and not replies[start - 1]["custom"] and not replies[start - 1]["buttons"]:
            start -= 1
            if isinstance(name, str) and name and (replies[start]["text"] or "").startswith(name):
                return replies[:start] + replies[at:]
    return replies


@dataclass
class RelayAnswer:
    source: str  # "assistant" or "directory"
    replies: list[dict[str, Any]]
    assistant_ms: float | None = None  # time spent waiting for the assistant, its queue included
    queue_ms: float = 0.0  # of which waiting for a place (admission)
    total_ms: float = 0.0  # the whole relay, assistant included
    reason: str | None = field(default=None, repr=False)  # why the directory answered

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "replies": self.replies}


def relay_message(
    message: ChatMessage,
    *,
    assistants: Assistants,
    timeout: float,
    site_url: str,
    contact: str,
    rasa_token: str = "",
    max_in_flight: int | None = None,
    arrived: float | None = None,
) -> RelayAnswer:
    """The assistant's answer (from the conversation's instance), or the directory's when the assistant
    cannot give one by `arrived` (time.monotonic(); now if not given) + `timeout`. Never raises."""
    started = time.perf_counter()
    arrived = time.monotonic() if arrived is None else arrived
    timing = Timing()
    demand.record_crisis(demand.is_crisis(message.text))  # counted by day and tier only, borough-wide

    def ask(url: str) -> list[Any]:
        return ask_assistant(
            url,
            message,
            timeout=timeout,
            token=rasa_token,
            arrived=arrived,
            max_in_flight=max_in_flight,
            timing=timing,
        )

    try:
        raw = assistants.call(sender_id(message), ask)
        replies = normalise_replies(raw)
        if not replies:
            raise AssistantUnavailable("no usable replies")
        answer = RelayAnswer("assistant", replies, assistant_ms=(time.perf_counter() - started) * 1000)
    except AssistantUnavailable as exc:
        waited = (time.perf_counter() - started) * 1000
        log.warning(
            "chat: the assistant did not answer (%s after %.0f ms); answering from the directory", exc, waited
        )
        with force_locale(message.language):
            replies = directory_answer(
                message.text,
                message.language,
                site_url=site_url,
                contact=contact,
                conversation=sender_id(message),
            )
        answer = RelayAnswer("directory", replies, assistant_ms=waited, reason=str(exc))
    answer.queue_ms = timing.queue_ms
    answer.total_ms = (time.perf_counter() - started) * 1000
    log.info(
        "chat: source=%s language=%s chars=%d replies=%d queue_ms=%.0f assistant_ms=%.0f total_ms=%.0f",
        answer.source,
        message.language,
        len(message.text),
        len(answer.replies),
        answer.queue_ms,
        answer.assistant_ms or 0,
        answer.total_ms,
    )
    return answer
