"""`python -m bench.api`: ORUK API requests/s and latency at 10k services under 8 clients; import rate.

The app runs under gunicorn (as in `make run`) on a loopback port, over a synthetic SQLite directory
built by `bench.search.synthetic`; the load comes from client threads in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.api.imports import measure_import
from bench.api.load import run_load
from bench.search.measure import machine, summarise
from bench.search.synthetic import generate
from directory.db import Database
from directory.models import Service
from directory.search import SearchProvider

ROOT = Path(__file__).resolve().parents[2]
SEARCHES = [
    "food bank", "fod bank", "debt advice", "skint", "warm space", "lonely", "carers", "mental health",
    "housing advice", "job club", "baby group", "digital help", "legal advice", "dementia", "wheelchair",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the app did not become ready")


def _rss_mb(pid: int) -> float:
    total = 0
    for child in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1)


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / f"api-{date.today()}.json")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-api-"))
    url = f"sqlite:///{work / 'bench.db'}"
    started = time.perf_counter()
    generate(url, args.size, seed=11)
    database = Database(url)
    provider = SearchProvider()
    provider.configure(database, work / "index")
    provider.updater.rebuild()
    provider.shutdown()
    with database.transaction() as session:
        ids = list(session.scalars(select(Service.id).where(Service.status == "active")))
    database.dispose()
    print(f"directory of {args.size} services ready in {time.perf_counter() - started:.0f}s", flush=True)

    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "INDEX_DIR": str(work / "index"), "AROUND_HERE_ENV": "development",
           "AROUND_HERE_VAR": str(work / "var")}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--workers", "2", "--threads", "4",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "web.wsgi:app"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    results: dict[str, Any] = {"machine": machine(), "size": args.size, "clients": args.clients}
    try:
        _wait_ready(port)
        rng = random.Random(5)
        picks = [rng.choice(ids) for _ in range(10_000)]
        scenarios = {
            "services?search=": lambda i: (
                f"/api/oruk/services?search={SEARCHES[i % len(SEARCHES)].replace(' ', '+')}"
            ),
            "services/{id}": lambda i: f"/api/oruk/services/{picks[i % len(picks)]}",
            "services?page=": lambda i: f"/api/oruk/services?page={1 + i % 50}&per_page=25",
        }
        for name, path in scenarios.items():
            run_load(port, path, clients=args.clients, seconds=3, max_requests=200)  # warm-up
            load = run_load(port, path, clients=args.clients, seconds=args.seconds, max_requests=100_000)
            results[name] = {
                "requests": load.requests,
                "errors": load.errors,
                "statuses": load.statuses,
                "rps": round(load.rps, 1),
                "latency_ms": summarise(load.latencies_ms),
            }
            print(f"{name:20s} {load.rps:7.1f} req/s  p50 {results[name]['latency_ms'].get('p50')} ms  "
                  f"p95 {results[name]['latency_ms'].get('p95')} ms  errors {load.errors}", flush=True)  # fmt: skip
        results["server_rss_mb"] = _rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    results["import"] = measure_import(url, work, size=args.size)
    print(f"import: {results['import']}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(f"results written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
