"""Several app nodes on one database, each with its own index: how soon is an edit searchable on all?

`python -m bench.search.nodes --edits 40` starts two nodes (separate processes, each its own
`create_app` and index directory, serving HTTP) on a fresh PostgreSQL schema loaded with the sample
directory, renames a service through one node at a time, and times until `/api/search` on *every* node
finds the new name. The node that made the edit applies it after its own commit; the other finds it by
polling the change log (SEARCH_LOG_POLL_SECONDS). The test `tests/directory/search/test_two_nodes.py`
uses the same harness.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any


def _node_main(env: dict[str, str], conn: Connection) -> None:
    """One node: the real app factory and a threaded HTTP server, taking edits over `conn`."""
    import os

    os.environ.update(env)
    from werkzeug.serving import make_server

    from directory.models import Service
    from web import create_app
    from web.extensions import database, search_provider

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access line per poll of the bench
    app = create_app()
    assert search_provider.updater is not None
    search_provider.updater.ensure_index()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    conn.send(server.server_port)
    while True:
        command = conn.recv()
        if command[0] == "stop":
            break
        if command[0] == "rename":
            _, service_id, name = command
            with app.app_context(), database.transaction() as session:
                session.get(Service, service_id).name = name
            conn.send("done")
    server.shutdown()
    search_provider.shutdown()
    conn.send("stopped")


class Node:
    def __init__(self, process: Any, conn: Connection, port: int) -> None:
        self.process, self.conn, self.port = process, conn, port

    def rename(self, service_id: str, name: str) -> None:
        """Edit through this node: the commit happens in its process, with its app."""
        self.conn.send(("rename", service_id, name))
        assert self.conn.recv() == "done"

    def names(self, text: str) -> list[str]:
        query = urllib.parse.urlencode({"q": text})
        with urllib.request.urlopen(
            f"http://127.0.0.1:{self.port}/api/search?{query}", timeout=10
        ) as response:
            return [result["name"] for result in json.load(response)["results"]]

    def finds(self, text: str, name: str) -> bool:
        return name in self.names(text)


@contextmanager
def nodes(database_url: str, count: int = 2, *, poll_seconds: float = 0.5) -> Iterator[list[Node]]:
    """`count` node processes on `database_url` (migrated and loaded), each with its own index."""
    context = multiprocessing.get_context("spawn")
    started: list[Node] = []
    with tempfile.TemporaryDirectory(prefix="around-here-nodes-") as root:
        try:
            for number in range(count):
                var = Path(root) / f"node{number}"
                env = {
                    "AROUND_HERE_ENV": "development",
                    "AROUND_HERE_VAR": str(var),
                    "DATABASE_URL": database_url,
                    "INDEX_DIR": str(var / "index"),
                    "INDEX_IN_BACKGROUND": "1",
                    "SEARCH_NODE_ID": f"node{number}",
                    "SEARCH_LOG_POLL_SECONDS": str(poll_seconds),
                }
                parent, child = context.Pipe()
                process = context.Process(target=_node_main, args=(env, child), daemon=True)
                process.start()
                if not parent.poll(300):
                    raise RuntimeError(f"node {number} did not start")
                started.append(Node(process, parent, parent.recv()))
            yield started
        finally:
            for node in started:
                if node.process.is_alive():
                    node.conn.send(("stop",))
                    node.conn.poll(30)
                node.process.join(timeout=30)
                if node.process.is_alive():
                    node.process.kill()


def wait_until_everywhere(
    all_nodes: list[Node], text: str, name: str, timeout: float = 30.0
) -> dict[int, float]:
    """Seconds until each node's search finds `name` for `text`, by node port (TimeoutError past
    `timeout`); the largest is when the edit is visible everywhere."""
    start = time.perf_counter()
    seen: dict[int, float] = {}
    while len(seen) < len(all_nodes):
        for node in all_nodes:
            if node.port not in seen and node.finds(text, name):
                seen[node.port] = time.perf_counter() - start
        if len(seen) < len(all_nodes):
            if time.perf_counter() - start > timeout:
                raise TimeoutError(
                    f"{len(all_nodes) - len(seen)} node(s) never found {name!r} in {timeout} s"
                )
            time.sleep(0.01)
    return seen


def prepare_database(database_url: str) -> str:
    """Migrate and load the sample directory; returns the id of a service to rename."""
    from sqlalchemy import select

    from directory.db import Database
    from directory.interchange.sample import load_sample
    from directory.migrations import upgrade
    from directory.models import Service
    from directory.search import changes

    upgrade(database_url)
    changes.install()
    database = Database(database_url)
    try:
        with database.transaction() as session:
            load_sample(session)
        with database.transaction() as session:
            return session.scalars(select(Service.id).order_by(Service.name).limit(1)).one()
    finally:
        database.dispose()


def _summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {
        "p50_s": round(statistics.median(ordered), 3),
        "p95_s": round(p95, 3),
        "max_s": round(ordered[-1], 3),
    }


def main() -> None:
    from tests.plugins.database import drop_postgres_schema, new_postgres_schema_url, postgres_available

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--poll", type=float, default=0.5, help="SEARCH_LOG_POLL_SECONDS for every node")
    args = parser.parse_args()
    reason = postgres_available()
    if reason:
        raise SystemExit(reason)
    url, schema = new_postgres_schema_url()
    try:
        service_id = prepare_database(url)
        everywhere: list[float] = []
        editing: list[float] = []
        others: list[float] = []
        with nodes(url, args.nodes, poll_seconds=args.poll) as started:
            for edit in range(args.edits):
                word = f"zorbling{edit}x"
                through = started[edit % len(started)]
                through.rename(service_id, f"Zorbling {word} Club")
                seen = wait_until_everywhere(started, word, f"Zorbling {word} Club")
                everywhere.append(max(seen.values()))
                editing.append(seen[through.port])
                others += [s for port, s in seen.items() if port != through.port]
                time.sleep(0.137 * (edit % 4))  # edits at varied points of the other node's poll cycle
        print(
            json.dumps(
                {
                    "nodes": args.nodes,
                    "edits": len(everywhere),
                    "poll_seconds": args.poll,
                    "every_node": _summary(everywhere),
                    "editing_node": _summary(editing),
                    "other_nodes": _summary(others),
                }
            )
        )
    finally:
        drop_postgres_schema(schema)


if __name__ == "__main__":
    main()
