"""The scaled deployment's stores, read from endpoints.scaled.yml: PostgreSQL conversations without the
residents' words, and Redis locks shared between Rasa instances. Real servers; skipped with the reason
when one is not reachable."""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from scripts.purge_trackers import purge
from stores.redacting import RedactingSQLTrackerStore

BOT = Path(__file__).resolve().parents[2]
SCALED = BOT / "endpoints.scaled.yml"
MESSAGE = "I'm skint and scared, my husband took my bank card, I live at 12 Acacia Road SK5 6FP"


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def scaled_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "ACTION_ENDPOINT": "http://127.0.0.1:5055/webhook",
        "DB_HOST": "127.0.0.1",
        "DB_PORT": "5432",
        "DB_NAME": "test",
        "DB_USER": "postgres",
        "DB_PASSWORD": "",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "REDIS_DB": "1",
    }.items():
        monkeypatch.setenv(name, value)


def conversation(sender_id: str, domain: Domain) -> DialogueStateTracker:
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered(
            MESSAGE,
            intent={"name": "find_help", "confidence": 0.97},
            entities=[
                {"entity": "need", "value": "money", "text": "skint", "start": 4, "end": 9},
                {"entity": "place", "value": "SK5 6FP", "text": "SK5 6FP", "start": 77, "end": 84},
            ],
            metadata={"language": "en", "from": "+447700900123"},
        ),
        SlotSet("need", "money"),
        SlotSet("place", "SK5 6FP"),
        BotUttered("Here is some help with money near SK5 6FP."),
    ]
    return DialogueStateTracker.from_events(sender_id, events, domain.slots)


def stored_rows(url: str, sender_id: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender_id}
            )
            return [row[0] for row in rows]
    finally:
        engine.dispose()


@pytest.fixture
def domain() -> Domain:
    return Domain.from_yaml(
        "version: '3.1'\nintents: [find_help]\nslots:\n  need: {type: text, mappings: [{type: custom}]}\n"
        "  place: {type: text, mappings: [{type: custom}]}\n"
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_store(request, scaled_env, tmp_path, domain):
    """(store, SQLAlchemy URL): PostgreSQL as endpoints.scaled.yml configures it, and SQLite."""
    if request.param == "postgresql":
        if not reachable(5432):
            pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
        endpoints = AvailableEndpoints.read_endpoints(str(SCALED))
        store = TrackerStore.create(endpoints.tracker_store, domain=domain)
        url = "postgresql://postgres@127.0.0.1:5432/test"
    else:
        config = EndpointConfig(
            type="stores.redacting.RedactingSQLTrackerStore", dialect="sqlite", db=str(tmp_path / "t.db")
        )
        store = TrackerStore.create(config, domain=domain)
        url = f"sqlite:///{tmp_path / 't.db'}"
    return store, url


def test_the_scaled_tracker_store_is_the_redacting_sql_store(tracker_store) -> None:
    store, _ = tracker_store
    # Rasa wraps it in a fail-safe store; underneath must be ours, not a silent in-memory fallback
    inner = getattr(store, "_tracker_store", store)
    assert isinstance(inner, RedactingSQLTrackerStore)


def test_a_stored_conversation_keeps_what_was_understood_but_never_the_words_or_number(
    tracker_store, domain
) -> None:
    store, url = tracker_store
    sender = f"test-{uuid.uuid4()}"
    asyncio.run(store.save(conversation(sender, domain)))

    rows = stored_rows(url, sender)
    assert len(rows) == 7
    everything = "\n".join(rows)
    for secret in ("skint", "husband", "bank card", "Acacia", "+447700900123", "scared"):
        assert secret not in everything
    user = next(json.loads(r) for r in rows if json.loads(r)["event"] == "user")
    assert user["text"] == ""
    assert user["parse_data"]["intent"]["name"] == "find_help"
    assert {e["entity"]: e["value"] for e in user["parse_data"]["entities"]} == {
        "need": "money",
        "place": "SK5 6FP",
    }
    assert user["metadata"] == {"language": "en"}

    restored = asyncio.run(store.retrieve(sender))
    assert restored.get_slot("need") == "money"
    assert restored.latest_message.intent["name"] == "find_help"


def test_a_conversation_is_purged_after_the_retention_period_and_a_recent_one_is_kept(
    tracker_store, domain
) -> None:
    store, url = tracker_store
    old, recent = f"test-old-{uuid.uuid4()}", f"test-new-{uuid.uuid4()}"
    asyncio.run(store.save(conversation(old, domain)))
    asyncio.run(store.save(conversation(recent, domain)))
    newest = max(json.loads(r)["timestamp"] for r in stored_rows(url, recent))

    # two days later, for the old one only: pretend the recent one was written just before "now"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE events SET timestamp = timestamp - 2 * 86400 WHERE sender_id = :s"), {"s": old}
        )
    engine.dispose()
    deleted = purge(url, days=1, now=newest + 60)
    assert deleted >= 7
    assert stored_rows(url, old) == []
    assert len(stored_rows(url, recent)) == 7


def test_two_assistant_instances_share_conversation_locks_through_redis(scaled_env) -> None:
    if not reachable(6379):
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    endpoints = AvailableEndpoints.read_endpoints(str(SCALED))
    first, second = LockStore.create(endpoints.lock_store), LockStore.create(endpoints.lock_store)
    assert isinstance(first, RedisLockStore) and isinstance(second, RedisLockStore)
    conversation_id = f"test-{uuid.uuid4()}"

    async def hold_then_hand_over() -> tuple[bool, bool]:
        async with first.lock(conversation_id):
            ticket = second.issue_ticket(conversation_id)
            blocked = second.get_lock(conversation_id).is_locked(ticket)
            second.finish_serving(conversation_id, ticket)
        # once the first instance is done, the second gets the conversation at once
        return blocked, await asyncio.wait_for(take_over(), timeout=5)

    async def take_over() -> bool:
        async with second.lock(conversation_id, wait_time_in_seconds=0.05):
            return second.get_lock(conversation_id) is not None

    blocked_while_held, served_after = asyncio.run(hold_then_hand_over())
    assert blocked_while_held
    assert served_after
    second.delete_lock(conversation_id)

