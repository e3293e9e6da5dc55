"""Import rate of a synthetic ORUK feed: export the benchmark directory, import it into an empty one."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def measure_import(url: str, work: Path, *, size: int) -> dict[str, Any]:
    try:
        from directory.interchange import export_oruk, import_oruk  # noqa: F401
    except ImportError as exc:
        return {"skipped": f"importer not available: {exc}"}
    return {"skipped": "not wired yet"}
