"""Apply the change queue to the index: one writer, database as the source of truth."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import IndexChange
from ..queries import iter_services, services_by_ids
from .documents import is_searchable, service_document
from .whoosh_backend import IndexUnavailable, WhooshBackend

log = logging.getLogger(__name__)

SessionFactory = Callable[[], AbstractContextManager[Session]]
BATCH = 2000


class IndexUpdater:
    """Drains `index_change` rows into the index.

    A process lock plus Whoosh's file lock make this the only writer; each drain re-reads the current
    state of the touched services, so concurrent edits converge on what the database holds.
    """

    def __init__(self, backend: WhooshBackend, session_factory: SessionFactory) -> None:
        self.backend = backend
        self.session_factory = session_factory
        self._lock = threading.RLock()

    def drain(self) -> int:
        """Apply every queued change; returns how many services were written or removed."""
        done = 0
        while True:
            applied = self._drain_batch()
            done += applied
            if applied == 0:
                return done

    def _drain_batch(self) -> int:
        with self._lock:
            try:
                writer = self.backend.writer()
            except IndexUnavailable:
                self.rebuild()
                return 0
            try:
                with self.session_factory() as session:
                    changes = list(session.scalars(select(IndexChange).order_by(IndexChange.id).limit(BATCH)))
                    if not changes:
                        return 0
                    ids = sorted({c.service_id for c in changes})
                    services = {s.id: s for s in services_by_ids(session, ids)}
                    upserts = [service_document(s) for s in services.values() if is_searchable(s)]
                    deletes = [i for i in ids if i not in services or not is_searchable(services[i])]
                    self.backend.apply(upserts, deletes, writer=writer)
                    writer.commit()
                    writer = None
                    # Delete exactly the rows applied: a change committed meanwhile stays queued.
                    session.execute(delete(IndexChange).where(IndexChange.id.in_([c.id for c in changes])))
                    session.commit()
                    log.info("search index: %s updated, %s removed", len(upserts), len(deletes))
                    return len(ids)
            finally:
                if writer is not None:
                    writer.cancel()

    def rebuild(self) -> int:
        """Rebuild the whole index from the database, then apply anything queued meanwhile."""
        with self._lock:
            with self.session_factory() as session:
                count = self.backend.rebuild(self._documents(session))
            log.info("search index rebuilt with %s services", count)
        self.drain()
        return count

    def _documents(self, session: Session) -> Iterator[dict[str, Any]]:
        for batch in iter_services(session):
            for service in batch:
                if is_searchable(service):
                    yield service_document(service)

    def ensure_index(self) -> bool:
        """Open the index, rebuilding it if missing, damaged, or out of step with the database.

        Returns True when a rebuild was needed.
        """
        from ..queries import count_services

        with self._lock:
            if self.backend.exists() and self.backend.healthy():
                with self.session_factory() as session:
                    queued = session.scalar(select(IndexChange.id).limit(1)) is not None
                    expected = count_services(session, active_only=True)
                if queued:
                    self.drain()
                    return False
                if self.backend.doc_count() == expected:
                    return False
                log.warning(
                    "search index has %s documents, database %s: rebuilding",
                    self.backend.doc_count(),
                    expected,
                )
            self.rebuild()
            return True


class BackgroundIndexer:
    """Wakes after commits and drains in a worker thread, so a web request never waits on the index."""

    def __init__(self, updater: IndexUpdater) -> None:
        self.updater = updater
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="search-indexer", daemon=True)
            self._thread.start()

    def notify(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(timeout=5.0)  # the timeout also picks up changes queued by other processes
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.updater.drain()
            except Exception:
                log.exception("search indexer failed; changes stay queued and will be retried")
