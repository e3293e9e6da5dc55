"""A rebuild writes a new index generation beside the live one and switches to it when complete:
searches meanwhile answer from the old generation, and a failed rebuild leaves the old one serving."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from directory.search.base import BackendQuery
from directory.search.layout import generation_names
from directory.search.whoosh_backend import WhooshBackend, build_schema


def _doc(service_id: str, name: str) -> dict:
    return {"id": service_id, "name": name, "body": "A warm welcome.", "needs": "food", "scope": "local"}


OLD = [_doc("old-1", "Quillwort Pantry"), _doc("old-2", "Quillwort Lunch Club")]
NEW = [_doc("new-1", "Marram Pantry"), _doc("new-2", "Marram Lunch Club"), _doc("new-3", "Marram Cafe")]


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[WhooshBackend]:
    backend = WhooshBackend(tmp_path / "index")
    backend.rebuild(OLD)
    yield backend
    backend.close()


def _ids(backend: WhooshBackend, word: str) -> list[str]:
    return sorted(hit.service_id for hit in backend.search(BackendQuery(words=(word,), limit=10)).hits)


def _in_another_thread(call):
    """Run `call` on a thread of its own (as a web request would) and return its result or raise."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed back to the test thread
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_a_search_during_a_rebuild_answers_from_the_old_generation_and_the_new_one_after(backend):
    during: list[tuple[list[str], list[str]]] = []

    def documents() -> Iterator[dict]:
        for number, document in enumerate(NEW):
            if number == 2:  # half of the new generation is written, none of it committed
                during.append(
                    _in_another_thread(lambda: (_ids(backend, "quillwort"), _ids(backend, "marram")))
                )
            yield document

    old_generation = backend.live_generation()
    assert backend.rebuild(documents()) == 3
    assert during == [(["old-1", "old-2"], [])]
    assert backend.live_generation() != old_generation
    assert _ids(backend, "marram") == ["new-1", "new-2", "new-3"]
    assert _ids(backend, "quillwort") == []
    assert backend.doc_count() == 3


def test_a_thread_that_searched_the_old_generation_moves_to_the_new_one_on_its_next_search(backend):
    go_on, searched = threading.Event(), threading.Event()
    results: list[list[str]] = []

    def web_thread() -> None:
        results.append(_ids(backend, "quillwort"))  # opens this thread's searcher on the old generation
        searched.set()
        go_on.wait(timeout=10)
        results.append(_ids(backend, "marram"))

    thread = threading.Thread(target=web_thread)
    thread.start()
    assert searched.wait(timeout=10)
    backend.rebuild(NEW)
    go_on.set()
    thread.join(timeout=10)
    assert results == [["old-1", "old-2"], ["new-1", "new-2", "new-3"]]


def test_a_rebuild_that_fails_midway_leaves_the_old_generation_serving_and_no_files_behind(backend):
    live = backend.live_generation()

    def documents() -> Iterator[dict]:
        yield NEW[0]
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(documents())
    assert backend.live_generation() == live
    assert generation_names(backend.directory) == {live}
    assert _ids(backend, "quillwort") == ["old-1", "old-2"]
    assert backend.healthy()


def test_files_of_a_build_cut_short_by_a_crash_are_removed_by_the_next_rebuild(backend):
    live = backend.live_generation()
    abandoned = f"gen{int(live[3:]) + 1:06d}"
    ix = whoosh_index.create_in(str(backend.directory), build_schema(), indexname=abandoned)
    writer = ix.writer()
    writer.add_document(**NEW[0])  # written, never committed: the process died here
    assert _ids(backend, "quillwort") == ["old-1", "old-2"]  # the live generation is untouched
    writer.cancel()

    backend.rebuild(NEW)
    names = generation_names(backend.directory)
    assert abandoned not in names and live in names  # the one before the live one is kept a while
    assert _ids(backend, "marram") == ["new-1", "new-2", "new-3"]


def test_only_the_live_generation_and_the_one_before_it_are_kept(backend):
    seen = [backend.live_generation()]
    for _ in range(3):
        backend.rebuild(NEW)
        seen.append(backend.live_generation())
    assert len(set(seen)) == 4
    assert generation_names(backend.directory) == set(seen[-2:])


def test_changes_applied_after_a_rebuild_go_to_the_new_generation(backend):
    backend.rebuild(NEW)
    backend.apply([_doc("new-4", "Marram Warm Space")], ["new-1"])
    assert _ids(backend, "marram") == ["new-2", "new-3", "new-4"]


def test_an_index_in_the_layout_before_generations_is_not_live_and_is_cleared_by_a_rebuild(tmp_path):
    directory = tmp_path / "index"
    directory.mkdir()
    whoosh_index.create_in(str(directory), build_schema()).writer().commit()  # Whoosh's default name
    (directory / "SCHEMA_VERSION").write_text("5")
    backend = WhooshBackend(directory)
    assert not backend.exists()
    backend.rebuild(NEW)
    assert not any(path.name.startswith(("MAIN", "_MAIN", "SCHEMA")) for path in directory.iterdir())
    assert _ids(backend, "marram") == ["new-1", "new-2", "new-3"]
    backend.close()
