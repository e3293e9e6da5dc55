"""Every index follows the ordered change log: its own position, pruning, and rebuilding when behind."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from directory.db import Database
from directory.migrations import upgrade
from directory.models import IndexChange, SearchIndexNode, SearchLogHorizon, Service, utcnow
from directory.search import SearchProvider, SearchRequest, changes
from directory.seed import seed_need_taxonomy, seed_neighbourhoods
from tests.factories import create_service
from tests.plugins.database import drop_postgres_schema, new_postgres_schema_url, postgres_available


def _provider(database: Database, index_dir: Path, node_id: str) -> SearchProvider:
    provider = SearchProvider()
    provider.configure(database, index_dir, node_id=node_id)
    return provider


@pytest.fixture
def two_indexes(tmp_path: Path) -> Iterator[tuple[Database, SearchProvider, SearchProvider]]:
    """One committed database and two indexes on it, as two nodes would have."""
    url = f"sqlite:///{tmp_path / 'log.db'}"
    upgrade(url)
    database = Database(url)
    with database.transaction() as session:
        seed_need_taxonomy(session)
        seed_neighbourhoods(session)
    first = _provider(database, tmp_path / "first", "first")
    second = _provider(database, tmp_path / "second", "second")
    first.updater.rebuild()
    second.updater.rebuild()
    yield database, first, second
    first.shutdown()
    second.shutdown()
    database.dispose()


def _finds(provider: SearchProvider, text: str) -> bool:
    return bool(provider.search.search(SearchRequest(text=text)).ids)


def _latest(database: Database) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.max(IndexChange.position))) or 0


def test_positions_grow_with_each_commit_and_each_index_records_the_last_it_applied(two_indexes):
    database, first, second = two_indexes
    with database.transaction() as session:
        create_service(session, name="Axolotl Pantry")
    after_one = _latest(database)
    with database.transaction() as session:
        create_service(session, name="Bilby Pantry")
    assert _latest(database) > after_one
    first.updater.drain()
    assert first.updater.position() == _latest(database)
    assert second.updater.position() < after_one  # the second index has not applied anything yet


def test_an_edit_reaches_every_index_that_follows_the_log(two_indexes):
    database, first, second = two_indexes
    with database.transaction() as session:
        create_service(session, name="Caracal Lunch Club")
    first.updater.drain()
    assert _finds(first, "caracal") and not _finds(second, "caracal")
    second.updater.drain()
    assert _finds(second, "caracal")


def test_the_log_is_pruned_only_below_what_every_live_index_has_applied(two_indexes):
    database, first, second = two_indexes
    with database.transaction() as session:
        create_service(session, name="Dugong Advice")
    first.updater.drain()
    first.updater.heartbeat()
    second.updater.heartbeat()  # alive, but has not applied the edit
    assert first.updater.prune() == 0
    second.updater.drain()
    second.updater.heartbeat()
    assert first.updater.prune() > 0
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(IndexChange)) == 0
        assert session.get(SearchLogHorizon, 1).pruned_through == second.updater.position()


def test_an_index_behind_the_retention_period_rebuilds_and_records_where_it_was_built_from(two_indexes):
    database, first, second = two_indexes
    first.updater.heartbeat()
    second.updater.heartbeat()
    with database.transaction() as session:
        create_service(session, name="Echidna Repair Cafe")
    with database.transaction() as session:  # the edit is older than the retention period
        session.execute(update(IndexChange).values(created_at=utcnow() - timedelta(hours=25)))
    assert first.updater.prune() > 0  # pruned although neither index has applied it
    second.updater.drain()  # finds its position pruned: rebuilds from the database
    assert _finds(second, "echidna")
    with database.transaction() as session:
        built_from = session.get(SearchLogHorizon, 1).pruned_through
    assert second.updater.position() == built_from  # every change up to it is in the rebuilt index


def test_a_node_silent_for_the_retention_period_stops_holding_the_log_back(two_indexes):
    database, first, second = two_indexes
    second.updater.heartbeat()
    with database.transaction() as session:
        session.execute(update(SearchIndexNode).values(heartbeat=utcnow() - timedelta(hours=25)))
        create_service(session, name="Fossa Games Night")
    first.updater.drain()
    first.updater.heartbeat()
    assert first.updater.prune() > 0
    with database.transaction() as session:
        assert session.scalars(select(SearchIndexNode.node_id)).all() == ["first"]


def test_an_index_without_a_recorded_position_is_rebuilt(two_indexes):
    database, first, _ = two_indexes
    with database.transaction() as session:
        create_service(session, name="Gharial Choir")
    (Path(first.backend.directory) / "LOG_POSITION.json").unlink()
    first.updater.drain()
    assert _finds(first, "gharial") and first.updater.position() == _latest(database)


@pytest.fixture
def postgres() -> Iterator[Database]:
    reason = postgres_available()
    if reason:
        pytest.skip(reason)
    url, schema = new_postgres_schema_url()
    upgrade(url)
    changes.install()
    database = Database(url)
    with database.transaction() as session:
        seed_need_taxonomy(session)
    yield database
    database.dispose()
    drop_postgres_schema(schema)


def test_on_postgresql_positions_follow_commit_order_not_the_order_edits_began(postgres):
    assert postgres.sessionmaker is not None
    with postgres.sessionmaker() as early, postgres.sessionmaker() as late:
        slow = create_service(early, name="Slow Transaction")
        early.flush()  # its log row exists first, invisible to others until commit
        fast = create_service(late, name="Fast Transaction")
        late.commit()
        early.commit()
        positions = dict(early.execute(select(IndexChange.service_id, IndexChange.position)).all())
    assert positions[fast.id] < positions[slow.id]
    with postgres.transaction() as session:
        assert session.scalar(select(func.count()).where(IndexChange.position.is_(None))) == 0
        assert session.get(Service, slow.id) is not None


def test_pruning_never_lowers_how_far_the_log_was_pruned(two_indexes):
    database, first, _ = two_indexes
    with database.transaction() as session:
        create_service(session, name="Hoopoe Knitting Group")
    first.updater.drain()
    first.updater.heartbeat()
    far = _latest(database) + 1000
    with database.transaction() as session:  # as another node's prune, committed a moment earlier
        session.execute(update(SearchLogHorizon).values(pruned_through=far))
    first.updater.prune()
    with database.transaction() as session:
        assert session.get(SearchLogHorizon, 1).pruned_through == far


def test_an_indexer_started_before_the_migrations_waits_quietly_instead_of_logging_failures(tmp_path, caplog):
    """`flask directory migrate` on a new database starts the app, and its indexer, before the tables exist."""
    import time

    from directory.search.indexer import BackgroundIndexer, IndexUpdater
    from directory.search.whoosh_backend import WhooshBackend

    url = f"sqlite:///{tmp_path / 'new.db'}"
    database = Database(url)
    updater = IndexUpdater(WhooshBackend(tmp_path / "index"), database.sessionmaker)
    assert updater.schema_missing()
    indexer = BackgroundIndexer(updater, poll_seconds=0.05)
    with caplog.at_level("DEBUG", logger="directory.search.indexer"):
        indexer.start()
        time.sleep(0.3)
        indexer.stop()
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert any("waiting for the migrations" in r.getMessage() for r in caplog.records)
    upgrade(url)
    assert not updater.schema_missing()
    database.dispose()
