"""Shared fixtures: a real directory app on a local port, trackers and a dispatcher for actions."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BOT = Path(__file__).resolve().parent.parent
REPO = BOT.parent
APP_FLASK = REPO / ".venv" / "bin" / "flask"

DOMAIN: dict[str, Any] = {
    "forms": {"search_form": {"required_slots": ["need", "place"]}},
    "slots": {name: {} for name in ("need", "place", "language", "results", "last_results")},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the directory app exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"the directory app did not answer {url} within {seconds}s")


@pytest.fixture(scope="session")
def directory_api() -> Iterator[str]:
    """The real directory app (sample data) on a free local port; its API base URL.

    Uses the app's own environment (/work/main/.venv, Python 3.11): skipped with the reason when it is
    missing (run `make setup` at the repository root)."""
    if not APP_FLASK.exists():
        pytest.skip(f"the directory app's environment is missing ({APP_FLASK}): run `make setup` in {REPO}")
    var = Path(tempfile.mkdtemp(prefix="around-here-bot-tests-"))
    env = {**os.environ, "AROUND_HERE_VAR": str(var), "INDEX_IN_BACKGROUND": "0", "FLASK_DEBUG": "0"}
    for command in (["directory", "migrate"], ["directory", "load-sample"]):
        done = subprocess.run(
            [str(APP_FLASK), "--app", "web", *command], cwd=REPO, env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            shutil.rmtree(var, ignore_errors=True)
            pytest.fail(f"flask {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    port = _free_port()
    log = (var / "server.log").open("w")
    process = subprocess.Popen(
        [str(APP_FLASK), "--app", "web", "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/api"
    try:
        _wait_for(f"{base}/needs", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(var, ignore_errors=True)


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


sys.path.insert(0, str(BOT))
