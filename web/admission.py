"""Admission to the assistant: a bound on the requests in flight to each assistant instance, and a
first-in, first-out queue with a deadline for the rest.

One Rasa server serves only so many turns at once (about 50 ms of CPU each, on one core). Requests sent
beyond that only queue inside it, where every one of them ages together until many time out at once and
residents get the directory's answer while the assistant is merely busy. So the web process keeps the
queue itself: at most `limit` requests in flight per instance (ASSISTANT_MAX_IN_FLIGHT), the others
waiting their turn in arrival order, each until its own deadline (counted by the caller from the
message's arrival). Only a request still waiting at its deadline is refused (`Overflow`, counted), and
the caller answers it from the directory. A request that is let in keeps its place until it is over,
however it ends (answer, error or timeout).

A caller that must not wait (a crisis message) asks with `wait=False`: it goes in at once if a place is
free, or is refused at once.

The bound is per process. Each gunicorn worker keeps its own gates, so an instance sees at most
workers x ASSISTANT_MAX_IN_FLIGHT requests from one web server (and that times the number of web
servers). It is not shared through Redis: a cross-process FIFO with deadlines would cost Redis round
trips on every turn and could lose places held by a worker that dies; sizing per process is simpler
and fails safe. Size it as (what one assistant can serve at once) / (web workers).

No Flask and no I/O here: the gates are plain objects, one registry per process (`gates`).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


class Overflow(Exception):
    """Refused: no place came free before the deadline (or at once, for a caller that must not wait)."""

    def __init__(self, reason: str, waited: float) -> None:
        super().__init__(reason)
        self.waited = waited  # seconds spent in the queue


class _Waiter:
    __slots__ = ("event",)

    def __init__(self) -> None:
        self.event = threading.Event()  # set (under the gate's lock) when a place is handed over


@dataclass(frozen=True)
class GateStats:
    limit: int
    in_flight: int
    waiting: int
    admitted: int  # let in since the process started
    overflows: int  # refused since the process started (queued past the deadline, or could not wait)


class Gate:
    """At most `limit` holders at once; the others wait in arrival order. Thread-safe."""

    def __init__(self, limit: int) -> None:
        self._lock = threading.Lock()
        self._limit = max(1, int(limit))
        self._in_flight = 0
        self._queue: deque[_Waiter] = deque()
        self._admitted = 0
        self._overflows = 0

    @property
    def limit(self) -> int:
        return self._limit

    @limit.setter
    def limit(self, value: int) -> None:
        """A new bound: places it frees go to the waiters at once; a lower one takes effect as holders leave."""
        with self._lock:
            self._limit = max(1, int(value))
            self._hand_over()

    def _hand_over(self) -> None:
        # Called with the lock held: free places go to the longest waiters.
        while self._queue and self._in_flight < self._limit:
            self._in_flight += 1
            self._admitted += 1
            self._queue.popleft().event.set()

    def enter(self, deadline: float, *, wait: bool = True) -> float:
        """Take a place, waiting in line until `deadline` (time.monotonic()) at most; the seconds waited.
        Raises Overflow when no place came free in time, or at once when `wait` is false."""
        started = time.monotonic()
        with self._lock:
            if self._in_flight < self._limit and (not self._queue or not wait):
                self._in_flight += 1
                self._admitted += 1
                return 0.0
            if not wait or deadline <= started:
                self._overflows += 1
                raise Overflow("no place free" if not wait else "deadline already passed", 0.0)
            waiter = _Waiter()
            self._queue.append(waiter)
        waiter.event.wait(max(0.0, deadline - started))
        with self._lock:
            # The event is only ever set under this lock, so this check and the hand-over cannot cross.
            if not waiter.event.is_set():
                self._queue.remove(waiter)
                self._overflows += 1
                raise Overflow("queued past the deadline", time.monotonic() - started)
        return time.monotonic() - started

    def leave(self) -> None:
        """Give the place back: to the first in line when there is one (and the bound allows)."""
        with self._lock:
            self._in_flight -= 1
            self._hand_over()

    @contextmanager
    def admitted(self, deadline: float, *, wait: bool = True) -> Iterator[float]:
        """A place for the block (the seconds waited for it); given back however the block ends."""
        waited = self.enter(deadline, wait=wait)
        try:
            yield waited
        finally:
            self.leave()

    def stats(self) -> GateStats:
        with self._lock:
            return GateStats(self._limit, self._in_flight, len(self._queue), self._admitted, self._overflows)


class Gates:
    """One gate per assistant instance (its base URL), made on first use. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._gates: dict[str, Gate] = {}

    def gate(self, url: str, limit: int) -> Gate:
        """The gate for the instance at `url`, bounded at `limit` (a changed setting applies at once)."""
        key = url.rstrip("/")
        with self._lock:
            gate = self._gates.get(key)
            if gate is None:
                gate = self._gates[key] = Gate(limit)
        if gate.limit != max(1, int(limit)):
            gate.limit = limit
        return gate

    def stats(self) -> dict[str, GateStats]:
        with self._lock:
            gates = dict(self._gates)
        return {url: gate.stats() for url, gate in gates.items()}

    def clear(self) -> None:
        """Forget every gate (tests; a process with no request in flight)."""
        with self._lock:
            self._gates.clear()


gates = Gates()
