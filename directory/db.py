"""Engine and session handling, framework-agnostic so the CLI, benchmarks and Flask share it.

Flask code uses the module-level `database` object (initialised in `init_app`); other callers build
their own `Database` with a URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, scoped_session, sessionmaker

DEFAULT_SQLITE_TIMEOUT_S = 15
DEFAULT_POSTGRES_CONNECT_TIMEOUT_S = 5


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the web app read while the indexer or an import writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# Code that shortens a connection's lock wait for one job (`PRAGMA busy_timeout`, e.g. the SMS webhook,
# which must answer within Twilio's 15 seconds) keeps the usual value here, in the pooled connection's
# `info`; the pool puts it back before the connection is lent again.
SAVED_BUSY_TIMEOUT = "saved_busy_timeout_ms"


def _sqlite_restore_busy_timeout(dbapi_connection: Any, record: Any) -> None:
    saved = record.info.pop(SAVED_BUSY_TIMEOUT, None)
    if saved is not None and dbapi_connection is not None:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(saved)}")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with the settings each backend needs (SQLite pragmas, pool pre-ping).

    Statement parameters stay out of error messages (`hide_parameters`): a failed INSERT would
    otherwise carry an email address or a password hash into the logs with its traceback."""
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connect_args = kwargs.pop("connect_args", {})
        connect_args.setdefault("timeout", DEFAULT_SQLITE_TIMEOUT_S)
        connect_args.setdefault("check_same_thread", False)
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "checkin", _sqlite_restore_busy_timeout)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # A server that does not answer fails the request in seconds, not after the TCP timeout (minutes).
    connect_args = {"connect_timeout": DEFAULT_POSTGRES_CONNECT_TIMEOUT_S, **kwargs.pop("connect_args", {})}
    return create_engine(url, connect_args=connect_args, **kwargs)


class Database:
    """Owns one engine and a scoped session; `init_app` wires it into Flask's app context teardown."""

    def __init__(self, url: str | None = None, **engine_kwargs: Any) -> None:
        self.engine: Engine | None = None
        self.sessionmaker: sessionmaker[Session] | None = None
        self.session: scoped_session[Session] | None = None
        if url is not None:
            self.configure(url, **engine_kwargs)

    def configure(self, url: str, **engine_kwargs: Any) -> None:
        self.engine = make_engine(url, **engine_kwargs)
        self.sessionmaker = sessionmaker(bind=self.engine, expire_on_commit=False)
        self.session = scoped_session(self.sessionmaker)

    def init_app(self, app: Any) -> None:
        self.configure(app.config["DATABASE_URL"])
        app.extensions["directory_db"] = self

        @app.teardown_appcontext
        def _remove_session(_exc: BaseException | None) -> None:
            if self.session is not None:
                self.session.remove()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        assert self.sessionmaker is not None, "Database not configured"
        with self.sessionmaker() as session, session.begin():
            yield session

    def dispose(self) -> None:
        if self.session is not None:
            self.session.remove()
        if self.engine is not None:
            self.engine.dispose()


database = Database()
