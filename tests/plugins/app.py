"""The Flask app over the session's sample database and a real Whoosh index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from directory.db import Database
from web import create_app
from web.config import TestConfig
from web.extensions import database as app_database
from web.extensions import search_provider

__all__ = ["app", "client", "index_dir", "rollback_app_session"]


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("index") / "index"


@pytest.fixture(scope="session")
def app(sample_database: Database, index_dir: Path) -> Iterator[Flask]:
    assert sample_database.engine is not None
    flask_app = create_app(
        TestConfig(
            DATABASE_URL=sample_database.engine.url.render_as_string(hide_password=False),
            INDEX_DIR=str(index_dir),
        )
    )
    with flask_app.app_context():
        search_provider.updater.rebuild()
    yield flask_app
    search_provider.shutdown()
    app_database.dispose()


def _explicit_sqlite_transactions(connection: Connection) -> Callable[[], None]:
    """On SQLite, let SQLAlchemy emit BEGIN for this connection (the documented pysqlite recipe).

    The sqlite3 module otherwise defers BEGIN to the first write, so the outer transaction a test rolls
    back may not exist yet, and a SAVEPOINT released by the code under test (`session.commit()`)
    commits for good: rows leaked from one test into the next. The app keeps sqlite3's default, under
    which a read followed by a write waits for a concurrent writer instead of failing at once."""
    if connection.dialect.name != "sqlite":
        return lambda: None
    raw = connection.connection.dbapi_connection
    saved = raw.isolation_level
    raw.isolation_level = None

    def begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")

    event.listen(connection, "begin", begin)

    def restore() -> None:
        event.remove(connection, "begin", begin)
        raw.isolation_level = saved

    return restore


@pytest.fixture
def rollback_app_session(app: Flask) -> Iterator[Session]:
    """Bind the app's scoped session to a connection whose transaction is rolled back afterwards."""
    assert app_database.engine is not None and app_database.session is not None
    connection = app_database.engine.connect()
    restore_sqlite = _explicit_sqlite_transactions(connection)
    outer = connection.begin()
    original = dict(app_database.session.session_factory.kw)
    app_database.session.remove()
    app_database.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield app_database.session()
    finally:
        app_database.session.remove()
        app_database.session.session_factory.kw.clear()
        app_database.session.session_factory.kw.update(original)
        outer.rollback()
        restore_sqlite()
        connection.close()


@pytest.fixture
def client(app: Flask, rollback_app_session: Session) -> FlaskClient:
    return app.test_client()
