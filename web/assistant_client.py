"""The assistant (Rasa's REST channel and HTTP API), as the chat relay and the SMS webhook reach it.

`timeout` is one total deadline for the whole call: connecting, sending, the headers and the whole body.
A slow assistant must never hold a resident (or Twilio's 15-second webhook limit) hostage, and one that
answers a byte at a time is slow. httpx's own timeouts are per operation (each socket read may take the
full read timeout again) and it has no total timeout (encode/httpx#1450), so the client's network backend
bounds every connect, read and write by the time left before the deadline, and the body is read in
chunks with the deadline checked between them and its size capped.

Admission (admission.py): `post_message` with `max_in_flight` keeps to a bound on the requests in flight
to each instance (its base URL); a message beyond it waits its turn, first in, first out, until its
deadline, counted from its arrival (`arrived`), and is then refused with `AssistantBusy`, which callers
answer from the directory like any other `AssistantUnavailable`. A message the safety net
(around_here_safety) marks as crisis never waits: it goes in at once or is refused at once, and the
directory's answer puts the safety package's crisis reply first.

One httpx client per process: thread-safe, with a connection pool, never through a proxy from the
environment (Rasa is an internal service) and never following redirects. Errors become
`AssistantUnavailable` with a reason that never contains what the resident wrote.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import threading
import time
import urllib.parse
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx
from around_here_safety import assess

from . import admission

log = logging.getLogger(__name__)

MAX_REPLY_BYTES = 512 * 1024
# Rasa is on the local network: a connection is made in milliseconds or not at all.
CONNECT_TIMEOUT_S = 2.0
# Idle connections are dropped before the assistant's server would (Sanic's keep-alive is 5 s), so a
# request never goes out on a connection the server is closing.
_LIMITS = httpx.Limits(max_connections=50, max_keepalive_connections=10, keepalive_expiry=2.0)

# The monotonic time by which the call in progress in this thread (or task) must be over.
_deadline: ContextVar[float | None] = ContextVar("assistant_deadline", default=None)


class AssistantUnavailable(RuntimeError):
    """The assistant did not give a usable answer; the message says how (never what was said)."""


class AssistantUnreachable(AssistantUnavailable):
    """No connection could be made: nothing was sent, so the message is in no tracker."""


class AssistantBusy(AssistantUnavailable):
    """Not sent: every place for this instance stayed taken until the deadline (or, for a crisis
    message, was taken when it came). The assistant is busy, not down."""


@dataclass
class Timing:
    """Where a call's time went, for Server-Timing: waiting for a place (admission) in milliseconds."""

    queue_ms: float = 0.0


def _time_left(timeout: float | None, exceeded: type[Exception]) -> float | None:
    """The smaller of httpx's timeout for one network operation and the time left before the deadline."""
    deadline = _deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise exceeded("deadline exceeded")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the current call's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        bounded = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, with connections that keep to the deadline."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_tcp(host, port, bounded, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        bounded = _time_left(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(self._backend.connect_unix_socket(path, bounded, socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport on the deadline-keeping backend. httpx takes no network backend itself, so the
    httpcore pool it would build (`_pool`) is built here the same way, with ours."""

    def __init__(self) -> None:
        super().__init__(trust_env=False, limits=_LIMITS)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=_LIMITS.max_connections,
            max_keepalive_connections=_LIMITS.max_keepalive_connections,
            keepalive_expiry=_LIMITS.keepalive_expiry,
            network_backend=_DeadlineBackend(),
        )


_client_lock = threading.Lock()
_client: tuple[int, httpx.Client] | None = None


def _shared_client() -> httpx.Client:
    """The process's client; a forked worker makes its own rather than share its parent's sockets. Its
    idle connections are closed when the process exits."""
    global _client
    with _client_lock:
        if _client is None or _client[0] != os.getpid():
            client = httpx.Client(transport=_DeadlineTransport(), trust_env=False, follow_redirects=False)
            atexit.register(client.close)
            _client = (os.getpid(), client)
        return _client[1]


def _read_capped(response: httpx.Response, deadline: float) -> bytes:
    """The body as it arrives, chunk by chunk, by the deadline and within MAX_REPLY_BYTES."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_REPLY_BYTES:
        raise AssistantUnavailable("reply too large")
    body = bytearray()
    for chunk in response.iter_raw():
        body += chunk
        if len(body) > MAX_REPLY_BYTES:
            raise AssistantUnavailable("reply too large")
        if time.monotonic() >= deadline:
            raise AssistantUnavailable("deadline exceeded")
    return bytes(body)


