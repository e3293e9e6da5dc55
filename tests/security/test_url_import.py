"""Importing from a URL cannot be turned against us: no requests to loopback, private or other non-public
addresses (redirects included), only http(s), capped pages and bytes, and hostile JSON is a report.

Every test talks to a real HTTP server on 127.0.0.1 in a thread. Loopback is refused by default, so the
tests that need the server to answer name its host in `allowed_hosts`, as an operator names an intranet
feed; the tests of refusals leave it out, or redirect to hosts that are not named.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from directory.interchange import ImportFailed, import_oruk
from directory.interchange.fetch import address_problem
from directory.models import Service
from tests.directory.interchange.feeds import page, service, service_id

LOCAL = ["127.0.0.1"]
Handler = Callable[[BaseHTTPRequestHandler], None]


class LocalServer:
    """A threaded http.server whose paths answer as the test says, recording every request it gets."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[tuple[str, str]] = []  # (path, Host header)
        server = self

        class Handle(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, self.headers.get("Host", "")))
                route = server.routes.get(self.path.split("?")[0])
                try:
                    if route is None:
                        send(self, 404, b'{"error": "not_found"}')
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as some tests expect

            def log_message(self, *args: Any) -> None:
                """Quiet: the test output is for failures."""

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handle)
        self.port = self.http.server_address[1]
        self.thread = threading.Thread(target=self.http.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def answer(data: Any) -> Handler:
    return lambda handler: send(handler, 200, json.dumps(data).encode())


def raw(body: bytes) -> Handler:
    return lambda handler: send(handler, 200, body)


def redirect(location: str, status: int = 302) -> Handler:
    return lambda handler: send(handler, status, b"", Location=location)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    local.thread.start()
    yield local
    local.http.shutdown()
    local.http.server_close()
    local.thread.join(timeout=5)


def refused(db_session, source: str, **options: Any):
    """The problem an import of `source` was refused with (it must be refused)."""
    with pytest.raises(ImportFailed) as failure:
        import_oruk(db_session, source, **options)
    (problem,) = failure.value.report.errors
    return problem


# --- addresses -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.8.8", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback (inside an IPv6 address)"),
        ("::ffff:10.1.2.3", "private (inside an IPv6 address)"),
        ("2002:7f00:1::", "loopback (inside an IPv6 address)"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local (inside an IPv6 address)"),  # NAT64 around 169.254.169.254
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),
    ],
)
def test_only_public_addresses_may_be_fetched_from(address, kind):
    assert address_problem(address) == kind


@pytest.mark.parametrize("address", ["240.0.0.1", "100.64.0.1", "192.0.2.1", "2001:db8::1", "::ffff:0.0.0.0"])
def test_reserved_shared_and_documentation_addresses_are_not_public_either(address):
    assert address_problem(address) is not None


def test_a_loopback_feed_is_refused_by_default_and_never_asked(db_session, server):
    server.routes["/feed.json"] = answer([service(1)])
    problem = refused(db_session, server.url("/feed.json"))
    assert problem.code == "url_address_refused" and "loopback" in problem.reason
    assert server.requests == []
    assert db_session.get(Service, service_id(1)) is None


@pytest.mark.parametrize(
    "target",
    [
        "http://localhost:{port}/secret",
        "http://[::1]:{port}/secret",
        "http://[::ffff:127.0.0.1]:{port}/secret",
        "http://2130706433:{port}/secret",  # 127.0.0.1 written as one number
        "http://0.0.0.0:{port}/secret",
        "http://10.0.0.1/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/secret",
        "http://224.0.0.1/secret",
    ],
)
def test_a_redirect_to_a_non_public_address_is_refused(db_session, server, target):
    server.routes["/feed.json"] = redirect(target.format(port=server.port))
    server.routes["/secret"] = answer([service(1)])
    problem = refused(db_session, server.url("/feed.json"), allowed_hosts=LOCAL)
    assert problem.code == "url_address_refused", problem.reason
    assert "redirected to" in problem.reason
    assert server.paths() == ["/feed.json"]


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/feed.json", "file:///etc/passwd", "gopher://x/"])
def test_a_redirect_to_anything_but_http_is_refused(db_session, server, target):
    server.routes["/feed.json"] = redirect(target, status=301)
    problem = refused(db_session, server.url("/feed.json"), allowed_hosts=LOCAL)
    assert problem.code == "url_scheme_refused" and target in problem.reason


def test_redirects_within_allowed_hosts_are_followed_a_few_times_only(db_session, server):
    server.routes["/feed.json"] = redirect("/moved.json", status=308)
    server.routes["/moved.json"] = answer([service(1)])
    report = import_oruk(db_session, server.url("/feed.json"), allowed_hosts=LOCAL)
    assert report.created == 1 and server.paths() == ["/feed.json", "/moved.json"]
    for hop in range(10):
        server.routes[f"/loop{hop}.json"] = redirect(f"/loop{hop + 1}.json")
    problem = refused(db_session, server.url("/loop0.json"), allowed_hosts=LOCAL)
    assert problem.code == "url_too_many_redirects"
    assert server.paths()[2:] == [f"/loop{hop}.json" for hop in range(6)]


