"""Import rate of a synthetic ORUK feed: export the benchmark directory, import it into an empty one."""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

from directory.db import Database
from directory.interchange import export_oruk, import_oruk
from directory.migrations import upgrade


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure_import(url: str, work: Path, *, size: int) -> dict[str, Any]:
    """Export `url` as an ORUK package, then time a full, validated import into a fresh database."""
    source = Database(url)
    feed = work / "feed.json"
    started = time.perf_counter()
    with source.transaction() as session:
        exported = export_oruk(session, feed)
    export_s = time.perf_counter() - started
    source.dispose()

    target_url = f"sqlite:///{work / 'imported.db'}"
    upgrade(target_url)
    target = Database(target_url)
    rss_before = _rss_mb()
    started = time.perf_counter()
    with target.transaction() as session:
        report = import_oruk(session, feed)
    import_s = time.perf_counter() - started
    target.dispose()
    return {
        "services": exported,
        "feed_mb": round(feed.stat().st_size / 1e6, 1),
        "export_s": round(export_s, 1),
        "import_s": round(import_s, 1),
        "import_services_per_s": round(exported / import_s, 1) if import_s else None,
        "created": report.created,
        "errors": report.error_count,
        "peak_rss_mb_before": rss_before,
        "peak_rss_mb_after": _rss_mb(),
    }
