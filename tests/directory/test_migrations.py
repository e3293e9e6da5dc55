"""Migrations build the schema from empty, and the models and migrations agree."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from directory.migrations import downgrade, upgrade
from directory.models import Base


def test_upgrading_an_empty_database_creates_every_table(database_url):
    engine = create_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_the_models_and_the_migrations_describe_the_same_schema(database_url):
    engine = create_engine(database_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def test_a_fresh_sqlite_database_upgrades_downgrades_and_upgrades_again(empty_database_url):
    upgrade(empty_database_url)
    downgrade(empty_database_url, "base")
    engine = create_engine(empty_database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(empty_database_url)
    engine = create_engine(empty_database_url)
    assert "service" in inspect(engine).get_table_names()
    engine.dispose()


@pytest.mark.parametrize("table", ["service", "organization", "location", "schedule", "taxonomy_term"])
def test_core_open_referral_tables_have_uuid_string_ids(database_url, table):
    engine = create_engine(database_url)
    columns = {c["name"]: c for c in inspect(engine).get_columns(table)}
    engine.dispose()
    assert "id" in columns and not columns["id"]["nullable"]