def test_the_request_goes_to_the_address_that_was_checked_under_the_name_asked_for(
    db_session, server, monkeypatch
):
    """The name is resolved once and the connection made to that address, with the name in the Host
    header: a second DNS answer (rebinding) is never asked for, so it cannot point elsewhere."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(host)
        return real("127.0.0.1" if host == "feed.example" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    server.routes["/feed.json"] = answer([service(1)])
    url = server.url("/feed.json", host="feed.example")
    problem = refused(db_session, url)
    assert problem.code == "url_address_refused" and server.requests == []
    report = import_oruk(db_session, url, allowed_hosts=["feed.example"])
    assert report.created == 1
    assert server.requests == [("/feed.json", f"feed.example:{server.port}")]
    assert asked.count("feed.example") == 2  # once per import: never again on connecting


def test_a_name_with_any_private_address_is_refused(db_session, server, monkeypatch):
    real = socket.getaddrinfo

    def resolve(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "mixed.example":
            public = (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port))
            return [public, *real("127.0.0.1", port, *args, **kwargs)]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    problem = refused(db_session, server.url("/feed.json", host="mixed.example"))
    assert problem.code == "url_address_refused" and "127.0.0.1" in problem.reason


# --- limits ----------------------------------------------------------------------------------------------


def endless_pages(handler: BaseHTTPRequestHandler) -> None:
    """Every page lists one new service and never says it is the last."""
    number = int(handler.path.split("page=")[1].split("&")[0])
    body = {**page([service(number)]), "total_pages": None, "last_page": False, "page_number": number}
    send(handler, 200, json.dumps(body).encode())


def test_an_endless_feed_stops_at_the_page_limit(db_session, server):
    server.routes["/api/services"] = endless_pages
    problem = refused(db_session, server.url("/api"), allowed_hosts=LOCAL, max_pages=5)
    assert problem.code == "url_too_many_pages"
    assert len([p for p in server.paths() if p.startswith("/api/services?")]) == 5


def test_a_feed_claiming_more_pages_than_allowed_stops_after_its_first(db_session, server):
    server.routes["/api/services"] = answer({**page([service(1)]), "total_pages": 10**9, "last_page": False})
    problem = refused(db_session, server.url("/api"), allowed_hosts=LOCAL, max_pages=5)
    assert problem.code == "url_too_many_pages" and "1,000,000,000" in problem.reason
    assert server.paths() == ["/api/services?page=1&per_page=100"]


def test_a_feed_that_ignores_the_page_number_is_stopped_at_the_first_repeat(db_session, server):
    server.routes["/api/services"] = answer({**page([service(1)]), "total_pages": None, "last_page": False})
    server.routes[f"/api/services/{service_id(1)}"] = answer(service(1))
    problem = refused(db_session, server.url("/api"), allowed_hosts=LOCAL)
    assert problem.code == "url_page_repeated"
    assert len([p for p in server.paths() if p.startswith("/api/services?")]) == 2


def test_the_whole_download_is_capped_in_bytes(db_session, server):
    padding = "x" * 20_000
    server.routes["/api/services"] = endless_pages
    for n in range(1, 50):
        server.routes[f"/api/services/{service_id(n)}"] = answer(service(n, description=padding))
    problem = refused(db_session, server.url("/api"), allowed_hosts=LOCAL, max_bytes=100_000)
    assert problem.code == "url_download_too_large"
    fetched = [p for p in server.paths() if p.startswith("/api/services/")]
    assert 3 <= len(fetched) <= 6  # about 100 KB of 20 KB records, then stopped


def test_a_response_trickling_in_is_cut_off_at_the_timeout(db_session, server):
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        for _ in range(40):  # a byte every 0.1 s: each read is quick, the whole takes 4 s
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.1)
        handler.wfile.write(b"[]")

    server.routes["/feed.json"] = trickle
    started = time.monotonic()
    problem = refused(db_session, server.url("/feed.json"), allowed_hosts=LOCAL, timeout=0.5)
    assert "timed out" in problem.reason
    assert time.monotonic() - started < 2.5


# --- hostile JSON ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [100_000, 70])
def test_deeply_nested_json_from_a_url_is_an_import_error(db_session, server, depth):
    server.routes["/feed.json"] = raw(b"[" * depth + b"]" * depth)
    problem = refused(db_session, server.url("/feed.json"), allowed_hosts=LOCAL)
    assert problem.code == "json_too_deep" and problem.record is None


def test_a_deeply_nested_record_from_an_api_is_reported_as_that_record(db_session, server):
    server.routes["/api/services"] = answer(page([service(1), service(2)]))
    server.routes[f"/api/services/{service_id(1)}"] = answer(service(1))
    deep = json.dumps(service(2))[:-1] + ', "extra": ' + "[" * 50_000 + "]" * 50_000 + "}"
    server.routes[f"/api/services/{service_id(2)}"] = raw(deep.encode())
    report = import_oruk(db_session, server.url("/api"), allowed_hosts=LOCAL, skip_invalid=True)
    assert (report.created, report.skipped) == (1, 1)
    (problem,) = report.errors
    assert problem.record_id == service_id(2) and "nested more than" in problem.reason


def test_a_deeply_nested_file_is_an_import_error(db_session, tmp_path):
    path = tmp_path / "deep.json"
    path.write_bytes(b'{"contents": ' + b"[" * 200_000 + b"]" * 200_000 + b"}")
    problem = refused(db_session, path)
    assert problem.code == "json_too_deep"
