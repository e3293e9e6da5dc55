"""Write the "API (bench/api)" section of docs/benchmarks.md from a results file, keeping other sections."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

HEADING = "## API (bench/api)"
TARGET_NOTE = "No numeric target is set for the API; the issue asks for requests/s and p95 at 10k services."


def section(results: dict[str, Any], *, date: str, note: str = "") -> str:
    m = results["machine"]
    lines = [
        HEADING,
        "",
        f"Run on {date} with `python -m bench.api` (results in `bench/results/api-{date}.json`).",
        "",
        f"Machine: {m.get('cpu', '?')}, {m.get('cores', '?')} cores, {m.get('ram_gib', '?')} GiB RAM; "
        f"Python {m.get('python', '?')}. The app runs under gunicorn (2 workers × 4 threads, as `make run`) on "
        f"SQLite with a synthetic directory of {results['size']:,} services; {results['clients']} client threads "
        "in the benchmark process send requests back to back over keep-alive connections on loopback.",
        "",
        "| request | requests | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ("services?search=", "services/{id}", "services?page="):
        r = results[name]
        lat = r["latency_ms"]
        lines.append(
            f"| `/api/oruk/{name}` | {r['requests']:,} | {r['rps']:.1f} | {lat['p50']:.1f} | {lat['p95']:.1f} | "
            f"{lat['p99']:.1f} | {r['errors']} |"
        )
    imp = results["import"]
    lines += [
        "",
        f"Server resident memory after the run (master and workers): {results.get('server_rss_mb', '?')} MB.",
        "",
        f"Import: the synthetic directory exported as one ORUK package ({imp['services']:,} services, "
        f"{imp['feed_mb']} MB) in {imp['export_s']} s, then imported into an empty database in "
        f"{imp['import_s']} s — **{imp['import_services_per_s']} services/s**, validated in full first, "
        f"{imp['created']:,} created, {imp['errors']} errors.",
        "",
        TARGET_NOTE,
    ]
    if note:
        lines += ["", note]
    return "\n".join(lines) + "\n"


def write(docs: Path, results_path: Path, *, date: str, note: str = "") -> None:
    results = json.loads(results_path.read_text())
    text = docs.read_text() if docs.exists() else "# Benchmarks\n"
    new = section(results, date=date, note=note)
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(new + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + new
    docs.write_text(text)


if __name__ == "__main__":
    write(Path(sys.argv[1]), Path(sys.argv[2]), date=sys.argv[3], note=" ".join(sys.argv[4:]))
