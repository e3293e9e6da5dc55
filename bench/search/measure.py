"""Timing, percentiles, memory and machine facts: the small measuring tools every stage shares."""

from __future__ import annotations

import os
import platform
import resource
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def summarise(samples_ms: list[float]) -> dict[str, float | int]:
    """p50/p95/p99/mean/max in ms; percentiles interpolate, so p99 of 64 samples sits near the maximum."""
    if not samples_ms:
        return {"n": 0}
    if len(samples_ms) == 1:
        only = samples_ms[0]
        return {"n": 1, "p50": only, "p95": only, "p99": only, "mean": only, "max": only}
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {
        "n": len(samples_ms),
        "p50": round(cuts[49], 3),
        "p95": round(cuts[94], 3),
        "p99": round(cuts[98], 3),
        "mean": round(statistics.fmean(samples_ms), 3),
        "max": round(max(samples_ms), 3),
    }


def time_each(call: Callable[[T], R], items: Iterable[T]) -> tuple[list[float], list[R]]:
    """Wall-clock ms for each call, one at a time, with the results so callers can check them."""
    samples: list[float] = []
    results: list[R] = []
    for item in items:
        start = time.perf_counter_ns()
        result = call(item)
        samples.append((time.perf_counter_ns() - start) / 1e6)
        results.append(result)
    return samples, results


def maxrss_mb() -> float:
    """This process's peak resident set size; Linux reports ru_maxrss in KiB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def machine_basics() -> dict[str, Any]:
    """CPU, cores, memory, OS and Python: standard library only (bench.bot runs on the bot's Python)."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _ram_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def machine() -> dict[str, Any]:
    """What a reader needs to compare these numbers with their own machine."""
    import sqlalchemy
    import whoosh

    return {
        **machine_basics(),
        "whoosh": whoosh.versionstring(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
    }
