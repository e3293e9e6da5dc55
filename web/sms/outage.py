"""Answering a text when the database is down.

Normally the webhook claims each MessageSid in the database, reads the sender's state (opt-out,
language, conversation) and counts messages for the rate limits. When the database cannot be reached,
or a lock is not granted in time (budget.py), none of that is possible; but the resident may be texting
about a crisis, so the webhook still answers, from memory and within seconds:
- a crisis text gets the helplines first (from the safety net, around_here_safety, which needs no
  database), then a short "try again, or call ..." line;
- HELP gets the usual help text, which carries 999 and Samaritans;
- STOP, START and EXIT get nothing, as always (they cannot be saved now; Twilio's own opt-out handling
  still blocks replies to a number that sent STOP, so an opt-out we cannot read is honoured there);
- anything else gets the "try again, or call ..." text.
The reply is in the language the message itself shows (a crisis rule's or a keyword's language, else
its letters: Polish, Urdu or Arabic), else English: the sender's saved choice is in the database.

Retries while the database is down. Twilio retries a webhook that failed or took too long with the same
MessageSid, and the database cannot say whether that MessageSid was answered. So each worker process
keeps a short-lived, bounded record of the MessageSids it answered without the database
(`RECENTLY_ANSWERED`: their keyed hashes only, never the number or the text; kept 10 minutes, at most
10,000). A retry that reaches the same worker gets an empty TwiML response, and so does one that comes
after the database is back (the record is checked before the database). A retry that reaches another
worker is answered again: a duplicate helpline text is better than none.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from around_here_safety import URGENT, Assessment, assess
from flask_babel import force_locale

from .. import demand
from ..chat import messages as chat_messages
from ..chat.fallback import crisis_payload
from . import messages
from .format import compose
from .keywords import Command, parse
from .service import LANGUAGES, SmsReply

SILENT_KEYWORDS = ("stop", "start", "exit")
# Letters only one of our languages uses: Polish diacritics; Urdu's own letters (retroflexes, noon
# ghunna, bari ye, do-chashmi he, heh goal, Farsi ye and keheh); Arabic's taa marbuta, alif maqsura,
# Arabic ye and kaf.
_POLISH = frozenset("ąćęłńśźżĄĆĘŁŃŚŹŻ")
_URDU = frozenset("ٹڈڑںےۓھہیک")
_ARABIC = frozenset("ةىيك")


class AnsweredRecord:
    """Keys (hashed MessageSids) seen in the last `ttl` seconds, at most `size` of them (the oldest go
    first). Thread-safe: a worker's threads share one."""

    def __init__(
        self, *, ttl: float = 600.0, size: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl, self.size, self._clock = ttl, size, clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._seen and now - next(iter(self._seen.values())) >= self.ttl:
            self._seen.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            self._expire(self._clock())
            return key in self._seen

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._seen)

    def add(self, key: str) -> bool:
        """Record `key`; False when it was already there (a retry)."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            if key in self._seen:
                return False
            self._seen[key] = now
            while len(self._seen) > self.size:
                self._seen.popitem(last=False)
            return True

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()


RECENTLY_ANSWERED = AnsweredRecord()


def written_in(body: str, command: Command | None, found: Assessment) -> str:
    """The language the message shows, or English."""
    for language in [*found.languages, command.language if command else None]:
        if language in LANGUAGES:
            return language
    if any(ch in _POLISH for ch in body):
        return "pl"
    urdu, arabic = sum(ch in _URDU for ch in body), sum(ch in _ARABIC for ch in body)
    if urdu != arabic:
        return "ur" if urdu > arabic else "ar"
    return "en"


def reply(body: str, *, contact: str, max_segments: int) -> SmsReply:
    """What to send back to `body` without the database (see the module's docstring)."""
    command = parse(body)
    if command and command.kind in SILENT_KEYWORDS:
        return SmsReply(outcome=f"{command.kind}_not_saved")
    found = assess(body)
    demand.record_crisis(found)  # lost if the database is still away when the batch is written
    with force_locale(written_in(body, command, found)):
        try_again = str(messages.UNAVAILABLE).format(contact=contact)
        replies: list[dict[str, Any]] = [{"text": try_again}]
        outcome = "unavailable"
        if found:
            intro = chat_messages.CRISIS_INTRO if found.tier == URGENT else chat_messages.CRISIS_SUPPORTIVE
            replies.insert(0, {"text": str(intro), "custom": crisis_payload(found)})
            outcome = "crisis_unavailable"
        elif command and command.kind == "help":
            replies, outcome = [{"text": str(messages.HELP)}], "help_unavailable"
        return SmsReply(compose(replies, hint=lambda _payload: "", max_segments=max_segments), outcome)


def answer_once(key: str, body: str, *, contact: str, max_segments: int) -> SmsReply:
    """`reply`, unless this worker already answered the message `key` without the database."""
    if not RECENTLY_ANSWERED.add(key):
        return SmsReply(outcome="duplicate")
    return reply(body, contact=contact, max_segments=max_segments)
