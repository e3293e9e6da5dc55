"""`python -m bench.portal` (or `make bench-portal`): how soon an approved change reaches residents.

The issue's promise: an approved change is searchable, in the API and so in the assistant's answers,
within seconds and with no restart. Measured on the real parts, as `make run` serves them: gunicorn
with 2 workers and the background indexer (INDEX_IN_BACKGROUND=1), SQLite, the sample directory.

1. Portal approval: an organisation's edit (a new, unique service name) is proposed through the
   service layer; a moderator approves it over HTTP (signed in, CSRF token); then `/api/search` is
   polled (new connections, so both workers answer) until the new name is found. Time from sending the
   approval to the first search that finds it; and the approval request on its own.
2. A change committed by another process (for example a CLI import): no worker is woken, so the
   indexers' 5-second poll picks it up; time from that commit until search finds it.

Writes bench/results/portal.json. About a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from bench.search.measure import machine_basics

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "bench-password-long-enough"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "AROUND_HERE_VAR": str(work / "var"),
        "AROUND_HERE_ENV": "development",
        "INDEX_IN_BACKGROUND": "1",
        "PORTAL_SIGN_IN_RATE_LIMIT": "1000/1",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": "9",  # nothing listens: decision emails fail fast and are logged, not measured
    }


def _prepare(env: dict[str, str]) -> tuple[str, str, str]:
    """Sample directory, index, a moderator and an editor of one organisation; returns ids."""
    (Path(env["AROUND_HERE_VAR"])).mkdir(parents=True, exist_ok=True)
    flask = Path(sys.executable).with_name("flask")
    for command in (["migrate"], ["load-sample"], ["ensure-index"]):
        subprocess.run([str(flask), "--app", "web", "directory", *command], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip
    code = f"""
import json, sys
from datetime import datetime, UTC
from sqlalchemy import select
from directory.portal import accounts
from directory.models import Membership, Service, UserRole
from web import create_app
from web.extensions import database
app = create_app()
with app.app_context():
    s = database.session
    now = datetime.now(UTC)
    mod = accounts.create_user(s, email="moderator@bench.test", password={PASSWORD!r},
                               role=UserRole.MODERATOR.value, now=now)
    ed = accounts.create_user(s, email="editor@bench.test", password={PASSWORD!r}, now=now)
    service = s.scalars(select(Service).where(Service.status == "active").order_by(Service.name)).first()
    s.add(Membership(user_id=ed.id, organization_id=service.organization_id, role="org_admin"))
    s.commit()
    print(json.dumps([mod.id, ed.id, service.id]))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout  # fmt: skip
    moderator_id, editor_id, service_id = json.loads(out.strip().splitlines()[-1])
    return moderator_id, editor_id, service_id


def _start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--workers", "2", "--threads", "8",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "web.wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return server
        except requests.RequestException:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the app did not become ready")


def _propose(
    env: dict[str, str], editor_id: str, service_id: str, name: str, *, approve_by: str = ""
) -> tuple[str, float]:
    """Propose (and, with `approve_by`, approve) a rename in a separate process; returns the revision
    id and the wall-clock time of its commit."""
    code = f"""
import time
from datetime import datetime, UTC
from directory.portal import revisions
from directory.models import User
from web import create_app
from web.extensions import database
app = create_app()
with app.app_context():
    s = database.session
    now = datetime.now(UTC)
    rev = revisions.propose_edit(s, user=s.get(User, {editor_id!r}), service_id={service_id!r},
                                 changes={{"name": {name!r}}}, now=now,
                                 base_version=revisions.current_version(s, {service_id!r}))
    if {approve_by!r}:
        revisions.approve(s, moderator=s.get(User, {approve_by!r}), revision_id=rev.id, now=now)
    s.commit()
    print(rev.id, time.time())
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "INDEX_IN_BACKGROUND": "0"},
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    revision_id, committed = out.strip().splitlines()[-1].split()
    return revision_id, float(committed)


def _found(site: str, name: str) -> bool:
    with requests.Session() as fresh:  # a new connection: either worker may answer
        response = fresh.get(f"{site}/api/search", params={"q": name}, timeout=10)
    return name in response.text


def _wait_until_found(site: str, name: str, timeout: float = 30.0) -> float:
    """The wall-clock time of the first search that finds `name`."""
    start = time.time()
    while time.time() - start < timeout:
        if _found(site, name):
            return time.time()
        time.sleep(0.01)
    raise RuntimeError(f"{name!r} was not searchable after {timeout} s")


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "runs": len(values),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "portal.json"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-portal-") as tmp:
        env = _env(Path(tmp))
        moderator_id, editor_id, service_id = _prepare(env)
        port = _free_port()
        site = f"http://127.0.0.1:{port}"
        server = _start(env, port)
        try:
            moderator = requests.Session()
            page = moderator.get(f"{site}/portal/sign-in", timeout=10).text
            signed = moderator.post(
                f"{site}/portal/sign-in",
                data={"csrf_token": _CSRF.search(page).group(1), "email": "moderator@bench.test",
                      "password": PASSWORD},
                allow_redirects=False, timeout=30,
            )  # fmt: skip
            assert signed.status_code == 303, signed.status_code
            approval_total: list[float] = []
            approval_request: list[float] = []
            for _ in range(args.runs):
                name = f"Benchmark Renamed {uuid.uuid4().hex[:10]}"
                revision_id, _ = _propose(env, editor_id, service_id, name)
                time.sleep(5.5)  # let the indexers' poll take the proposal's queue entry first
                token = _CSRF.search(moderator.get(f"{site}/portal/moderation", timeout=10).text).group(1)
                start = time.time()
                response = moderator.post(
                    f"{site}/portal/moderation/{revision_id}/approve",
                    data={"csrf_token": token, "note": ""}, allow_redirects=False, timeout=30,
                )  # fmt: skip
                approval_request.append((time.time() - start) * 1000)
                assert response.status_code == 303, response.status_code
                approval_total.append((_wait_until_found(site, name) - start) * 1000)
            other_process: list[float] = []
            for _ in range(max(3, args.runs // 2)):
                name = f"Benchmark Imported {uuid.uuid4().hex[:10]}"
                _, committed = _propose(env, editor_id, service_id, name, approve_by=moderator_id)
                other_process.append((_wait_until_found(site, name) - committed) * 1000)
        finally:
            server.terminate()
            server.wait(timeout=20)
    result: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_basics(),
        "setup": "gunicorn 2 workers x 8 threads, INDEX_IN_BACKGROUND=1, SQLite, sample directory",
        "approve_to_searchable": _summary(approval_total),
        "approval_request": _summary(approval_request),
        "other_process_commit_to_searchable": _summary(other_process),
    }
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
