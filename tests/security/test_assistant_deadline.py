"""The assistant gets one total deadline, not a timeout per socket read: an assistant that answers a
byte at a time (or sends its headers and then nothing) cannot hold the chat relay or the SMS webhook
past it. Real local HTTP servers on 127.0.0.1, the real client, the real relay and webhook."""

from __future__ import annotations

import json
import socket
import socketserver
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.helpers.chat import payloads, say
from tests.helpers.sms import TOKEN, post_signed, twilio_params
from web import assistant_client
from web.assistant_client import AssistantUnavailable, post_message
from web.sms import budget

DEADLINE = 1.0
MARGIN = 1.5  # the relay's and the webhook's own work (the directory fallback), on a busy machine
BYTE_EVERY = 0.1
SECRET_TEXT = "my secret words 07700900123"
REPLY = b'[{"recipient_id": "x", "text": "Hello from the assistant"}]'


def _response(body: bytes) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


@dataclass
class Assistant:
    """A local HTTP server standing in for Rasa: `mode` says how it answers."""

    mode: str
    url: str = ""
    requests: list[tuple[str, bytes]] = field(default_factory=list)  # (request line, body)
    stop: threading.Event = field(default_factory=threading.Event)

    def answer(self, connection: socket.socket) -> None:
        if self.mode == "prompt":
            connection.sendall(_response(REPLY))
        elif self.mode == "trickle":  # status line, headers and body, one byte every 0.1 s
            self._trickle(connection, _response(b" " * 2000))
        elif self.mode == "trickle body":  # the headers at once, then the body one byte every 0.1 s
            connection.sendall(_response(b" " * 2000)[:-2000])
            self._trickle(connection, b" " * 2000)
        elif self.mode == "stall":  # the headers at once, then nothing
            connection.sendall(_response(b" " * 2000)[:-2000])
            self.stop.wait(30)
        elif self.mode == "huge":  # no length given, and more than the client accepts
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
            )
            chunk = b" " * 65536
            for _ in range(assistant_client.MAX_REPLY_BYTES // len(chunk) + 4):
                connection.sendall(chunk)
        elif self.mode == "redirect":
            connection.sendall(
                b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/\r\nContent-Length: 0\r\n\r\n"
            )

    def _trickle(self, connection: socket.socket, data: bytes) -> None:
        for byte in data:
            if self.stop.wait(BYTE_EVERY):
                return
            connection.sendall(bytes([byte]))


def _read_request(connection: socket.socket) -> tuple[str, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return "", b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(
        (int(v) for k, _, v in (line.partition(":") for line in lines) if k.lower() == "content-length"), 0
    )
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return lines[0], body


@pytest.fixture
def assistant_server(request: pytest.FixtureRequest) -> Iterator[Assistant]:
    stand_in = Assistant(request.param)

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.settimeout(10)
            while True:  # a prompt assistant keeps the connection open for the next request, as Rasa does
                try:
                    line, body = _read_request(self.request)
                except OSError:  # idle for 10 s: the client's pool let the connection go
                    return
                if not line:
                    return
                stand_in.requests.append((line, body))
                try:
                    stand_in.answer(self.request)
                except OSError:  # the client gave up and closed the connection: that is the point
                    return
                if stand_in.mode != "prompt":
                    return

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield stand_in
    finally:
        stand_in.stop.set()
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def _ask(url: str, timeout: float = DEADLINE, token: str = "") -> list:
    return post_message(url, sender="web-test", text=SECRET_TEXT, metadata={}, timeout=timeout, token=token)


SLOW = ["trickle", "trickle body", "stall"]


@pytest.mark.parametrize("assistant_server", SLOW, indirect=True)
def test_a_slow_assistant_is_given_up_on_at_the_deadline_however_it_is_slow(
    assistant_server: Assistant,
) -> None:
    started = time.monotonic()
    with pytest.raises(AssistantUnavailable) as raised:
        _ask(assistant_server.url)
    elapsed = time.monotonic() - started
    assert DEADLINE * 0.9 <= elapsed < DEADLINE + 0.5
    assert str(raised.value) == "deadline exceeded"
    assert "secret" not in str(raised.value) and "07700" not in str(raised.value)


@pytest.mark.parametrize("assistant_server", SLOW, indirect=True)
def test_the_chat_relay_answers_from_the_directory_within_the_deadline(
    app: Flask,
    assistant_server: Assistant,
    closed_port_url: str,
    fresh_rate_limits: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chat = app.test_client()
    monkeypatch.setitem(app.config, "RASA_URL", closed_port_url)
    assert say(chat, "food bank in Reddish").status_code == 200  # first use: catalogs, index readers
    monkeypatch.setitem(app.config, "RASA_URL", assistant_server.url)
    monkeypatch.setitem(app.config, "CHAT_RASA_TIMEOUT", DEADLINE)
    started = time.monotonic()
    response = say(chat, "food bank in Reddish")
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    body = response.get_json()
    assert body["source"] == "directory"
    assert payloads(body, "services")
    waited = float(response.headers["Server-Timing"].split("assistant;dur=")[1].split(",")[0]) / 1000
    assert DEADLINE * 0.9 <= waited < DEADLINE + 0.25
    assert elapsed < DEADLINE + MARGIN
    assert assistant_server.requests  # it really was asked


def _sms_texts(response) -> list[str]:
    assert response.status_code == 200
    return [m.text or "" for m in ElementTree.fromstring(response.data).iter("Message")]


@pytest.mark.parametrize("assistant_server", SLOW, indirect=True)
def test_the_sms_webhook_answers_from_the_directory_within_the_deadline(
    app: Flask,
    client: FlaskClient,
    rollback_app_session: Session,
    assistant_server: Assistant,
    closed_port_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setitem(app.config, "RASA_URL", closed_port_url)
    assert _sms_texts(post_signed(client, twilio_params("food bank in Reddish")))  # first use
    monkeypatch.setitem(app.config, "RASA_URL", assistant_server.url)
    monkeypatch.setitem(app.config, "SMS_RASA_TIMEOUT", DEADLINE)
    started = time.monotonic()
    response = post_signed(client, twilio_params("food bank in Reddish"))
    elapsed = time.monotonic() - started
    [reply] = _sms_texts(response)
    assert reply.startswith("Sorry, the assistant isn't available")
    assert "1 " in reply and "Reply 1-3" in reply
    assert elapsed < DEADLINE + MARGIN
    assert assistant_server.requests


@pytest.mark.parametrize("assistant_server", ["stall"], indirect=True)
def test_the_sms_webhook_keeps_within_its_reply_budget_whatever_the_assistant_timeout_says(
    app: Flask,
    client: FlaskClient,
    rollback_app_session: Session,
    assistant_server: Assistant,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A configured assistant timeout longer than Twilio waits is cut to what is left of the budget."""
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setitem(app.config, "RASA_URL", assistant_server.url)
    monkeypatch.setitem(app.config, "SMS_RASA_TIMEOUT", 30)
    reply_within = budget.LOCK_WAIT_S + budget.FALLBACK_RESERVE_S + DEADLINE  # leaves the assistant ~1 s
    monkeypatch.setattr(budget, "REPLY_WITHIN_S", reply_within)
    started = time.monotonic()
    [reply] = _sms_texts(post_signed(client, twilio_params("food bank in Reddish")))
    assert reply.startswith("Sorry, the assistant isn't available")
    assert time.monotonic() - started < DEADLINE + MARGIN


def test_the_sms_reply_budget_is_well_within_what_twilio_waits() -> None:
    """Worst case: the claim and the commit before the assistant each wait a full lock wait, the
    assistant takes what it is given, then the fallback and a last lock wait."""
    started = 0.0
    before_assistant = 2 * budget.LOCK_WAIT_S
    assistant = budget.assistant_seconds(8.0, started=started, now=before_assistant)
    worst = before_assistant + assistant + budget.FALLBACK_RESERVE_S + budget.LOCK_WAIT_S
    assert worst <= budget.REPLY_WITHIN_S <= budget.TWILIO_WAITS_S - 3
    # a generous configuration does not change that
    assert budget.assistant_seconds(30.0, started=started, now=before_assistant) == assistant


@pytest.mark.parametrize("assistant_server", ["prompt"], indirect=True)
def test_a_prompt_assistant_is_asked_with_the_token_and_answers_whatever_proxy_the_environment_names(
    assistant_server: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    replies = _ask(assistant_server.url, token="s3cret token")
    assert replies == json.loads(REPLY)
    [(request_line, body)] = assistant_server.requests
    assert request_line == "POST /webhooks/rest/webhook?token=s3cret+token HTTP/1.1"
    assert json.loads(body) == {"sender": "web-test", "message": SECRET_TEXT, "metadata": {}}
    # the pooled connection is used again, and still answers
    assert _ask(assistant_server.url) == json.loads(REPLY)
    assert len(assistant_server.requests) == 2


@pytest.mark.parametrize(
    ("assistant_server", "reason"),
    [("huge", "reply too large"), ("redirect", "HTTP 302")],
    indirect=["assistant_server"],
)
def test_an_oversized_or_redirecting_answer_is_refused(assistant_server: Assistant, reason: str) -> None:
    with pytest.raises(AssistantUnavailable) as raised:
        _ask(assistant_server.url, timeout=5)
    assert str(raised.value) == reason
    assert len(assistant_server.requests) == 1  # the redirect was not followed
