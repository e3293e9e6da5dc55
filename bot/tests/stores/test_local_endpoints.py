"""`make run`'s stores, read from endpoints.local.yml and endpoints.local-redis.yml: conversations in a
SQLite file without the residents' words (so they survive a restart and can be purged), and, with
several instances, locks in the Redis that REDIS_URL names."""

from __future__ import annotations

import asyncio
import socket
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.lock_store import LockStore
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.redacting import RedactingSQLTrackerStore
from stores.redis_url import RedisURLLockStore, redis_settings

BOT = Path(__file__).resolve().parents[2]
LOCAL = BOT / "endpoints.local.yml"
LOCAL_REDIS = BOT / "endpoints.local-redis.yml"
DOMAIN = Domain.from_yaml(
    "version: '3.1'\nintents: [find_help]\nslots:\n  need: {type: text, mappings: [{type: custom}]}\n"
)


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def local_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'trackers.db'}"
    monkeypatch.setenv("ACTION_ENDPOINT", "http://127.0.0.1:5055/webhook")
    monkeypatch.setenv("TRACKER_STORE_URL", url)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
    return url


def test_make_run_keeps_conversations_in_a_sqlite_file_without_the_words(local_env: str) -> None:
    store = TrackerStore.create(AvailableEndpoints.read_endpoints(str(LOCAL)).tracker_store, domain=DOMAIN)
    assert isinstance(getattr(store, "_tracker_store", store), RedactingSQLTrackerStore)
    sender = f"web-{uuid.uuid4().hex}"
    events = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("my landlord is evicting me", intent={"name": "find_help", "confidence": 0.9}),
        SlotSet("need", "housing"),
    ]
    asyncio.run(store.save(DialogueStateTracker.from_events(sender, events, DOMAIN.slots)))

    # a second instance (or the same one after a restart) opening the same file continues the conversation
    again = TrackerStore.create(AvailableEndpoints.read_endpoints(str(LOCAL)).tracker_store, domain=DOMAIN)
    assert asyncio.run(again.retrieve(sender)).get_slot("need") == "housing"
    engine = sa.create_engine(local_env)
    with engine.connect() as connection:
        stored = "\n".join(r[0] for r in connection.execute(sa.text("SELECT data FROM events")))
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    engine.dispose()
    assert "landlord" not in stored and "evicting" not in stored
    assert mode == "wal"


def test_a_redis_url_gives_the_lock_stores_host_port_database_and_password() -> None:
    assert redis_settings("redis://127.0.0.1:6380/2") == {
        "host": "127.0.0.1",
        "port": 6380,
        "db": 2,
        "username": None,
        "password": None,
        "use_ssl": False,
    }
    settings = redis_settings("rediss://user:p%40ss@redis.internal")
    assert (settings["port"], settings["db"], settings["use_ssl"]) == (6379, 0, True)
    assert settings["password"] == "p@ss"
    with pytest.raises(ValueError):
        redis_settings("http://127.0.0.1:6379")


def test_several_instances_share_locks_in_the_redis_that_redis_url_names(local_env: str) -> None:
    if not redis_reachable():
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    endpoints = AvailableEndpoints.read_endpoints(str(LOCAL_REDIS))
    first, second = LockStore.create(endpoints.lock_store), LockStore.create(endpoints.lock_store)
    assert isinstance(first, RedisURLLockStore)
    assert first.key_prefix.startswith("aroundhere:")
    conversation_id = f"test-{uuid.uuid4()}"

    async def held_elsewhere() -> bool:
        async with first.lock(conversation_id):
            ticket = second.issue_ticket(conversation_id)
            blocked = second.get_lock(conversation_id).is_locked(ticket)
            second.finish_serving(conversation_id, ticket)
            return blocked

    assert asyncio.run(held_elsewhere())
    second.delete_lock(conversation_id)
