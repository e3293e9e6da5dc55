"""The steps of one size's benchmark; each runs in its own subprocess (see `__main__`).

A fresh process per step means `ru_maxrss` is that step's own peak: generating 50k rows, or building
the index, never inflates what a process that only searches is reported to need.
"""

from __future__ import annotations

import shutil
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from directory.db import Database
from directory.search.provider import SearchProvider
from directory.search.service import SearchRequest

from . import fts5
from .measure import maxrss_mb, summarise, time_each, tree_bytes
from .synthetic import generate
from .workload import distinct_requests, timed_requests

DB_NAME = "directory.sqlite"
INDEX_NAME = "index"


def _url(workdir: Path) -> str:
    return f"sqlite:///{workdir / DB_NAME}"


def _provider(workdir: Path, index_name: str = INDEX_NAME) -> tuple[Database, SearchProvider]:
    database = Database(_url(workdir))
    provider = SearchProvider()
    provider.configure(database, workdir / index_name)
    return database, provider


def _db_bytes(workdir: Path) -> int:
    return sum(p.stat().st_size for p in workdir.glob(DB_NAME + "*"))


def run_generate(workdir: Path, size: int, seed: int) -> dict[str, Any]:
    start = time.perf_counter()
    result = generate(_url(workdir), size, seed)
    seconds = time.perf_counter() - start
    return {**result, "seconds": round(seconds, 3), "db_bytes": _db_bytes(workdir), "maxrss_mb": maxrss_mb()}


def run_whoosh_build(workdir: Path) -> dict[str, Any]:
    database, provider = _provider(workdir)
    assert provider.updater is not None
    try:
        start = time.perf_counter()
        documents = provider.updater.rebuild()
        seconds = time.perf_counter() - start
    finally:
        provider.shutdown()
        database.dispose()
    return {
        "seconds": round(seconds, 3),
        "documents": documents,
        "docs_per_second": round(documents / seconds, 1),
        "index_bytes": tree_bytes(workdir / INDEX_NAME),
        "maxrss_mb": maxrss_mb(),
    }


def run_whoosh_traced_build(workdir: Path) -> dict[str, Any]:
    """The same rebuild under tracemalloc, into a scratch index: Python-level peak and the slowdown."""
    database, provider = _provider(workdir, INDEX_NAME + "-traced")
    assert provider.updater is not None
    try:
        tracemalloc.start()
        start = time.perf_counter()
        provider.updater.rebuild()
        seconds = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        provider.shutdown()
        database.dispose()
        shutil.rmtree(workdir / (INDEX_NAME + "-traced"), ignore_errors=True)
    return {"seconds": round(seconds, 3), "tracemalloc_peak_mb": round(peak / 2**20, 1)}


def _time_groups(search: Callable[[SearchRequest], tuple[list[str], int]], queries: int) -> dict[str, Any]:
    """Warm up on every distinct request, then time `queries` requests per group, one after another."""
    distinct = distinct_requests()
    for requests in distinct.values():
        for request in requests:
            search(request)
    groups: dict[str, Any] = {}
    for group, requests in timed_requests(queries).items():
        samples, results = time_each(search, requests)
        per_phrase: dict[str, list[float]] = {}
        for request, sample in zip(requests, samples, strict=True):
            per_phrase.setdefault(request.text, []).append(sample)
        slowest = sorted(per_phrase.items(), key=lambda item: -max(item[1]))[:3]
        first = results[: len(distinct[group])]
        groups[group] = {
            **summarise(samples),
            "checked": len(first),
            "zero_results": sum(1 for ids, _ in first if not ids),
            "mean_total": round(sum(total for _, total in first) / len(first), 1),
            "slowest": [{"text": text, "max_ms": round(max(s), 2)} for text, s in slowest],
            "ids": [ids for ids, _ in first],
        }
    return groups


def run_whoosh_query(workdir: Path, queries: int) -> dict[str, Any]:
    database, provider = _provider(workdir)
    assert provider.search is not None
    directory_search = provider.search

    def search(request: SearchRequest) -> tuple[list[str], int]:
        page = directory_search.search(request)
        return page.ids, page.total

    try:
        start = time.perf_counter()
        groups = _time_groups(search, queries)
        seconds = time.perf_counter() - start
    finally:
        provider.shutdown()
        database.dispose()
    return {"groups": groups, "seconds": round(seconds, 3), "maxrss_mb": maxrss_mb()}


def run_fts5(workdir: Path, queries: int) -> dict[str, Any]:
    build = fts5.build(workdir / DB_NAME)
    engine = fts5.Fts5Search(workdir / DB_NAME)
    try:
        start = time.perf_counter()
        groups = _time_groups(engine.search, queries)
        seconds = time.perf_counter() - start
    finally:
        engine.close()
    return {"build": build, "groups": groups, "seconds": round(seconds, 3), "maxrss_mb": maxrss_mb()}


STAGES: dict[str, Callable[..., dict[str, Any]]] = {
    "generate": run_generate,
    "whoosh-build": run_whoosh_build,
    "whoosh-traced": run_whoosh_traced_build,
    "whoosh-query": run_whoosh_query,
    "fts5": run_fts5,
}