def _post(url: str, payload: Any, timeout: float, token: str = "") -> bytes:
    if timeout <= 0:
        raise AssistantUnavailable("deadline exceeded")
    deadline = time.monotonic() + timeout
    params = {"token": token} if token else None  # `rasa run --auth-token`: the HTTP API wants it
    limits = httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT_S))
    # Identity encoding: the size cap counts what is read, and nothing is decompressed.
    headers = {"Accept": "application/json", "Accept-Encoding": "identity"}
    bound = _deadline.set(deadline)
    try:
        with _shared_client().stream(
            "POST", url, params=params, json=payload, headers=headers, timeout=limits
        ) as response:
            if not response.is_success:
                raise AssistantUnavailable(f"HTTP {response.status_code}")
            return _read_capped(response, deadline)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        reason = "deadline exceeded" if time.monotonic() >= deadline else type(exc).__name__
        if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
            raise AssistantUnreachable(reason) from None
        raise AssistantUnavailable(reason) from None
    finally:
        _deadline.reset(bound)


def post_message(
    base_url: str,
    *,
    sender: str,
    text: str,
    metadata: dict[str, Any],
    timeout: float,
    token: str = "",
    arrived: float | None = None,
    max_in_flight: int | None = None,
    timing: Timing | None = None,
) -> list[Any]:
    """One message through the REST channel, within `timeout` seconds in all, counted from `arrived`
    (time.monotonic() when the message came; now if not given); the raw replies (a non-empty list).

    With `max_in_flight`, at most that many calls to this instance are in flight from this process at
    once; the rest wait their turn until the deadline, then raise AssistantBusy (see the module's
    docstring). `timing`, if given, gets the time spent waiting for a place."""
    deadline = (time.monotonic() if arrived is None else arrived) + timeout
    url = f"{base_url.rstrip('/')}/webhooks/rest/webhook"
    payload = {"sender": sender, "message": text, "metadata": metadata}
    if max_in_flight is None:
        raw = _post(url, payload, deadline - time.monotonic(), token)
    else:
        urgent = bool(assess(text))
        gate = admission.gates.gate(base_url, max_in_flight)
        try:
            with gate.admitted(deadline, wait=not urgent) as waited:
                if timing is not None:
                    timing.queue_ms = waited * 1000
                raw = _post(url, payload, deadline - time.monotonic(), token)
        except admission.Overflow as exc:
            if timing is not None:
                timing.queue_ms = exc.waited * 1000
            stats = gate.stats()
            log.warning(
                "assistant: admission overflow (%s, crisis=%s) after %.0f ms in line; instance %s: "
                "%d in flight, %d waiting, %d overflows of %d",
                exc,
                urgent,
                exc.waited * 1000,
                base_url.rstrip("/"),
                stats.in_flight,
                stats.waiting,
                stats.overflows,
                stats.overflows + stats.admitted,
            )
            raise AssistantBusy("busy: crisis message not queued" if urgent else f"busy: {exc}") from None
    try:
        replies = json.loads(raw)
    except ValueError:
        raise AssistantUnavailable("reply is not JSON") from None
    if not isinstance(replies, list) or not replies:
        raise AssistantUnavailable("no replies")
    return replies


def forget(base_url: str, *, sender: str, timeout: float, token: str = "") -> None:
    """Restart a conversation (Rasa HTTP API, `rasa run --enable-api --auth-token`): slots and history
    are dropped. Within `timeout` seconds in all."""
    path = urllib.parse.quote(sender, safe="")
    url = f"{base_url.rstrip('/')}/conversations/{path}/tracker/events"
    _post(url, [{"event": "restart"}], timeout, token)
