"""The index follows the database: after commit, never on rollback, one writer, rebuilt when lost."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from whoosh import query as Q

from directory.db import Database
from directory.migrations import upgrade
from directory.models import IndexChange, Service
from directory.search import SearchProvider, SearchRequest
from directory.search.whoosh_backend import analyzer
from directory.seed import seed_need_taxonomy, seed_neighbourhoods
from tests.factories import create_service


@pytest.fixture
def committed(tmp_path: Path) -> Iterator[tuple[Database, SearchProvider]]:
    """A real file database with real commits (no rollback wrapper) and its own index."""
    url = f"sqlite:///{tmp_path / 'consistency.db'}"
    upgrade(url)
    database = Database(url)
    with database.transaction() as session:
        seed_need_taxonomy(session)
        seed_neighbourhoods(session)
    provider = SearchProvider()
    provider.configure(database, tmp_path / "index")
    provider.updater.rebuild()
    yield database, provider
    provider.shutdown()
    database.dispose()


def _names(provider: SearchProvider, text: str) -> list[str]:
    page = provider.search.search(SearchRequest(text=text, per_page=50))
    with provider.database.transaction() as session:
        names = dict(session.execute(select(Service.id, Service.name).where(Service.id.in_(page.ids))).all())
    return [names[i] for i in page.ids if i in names]


def test_a_committed_new_service_becomes_searchable_after_the_queue_is_drained(committed):
    database, provider = committed
    with database.transaction() as session:
        create_service(session, name="Zephyr Pantry", needs=("food",))
    assert _names(provider, "zephyr") == []  # not yet applied: the index is fed after commit
    provider.updater.drain()
    assert _names(provider, "zephyr") == ["Zephyr Pantry"]


def test_a_rolled_back_transaction_leaves_no_trace_in_the_queue_or_the_index(committed):
    database, provider = committed
    with pytest.raises(RuntimeError), database.transaction() as session:
        create_service(session, name="Phantom Pantry")
        session.flush()
        raise RuntimeError("the edit is abandoned")
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(IndexChange)) == 0
    provider.updater.drain()
    assert _names(provider, "phantom") == []


def test_an_edit_and_a_deletion_are_reflected_after_commit(committed):
    database, provider = committed
    with database.transaction() as session:
        service_id = create_service(session, name="Quokka Advice Centre", needs=("money",)).id
    provider.updater.drain()
    with database.transaction() as session:
        session.get(Service, service_id).name = "Wombat Advice Centre"
    provider.updater.drain()
    assert _names(provider, "quokka") == []
    assert _names(provider, "wombat") == ["Wombat Advice Centre"]
    with database.transaction() as session:
        session.delete(session.get(Service, service_id))
    provider.updater.drain()
    assert _names(provider, "wombat") == []


def test_a_service_made_inactive_is_removed_from_search(committed):
    database, provider = committed
    with database.transaction() as session:
        service_id = create_service(session, name="Narwhal Lunch Club").id
    provider.updater.drain()
    with database.transaction() as session:
        session.get(Service, service_id).status = "defunct"
    provider.updater.drain()
    assert _names(provider, "narwhal") == []


ROUND_WORDS = ("apple", "banana", "cherry", "damson", "elderberry")


def _indexed_with(searcher, service_id: str, word: str) -> bool:
    query = Q.And([Q.Term("id", service_id), Q.Term("body", provider_stem(word))])
    return len(searcher.search(query)) == 1


def provider_stem(word: str) -> str:
    return next(iter(t.text for t in analyzer()(word)))


def test_concurrent_edits_from_several_threads_converge_on_the_database_state(committed):
    database, provider = committed
    with database.transaction() as session:
        ids = [create_service(session, name=f"Concurrent Service {i}").id for i in range(6)]
    provider.updater.drain()
    errors: list[BaseException] = []

    def editor(worker: int) -> None:
        try:
            for round_ in range(5):
                with database.transaction() as session:
                    service = session.get(Service, ids[worker])
                    service.description = f"{ROUND_WORDS[round_]} session"
                provider.updater.drain()  # every thread also writes: the index allows one writer at a time
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=editor, args=(w,)) for w in range(len(ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    provider.updater.drain()
    searcher = provider.backend.index().searcher()
    try:
        for service_id in ids:  # exact term queries: typo tolerance must not blur what is checked
            assert _indexed_with(searcher, service_id, ROUND_WORDS[-1])
            assert not any(_indexed_with(searcher, service_id, word) for word in ROUND_WORDS[:-1])
    finally:
        searcher.close()
    assert provider.backend.document_ids() == set(ids)


def test_the_index_is_rebuilt_from_the_database_after_it_is_deleted(committed):
    database, provider = committed
    with database.transaction() as session:
        create_service(session, name="Pangolin Warm Space", needs=("energy",))
    provider.updater.drain()
    provider.backend.close()
    shutil.rmtree(provider.backend.directory)
    assert _names(provider, "pangolin") == ["Pangolin Warm Space"]


def test_a_corrupt_index_is_detected_and_rebuilt(committed):
    database, provider = committed
    with database.transaction() as session:
        create_service(session, name="Axolotl Job Club", needs=("employment",))
    provider.updater.drain()
    provider.backend.close()
    for path in provider.backend.directory.iterdir():
        if path.suffix in (".toc", ".seg"):
            path.write_bytes(b"\x00garbage")
    assert provider.updater.ensure_index() is True
    assert _names(provider, "axolotl") == ["Axolotl Job Club"]


def test_an_index_missing_documents_is_rebuilt_on_startup_check(committed):
    database, provider = committed
    with database.transaction() as session:
        service_id = create_service(session, name="Ocelot Carers Cafe").id
    provider.updater.drain()
    provider.backend.apply([], [service_id])  # simulate a lost update
    assert provider.updater.ensure_index() is True
    assert _names(provider, "ocelot") == ["Ocelot Carers Cafe"]
    assert provider.updater.ensure_index() is False


def test_the_background_indexer_applies_changes_without_an_explicit_drain(committed, tmp_path):
    database, _provider = committed
    provider = SearchProvider()
    provider.configure(database, tmp_path / "bg-index", background=True)
    try:
        provider.updater.rebuild()
        with database.transaction() as session:
            create_service(session, name="Capybara Community Fridge")
        for _ in range(100):
            if _names(provider, "capybara"):
                break
            threading.Event().wait(0.05)
        assert _names(provider, "capybara") == ["Capybara Community Fridge"]
    finally:
        provider.shutdown()
