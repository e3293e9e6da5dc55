"""Shared fixtures: a real directory app on a local port, trackers and a dispatcher for actions."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BOT))

from scripts.stack import APP_FLASK, REPO, Stack, StackError  # noqa: E402

DOMAIN: dict[str, Any] = {
    "forms": {"search_form": {"required_slots": ["need", "place"]}},
    "slots": {name: {} for name in ("need", "place", "language", "results", "last_results")},
}


@pytest.fixture(scope="session")
def directory_api() -> Iterator[str]:
    """The real directory app (sample data) on a free local port; its API base URL.

    Uses the app's own environment (.venv at the repository root, Python 3.11): skipped with the
    reason when it is missing (run `make setup` at the repository root)."""
    if not APP_FLASK.exists():
        pytest.skip(f"the directory app's environment is missing ({APP_FLASK}): run `make setup` in {REPO}")
    try:
        with Stack.start(actions=False) as stack:
            yield stack.directory_api
    except StackError as error:
        pytest.fail(str(error))


@pytest.fixture
def api(directory_api: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the actions at the test directory app."""
    monkeypatch.setenv("DIRECTORY_API_URL", directory_api)
    monkeypatch.setenv("DIRECTORY_TIMEOUT_SECONDS", "10")
    return directory_api


def make_tracker(
    *,
    slots: dict[str, Any] | None = None,
    text: str = "",
    intent: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
):
    from rasa_sdk import Tracker

    all_slots = {"language": "en", **(slots or {})}
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": entities or [],
    }
    return Tracker(
        sender_id="test",
        slots=all_slots,
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def entity(name: str, value: Any, text: str | None = None, message: str | None = None) -> dict[str, Any]:
    """An entity as the NLU reports it; start/end are found in `message` when given."""
    found: dict[str, Any] = {"entity": name, "value": value}
    surface = text if text is not None else str(value)
    if message is not None and surface in message:
        found["start"] = message.index(surface)
        found["end"] = found["start"] + len(surface)
    return found


def run_action(action: Any, tracker: Any, domain: dict[str, Any] | None = None):
    """Run an action to completion; returns (messages, events)."""
    from rasa_sdk.executor import CollectingDispatcher

    from actions.directory_client import directory

    dispatcher = CollectingDispatcher()

    async def go():
        try:
            return await action.run(dispatcher, tracker, domain or DOMAIN)
        finally:
            await directory().close()

    events = asyncio.run(go())
    return dispatcher.messages, events


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("response") for m in messages]

