"""Personal data never reaches the logs, not even in the traceback of a failed database write.

The review registered on the portal while another connection held the database: the failed INSERT was
logged with its SQL parameters, so the log held the email address, the password hash and the phone
number typed into the form. Engines now hide statement parameters, and the log filter cleans
tracebacks as well as messages, on the app's handlers and on gunicorn's.
"""

from __future__ import annotations

import io
import logging
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from gunicorn import glogging
from gunicorn.config import Config as GunicornConfig
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from directory.db import DEFAULT_SQLITE_TIMEOUT_S, make_engine
from directory.portal import joining
from tests.web.pages.conftest import csrf_token
from web import logging_privacy

EMAIL = "volunteer.locked@example.org"
PHONE = "07700 900123"
PASSWORD = "a long and private password"
# The app's hashes start "scrypt$" (directory/portal/accounts.py); other schemes are caught as well.
HASH_PREFIXES = ("scrypt$", "$argon2", "pbkdf2", "$2b$")


def _leaks(text: str) -> list[str]:
    found = [value for value in (EMAIL, PHONE, PHONE.replace(" ", ""), PASSWORD) if value in text]
    return found + [prefix for prefix in HASH_PREFIXES if prefix in text]


@contextmanager
def _database_held_by_another_connection(connection: Connection) -> Iterator[None]:
    """Another connection holds the tables the registration writes; ours waits a short while only."""
    url = connection.engine.url
    if url.get_backend_name() == "sqlite":
        connection.exec_driver_sql("PRAGMA busy_timeout = 300")
        holder = sqlite3.connect(str(url.database), timeout=0, isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            yield
        finally:
            holder.close()
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {DEFAULT_SQLITE_TIMEOUT_S * 1000}")
        return
    # PostgreSQL: a table lock that lets reads through and makes writes wait; the SET is undone with
    # the test's transaction.
    connection.exec_driver_sql("SET lock_timeout = '300ms'")
    holder_engine = create_engine(url.render_as_string(hide_password=False))
    try:
        with holder_engine.connect() as holder, holder.begin():
            holder.exec_driver_sql("LOCK TABLE user_account IN EXCLUSIVE MODE")
            yield
    finally:
        holder_engine.dispose()


@contextmanager
def _app_log_handler() -> Iterator[io.StringIO]:
    """A real handler on the root logger, formatting as the app's own handler does, wired as the app
    wires its handlers (`logging_privacy.configure`, which `create_app` calls)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(logging_privacy.FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        logging_privacy.configure()
        yield stream
    finally:
        root.removeHandler(handler)


@pytest.mark.logs_traceback("the registration fails on purpose while the database is held")
def test_a_registration_while_the_database_is_locked_logs_no_email_hash_or_phone_number(
    app, client, rollback_app_session, monkeypatch, caplog
):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as in production: a logged 500
    monkeypatch.setitem(app.config, "PORTAL_REGISTER_RATE_LIMIT", "1000/60")
    organization = joining.claimable_organizations(rollback_app_session)[0]
    token = csrf_token(client, "/portal/register")
    form = {
        "csrf_token": token,
        "name": f"Nia (mobile {PHONE})",
        "email": EMAIL,
        "password": PASSWORD,
        "organization": organization.id,
        "message": f"I run the group; call me on {PHONE}.",
    }
    caplog.set_level(logging.INFO)
    with _app_log_handler() as written, _database_held_by_another_connection(rollback_app_session.connection()):
        response = client.post("/portal/register", data=form)

    assert response.status_code == 500
    assert "Exception on /portal/register [POST]" in caplog.text  # the failure itself is logged
    assert "Traceback" in caplog.text
    assert "database is locked" in caplog.text or "lock timeout" in caplog.text
    assert _leaks(caplog.text) == []
    assert "Exception on /portal/register [POST]" in written.getvalue()
    assert _leaks(written.getvalue()) == []
    assert _leaks(response.get_data(as_text=True)) == []


def test_a_failed_statement_from_any_engine_carries_no_parameters(empty_database_url):
    """The CLI, the jobs and migrations build their engines with `make_engine` as the app does."""
    engine = make_engine(empty_database_url)
    people = Table("people", MetaData(), Column("id", Integer, primary_key=True), Column("email", String))
    people.create(engine)
    with engine.begin() as connection:
        connection.execute(insert(people).values(id=1, email=EMAIL))
    with pytest.raises(IntegrityError) as failed, engine.begin() as connection:
        connection.execute(insert(people).values(id=1, email=EMAIL))
    engine.dispose()
    assert EMAIL not in str(failed.value)
    assert "hidden" in str(failed.value)


def _record(message: str, *args: object, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord("web.test", logging.ERROR, __file__, 1, message, args, exc_info)


def _raised(message: str) -> BaseException:
    try:
        raise RuntimeError(message)
    except RuntimeError as exc:
        return exc


def test_a_traceback_is_formatted_once_cleaned_and_kept_as_text_with_the_exception_dropped():
    error = _raised(
        f"(sqlite3.OperationalError) database is locked\n[SQL: INSERT INTO user_account ...]\n"
        f"[parameters: ('{EMAIL}', 'scrypt$16384$8$1$c2FsdA$aGFzaA', '{PHONE}')]"
    )
    record = _record("Exception on %s", "/portal/register", exc=error)
    record.stack_info = f"Stack (most recent call last):\n  reply to +44 7700 900123 for {EMAIL}"
    assert logging_privacy.RedactPersonalData().filter(record) is True
    assert record.exc_info is None
    assert record.exc_text and "database is locked" in record.exc_text and "Traceback" in record.exc_text
    written = logging.Formatter(logging_privacy.FORMAT).format(record)
    assert _leaks(written) == [] and "7700" not in written
    assert "[parameters: hidden]" in written


@pytest.mark.parametrize(
    "message",
    [
        f"sign-in for {EMAIL} failed",
        "reply to +44 7700 900123 failed",
        "call 0161 496 0000 or (0161) 496 0000",
        "From=07700900456 Body=hi",
        "hash scrypt$16384$8$1$c2FsdA$aGFzaA",
    ],
)
def test_emails_phone_numbers_and_hashes_in_a_message_are_masked(message):
    record = _record("%s", message)
    logging_privacy.RedactPersonalData().filter(record)
    cleaned = record.getMessage()
    assert logging_privacy.personal_data_in(cleaned) == []
    assert cleaned != message


@pytest.mark.parametrize(
    "message",
    [
        "service 5f2b1c8e-0123-4567-8901-234567890123 indexed in 0.012345678 s",
        "kept 31544 postcodes; 2026-12-01 09:00:00.123456",
        "listening on 127.0.0.1:8000, pid 1234567",
    ],
)
def test_ids_times_and_counts_are_left_alone(message):
    record = _record("%s", message)
    logging_privacy.RedactPersonalData().filter(record)
    assert record.getMessage() == message


@pytest.fixture
def gunicorn_logs(tmp_path: Path) -> Iterator[tuple[glogging.Logger, Path, Path]]:
    """gunicorn's own loggers, set up as a gunicorn process sets them up, writing to files."""
    cfg = GunicornConfig()
    error_log, access_log = tmp_path / "error.log", tmp_path / "access.log"
    cfg.set("errorlog", str(error_log))
    cfg.set("accesslog", str(access_log))
    logger = glogging.Logger(cfg)
    try:
        yield logger, error_log, access_log
    finally:
        for log in (logger.error_log, logger.access_log):
            for handler in list(log.handlers):
                log.removeHandler(handler)
                handler.close()


def test_gunicorns_error_and_access_logs_are_cleaned_once_the_app_is_loaded(gunicorn_logs):
    logger, error_log, access_log = gunicorn_logs
    logging_privacy.install_gunicorn()  # what web/wsgi.py does when a worker imports the app
    try:
        raise ValueError(f"bad form value {EMAIL} / {PHONE}")
    except ValueError:
        logger.exception("Error handling request %s", f"/portal/sign-in?email={EMAIL}")
    logger.access_log.info("%s", f'"GET /search?q=call+me+{PHONE.replace(" ", "")} HTTP/1.1" 200')
    for handler in logger.error_log.handlers + logger.access_log.handlers:
        handler.flush()
    written = error_log.read_text() + access_log.read_text()
    assert "Error handling request" in written and "ValueError" in written
    assert _leaks(written) == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_a_gunicorn_worker_serving_the_app_keeps_emails_and_numbers_out_of_its_access_log(tmp_path):
    """web/wsgi.py as gunicorn loads it: the access log records each request's query string."""
    port = _free_port()
    access_log, error_log = tmp_path / "access.log", tmp_path / "error.log"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "AROUND_HERE_ENV": "development",
        "AROUND_HERE_VAR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
        "INDEX_DIR": str(tmp_path / "index"),
        "INDEX_IN_BACKGROUND": "0",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "--workers", "1", "--bind", f"127.0.0.1:{port}", "--access-logfile", str(access_log),
         "--error-logfile", str(error_log), "web.wsgi:app"],
        cwd=Path(__file__).resolve().parents[2], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        query = urllib.parse.urlencode({"contact": EMAIL, "phone": PHONE})
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz?{query}", timeout=5) as answer:
                    assert answer.status == 200
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"gunicorn did not answer:\n{error_log.read_text() if error_log.exists() else ''}")
                time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    written = access_log.read_text()
    assert "/healthz?contact=" in written  # the request was logged, its query string cleaned
    assert _leaks(written) == [] and _leaks(urllib.parse.unquote_plus(written)) == []
