"""A stand-in for the assistant's REST channel, for tests of what happens around it (admission,
fallbacks) without a real Rasa: it answers every message with one fixed line, or fails, as told, and
counts what it was sent (the sender ids only)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.plugins.live_server import PathOnlyRequestHandler
from web import admission

ANSWER = "Hello from the stand-in assistant"


@dataclass
class StandIn:
    url: str
    senders: list[str] = field(default_factory=list)
    failing: bool = False  # answer HTTP 500

    def gate(self, limit: int) -> admission.Gate:
        """This instance's admission gate in this process, bounded at `limit`."""
        return admission.gates.gate(self.url, limit)


@contextmanager
def stand_in_assistant() -> Iterator[StandIn]:
    stand_in = StandIn(url="")

    def app(environ, start_response):
        request = Request(environ)
        if request.path != "/webhooks/rest/webhook":
            return Response("not found", status=404)(environ, start_response)
        stand_in.senders.append((request.get_json(silent=True) or {}).get("sender", ""))
        if stand_in.failing:
            return Response("oops", status=500)(environ, start_response)
        body = f'[{{"recipient_id": "x", "text": "{ANSWER}"}}]'
        return Response(body, mimetype="application/json")(environ, start_response)

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=PathOnlyRequestHandler)
    stand_in.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def until(condition: Callable[[], bool], *, within: float = 20.0) -> None:
    """Wait for `condition` (another thread's progress); fails the test if it never comes."""
    give_up = time.monotonic() + within
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError("the condition never came true")
        time.sleep(0.005)
