"""`python -m bench.insight` (or `make bench-insight`): the costs of neighbourhood insight.

1. Recording overhead (SQLite): the same `/api/search` requests through the Flask test client on a real
   app (sample directory, Whoosh index) with and without the `Around-Here-Demand` header, interleaved;
   p50/p95 of both and the p95 difference. Then how soon a recorded event is in the table (record, poll).
2. Rollup: EVENTS demand events (a plausible year: 8 neighbourhoods, 17 needs, channels, languages,
   some opened results) inserted in bulk into a fresh database, then `rollup.rollup` timed over them.
3. Page: `/portal/insight/<hood>?period=<month>` signed in as a council administrator, cold (the
   process's kept figures cleared before each request) and warm, p95.

2 and 3 run on SQLite and on PostgreSQL (a database of its own, created and dropped; skipped with the
reason when none answers). Each backend runs in a subprocess of its own (the app's extensions are
process-wide). Writes bench/results/insight.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.search.measure import machine_basics, summarise

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "bench-password-long-enough"
QUERIES = ["food bank Reddish", "debt advice SK5 6", "lonely Bramhall", "jedzenie Edgeley", "warm space",
           "mental health Cheadle", "carers Marple", "job club", "help", "housing advice Heatons"]  # fmt: skip
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _app(url: str, work: Path) -> Any:
    from directory.interchange.sample import load_sample
    from directory.migrations import upgrade
    from web import create_app
    from web.config import Config
    from web.extensions import database, search_provider

    upgrade(url)
    env = {
        "AROUND_HERE_ENV": "development",
        "AROUND_HERE_VAR": str(work),
        "DATABASE_URL": url,
        "INDEX_DIR": str(work / "index"),
        "INDEX_IN_BACKGROUND": "0",
        "INSIGHT_FLUSH_SECONDS": "1",
        "PORTAL_SIGN_IN_RATE_LIMIT": "100000/1",
    }
    app = create_app(Config(env))
    with app.app_context():
        with database.transaction() as session:
            load_sample(session)
        search_provider.updater.rebuild()
    return app


def overhead(app: Any, requests: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from directory.insight.recorder import demand_recorder
    from directory.models.demand import DemandEvent
    from web.extensions import database

    client = app.test_client()
    marked = {"Around-Here-Demand": "channel=widget, language=en"}
    plain: list[float] = []
    counted: list[float] = []
    for _ in range(50):  # warm up both paths
        client.get("/api/search", query_string={"q": "food"})
        client.get("/api/search", query_string={"q": "food"}, headers=marked)
    for n in range(requests):
        query = {"q": QUERIES[n % len(QUERIES)]}
        for headers, samples in (
            (((), plain), (marked, counted)) if n % 2 else (((marked, counted), ((), plain)))
        ):
            start = time.perf_counter_ns()
            response = client.get("/api/search", query_string=query, headers=dict(headers))
            samples.append((time.perf_counter_ns() - start) / 1e6)
            assert response.status_code == 200
    demand_recorder.flush()
    stored: list[float] = []
    with app.app_context():
        for _ in range(10):
            before = database.session.scalar(select(func.count()).select_from(DemandEvent))
            database.session.remove()
            start = time.monotonic()
            client.get("/api/search", query_string={"q": "food bank"}, headers=marked)
            while time.monotonic() - start < 10:
                now = database.session.scalar(select(func.count()).select_from(DemandEvent))
                database.session.remove()
                if now > before:
                    break
                time.sleep(0.02)
            stored.append(round(time.monotonic() - start, 3))
    without, with_ = summarise(plain), summarise(counted)
    return {
        "requests_each": requests,
        "without_header_ms": without,
        "with_header_ms": with_,
        "p50_difference_ms": round(with_["p50"] - without["p50"], 3),
        "p95_difference_ms": round(with_["p95"] - without["p95"], 3),
        "stored_within_s": {"max": max(stored), "runs": stored},
    }


def bulk_events(app: Any, count: int, seed: int = 7) -> dict[str, Any]:
    from sqlalchemy import insert, select

    from directory.insight.events import CHANNELS, LANGUAGES
    from directory.insight.figures import NEEDS
    from directory.models import Service
    from directory.models.demand import DemandEvent
    from web.extensions import database, search_provider

    rng = random.Random(seed)
    with app.app_context():
        hoods = [info.slug for info in search_provider.search.gazetteer.neighbourhoods()]
        services = list(database.session.scalars(select(Service.id)))
        database.session.remove()
    places = [*hoods, "unknown", "outside"]
    place_weights = [10] * len(hoods) + [3, 0.5]
    need_weights = [10, 9, 7, 5, 7, 4, 3, 2, 5, 2, 4, 5, 4, 3, 2, 3, 1.5][: len(NEEDS)]
    today = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    start = time.perf_counter()
    inserted = 0
    chunk = 20_000
    while inserted < count:
        rows = []
        for _ in range(min(chunk, count - inserted)):
            details = rng.random() < 0.2
            local = rng.choice((0, 0, 1, 2, 3, 5, 8))
            rows.append({
                "hour": today - timedelta(hours=rng.randrange(1, 365 * 24)),
                "kind": "details" if details else "search",
                "channel": rng.choices(CHANNELS, (56, 20, 12, 12))[0],
                "language": rng.choices(LANGUAGES, (86, 6, 5, 3))[0],
                "need": rng.choices(NEEDS, need_weights)[0],
                "neighbourhood": rng.choices(places, place_weights)[0],
                "local_results": 0 if details else local,
                "borough_results": 0 if details else rng.choice((0, 1, 2)),
                "national_results": 0 if details else rng.choice((0, 0, 1)),
                "service_id": rng.choice(services) if details else None,
                "sample": False,
            })  # fmt: skip
        with database.transaction() as session:
            session.execute(insert(DemandEvent), rows)
        inserted += len(rows)
    return {"events": inserted, "insert_s": round(time.perf_counter() - start, 1), "hoods": hoods}


def timed_rollup(app: Any) -> dict[str, Any]:
    from directory.insight import rollup
    from web.extensions import database

    with app.app_context():
        start = time.perf_counter()
        with database.transaction() as session:
            report = rollup.rollup(session)
        seconds = time.perf_counter() - start
    return {"rollup_s": round(seconds, 1), "days": report.days, "events_rolled": report.events}


def page_times(app: Any, hood: str, runs: int) -> dict[str, Any]:
    from directory.insight import figures, periods
    from directory.portal import accounts
    from web.extensions import database

    with app.app_context(), database.transaction() as session:
        accounts.create_user(
            session, email="admin@bench.test", password=PASSWORD, role="council_admin", now=datetime.now(UTC)
        )
    client = app.test_client()
    page = client.get("/portal/sign-in").get_data(as_text=True)
    signed = client.post(
        "/portal/sign-in",
        data={"csrf_token": _CSRF.search(page).group(1), "email": "admin@bench.test", "password": PASSWORD},
    )
    assert signed.status_code == 303, signed.status_code
    months = periods.recent(periods.MONTH, 7)[:-1]  # six whole months, from the rollups
    cold: list[float] = []
    warm: list[float] = []
    for n in range(runs):
        month = months[n % len(months)]
        figures.clear_cache()  # nothing kept from an earlier request: a cold read
        url = f"/portal/insight/{hood}?period={month.key}"
        start = time.perf_counter_ns()
        response = client.get(url)
        cold.append((time.perf_counter_ns() - start) / 1e6)
        assert response.status_code == 200, response.status_code
        for _ in range(3):
            start = time.perf_counter_ns()
            response = client.get(url)
            warm.append((time.perf_counter_ns() - start) / 1e6)
    this_month = f"/portal/insight/{hood}?period={periods.recent(periods.MONTH, 1)[0].key}"
    client.get(this_month)  # read raw: today's events are after the watermark
    samples = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        client.get(this_month)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return {
        "cold_ms": summarise(cold),
        "warm_ms": summarise(warm),
        "current_month_ms": summarise(samples),
        "bytes": len(response.data),
    }


def run_backend(backend: str, events: int, requests: int, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-insight-") as tmp:
        work = Path(tmp)
        dropper = None
        if backend == "sqlite":
            url = f"sqlite:///{work / 'insight.db'}"
        else:
            from sqlalchemy import create_engine, text

            name = f"insight_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(
                PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
            )
            try:
                with admin.connect() as conn:
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
            except Exception as exc:
                return {"skipped": f"PostgreSQL not reachable at {PG_ADMIN_URL}: {type(exc).__name__}"}
            url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"

            def dropper() -> None:
                from web.extensions import database

                database.dispose()
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()

        try:
            app = _app(url, work)
            result: dict[str, Any] = {"backend": backend}
            if requests:
                result["overhead"] = overhead(app, requests)
            bulk = bulk_events(app, events)
            result["bulk"] = {k: v for k, v in bulk.items() if k != "hoods"}
            result["rollup"] = timed_rollup(app)
            result["page"] = page_times(app, bulk["hoods"][0], runs)
            return result
        finally:
            if dropper is not None:
                dropper()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=2000, help="search requests with and without")
    parser.add_argument("--runs", type=int, default=30, help="page requests, cold and current month")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "insight.json"))
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_backend(args.backend, args.events, args.requests, args.runs)))
        return 0
    results: dict[str, Any] = {"date": datetime.now(UTC).date().isoformat(), "machine": machine_basics()}
    for backend in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        command = [sys.executable, "-m", "bench.insight", "--one", "--backend", backend,
                   "--events", str(args.events), "--runs", str(args.runs),
                   "--requests", str(args.requests if backend == "sqlite" else 0)]  # fmt: skip
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            return 1
        result = json.loads(done.stdout.strip().splitlines()[-1])
        results[backend] = result
        report(backend, result)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def report(backend: str, result: dict[str, Any]) -> None:
    if "skipped" in result:
        print(f"{backend}: skipped ({result['skipped']})")
        return
    if "overhead" in result:
        o = result["overhead"]
        print(f"{backend}: search without header p50 {o['without_header_ms']['p50']} ms p95 "
              f"{o['without_header_ms']['p95']} ms; with header p50 {o['with_header_ms']['p50']} ms p95 "
              f"{o['with_header_ms']['p95']} ms; p95 difference {o['p95_difference_ms']} ms "
              f"({o['requests_each']} each)")  # fmt: skip
        print(f"{backend}: events stored within {o['stored_within_s']['max']} s")
    print(f"{backend}: inserted {result['bulk']['events']} events in {result['bulk']['insert_s']} s; "
          f"rollup {result['rollup']['rollup_s']} s ({result['rollup']['days']} days)")  # fmt: skip
    p = result["page"]
    print(f"{backend}: neighbourhood page cold p95 {p['cold_ms']['p95']} ms, warm p95 {p['warm_ms']['p95']} ms, "
          f"current month p95 {p['current_month_ms']['p95']} ms")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
