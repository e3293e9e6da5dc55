"""Which assistant instance serves a conversation, when there are several (RASA_URLS).

Every instance shares the tracker store (the conversation so far) and the lock store (one turn of a
conversation at a time), so any instance can continue any conversation. Sending each conversation to
the same instance is still worth it: its turns queue in one process rather than contend for a lock
across processes, and the instance's caches stay warm. So each conversation has its own instance,
chosen by rendezvous hashing of its sender id (highest score of hash(sender, instance) wins): every web
process and every web node agrees without talking to the others, and when an instance is added or lost
only the conversations on that instance move.

When an instance cannot be reached (nothing was sent), the conversation goes to the next instance in
its order, and the unreachable one goes to the back of every order for a few seconds so the following
turns do not wait for it too. An instance that received the message but failed or was slow is not
retried elsewhere: the turn may already be in the shared tracker, and sending it again would double it.

With `RASA_RESOLVE_HOSTS=1` a host name stands for every address it resolves to: `docker compose up
--scale bot=N` gives the service name `bot` one address per container. Names are looked up again every
RESOLVE_SECONDS.
"""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from .assistant_client import AssistantUnavailable

T = TypeVar("T")

# How long an unreachable instance goes to the back of every conversation's order.
DOWN_SECONDS = 5.0
# How often host names are looked up again (RASA_RESOLVE_HOSTS).
RESOLVE_SECONDS = 10.0
_UNREACHABLE_REASONS = frozenset({"ConnectError", "ConnectTimeout"})


def parse_urls(value: str) -> list[str]:
    """Comma-separated base URLs, without trailing slashes or duplicates, in the order given."""
    urls: list[str] = []
    for part in value.split(","):
        url = part.strip().rstrip("/")
        if url and url not in urls:
            urls.append(url)
    return urls


def never_delivered(exc: AssistantUnavailable) -> bool:
    """True when the instance could not be reached at all, so the message cannot be in its tracker."""
    from . import assistant_client

    unreachable = getattr(assistant_client, "AssistantUnreachable", None)
    if unreachable is not None:
        return isinstance(exc, unreachable)
    return str(exc) in _UNREACHABLE_REASONS


def _score(sender: str, url: str) -> int:
    digest = hashlib.blake2b(f"{url}\n{sender}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def resolve(url: str) -> list[str]:
    """The URL once per address its host resolves to (sorted, so every process agrees); the URL itself
    when the host is an address already or does not resolve."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname
    if not host or _is_address(host):
        return [url]
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return [url]
    addresses = sorted({str(info[4][0]) for info in infos})
    netlocs = [(f"[{a}]" if ":" in a else a) + (f":{parts.port}" if parts.port else "") for a in addresses]
    return [urllib.parse.urlunsplit(parts._replace(netloc=netloc)) for netloc in netlocs] or [url]


class Assistants:
    """The assistant instances one web process talks to, and which of them are unreachable now."""

    def __init__(
        self,
        urls: Sequence[str],
        *,
        resolve_hosts: bool = False,
        clock: Callable[[], float] = time.monotonic,
        resolver: Callable[[str], list[str]] = resolve,
    ) -> None:
        if not urls:
            raise ValueError("no assistant URL")
        self._configured = tuple(url.rstrip("/") for url in urls)
        self._resolve_hosts = resolve_hosts
        self._clock = clock
        self._resolver = resolver
        self._lock = threading.Lock()
        self._down_until: dict[str, float] = {}
        self._resolved: tuple[str, ...] = self._configured
        self._resolved_at: float | None = None

    @property
    def urls(self) -> tuple[str, ...]:
        """The instances' base URLs now (host names resolved when RASA_RESOLVE_HOSTS is on)."""
        if not self._resolve_hosts:
            return self._configured
        now = self._clock()
        with self._lock:
            if self._resolved_at is not None and now - self._resolved_at < RESOLVE_SECONDS:
                return self._resolved
            self._resolved_at = now  # one lookup at a time; the others use the list they have
        resolved: list[str] = []
        for url in self._configured:
            for found in self._resolver(url):
                if found not in resolved:
                    resolved.append(found)
        with self._lock:
            self._resolved = tuple(resolved)
            return self._resolved

    def order(self, sender: str) -> list[str]:
        """Every instance, in the order to try for this conversation: its own first, then the others in
        the order they would take over; instances found unreachable in the last DOWN_SECONDS last."""
        urls = sorted(self.urls, key=lambda url: _score(sender, url), reverse=True)
        now = self._clock()
        with self._lock:
            down = {url for url, until in self._down_until.items() if until > now}
        return [url for url in urls if url not in down] + [url for url in urls if url in down]

    def mark_down(self, url: str) -> None:
        """Put the instance at the back of every order for DOWN_SECONDS."""
        with self._lock:
            self._down_until[url.rstrip("/")] = self._clock() + DOWN_SECONDS

    def call(self, sender: str, ask: Callable[[str], T]) -> T:
        """`ask(url)` on the conversation's instance; on the next one only when it could not be reached.
        Raises the last instance's AssistantUnavailable when none could, and any other failure at once."""
        failure: AssistantUnavailable | None = None
        for url in self.order(sender):
            try:
                return ask(url)
            except AssistantUnavailable as exc:
                if not never_delivered(exc):
                    raise
                self.mark_down(url)
                failure = exc
        assert failure is not None
        raise failure


_registry_lock = threading.Lock()
_registry: dict[tuple[tuple[str, ...], bool], Assistants] = {}


def instances(config: Mapping[str, Any]) -> Assistants:
    """The process's Assistants for these settings: `RASA_URLS` (a list; empty means `RASA_URL` alone)
    and `RASA_RESOLVE_HOSTS`. Cheap: call it for every message."""
    urls = tuple(parse_urls(",".join(config.get("RASA_URLS") or [])) or parse_urls(config["RASA_URL"]))
    key = (urls, bool(config.get("RASA_RESOLVE_HOSTS")))
    with _registry_lock:
        found = _registry.get(key)
        if found is None:
            if len(_registry) >= 32:  # settings changed many times (tests): start again
                _registry.clear()
            found = _registry[key] = Assistants(urls, resolve_hosts=key[1])
        return found
