"""How one turn is sent and judged: through the chat relay (JSON) or the SMS webhook (signed like Twilio).

A fallback answer is one the directory gave because the assistant did not: the relay says so in its
JSON (`"source": "directory"`); the SMS webhook's TwiML has no such field, so there it is recognised
by the fallback's own opening sentence (web/chat/messages.py ASSISTANT_UNAVAILABLE, English: the
benchmark texts in English).
"""

from __future__ import annotations

import itertools
import re
import time
import uuid
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from twilio.request_validator import RequestValidator

CHAT_PATH = "/chat/api/message"
SMS_PATH = "/sms/inbound"
SMS_FALLBACK_MARK = "the assistant isn't available right now"
SMS_THROTTLED_MARKS = ("sent a lot of messages", "very busy")
_TIMING = re.compile(r"(\w+);dur=([0-9.]+)")


@dataclass
class Turn:
    """One message and its answer, as the client saw it. `relay_ms` is the relay's own time
    (Server-Timing), so latency minus it is time spent queueing before the app (or on the wire)."""

    started: float  # seconds from the start of the run
    latency_ms: float
    status: int | None = None
    error: str | None = None  # timeout, connection, http_<status>, bad_answer, no_reply
    fallback: bool = False
    throttled: bool = False
    relay_ms: float | None = None
    timings: dict[str, float] = field(default_factory=dict)  # every Server-Timing entry (queue, assistant)


class Channel(Protocol):
    name: str

    def new_conversation(self) -> Any: ...

    async def send(self, client: httpx.AsyncClient, conversation: Any, text: str) -> Turn: ...


def _server_timing(header: str | None) -> dict[str, float]:
    return {name: float(value) for name, value in _TIMING.findall(header or "")}


class WebChat:
    """The widget's request: {session, message, language}, a new 32-hex-digit session per conversation.
    No Origin header: a server-side client, like the tests (browsers' origins are checked by CORS)."""

    name = "web"

    def __init__(self, base_url: str, *, language: str = "en") -> None:
        self.url = base_url.rstrip("/") + CHAT_PATH
        self.language = language

    def new_conversation(self) -> str:
        return uuid.uuid4().hex

    async def send(self, client: httpx.AsyncClient, conversation: str, text: str) -> Turn:
        started = time.perf_counter()
        body = {"session": conversation, "message": text, "language": self.language}
        try:
            response = await client.post(self.url, json=body)
        except httpx.TimeoutException:
            return Turn(0, (time.perf_counter() - started) * 1000, error="timeout")
        except httpx.TransportError:
            return Turn(0, (time.perf_counter() - started) * 1000, error="connection")
        latency = (time.perf_counter() - started) * 1000
        turn = Turn(0, latency, status=response.status_code)
        turn.timings = _server_timing(response.headers.get("Server-Timing"))
        turn.relay_ms = turn.timings.get("relay")
        if response.status_code != 200:
            turn.error = f"http_{response.status_code}"
            turn.throttled = response.status_code == 429
            return turn
        try:
            answer = response.json()
            replies = answer["replies"]
        except (ValueError, KeyError, TypeError):
            turn.error = "bad_answer"
            return turn
        if not replies:
            turn.error = "no_reply"
        turn.fallback = answer.get("source") == "directory"
        return turn


class SignedSms:
    """Texts as Twilio posts them: form fields signed with the auth token (X-Twilio-Signature) over the
    exact URL called. Each conversation is a new sender from Ofcom's drama range (07700 900000-900999),
    starting at `first_number`, so one run does not meet the per-sender hourly limit."""

    name = "sms"

    def __init__(self, base_url: str, token: str, *, first_number: int = 0) -> None:
        self.url = base_url.rstrip("/") + SMS_PATH
        self.validator = RequestValidator(token)
        self.numbers = itertools.count(first_number)

    def new_conversation(self) -> str:
        return f"+447700900{next(self.numbers) % 1000:03d}"

    async def send(self, client: httpx.AsyncClient, conversation: str, text: str) -> Turn:
        params = {
            "MessageSid": "SM" + uuid.uuid4().hex,
            "AccountSid": "AC" + "0" * 32,
            "From": conversation,
            "To": "+447700900999",
            "Body": text,
            "NumMedia": "0",
        }
        headers = {"X-Twilio-Signature": self.validator.compute_signature(self.url, params)}
        started = time.perf_counter()
        try:
            response = await client.post(self.url, data=params, headers=headers)
        except httpx.TimeoutException:
            return Turn(0, (time.perf_counter() - started) * 1000, error="timeout")
        except httpx.TransportError:
            return Turn(0, (time.perf_counter() - started) * 1000, error="connection")
        turn = Turn(0, (time.perf_counter() - started) * 1000, status=response.status_code)
        if response.status_code != 200:
            turn.error = f"http_{response.status_code}"
            return turn
        try:
            texts = [m.text or "" for m in ElementTree.fromstring(response.content).iter("Message")]
        except ElementTree.ParseError:
            turn.error = "bad_answer"
            return turn
        joined = " ".join(texts).lower()
        if not texts:
            turn.error = "no_reply"
        turn.fallback = SMS_FALLBACK_MARK in joined
        turn.throttled = any(mark in joined for mark in SMS_THROTTLED_MARKS)
        return turn


def twilio_token(given: str | None = None) -> str:
    """The webhook's auth token: given, else TWILIO_AUTH_TOKEN from the environment, else from the
    development secrets file ($AROUND_HERE_VAR/secrets.env, as `make run` reads it)."""
    import os
    from pathlib import Path

    if given:
        return given
    if os.environ.get("TWILIO_AUTH_TOKEN"):
        return os.environ["TWILIO_AUTH_TOKEN"]
    var = Path(os.environ.get("AROUND_HERE_VAR", Path(__file__).resolve().parents[2] / "var"))
    try:
        for line in (var / "secrets.env").read_text(encoding="utf-8").splitlines():
            name, _, value = line.strip().partition("=")
            if name == "TWILIO_AUTH_TOKEN" and value:
                return value
    except OSError:
        pass
    raise SystemExit("no Twilio auth token: pass --token or set TWILIO_AUTH_TOKEN (as the server has it)")
