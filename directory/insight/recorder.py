"""Demand events written off the request path: buffered in the process, stored in batches.

`record()` only appends to an in-memory list under a lock (microseconds); a daemon thread of this
process writes what is buffered every `interval` seconds (1 by default, so events are stored within a
few seconds) in one bulk insert, and `flush()` does the same at once (jobs, tests, shutdown); with an
interval of 0 only `flush()` writes. Every
process (each web worker, the jobs, each node) has its own buffer and thread, started lazily after a
fork. A failing write is logged (never the event's contents) and dropped: counting demand must never
slow down or break an answer. When the buffer is full (the database away for long), new events are
dropped and counted in the log instead of growing memory without bound.

Crisis answers are only counted, by day and tier, borough-wide (`record_crisis`).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..models.demand import CrisisCount, DemandEvent
from .events import Demand

log = logging.getLogger(__name__)

SessionFactory = Callable[[], Session]
MAX_BUFFER = 100_000
TIERS = ("urgent", "supportive")


class DemandRecorder:
    def __init__(self, *, interval: float = 1.0, max_buffer: int = MAX_BUFFER) -> None:
        self.interval = interval
        self.max_buffer = max_buffer
        self.enabled = True
        self._sessions: SessionFactory | None = None
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._events: list[tuple[SessionFactory, dict[str, Any]]] = []
        self._crises: Counter[tuple[SessionFactory, date, str, bool]] = Counter()
        self._dropped = 0
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        atexit.register(self.flush)

    def configure(
        self, sessions: SessionFactory | None, *, enabled: bool = True, interval: float = 1.0
    ) -> None:
        """Where events go from now on. Events already buffered still go to the database they were
        recorded for."""
        self._sessions = sessions
        self.enabled = enabled
        self.interval = interval

    def init_app(self, app: Any, database: Any) -> None:
        self.configure(
            database.sessionmaker,  # this app's database, even if another app is configured later
            enabled=app.config.get("INSIGHT_ENABLED", True),
            interval=float(app.config.get("INSIGHT_FLUSH_SECONDS", 1.0)),
        )
        app.extensions["demand_recorder"] = self

    # -- recording (request path) --------------------------------------------------------------

    def record(self, demand: Demand) -> None:
        """Keep one event for the next batch. Never raises."""
        try:
            self._add(lambda sessions: self._events.append((sessions, demand.row())), 1)
        except Exception as exc:  # counting must never break an answer
            log.warning("insight: could not buffer an event (%s)", type(exc).__name__)

    def record_crisis(self, tier: str, *, when: datetime | None = None, sample: bool = False) -> None:
        """Count one crisis answer for its day and tier, borough-wide. Never raises."""
        day = (when or datetime.now(UTC)).astimezone(UTC).date()
        tier = tier if tier in TIERS else "supportive"
        try:
            self._add(lambda sessions: self._crises.update([(sessions, day, tier, sample)]), 1)
        except Exception as exc:
            log.warning("insight: could not buffer a crisis count (%s)", type(exc).__name__)

    def _add(self, append: Callable[[SessionFactory], None], size: int) -> None:
        sessions = self._sessions
        if not self.enabled or sessions is None:
            return
        self._after_fork()
        with self._lock:
            if len(self._events) + len(self._crises) + size > self.max_buffer:
                self._dropped += size
                return
            append(sessions)
        self._ensure_thread()

    def _after_fork(self) -> None:
        """A forked worker inherits the parent's buffer and a dead thread: start afresh."""
        pid = os.getpid()
        if pid != self._pid:
            self._pid = pid
            self._lock = threading.Lock()
            self._flushing = threading.Lock()
            self._events = []
            self._crises = Counter()
            self._wake = threading.Event()
            self._thread = None

    def _ensure_thread(self) -> None:
        if self.interval <= 0:  # manual: only `flush()` writes (tests)
            return
        thread = self._thread
        if thread is not None and thread.is_alive():
            return
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._thread = threading.Thread(target=self._run, name="demand-recorder", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while self.interval > 0:
            self._wake.wait(self.interval)
            self._wake.clear()
            self.flush()
        self._thread = None

    def discard(self) -> int:
        """Forget everything buffered (tests start from nothing); how many were dropped."""
        with self._lock:
            count = len(self._events) + sum(self._crises.values())
            self._events = []
            self._crises = Counter()
        return count

    # -- writing ------------------------------------------------------------------------------

    def pending(self) -> int:
        with self._lock:
            return len(self._events) + sum(self._crises.values())

    def flush(self) -> int:
        """Write everything buffered now; the number of events and crisis counts written."""
        with self._flushing:
            with self._lock:
                events, self._events = self._events, []
                crises, self._crises = self._crises, Counter()
                dropped, self._dropped = self._dropped, 0
            if dropped:
                log.warning("insight: %d events dropped (buffer full)", dropped)
            written = 0
            for sessions in {s for s, _ in events} | {key[0] for key in crises}:
                rows = [row for s, row in events if s is sessions]
                counts = {key[1:]: n for key, n in crises.items() if key[0] is sessions}
                written += self._write(sessions, rows, counts)
            return written

    def _write(self, sessions: SessionFactory, rows: list[dict[str, Any]], crises: dict[Any, int]) -> int:
        try:
            with sessions() as session, session.begin():
                if rows:
                    session.execute(insert(DemandEvent), rows)
                for (day, tier, sample), count in crises.items():
                    add_crisis(session, day, tier, count, sample=sample)
        except Exception as exc:  # the database away: these counts are lost, the answers were not
            log.warning(
                "insight: could not store %d events and %d crisis counts (%s)",
                len(rows),
                sum(crises.values()),
                type(exc).__name__,
            )
            return 0
        return len(rows) + sum(crises.values())


def add_crisis(session: Session, day: date, tier: str, count: int, *, sample: bool = False) -> None:
    """Add to a day's crisis count for a tier, creating it when it is the first (an upsert)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    statement = upsert(CrisisCount).values(day=day, tier=tier, sample=sample, count=count)
    statement = statement.on_conflict_do_update(
        index_elements=["day", "tier", "sample"], set_={"count": CrisisCount.count + statement.excluded.count}
    )
    session.execute(statement)


demand_recorder = DemandRecorder()
