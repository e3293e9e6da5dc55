"""The rules of the SMS channel: one inbound text in, the texts to send back out.

Order matters and is the point of this module:
1. a Twilio retry of a message already answered gets nothing (claimed by its MessageSid, committed first);
2. STOP opts the sender out and nothing more is ever sent until START;
3. EXIT forgets the conversation at once (a new, unlinkable conversation id) and sends nothing back, for
   people whose phone may be read by someone else;
4. rate limits, with one polite reply per window and then silence (no reply loops);
5. HELP and LANG are answered here; anything else goes to the assistant with channel `sms`, or, when
   the assistant cannot answer in time, to the directory fallback, which still puts crisis help first.
The sender is only ever a keyed hash of the number (identity.py).

Database errors are not caught here: the webhook answers without the database then (outage.py). What
is saved before the assistant is asked is committed first, so no lock is held while it thinks; a reply
that is ready when the last commit fails is still sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import force_locale
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .. import demand
from . import messages, store
from .format import compose
from .identity import conversation_id, sender_hash
from .keywords import Command, parse

log = logging.getLogger(__name__)

LANGUAGES = ("en", "pl", "ur", "ar")

# (conversation id, text, language or None) -> the assistant's REST replies; raises on failure
Assistant = Callable[[str, str, str | None], list[dict[str, Any]]]
# (text, language) -> replies in the same shape, from the directory alone
Fallback = Callable[[str, str], list[dict[str, Any]]]
# conversation id -> None: ask the assistant to forget a conversation (best effort)
Forget = Callable[[str], None]


@dataclass(frozen=True)
class SmsSettings:
    secret: str
    max_segments: int = 3
    per_sender_per_hour: int = 30
    global_per_minute: int = 300


@dataclass
class SmsReply:
    messages: list[str] = field(default_factory=list)
    outcome: str = "answered"  # for logs and tests; never the text


def _say(text: Any, language: str, **values: Any) -> str:
    with force_locale(language):
        return str(text).format(**values)


def handle(
    session: Session,
    *,
    settings: SmsSettings,
    message_sid: str,
    number: str,
    body: str,
    assistant: Assistant,
    fallback: Fallback,
    forget: Forget,
    now: datetime,
) -> SmsReply:
    """Everything that happens for one inbound text; commits its own changes."""
    who = sender_hash(settings.secret, number)
    if not store.claim_message(
        session, key=store.message_key(settings.secret, message_sid), sender_hash=who, now=now
    ):
        return SmsReply(outcome="duplicate")
    person = store.sender(session, who, now=now)
    command = parse(body)
    try:
        reply = _respond(session, settings, person, command, body, assistant, fallback, forget, now)
    except BaseException:
        session.rollback()
        raise
    try:
        session.commit()
    except SQLAlchemyError as exc:  # the answer is ready: better sent than lost with the state
        session.rollback()
        log.warning("sms: could not save the state (%s); outcome=%s", type(exc).__name__, reply.outcome)
    return reply


def _respond(
    session: Session,
    settings: SmsSettings,
    person: Any,
    command: Command | None,
    body: str,
    assistant: Assistant,
    fallback: Fallback,
    forget: Forget,
    now: datetime,
) -> SmsReply:
    if command and command.kind == "stop":
        person.opted_out = True
        return SmsReply(outcome="opted_out")
    if person.opted_out:
        if command and command.kind == "start":
            person.opted_out = False
            return SmsReply([_say(messages.RESUBSCRIBED, person.language or "en")], "opted_in")
        return SmsReply(outcome="ignored_opted_out")
    if command and command.kind == "exit":
        old = conversation_id(settings.secret, person.sender_hash, person.epoch)
        person.epoch += 1
        person.language = None
        forget(old)
        return SmsReply(outcome="forgotten")

    limited = _rate_limited(session, settings, person, now)
    if limited is not None:
        return limited

    language = (command.language if command else None) or person.language
    if command and command.kind in ("help", "start"):
        return SmsReply([_say(messages.HELP, language or "en")], "help")
    if command and command.kind == "language":
        person.language = command.argument
        return SmsReply([_say(messages.LANGUAGE_CHANGED, command.argument)], "language")
    if command and command.kind == "invalid_language":
        return SmsReply([_say(messages.LANGUAGE_UNKNOWN, language or "en")], "language_unknown")

    text = body.strip()
    if command and command.kind == "more":
        text = "more"
    elif command and command.kind == "details":
        text = f"details {command.argument}"
    chat = conversation_id(settings.secret, person.sender_hash, person.epoch)
    demand.record_crisis(demand.is_crisis(text))  # counted by day and tier only, borough-wide
    session.commit()  # no transaction (and no SQLite write lock) stays open while the assistant thinks
    outcome = "answered"
    try:
        replies = assistant(chat, text, language)
    except Exception as exc:  # the assistant down, slow or broken: the directory still answers
        log.warning("sms: assistant unavailable (%s); answering from the directory", type(exc).__name__)
        replies, outcome = fallback(text, language or "en"), "fallback"
    reply_language = language or "en"

    def hint(payload: dict[str, Any]) -> str:
        return _say(messages.RESULTS_HINT, reply_language, count=len(payload.get("services") or []))

    return SmsReply(compose(replies, hint=hint, max_segments=settings.max_segments), outcome)


def _rate_limited(session: Session, settings: SmsSettings, person: Any, now: datetime) -> SmsReply | None:
    """Over a limit: one polite reply per hour per sender, then silence; None when within limits."""
    over_sender = (
        store.messages_since(session, now - timedelta(hours=1), sender_hash=person.sender_hash)
        > settings.per_sender_per_hour
    )
    over_global = store.messages_since(session, now - timedelta(minutes=1)) > settings.global_per_minute
    if not (over_sender or over_global):
        return None
    if person.throttled_at is not None and person.throttled_at > now - timedelta(hours=1):
        return SmsReply(outcome="throttled_silent")
    person.throttled_at = now
    text = messages.THROTTLED if over_sender else messages.BUSY
    return SmsReply([_say(text, person.language or "en")], "throttled")
