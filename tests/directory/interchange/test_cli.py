"""`flask directory import ...` / `export ...` on a database and index of their own (not the shared sample)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from directory.models import Service
from directory.search.provider import SearchProvider
from tests.directory.interchange.feeds import page, service
from web.commands.directory import directory_cli


@pytest.fixture
def provider(empty_db, tmp_path) -> Iterator[SearchProvider]:
    search = SearchProvider()
    search.configure(empty_db, tmp_path / "index", background=False)
    yield search
    search.shutdown()


@pytest.fixture
def runner(empty_db, provider) -> FlaskCliRunner:
    app = Flask("interchange-cli-test")
    app.extensions["directory_db"] = empty_db
    app.extensions["directory_search"] = provider
    app.cli.add_command(directory_cli)
    return app.test_cli_runner()


def services_in(database) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.count()).select_from(Service))


def test_importing_a_file_writes_it_and_brings_search_up_to_date(runner, empty_db, provider, write_json):
    result = runner.invoke(
        args=["directory", "import", "oruk", str(write_json(page([service(1), service(2)])))]
    )
    assert result.exit_code == 0, result.output
    assert "2 created" in result.stdout and "search index brought up to date" in result.stdout
    assert services_in(empty_db) == 2
    assert provider.backend.doc_count() == 2


def test_a_refused_import_exits_non_zero_with_a_readable_report_and_writes_nothing(
    runner, empty_db, write_json, tmp_path
):
    report_path = tmp_path / "report.json"
    feed = write_json([service(1), service(2, email="nobody")])
    result = runner.invoke(args=["directory", "import", "oruk", str(feed), "--report", str(report_path)])
    assert result.exit_code == 1
    assert "FAILED, nothing was written" in result.stderr
    assert "record 2 (id" in result.stderr and "email: not an email address" in result.stderr
    assert services_in(empty_db) == 0
    saved = json.loads(report_path.read_text(encoding="utf-8"))
    assert saved["ok"] is False and saved["problems"][0]["field"] == "email"


def test_skip_invalid_and_dry_run_from_the_command_line(runner, empty_db, write_json):
    feed = str(write_json([service(1), service(2, email="nobody")]))
    dry = runner.invoke(args=["directory", "import", "oruk", feed, "--skip-invalid", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "dry run" in dry.stdout and "create    record 1" in dry.stdout
    assert services_in(empty_db) == 0
    real = runner.invoke(args=["directory", "import", "oruk", feed, "--skip-invalid"])
    assert real.exit_code == 0 and "1 created" in real.stdout and "1 skipped" in real.stdout
    assert services_in(empty_db) == 1


def test_exports_and_imports_of_every_format_from_the_command_line(runner, empty_db, oruk_dir, tmp_path):
    hsds = runner.invoke(args=["directory", "import", "hsds-csv", str(oruk_dir / "hsds-csv")])
    assert hsds.exit_code == 0, hsds.output
    package, sheet = tmp_path / "out.json", tmp_path / "out.csv"
    assert runner.invoke(args=["directory", "export", "oruk", str(package)]).exit_code == 0
    assert runner.invoke(args=["directory", "export", "csv", str(sheet)]).exit_code == 0
    assert len(json.loads(package.read_text(encoding="utf-8"))["services"]) == 1
    assert "Community Counselling" in sheet.read_text(encoding="utf-8-sig")
    # The sheet's rows own the phones and times it lists: the first upload rewrites them in its own form,
    # the second finds nothing to change.
    first = runner.invoke(args=["directory", "import", "csv", str(sheet)])
    assert first.exit_code == 0 and "1 updated" in first.stdout, first.output
    report = tmp_path / "report.txt"
    second = runner.invoke(args=["directory", "import", "csv", str(sheet), "--report", str(report)])
    assert second.exit_code == 0
    assert "1 unchanged" in report.read_text(encoding="utf-8")
    assert services_in(empty_db) == 1


@pytest.fixture
def local_feed() -> Iterator[str]:
    """A JSON feed served over HTTP from 127.0.0.1 (a loopback address, so refused unless allowed)."""
    body = json.dumps(page([service(1)])).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            """Quiet: the test output is for failures."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.json"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_a_feed_on_a_loopback_address_needs_allow_host_on_the_command_line(runner, empty_db, local_feed):
    refused = runner.invoke(args=["directory", "import", "oruk", local_feed])
    assert refused.exit_code == 1
    assert "a loopback address" in refused.stderr and "--allow-host" in refused.stderr
    assert services_in(empty_db) == 0
    allowed = runner.invoke(args=["directory", "import", "oruk", local_feed, "--allow-host", "127.0.0.1"])
    assert allowed.exit_code == 0, allowed.output
    assert services_in(empty_db) == 1
