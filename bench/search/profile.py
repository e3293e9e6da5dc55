"""`python -m bench.search.profile`: cProfile one query group on one size, to see where search time goes.

Separate from the timed run because the profiler itself slows pure-Python code two to three times; use
it to explain the benchmark's numbers, not to produce them.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
from pathlib import Path

from directory.db import Database
from directory.search.provider import SearchProvider

from .stages import DB_NAME, INDEX_NAME
from .synthetic import generate
from .workload import GROUPS, TIMED_PHRASINGS, distinct_requests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search.profile", description=__doc__)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--group", choices=GROUPS, default="text")
    parser.add_argument("--seed", type=int, default=20260311)
    parser.add_argument("--workdir", type=Path, help="reuse (or create) a generated directory and index here")
    parser.add_argument("--passes", type=int, default=2, help="profiled passes over the group's phrasings")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-search-profile-"))
    workdir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{workdir / DB_NAME}"
    if not (workdir / DB_NAME).exists():
        generate(url, args.size, args.seed)
    database = Database(url)
    provider = SearchProvider()
    provider.configure(database, workdir / INDEX_NAME)
    assert provider.updater is not None and provider.search is not None
    if not provider.backend or not provider.backend.exists():
        provider.updater.rebuild()
    for request in distinct_requests()[args.group]:  # warm-up, unprofiled, worded as the benchmark's
        provider.search.search(request)
    requests = distinct_requests(TIMED_PHRASINGS)[args.group]
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.passes):
        for request in requests:
            provider.search.search(request)
    profiler.disable()
    provider.shutdown()
    database.dispose()
    print(f"{args.passes * len(requests)} searches, group {args.group}, {args.size:,} services ({workdir})")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
