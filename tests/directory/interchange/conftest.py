"""Fixtures for the interchange tests: the ORUK reference material, empty databases, row counts."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.db import Database
from directory.migrations import upgrade
from directory.models import Base
from directory.search import changes

SHARED_ORUK = Path(__file__).resolve().parents[3] / ".." / "shared" / "oruk"


@pytest.fixture(scope="session")
def oruk_dir() -> Path:
    """The ORUK reference folder, read in place; skipped (saying why) when it is not there."""
    if not (SHARED_ORUK / "examples").is_dir():
        reason = f"ORUK reference material not found at {SHARED_ORUK.resolve()}"
        print(reason)
        pytest.skip(reason)
    return SHARED_ORUK


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated SQLite file, copied by `empty_db` so each test gets its own cheaply."""
    path = tmp_path_factory.mktemp("template-db") / "empty.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def empty_db(migrated_sqlite_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A brand-new database with the schema and no data at all (not even neighbourhoods or needs)."""
    changes.install()
    path = tmp_path / "fresh.db"
    shutil.copy(migrated_sqlite_file, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture
def count_rows() -> Callable[[Session], dict[str, int]]:
    """Rows in every table, to prove an import that was refused left the database as it was."""

    def count(session: Session) -> dict[str, int]:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }

    return count


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[..., Path]:
    """Write `data` as a JSON file in the test's folder and return its path."""

    def write(data: Any, name: str = "feed.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return write
