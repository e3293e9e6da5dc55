"""With the database unavailable the SMS webhook still answers, as valid TwiML and within seconds: a
crisis text with the helplines, from memory; anything else with a short "try again, or call ..." text.

The database is made unavailable for real: another connection holds the lock the webhook needs (SQLite
BEGIN EXCLUSIVE, PostgreSQL LOCK TABLE), or the app's engine points at a database that is not there
(a SQLite file in a missing folder, a PostgreSQL port nobody listens on). Requests are signed as Twilio
signs them."""

from __future__ import annotations

import logging
import socket
import sqlite3
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from directory.db import DEFAULT_SQLITE_TIMEOUT_S, Database
from tests.helpers.sms import NUMBER, TOKEN, post_signed, replies, twilio_params
from web.chat import messages as chat_messages
from web.extensions import database as app_database
from web.sms import budget, messages, outage, store

CONTACT = "Council contact centre: 0161 217 6111"
URGENT_EN = "I want to kill myself tonight, I have the pills ready"
SUPPORTIVE_PL = "chcę się zabić"
SUPPORTIVE_AR = "أريد أن أقتل نفسي"
QUICKLY = 3.0  # seconds, on a busy machine, on top of any lock wait


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sms(app: Flask, client: FlaskClient, closed_port_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    monkeypatch.setitem(app.config, "TWILIO_AUTH_TOKEN", TOKEN)
    monkeypatch.setitem(app.config, "RASA_URL", closed_port_url)
    monkeypatch.setitem(app.config, "COUNCIL_CONTACT", CONTACT)
    outage.RECENTLY_ANSWERED.clear()
    yield client
    outage.RECENTLY_ANSWERED.clear()


def _hold_the_write_lock(app: Flask) -> Callable[[], None]:
    """Another connection takes the lock every write to the SMS tables needs; returns its release."""
    assert app_database.engine is not None
    url = app_database.engine.url
    if url.get_backend_name() == "sqlite":
        holder = sqlite3.connect(url.database, isolation_level=None, timeout=0)
        holder.execute("BEGIN EXCLUSIVE")

        def release() -> None:
            holder.execute("ROLLBACK")
            holder.close()

        return release
    connection = app_database.engine.connect()
    connection.exec_driver_sql("LOCK TABLE sms_inbound IN ACCESS EXCLUSIVE MODE")

    def release_postgres() -> None:
        connection.rollback()
        connection.close()

    return release_postgres


@pytest.fixture(params=["locked", "sqlite file missing", "postgresql refuses"])
def database_down(
    request: pytest.FixtureRequest, app: Flask, rollback_app_session: Session, tmp_path: Path
) -> Iterator[Callable[[], None]]:
    """The app's database, unavailable; yields a function that makes it available again."""
    if request.param == "locked":
        release = _hold_the_write_lock(app)
        released: list[bool] = []

        def back() -> None:
            if not released:
                released.append(True)
                release()

        try:
            yield back
        finally:
            back()
        return
    url = (
        f"sqlite:///{tmp_path / 'missing-folder' / 'db.sqlite'}"
        if request.param == "sqlite file missing"
        else f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/test"
    )
    unreachable = Database(url)
    swapped = pytest.MonkeyPatch()
    for name in ("engine", "sessionmaker", "session"):
        swapped.setattr(app_database, name, getattr(unreachable, name))
    try:
        yield swapped.undo
    finally:
        swapped.undo()
        unreachable.dispose()


def _post(client: FlaskClient, params: dict[str, str]) -> tuple[list[str], float]:
    started = time.monotonic()
    response = post_signed(client, params)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    root = ElementTree.fromstring(response.data)  # well-formed XML
    assert root.tag == "Response"
    assert {child.tag for child in root} <= {"Message"}
    return replies(response), elapsed  # replies() also checks the segment budget


def _in(language: str, text: object, **values: str) -> str:
    with force_locale(language):
        return str(text).format(**values)


@pytest.mark.parametrize(
    ("body", "language", "first_number"),
    [(URGENT_EN, "en", "999"), (SUPPORTIVE_PL, "pl", "Samaritans"), (SUPPORTIVE_AR, "ar", "Samaritans")],
)
def test_a_crisis_text_gets_the_helplines_from_memory_while_the_database_is_down(
    app: Flask,
    sms: FlaskClient,
    database_down: Callable[[], None],
    body: str,
    language: str,
    first_number: str,
) -> None:
    texts, elapsed = _post(sms, twilio_params(body))
    assert elapsed < budget.LOCK_WAIT_S + QUICKLY
    reply = "\n".join(texts)
    assert first_number in reply.split("\n")[0]  # the numbers first
    assert "Samaritans: 116123" in reply
    with app.app_context():
        assert _in(language, messages.UNAVAILABLE, contact=CONTACT) in reply
        intro = chat_messages.CRISIS_INTRO if first_number == "999" else chat_messages.CRISIS_SUPPORTIVE
        assert _in(language, intro) in reply


@pytest.mark.parametrize(
    ("body", "language"),
    [("food bank in Reddish", "en"), ("bank żywności w Reddish", "pl"), ("مجھے کھانے کی ضرورت ہے", "ur")],
)
def test_an_ordinary_text_gets_the_try_again_text_in_its_language_while_the_database_is_down(
    app: Flask, sms: FlaskClient, database_down: Callable[[], None], body: str, language: str
) -> None:
    texts, elapsed = _post(sms, twilio_params(body))
    assert elapsed < budget.LOCK_WAIT_S + QUICKLY
    with app.app_context():
        assert texts == [_in(language, messages.UNAVAILABLE, contact=CONTACT)]
    assert CONTACT in texts[0] and "999" in texts[0]


def test_help_and_stop_while_the_database_is_down(
    app: Flask, sms: FlaskClient, database_down: Callable[[], None]
) -> None:
    with app.app_context():
        assert _post(sms, twilio_params("pomoc"))[0] == [_in("pl", messages.HELP)]
    assert _post(sms, twilio_params("STOP"))[0] == []


def test_a_retried_message_sid_is_answered_once_even_after_the_database_is_back(
    sms: FlaskClient, database_down: Callable[[], None]
) -> None:
    params = twilio_params(URGENT_EN)
    first, _ = _post(sms, params)
    assert "116123" in "\n".join(first)
    assert _post(sms, params)[0] == []  # Twilio's retry, the database still down
    database_down()
    assert _post(sms, params)[0] == []  # and once it is back
    assert _post(sms, twilio_params("help"))[0]  # other texts are answered as usual


def test_a_locked_database_costs_the_webhook_one_short_lock_wait(
    app: Flask, sms: FlaskClient, rollback_app_session: Session
) -> None:
    release = _hold_the_write_lock(app)
    try:
        texts, elapsed = _post(sms, twilio_params("food bank in Reddish"))
    finally:
        release()
    assert texts and CONTACT in texts[0]
    assert budget.LOCK_WAIT_S * 0.9 <= elapsed < budget.LOCK_WAIT_S + QUICKLY  # it waited, briefly


def _lock_wait(session: Session) -> str:
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        return f"{connection.exec_driver_sql('PRAGMA busy_timeout').scalar()}ms"
    return str(connection.exec_driver_sql("SHOW lock_timeout").scalar())


def test_the_short_lock_wait_is_the_webhooks_alone_the_rest_of_the_app_keeps_its_own(
    database_url: str,
) -> None:
    database = Database(database_url)
    assert database.sessionmaker is not None
    try:
        with database.sessionmaker() as usual:
            before = _lock_wait(usual)
            raw = usual.connection().connection.dbapi_connection
        with database.sessionmaker() as session, budget.short_lock_waits(session, 0.5):
            assert _lock_wait(session) == "500ms"
            session.commit()  # the connection goes back to the pool ...
            assert _lock_wait(session) == "500ms"  # ... and each new transaction is limited again
        with database.sessionmaker() as later:
            assert later.connection().connection.dbapi_connection is raw  # the same pooled connection
            assert _lock_wait(later) == before
        if database_url.startswith("sqlite"):
            assert before == f"{DEFAULT_SQLITE_TIMEOUT_S * 1000}ms"
    finally:
        database.dispose()


def test_nothing_logged_on_the_way_carries_the_number_or_the_message(
    sms: FlaskClient, database_down: Callable[[], None], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    _post(sms, twilio_params(URGENT_EN))
    _post(sms, twilio_params("food bank in Reddish"))
    assert any("database is unavailable" in record.getMessage() for record in caplog.records)
    logged = "\n".join(f"{record.getMessage()}\n{record.exc_text or ''}" for record in caplog.records)
    for secret in (NUMBER, NUMBER[1:], NUMBER[3:], "kill myself", "pills", "food bank", "Reddish"):
        assert secret not in logged


def test_the_record_of_answered_messages_holds_only_the_keyed_hash_of_each_message_sid(
    app: Flask, sms: FlaskClient, database_down: Callable[[], None]
) -> None:
    params = twilio_params(URGENT_EN)
    _post(sms, params)
    assert len(outage.RECENTLY_ANSWERED) == 1
    assert store.message_key(app.config["SMS_HASH_SECRET"], params["MessageSid"]) in outage.RECENTLY_ANSWERED
    assert params["MessageSid"] not in outage.RECENTLY_ANSWERED


def test_the_record_of_answered_messages_forgets_after_ten_minutes_and_stays_bounded() -> None:
    now = [0.0]
    record = outage.AnsweredRecord(ttl=600, size=3, clock=lambda: now[0])
    assert record.add("a") and not record.add("a")
    now[0] = 599.0
    assert "a" in record
    now[0] = 600.0
    assert "a" not in record and record.add("a")
    for key in ("b", "c", "d"):
        assert record.add(key)
    assert len(record) == 3 and "a" not in record  # the oldest went first
