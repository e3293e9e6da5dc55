"""The real assistant for the app's tests: the action server and the Rasa server from bot/.venv with the
trained model (bot/models/around-here.tar.gz; `make test` trains it before the app's tests run), the
actions pointed at the test app's own directory API.

Both servers start once per test session (about 30 seconds) with `bot/scripts/stack.py`, loaded by path
(standard library only). The directory API they use is served from this process on a fixed local port
that forwards to whichever app the tests use at the time (the session's app is parametrised by database
backend), so the assistant does not have to restart when the backend changes. Without bot/.venv or the
model the tests that need the assistant are skipped, saying why.
"""

from __future__ import annotations

import importlib.util
import socket
import sys
import threading
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.plugins.live_server import PathOnlyRequestHandler
from web.extensions import rate_limiter

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
MODEL = BOT / "models" / "around-here.tar.gz"
BOT_RASA = BOT / ".venv" / "bin" / "rasa"
# How long the relay waits for the assistant in tests: generous, so a busy machine does not turn an
# assistant test into a fallback one (the app's default, CHAT_RASA_TIMEOUT, stays 4 seconds).
TEST_RASA_TIMEOUT = 30.0

__all__ = [
    "assistant",
    "assistant_down",
    "assistant_stack",
    "assistant_unavailable_reason",
    "closed_port_url",
    "fresh_rate_limits",
    "load_stack_module",
]


def assistant_unavailable_reason() -> str | None:
    """None when the assistant can be started, else why not (printed with the skip)."""
    if not BOT_RASA.exists():
        return f"the assistant's environment is missing ({BOT_RASA}): run `make bot-setup`"
    if not MODEL.exists():
        return f"no trained model at {MODEL}: run `make test-bot` (it trains the model) or `cd bot && make train`"
    return None


def load_stack_module() -> ModuleType:
    """bot/scripts/stack.py, imported by path (it lives in the bot's tree, which is not a package here)."""
    name = "around_here_bot_stack"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BOT / "scripts" / "stack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


class CurrentApp:
    """A WSGI app that forwards to the Flask app the tests use now (503 until there is one)."""

    def __init__(self) -> None:
        self.app: Flask | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if self.app is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"no app yet"]
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def assistant_stack() -> Iterator[tuple[Any, CurrentApp]]:
    """(the running stack, the forwarder its directory API goes to); started once per session."""
    reason = assistant_unavailable_reason()
    if reason:
        pytest.skip(reason)
    current = CurrentApp()
    server = make_server("127.0.0.1", 0, current, threaded=True, request_handler=PathOnlyRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="assistant-directory", daemon=True)
    thread.start()
    stack_module = load_stack_module()
    try:
        with stack_module.Stack.start(
            model=MODEL, directory_api=f"http://127.0.0.1:{server.server_port}/api"
        ) as stack:
            yield stack, current
    except stack_module.StackError as error:
        pytest.fail(f"the assistant did not start: {error}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def assistant(app: Flask, assistant_stack: tuple[Any, CurrentApp]) -> Iterator[str]:
    """The session's app relays chat to the real assistant, whose actions search this app's directory.
    Yields the Rasa server's URL."""
    stack, current = assistant_stack
    current.app = app
    saved = {key: app.config.get(key) for key in ("RASA_URL", "RASA_TOKEN", "CHAT_RASA_TIMEOUT")}
    app.config.update(RASA_URL=stack.rasa_url, RASA_TOKEN=stack.token, CHAT_RASA_TIMEOUT=TEST_RASA_TIMEOUT)
    # The first conversation loads the model's parts and opens the actions' connections: do it here.
    replies = stack.say(f"warm-up-{uuid.uuid4().hex}", "food bank in Reddish", language="en")
    if not any((r.get("custom") or {}).get("type") == "services" for r in replies):
        pytest.fail(f"the assistant answered the warm-up search without services: {replies}")
    yield stack.rasa_url
    app.config.update(saved)
    current.app = None


@pytest.fixture(scope="session")
def closed_port_url() -> Iterator[str]:
    """A local URL where nothing listens: the port stays bound (so nobody else takes it) but never
    accepts, so connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture
def assistant_down(app: Flask, closed_port_url: str) -> Iterator[str]:
    """The relay points at a closed port for one test, as if Rasa were stopped."""
    saved = app.config.get("RASA_URL")
    app.config["RASA_URL"] = closed_port_url
    yield closed_port_url
    app.config["RASA_URL"] = saved


@pytest.fixture
def fresh_rate_limits() -> Iterator[None]:
    """Chat limits counted from zero for one test (every test's messages come from 127.0.0.1)."""
    rate_limiter.reset()
    yield
    rate_limiter.reset()
