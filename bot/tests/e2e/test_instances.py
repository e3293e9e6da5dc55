"""One conversation served by two Rasa servers in turn, as the relay sends it when an instance is lost or
the instances change: both read and write the same PostgreSQL tracker store and take turns through the
same Redis lock store (endpoints.scaled.yml), so each turn continues where the other instance left off.

Two real Rasa servers with the trained model, one action server and the directory app. Skipped with the
reason when PostgreSQL (127.0.0.1:5432, database `test`), Redis (127.0.0.1:6379) or the model is missing.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from scripts.stack import APP_FLASK, Stack, StackError

MODEL = Path(__file__).resolve().parents[2] / "models" / "around-here.tar.gz"
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def schema() -> Iterator[str]:
    """A PostgreSQL schema of its own for this module's conversations, dropped afterwards."""
    if not reachable(5432):
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    name = f"instances_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(POSTGRES)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {name}"))
    try:
        yield name
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {name} CASCADE"))
        engine.dispose()


@pytest.fixture(scope="module")
def stack(schema: str) -> Iterator[Stack]:
    if not reachable(6379):
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    if not MODEL.exists():
        pytest.skip(f"no trained model at {MODEL}: run `make train` in bot/ (scripts/ci.sh trains first)")
    if not APP_FLASK.exists():
        pytest.skip(f"the directory app's environment is missing ({APP_FLASK}): run `make setup`")
    scaled = {
        "DB_HOST": "127.0.0.1",
        "DB_PORT": "5432",
        "DB_NAME": "test",
        "DB_USER": "postgres",
        "DB_PASSWORD": "",
        "POSTGRESQL_SCHEMA": schema,
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "REDIS_DB": "1",
    }
    try:
        with Stack.start(
            model=MODEL, rasa_instances=2, endpoints="endpoints.scaled.yml", rasa_env=scaled
        ) as running:
            yield running
    except StackError as error:
        pytest.fail(str(error))


def custom(replies: list[dict], kind: str) -> dict:
    found = [r["custom"] for r in replies if (r.get("custom") or {}).get("type") == kind]
    assert found, f"no {kind!r} payload in {replies}"
    return found[0]


def test_the_stack_has_two_separate_rasa_servers(stack: Stack) -> None:
    assert len(set(stack.rasa_urls)) == 2
    assert len({pid for name, pid in stack.pids().items() if name.startswith("rasa")}) == 2


def test_a_place_given_to_one_instance_answers_the_need_asked_of_the_other(stack: Stack) -> None:
    first, second = stack.rasa_urls
    sender = f"web-{uuid.uuid4().hex}"
    asked = stack.say_at(first, sender, "I'm skint and can't pay my bills")
    assert custom(asked, "services")["need"] == "money"  # the borough-wide ones, then "where are you?"
    local = custom(stack.say_at(second, sender, "SK5 6"), "services")
    assert local["need"] == "money" and local.get("scope") != "wide"


def test_paging_and_details_continue_whichever_instance_takes_each_turn(stack: Stack) -> None:
    first, second = stack.rasa_urls
    sender = f"web-{uuid.uuid4().hex}"
    page_one = custom(stack.say_at(first, sender, "food bank in Edgeley"), "services")
    assert page_one["pages"] >= 2
    page_two = custom(stack.say_at(second, sender, "more"), "services")
    assert page_two["page"] == 2
    assert page_two["services"][0]["index"] == 4
    details = custom(stack.say_at(first, sender, "details of number 2"), "service")
    assert details["service"]["id"] == page_one["services"][1]["id"]


def test_the_conversation_is_stored_without_what_the_resident_typed(stack: Stack, schema: str) -> None:
    first, second = stack.rasa_urls
    sender = f"web-{uuid.uuid4().hex}"
    stack.say_at(first, sender, "my landlord is evicting me, food bank in Reddish")
    stack.say_at(second, sender, "more")
    engine = sa.create_engine(POSTGRES)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(f"SELECT data FROM {schema}.events WHERE sender_id = :s"), {"s": sender}
            ).all()
    finally:
        engine.dispose()
    stored = "\n".join(row[0] for row in rows)
    assert rows and "landlord" not in stored and "evicting" not in stored
