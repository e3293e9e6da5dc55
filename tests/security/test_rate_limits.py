"""Limits hold across gunicorn workers, and concurrent wrong passwords lock an account at the threshold.

Each worker is its own process with its own memory, so limits counted in memory are multiplied by the
number of workers. Two Flask apps here stand for two workers: with Redis they share one count. The
lock-out counter is checked with real threads against a real SQLite file and PostgreSQL, where a
read-modify-write in Python loses the attempts that overlap.
"""

from __future__ import annotations

import contextlib
import math
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
import yaml
from flask import Flask, request
from sqlalchemy import select

from directory.db import Database
from directory.migrations import upgrade
from directory.models import User
from directory.portal import accounts, totp
from tests.factories import TEST_PASSWORD, create_user
from tests.plugins.database import migrated_postgres
from web.ratelimit import RateLimits

REDIS_URL = "redis://127.0.0.1:6379/0"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _redis_reason() -> str | None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as exc:
        return f"Redis not reachable at {REDIS_URL}: {type(exc).__name__}"
    return None


def _worker(storage_uri: str, storage_prefix: str, limit: str = "3/60") -> tuple[Flask, RateLimits]:
    """A gunicorn worker in miniature: its own app and limiter, one limited POST like the portal's."""
    app = Flask(f"worker-{uuid.uuid4().hex[:6]}")
    app.config.update(
        SECRET_KEY="shared-secret",
        RATELIMIT_STORAGE_URI=storage_uri,
        RATELIMIT_STORAGE_OPTIONS={"key_prefix": storage_prefix} if storage_uri.startswith("redis") else {},
        TRY_RATE_LIMIT=limit,
    )
    limits = RateLimits()
    limits.init_app(app)

    @app.post("/try")
    def attempt():
        wait = limits.hit("try", request.remote_addr or "unknown", "TRY_RATE_LIMIT")
        if wait is None:
            return "ok"
        return "too many", 429, {"Retry-After": str(max(1, math.ceil(wait)))}

    return app, limits


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in the shared Redis; every key under it is deleted afterwards."""
    reason = _redis_reason()
    if reason:
        pytest.skip(reason)
    prefix = f"test-limits-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def test_two_workers_sharing_redis_enforce_one_limit_together(redis_prefix):
    first, _ = _worker(REDIS_URL, redis_prefix)
    second, _ = _worker(REDIS_URL, redis_prefix)
    statuses = [
        (first if turn % 2 == 0 else second).test_client().post("/try").status_code for turn in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    refused = second.test_client().post("/try")
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    other_address = first.test_client().post("/try", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other_address.status_code == 200


def test_the_shared_store_holds_neither_the_client_address_nor_the_bare_key(redis_prefix):
    app, _ = _worker(REDIS_URL, redis_prefix)
    assert app.test_client().post("/try", environ_base={"REMOTE_ADDR": "192.0.2.77"}).status_code == 200
    keys = [key.decode() for key in redis.Redis.from_url(REDIS_URL).scan_iter(f"{redis_prefix}*")]
    assert keys, "the hit was counted in Redis"
    assert not any("192.0.2.77" in key for key in keys)


def test_resetting_the_limits_clears_the_shared_count(redis_prefix):
    app, limits = _worker(REDIS_URL, redis_prefix, limit="1/60")
    client = app.test_client()
    assert [client.post("/try").status_code for _ in range(2)] == [200, 429]
    limits.reset()
    assert client.post("/try").status_code == 200


def test_with_memory_storage_each_worker_counts_for_itself_and_still_refuses_past_its_limit():
    first, _ = _worker("memory://", "")
    second, _ = _worker("memory://", "")
    assert [first.test_client().post("/try").status_code for _ in range(4)] == [200, 200, 200, 429]
    # The multiplication documented in web/ratelimit.py: another process has a count of its own.
    assert second.test_client().post("/try").status_code == 200


def test_a_store_that_stops_answering_is_no_500_and_limits_still_count_in_the_process():
    with socket_closed_port() as port:
        app, _ = _worker(f"redis://127.0.0.1:{port}/0", "unused")
        statuses = [app.test_client().post("/try").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


@contextlib.contextmanager
def socket_closed_port() -> Iterator[int]:
    """A loopback port nothing listens on (bound, never listening, so connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


# -- the lock-out counter under concurrent attempts -------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def accounts_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A migrated database of this module's own (a real SQLite file, or a PostgreSQL schema)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('lockout') / 'lockout.db'}"
        upgrade(url)
        database = Database(url)
        yield database
        database.dispose()
        return
    with migrated_postgres() as database:
        yield database


def _new_account(database: Database, *, second_step: bool = False) -> tuple[str, str | None]:
    email = f"concurrent-{uuid.uuid4().hex[:8]}@example.org"
    with database.transaction() as session:
        user = create_user(session, email=email, role="moderator" if second_step else "none")
        secret = None
        if second_step:
            secret = totp.new_secret()
            accounts.turn_on_second_step(session, user, secret, totp.code_at(secret, NOW), NOW)
    return email, secret


def _stored(database: Database, email: str) -> User:
    with database.sessionmaker() as session:
        return session.scalars(select(User).where(User.email == email)).one()


def _at_once(count: int, attempt: Callable[[threading.Barrier], None]) -> None:
    """Run `attempt` in `count` threads that start together; fail on any thread's error."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            attempt(barrier)
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


def _wrong_passwords_at_once(database: Database, email: str, count: int) -> None:
    def attempt(barrier: threading.Barrier) -> None:
        barrier.wait()
        with database.sessionmaker() as session:
            with pytest.raises(accounts.AuthenticationFailed):
                accounts.authenticate(session, email, "not the password at all", NOW)
            session.commit()  # as the sign-in view does: the count outlives the failure

    _at_once(count, attempt)


def test_concurrent_wrong_passwords_lock_the_account_exactly_at_the_threshold(accounts_database):
    email, _ = _new_account(accounts_database)
    _wrong_passwords_at_once(accounts_database, email, accounts.MAX_FAILED_LOGINS)
    stored = _stored(accounts_database, email)
    assert stored.failed_logins == accounts.MAX_FAILED_LOGINS
    assert stored.locked_until == NOW + accounts.LOCK_OUT
    with accounts_database.sessionmaker() as session, pytest.raises(accounts.AuthenticationFailed):
        accounts.authenticate(session, email, TEST_PASSWORD, NOW + timedelta(minutes=1))


def test_concurrent_wrong_passwords_one_short_of_the_threshold_leave_the_account_open(accounts_database):
    email, _ = _new_account(accounts_database)
    _wrong_passwords_at_once(accounts_database, email, accounts.MAX_FAILED_LOGINS - 1)
    stored = _stored(accounts_database, email)
    assert (stored.failed_logins, stored.locked_until) == (accounts.MAX_FAILED_LOGINS - 1, None)
    with accounts_database.transaction() as session:
        assert accounts.authenticate(session, email, TEST_PASSWORD, NOW).email == email
    assert _stored(accounts_database, email).failed_logins == 0


def test_concurrent_wrong_codes_lock_the_account_exactly_at_the_threshold(accounts_database):
    email, secret = _new_account(accounts_database, second_step=True)
    assert secret is not None
    later = NOW + timedelta(minutes=2)
    wrong = "000000" if totp.code_at(secret, later) != "000000" else "111111"

    def attempt(barrier: threading.Barrier) -> None:
        with accounts_database.sessionmaker() as session:
            user = session.scalars(select(User).where(User.email == email)).one()  # read before the others write
            barrier.wait()
            with pytest.raises(accounts.AuthenticationFailed):
                accounts.check_second_step(session, user, wrong, later)
            session.commit()

    _at_once(accounts.MAX_FAILED_LOGINS, attempt)
    stored = _stored(accounts_database, email)
    assert stored.failed_logins == accounts.MAX_FAILED_LOGINS
    assert stored.locked_until == later + accounts.LOCK_OUT


def test_a_lock_out_that_has_passed_starts_a_fresh_count(accounts_database):
    email, _ = _new_account(accounts_database)
    for _ in range(accounts.MAX_FAILED_LOGINS):
        with accounts_database.transaction() as session, pytest.raises(accounts.AuthenticationFailed):
            accounts.authenticate(session, email, "not the password at all", NOW)
    assert _stored(accounts_database, email).locked_until == NOW + accounts.LOCK_OUT
    after = NOW + accounts.LOCK_OUT + timedelta(seconds=1)
    with accounts_database.transaction() as session, pytest.raises(accounts.AuthenticationFailed):
        accounts.authenticate(session, email, "not the password at all", after)
    stored = _stored(accounts_database, email)
    assert (stored.failed_logins, stored.locked_until) == (1, None)


def test_the_scaled_deployment_counts_limits_in_the_redis_its_web_workers_share():
    compose = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    uri = web["environment"]["RATELIMIT_STORAGE_URI"]
    assert uri.split(":-", 1)[-1].startswith("redis://redis:"), uri
    assert "redis" in web["depends_on"] and "redis" in compose["services"]
