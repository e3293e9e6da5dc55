"""Full-rebuild speed, and search latency while a rebuild runs.

`python -m bench.search.rebuild --size 50000` makes (or reuses) a synthetic directory in SQLite, then:
1. a full rebuild with nothing else running: services/s;
2. searches with no rebuild running: the baseline latency;
3. a full rebuild while searches run without pause, the rebuild in another process (as
   `flask directory reindex` runs beside the web processes), then in a thread of the searching
   process (as the web process rebuilds a lost index): services/s under that load, search latency
   during it, errors (must be none), and how many searches each generation answered.
The searches are the benchmark's timed requests, cycled; every one must return results.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from directory.search.service import SearchRequest

from .measure import machine_basics, maxrss_mb, summarise
from .stages import DB_NAME, _provider, run_generate
from .workload import timed_requests


def _requests() -> list[SearchRequest]:
    groups = timed_requests(8)
    return [request for requests in groups.values() for request in requests]


def rebuild_once(workdir: Path) -> dict[str, Any]:
    database, provider = _provider(workdir)
    assert provider.updater is not None
    try:
        start, cpu_start = time.perf_counter(), time.process_time()
        count = provider.updater.rebuild()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    finally:
        provider.shutdown()
        database.dispose()
    return {
        "services": count,
        "seconds": round(seconds, 2),
        "services_per_second": round(count / seconds, 1),
        # CPU seconds of this process: on a machine shared with other work, count / cpu_seconds is
        # what the rebuild would reach with a core to itself.
        "cpu_seconds": round(cpu, 2),
        "services_per_cpu_second": round(count / cpu, 1),
        "maxrss_mb": maxrss_mb(),
    }


class Searcher:
    """Searches without pause until stopped, recording latency, errors and the generation answering."""

    def __init__(self, workdir: Path, interval: float) -> None:
        self.database, self.provider = _provider(workdir)
        self.interval = interval  # seconds between searches: a steady load, not one that takes every core
        self.samples: list[float] = []
        self.errors: list[str] = []
        self.empty = 0
        self.by_generation: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-searcher")

    def warm(self) -> None:
        assert self.provider.search is not None
        for request in _requests():
            self.provider.search.search(request)

    def _run(self) -> None:
        assert self.provider.search is not None and self.provider.backend is not None
        for request in itertools.cycle(_requests()):
            if self._stop.is_set():
                return
            generation = self.provider.backend.live_generation() or "none"
            start = time.perf_counter()
            try:
                page = self.provider.search.search(request)
            except Exception as exc:  # counted: a search must never fail during a rebuild
                self.errors.append(repr(exc))
                continue
            self.samples.append((time.perf_counter() - start) * 1000)
            self.empty += 0 if page.ids else 1
            self.by_generation[generation] = self.by_generation.get(generation, 0) + 1
            self._stop.wait(self.interval)

    def run_for(self, seconds: float) -> dict[str, Any]:
        self.start()
        time.sleep(seconds)
        return self.stop()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join()
        return {
            **summarise(self.samples),
            "errors": len(self.errors),
            "first_errors": self.errors[:3],
            "empty_pages": self.empty,
            "answered_by_generation": self.by_generation,
        }

    def close(self) -> None:
        self.provider.shutdown()
        self.database.dispose()


def _rebuild_child(workdir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bench.search.rebuild", "--child-rebuild", str(workdir)],
        stdout=subprocess.PIPE,
        text=True,
    )


def during_rebuild(workdir: Path, interval: float, *, in_process: bool) -> dict[str, Any]:
    searcher = Searcher(workdir, interval)
    try:
        searcher.warm()
        searcher.start()
        if in_process:
            rebuilt = rebuild_once(workdir)
        else:
            child = _rebuild_child(workdir)
            out, _ = child.communicate()
            rebuilt = json.loads(out)
        searches = searcher.stop()
    finally:
        searcher.close()
    return {"rebuild": rebuilt, "searches": searches}


def run(size: int, workdir: Path, seed: int, baseline_seconds: float, interval: float) -> dict[str, Any]:
    if not (workdir / DB_NAME).exists():
        generated = run_generate(workdir, size, seed)
        print(f"generated {size:,} services in {generated['seconds']:.0f}s", file=sys.stderr)
    results: dict[str, Any] = {"size": size, "machine": machine_basics()}
    results["rebuild_alone"] = rebuild_once(workdir)
    print("rebuild alone:", results["rebuild_alone"], file=sys.stderr)
    searcher = Searcher(workdir, interval)
    try:
        searcher.warm()
        results["searches_without_rebuild"] = searcher.run_for(baseline_seconds)
    finally:
        searcher.close()
    results["rebuild_in_another_process"] = during_rebuild(workdir, interval, in_process=False)
    print("another process:", results["rebuild_in_another_process"], file=sys.stderr)
    results["rebuild_in_a_thread"] = during_rebuild(workdir, interval, in_process=True)
    print("in a thread:", results["rebuild_in_a_thread"], file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search.rebuild", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=20260311)
    parser.add_argument("--workdir", type=Path, default=None, help="reuse a directory (its database is kept)")
    parser.add_argument("--baseline-seconds", type=float, default=20.0)
    parser.add_argument("--search-interval", type=float, default=0.05, help="seconds between searches")
    parser.add_argument("--child-rebuild", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_rebuild is not None:
        print(json.dumps(rebuild_once(args.child_rebuild)))
        return 0
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        results = run(args.size, args.workdir, args.seed, args.baseline_seconds, args.search_interval)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as scratch:
            results = run(args.size, Path(scratch), args.seed, args.baseline_seconds, args.search_interval)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
