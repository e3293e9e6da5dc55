"""Wires database, index, updater and search together; a Flask extension and a plain object."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..db import Database
from ..models import Postcode
from . import changes
from .indexer import DEFAULT_RETENTION_HOURS, BackgroundIndexer, IndexUpdater
from .service import DirectorySearch
from .whoosh_backend import WhooshBackend

log = logging.getLogger(__name__)


class SearchProvider:
    def __init__(self) -> None:
        self.backend: WhooshBackend | None = None
        self.updater: IndexUpdater | None = None
        self.search: DirectorySearch | None = None
        self.background: BackgroundIndexer | None = None
        self.database: Database | None = None

    def configure(
        self,
        database: Database,
        index_dir: str | Path,
        *,
        background: bool = False,
        node_id: str | None = None,
        poll_seconds: float = 0.5,
        retention_hours: float = DEFAULT_RETENTION_HOURS,
    ) -> None:
        """Set up search over `database`; `background` follows the change log in a worker thread,
        after this process's commits and every `poll_seconds` for other nodes' commits."""
        self.database = database
        changes.install()
        self.backend = WhooshBackend(index_dir)
        self.updater = IndexUpdater(
            self.backend, self._session, node_id=node_id or None, retention_hours=retention_hours
        )
        self.search = DirectorySearch(
            self.backend, rebuild=self.updater.rebuild, exact_postcode=self.exact_postcode
        )
        if self.background is not None:
            changes.remove_on_commit(self.background.notify)
            self.background.stop()
            self.background = None
        if background:
            self.background = BackgroundIndexer(self.updater, poll_seconds=poll_seconds)
            changes.on_commit(self.background.notify)
            self.background.start()

    def init_app(self, app: Any, database: Database) -> None:
        self.configure(
            database,
            app.config["INDEX_DIR"],
            background=app.config.get("INDEX_IN_BACKGROUND", True),
            node_id=app.config.get("SEARCH_NODE_ID") or None,
            poll_seconds=app.config.get("SEARCH_LOG_POLL_SECONDS", 0.5),
            retention_hours=app.config.get("SEARCH_LOG_RETENTION_HOURS", DEFAULT_RETENTION_HOURS),
        )
        app.extensions["directory_search"] = self

    def _session(self) -> Any:
        assert self.database is not None and self.database.sessionmaker is not None
        return self.database.sessionmaker()

    def exact_postcode(self, postcode: str) -> tuple[float, float] | None:
        """An exact point for a full postcode from the imported ONSPD table, if we have one."""
        with self._session() as session:
            row = session.execute(
                select(Postcode.latitude, Postcode.longitude).where(Postcode.postcode == postcode)
            ).first()
        return (row[0], row[1]) if row else None

    def shutdown(self) -> None:
        if self.background is not None:
            changes.remove_on_commit(self.background.notify)
            self.background.stop()
            self.background = None
        if self.backend is not None:
            self.backend.close()


search_provider = SearchProvider()
