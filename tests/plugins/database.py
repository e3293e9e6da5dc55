"""Databases for tests: SQLite always, PostgreSQL too when one is reachable.

Each backend is migrated from empty with Alembic once per session and loaded with the sample directory;
each test then runs inside a transaction that is rolled back.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from directory.db import Database
from directory.migrations import upgrade

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_postgres_reason: list[str] = []

__all__ = [
    "POSTGRES_URL",
    "database_url",
    "db_session",
    "empty_database_url",
    "migrated_postgres",
    "new_postgres_schema_url",
    "postgres_available",
    "sample_database",
]


def postgres_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not (printed by skips)."""
    if _postgres_reason:
        return _postgres_reason[0] or None
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        _postgres_reason.append("")
    except Exception as exc:  # any failure to connect means: skip, saying why
        _postgres_reason.append(f"PostgreSQL not reachable at {POSTGRES_URL}: {type(exc).__name__}")
    return _postgres_reason[0] or None


def new_postgres_schema_url() -> tuple[str, str]:
    """A fresh schema for this test session, so parallel runs never collide."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}", schema


def drop_postgres_schema(schema: str) -> None:
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@contextmanager
def migrated_postgres() -> Iterator[Database]:
    """A migrated PostgreSQL schema of the caller's own, dropped afterwards; skips when none answers.

    For tests whose connections must see each other's commits (locks, races), which the rolled-back
    `db_session` cannot show."""
    reason = postgres_available()
    if reason:
        pytest.skip(reason)
    url, schema = new_postgres_schema_url()
    try:
        upgrade(url)
        database = Database(url)
        yield database
        database.dispose()
    finally:
        drop_postgres_schema(schema)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database per backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        upgrade(url)
        yield url
        return
    reason = postgres_available()
    if reason:
        pytest.skip(reason)
    url, schema = new_postgres_schema_url()
    upgrade(url)
    yield url
    drop_postgres_schema(schema)


@pytest.fixture
def empty_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A brand-new, unmigrated SQLite database for tests that create their own schema."""
    yield f"sqlite:///{tmp_path_factory.mktemp('empty') / 'empty.db'}"


@pytest.fixture(scope="session")
def sample_database(database_url: str) -> Iterator[Database]:
    """The session's database with the sample directory committed."""
    from directory.interchange.sample import load_sample

    database = Database(database_url)
    with database.transaction() as session:
        load_sample(session)
    yield database
    database.dispose()


@pytest.fixture
def db_session(sample_database: Database) -> Iterator[Session]:
    """A session whose work is rolled back after the test, even if the test commits."""
    assert sample_database.engine is not None
    connection = sample_database.engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()
