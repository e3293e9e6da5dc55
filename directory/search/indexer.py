"""Follow the search change log into this node's index: one writer, database as the source of truth.

Every node (web process group, worker) keeps its own index and applies the whole log to it, so no
index is shared across machines. Each index records the last log position it applied in
`LOG_POSITION.json` inside its own directory, written atomically after the index commit; an index
without that file (new, lost, or older than the log) is rebuilt. Applying re-reads the touched
services, so applying a change twice is harmless: the position is written after the index commit,
never before.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import case, delete, func, insert, inspect, or_, select, update
from sqlalchemy.orm import Session

from ..models import IndexChange, SearchIndexNode, SearchLogHorizon, utcnow
from ..queries import services_by_ids
from .documents import is_searchable, service_document
from .loading import iter_documents
from .whoosh_backend import IndexUnavailable, WhooshBackend

log = logging.getLogger(__name__)

SessionFactory = Callable[[], AbstractContextManager[Session]]
BATCH = 2000
POSITION_FILE = "LOG_POSITION.json"
APPLY_LOCK = "APPLY.lock"
DEFAULT_RETENTION_HOURS = 24.0


def default_node_id(index_dir: str | os.PathLike[str]) -> str:
    """Host and index directory: stable across restarts, distinct for two indexes on one host."""
    return f"{socket.gethostname()}:{Path(index_dir).resolve()}"[:200]


class IndexUpdater:
    """Applies the change log to one index and reports its position, so the log can be pruned.

    A process lock plus Whoosh's file lock make this the only writer of its index.
    """

    def __init__(
        self,
        backend: WhooshBackend,
        session_factory: SessionFactory,
        *,
        node_id: str | None = None,
        retention_hours: float = DEFAULT_RETENTION_HOURS,
    ) -> None:
        self.backend = backend
        self.session_factory = session_factory
        self.node_id = node_id or default_node_id(backend.directory)
        self.retention = timedelta(hours=retention_hours)
        self._lock = threading.RLock()
        self._held = 0

    # -- the recorded position -----------------------------------------------------------------
    @property
    def _position_file(self) -> Path:
        return Path(self.backend.directory) / POSITION_FILE

    def position(self) -> int | None:
        """The last log position applied to this index, or None when it has none (rebuild it)."""
        try:
            return int(json.loads(self._position_file.read_text())["position"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _record(self, position: int) -> None:
        """Write the position beside the index atomically: a crash leaves the old or the new file."""
        directory = self._position_file.parent
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=".position-")
        with os.fdopen(fd, "w") as handle:
            json.dump({"position": position, "node": self.node_id}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self._position_file)

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """This index to ourselves: a thread lock, and a file lock shared with every process using
        the same directory (gunicorn workers), held while reading the position, the log and the
        services and until the new position is recorded. Without it a worker could record a position
        past changes it wrote to a generation that another worker's rebuild had just replaced.
        Re-entrant within a thread (a rebuild drains, a drain may rebuild)."""
        with self._lock:
            if self._held:
                self._held += 1
                try:
                    yield
                finally:
                    self._held -= 1
                return
            directory = Path(self.backend.directory)
            directory.mkdir(parents=True, exist_ok=True)
            with open(directory / APPLY_LOCK, "a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                self._held = 1
                try:
                    yield
                finally:
                    self._held = 0
                    fcntl.flock(handle, fcntl.LOCK_UN)

    # -- applying ------------------------------------------------------------------------------
    def drain(self) -> int:
        """Apply every change this index has not seen; returns how many services were written or removed."""
        done = 0
        while True:
            applied = self._drain_batch()
            done += applied
            if applied == 0:
                return done

    def _drain_batch(self) -> int:
        with self._lock:
            position = self.position()
            if position is not None and self.backend.exists():
                with self.session_factory() as session:
                    if not self._behind(session, position):
                        return 0  # the common case, every poll: no lock taken, one small query
            with self._exclusive():
                if self.position() is None or not self.backend.exists():
                    self.rebuild()  # unless another process sharing the directory just did
                    return 0
                try:
                    writer = self.backend.writer()
                except IndexUnavailable:
                    self.rebuild()
                    return 0
                try:
                    return self._apply_batch(writer)
                finally:
                    if not writer.is_closed:
                        writer.cancel()

    def _behind(self, session: Session, position: int) -> bool:
        """Whether the log holds anything past `position` (cheap: it runs every poll)."""
        newer = select(IndexChange.position).where(IndexChange.position > position).limit(1)
        return session.scalar(newer) is not None or _pruned_through(session) > position

    def _apply_batch(self, writer: Any) -> int:
        position = self.position() or 0
        with self.session_factory() as session:
            rows = session.execute(
                select(IndexChange.position, IndexChange.service_id)
                .where(IndexChange.position > position)
                .order_by(IndexChange.position)
                .limit(BATCH)
            ).all()
            # Read after the rows: a prune that raced the read is seen here, never missed.
            if _pruned_through(session) > position:
                writer.cancel()
                log.warning("search index at position %s is behind the pruned log: rebuilding", position)
                self.rebuild()
                return 0
            if not rows:
                return 0
            ids = sorted({service_id for _, service_id in rows})
            services = {s.id: s for s in services_by_ids(session, ids)}
            upserts = [service_document(s) for s in services.values() if is_searchable(s)]
            deletes = [i for i in ids if i not in services or not is_searchable(services[i])]
            self.backend.apply(upserts, deletes, writer=writer)
            writer.commit()
        self._record(rows[-1][0])
        log.info("search index: %s updated, %s removed", len(upserts), len(deletes))
        return len(ids)

    def rebuild(self) -> int:
        """Rebuild the whole index from the database, recording the log position it was built from.

        The position is read before the documents, so the index holds at least every change up to it;
        later changes are then applied from the log (some twice, which is harmless). Searches keep
        using the old index until the backend swaps the new one in.
        """
        with self._exclusive():
            with self.session_factory() as session:
                start = max(
                    session.scalar(select(func.max(IndexChange.position))) or 0, _pruned_through(session)
                )
                count = self.backend.rebuild(self._documents(session))
            self._record(start)
            log.info("search index rebuilt with %s services at log position %s", count, start)
            self.drain()
        return count

    def _documents(self, session: Session) -> Iterator[dict[str, Any]]:
        return iter_documents(session)

    def ensure_index(self) -> bool:
        """Open the index, rebuilding it if missing, damaged, without a position, or out of step.

        Returns True when a rebuild was needed.
        """
        from ..queries import count_services

        with self._lock:
            if self.backend.exists() and self.backend.healthy() and self.position() is not None:
                self.drain()
                with self.session_factory() as session:
                    expected = count_services(session, active_only=True)
                if self.backend.doc_count() == expected:
                    return False
                log.warning(
                    "search index has %s documents, database %s: rebuilding",
                    self.backend.doc_count(),
                    expected,
                )
            self.rebuild()
            return True

    # -- liveness and pruning ------------------------------------------------------------------
    def schema_missing(self) -> bool:
        """True while the database has no change log table (it has not been migrated yet)."""
        try:
            with self.session_factory() as session:
                return not inspect(session.get_bind()).has_table(IndexChange.__tablename__)
        except Exception:  # the database itself is unreachable: that is a failure worth logging
            return False

    def heartbeat(self) -> None:
        """Tell the other nodes this index is alive and which position it still needs after."""
        position = self.position()
        if position is None:
            return
        now = utcnow()
        with self.session_factory() as session:
            found = session.execute(
                update(SearchIndexNode)
                .where(SearchIndexNode.node_id == self.node_id)
                .values(position=position, heartbeat=now)
            )
            if found.rowcount == 0:
                session.execute(
                    insert(SearchIndexNode).values(node_id=self.node_id, position=position, heartbeat=now)
                )
            session.commit()

    def prune(self) -> int:
        """Delete log rows every live index has applied, and any older than the retention period.

        A node is live while its heartbeat is within the retention period, so a node that is down for
        a deploy holds pruning back, but never for longer than that; one that returns after its
        position was pruned sees `pruned_through` beyond it and rebuilds. Returns the rows deleted.
        """
        cutoff = utcnow() - self.retention
        with self.session_factory() as session:
            session.execute(delete(SearchIndexNode).where(SearchIndexNode.heartbeat < cutoff))
            needed = session.scalar(select(func.min(SearchIndexNode.position)))
            prunable = IndexChange.created_at < cutoff
            if needed is not None:
                prunable = or_(prunable, IndexChange.position <= needed)
            through = session.scalar(
                select(func.max(IndexChange.position)).where(IndexChange.position.is_not(None), prunable)
            )
            if through is None:
                session.commit()
                return 0
            deleted = session.execute(delete(IndexChange).where(IndexChange.position <= through)).rowcount
            # One statement, so two nodes pruning at once never lower it (PostgreSQL re-evaluates the
            # CASE on the row the other committed).
            raised = session.execute(
                update(SearchLogHorizon)
                .where(SearchLogHorizon.id == 1)
                .values(
                    pruned_through=case(
                        (SearchLogHorizon.pruned_through < through, through),
                        else_=SearchLogHorizon.pruned_through,
                    )
                )
            )
            if raised.rowcount == 0:  # the migration writes the row; a hand-made schema may lack it
                session.execute(insert(SearchLogHorizon).values(id=1, pruned_through=through))
            session.commit()
        log.info("search change log pruned through position %s (%s rows)", through, deleted)
        return deleted


def _pruned_through(session: Session) -> int:
    return session.scalar(select(SearchLogHorizon.pruned_through).where(SearchLogHorizon.id == 1)) or 0


class BackgroundIndexer:
    """Applies the log in a worker thread: at once after this process commits, and by polling for
    other nodes' commits, so a web request never waits on the index."""

    def __init__(
        self,
        updater: IndexUpdater,
        *,
        poll_seconds: float = 0.5,
        heartbeat_seconds: float = 10.0,
        prune_seconds: float = 60.0,
    ) -> None:
        self.updater = updater
        self.poll_seconds = poll_seconds
        self.heartbeat_seconds = heartbeat_seconds
        self.prune_seconds = prune_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
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
        last_heartbeat = last_prune = 0.0
        while not self._stop.is_set():
            try:
                self.updater.drain()
                now = time.monotonic()
                if now - last_heartbeat >= self.heartbeat_seconds:
                    self.updater.heartbeat()
                    last_heartbeat = now
                if now - last_prune >= self.prune_seconds:
                    self.updater.prune()
                    last_prune = now
            except Exception:
                if self.updater.schema_missing():
                    # A command such as `directory migrate` on a new database starts the app before
                    # the tables exist: nothing to follow yet, and nothing is wrong.
                    log.debug("search change log not created yet; waiting for the migrations")
                else:
                    log.exception("search indexer failed; the log keeps the changes and they will be retried")
            self._wake.wait(timeout=self.poll_seconds)
            self._wake.clear()
