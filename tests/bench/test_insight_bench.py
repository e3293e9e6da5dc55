"""The insight benchmark (bench/insight) runs end to end at a tiny scale on SQLite and reports every
measurement it promises. Nothing here is timed: the numbers are the benchmark's business."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_insight_benchmark_reports_overhead_storage_rollup_and_page_times(tmp_path: Path) -> None:
    out = tmp_path / "insight.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.insight", "--backend", "sqlite", "--events", "2000", "--requests", "20",
         "--runs", "3", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    for expected in ("p95 difference", "events stored within", "inserted 2000 events", "rollup",
                     "cold p95", "warm p95"):  # fmt: skip
        assert expected in done.stdout, done.stdout
    result = json.loads(out.read_text())["sqlite"]
    assert result["overhead"]["requests_each"] == 20
    assert result["overhead"]["with_header_ms"]["n"] == result["overhead"]["without_header_ms"]["n"] == 20
    assert max(result["overhead"]["stored_within_s"]["runs"]) < 10
    assert result["bulk"]["events"] == 2000
    assert result["rollup"]["days"] >= 350  # the earliest random event is within the last few days of a year
    assert result["page"]["cold_ms"]["n"] == 3
