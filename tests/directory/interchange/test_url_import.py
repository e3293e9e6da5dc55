"""Importing from a live ORUK API, here a local http.server serving pages (never the internet).

Loopback addresses are refused by default (see tests/security/test_url_import_limits.py), so these
tests name the local server's host as an operator names an intranet feed: `allowed_hosts`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from directory.interchange import ImportFailed, import_oruk
from directory.models import Service
from tests.directory.interchange.feeds import service, service_id

LOCAL = {"allowed_hosts": ["127.0.0.1"]}


class FakeOrukApi:
    """`/services` pages of list items and `/services/{id}` full records, recording what was asked."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.requests: list[str] = []
        self.missing: set[str] = set()
        self.slow: set[str] = set()
        self.broken_pages: set[int] = set()

    def respond(self, path: str) -> tuple[int, bytes]:
        self.requests.append(path)
        url = urlsplit(path)
        if url.path == "/api/services":
            query = parse_qs(url.query)
            number, size = int(query["page"][0]), int(query["per_page"][0])
            if number in self.broken_pages:
                return 200, b"<html>Gateway timeout</html>"
            total_pages = max(1, -(-len(self.records) // size))
            contents = [
                {key: r[key] for key in ("id", "name", "status", "organization")}
                for r in self.records[(number - 1) * size : number * size]
            ]
            body = {
                "total_items": len(self.records),
                "total_pages": total_pages,
                "page_number": number,
                "size": len(contents),
                "first_page": number == 1,
                "last_page": number >= total_pages,
                "empty": not contents,
                "contents": contents,
            }
            return 200, json.dumps(body).encode()
        if url.path == "/feed.json":
            return 200, json.dumps(self.records[:2]).encode()
        record_id = url.path.removeprefix("/api/services/")
        if record_id in self.slow:
            time.sleep(1.0)
        for record in self.records:
            if record["id"] == record_id and record_id not in self.missing:
                return 200, json.dumps(record).encode()
        return 404, b'{"error": "not_found"}'


@pytest.fixture
def api() -> Iterator[tuple[FakeOrukApi, str]]:
    fake = FakeOrukApi([service(n, phones=[{"number": f"0161 496 01{n:02d}"}]) for n in range(1, 6)])

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body = fake.respond(self.path)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (the timeout test)

        def log_message(self, *args: Any) -> None:
            """Quiet: the test output is for failures."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake, f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_an_api_is_read_page_by_page_and_each_service_in_full(db_session, api):
    fake, base = api
    report = import_oruk(db_session, base, per_page=2, **LOCAL)
    assert report.written and report.created == 5
    pages = [r for r in fake.requests if r.startswith("/api/services?")]
    assert pages == [f"/api/services?page={n}&per_page=2" for n in (1, 2, 3)]
    assert len([r for r in fake.requests if r.startswith("/api/services/")]) == 5
    # Phones are only in the full records: they prove /services/{id} was used.
    assert [p.number for p in db_session.get(Service, service_id(3)).phones] == ["0161 496 0103"]


def test_importing_from_the_api_again_updates_in_place(db_session, api):
    fake, base = api
    import_oruk(db_session, base, per_page=5, **LOCAL)
    fake.records[0] = service(1, name="Renamed at the source", phones=[{"number": "0161 496 0101"}])
    report = import_oruk(db_session, base, per_page=5, **LOCAL)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    assert db_session.get(Service, service_id(1)).name == "Renamed at the source"


def test_a_record_the_api_cannot_return_stops_the_import_unless_skipping(db_session, count_rows, api):
    fake, base = api
    fake.missing.add(service_id(4))
    before = count_rows(db_session)
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, base, per_page=2, **LOCAL)
    (problem,) = failure.value.report.errors
    assert (problem.record, problem.record_id) == (4, service_id(4))
    assert "could not fetch the full record" in problem.reason and "HTTP 404" in problem.reason
    assert count_rows(db_session) == before
    report = import_oruk(db_session, base, per_page=2, skip_invalid=True, **LOCAL)
    assert (report.created, report.skipped) == (4, 1)


def test_a_page_that_is_not_json_is_refused_naming_the_address(db_session, count_rows, api):
    fake, base = api
    fake.broken_pages.add(2)
    before = count_rows(db_session)
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, base, per_page=2, **LOCAL)
    reason = failure.value.report.errors[0].reason
    assert f"GET {base}/services?page=2&per_page=2" in reason and "not valid JSON" in reason
    assert count_rows(db_session) == before


def test_a_slow_api_times_out_with_a_clear_report(db_session, api):
    fake, base = api
    fake.slow.add(service_id(1))
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, base, per_page=5, timeout=0.2, **LOCAL)
    (problem,) = failure.value.report.errors
    assert "could not fetch the full record" in problem.reason and "timed out" in problem.reason


def test_an_unreachable_api_is_reported_and_nothing_written(db_session, count_rows):
    before = count_rows(db_session)
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, "http://127.0.0.1:9/api", timeout=1, **LOCAL)
    assert failure.value.report.errors[0].reason.startswith("GET http://127.0.0.1:9/api/services?page=1")
    assert count_rows(db_session) == before


def test_a_json_file_on_the_web_is_downloaded_and_imported(db_session, api):
    fake, base = api
    report = import_oruk(db_session, base.removesuffix("/api") + "/feed.json", **LOCAL)
    assert report.created == 2 and fake.requests == ["/feed.json"]
