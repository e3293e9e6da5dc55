"""The session's Flask app served on a real local port, for clients that speak HTTP."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

from web.logging_privacy import redact

__all__ = ["PathOnlyRequestHandler", "live_server"]


class PathOnlyRequestHandler(WSGIRequestHandler):
    """Logs each request as production's access log does (web/gunicorn_config.py, then the personal-data
    filter): method, path and status, never the query string (a resident's search words) or the
    client's address, and a path that looks like it holds a phone number or email address masked."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = redact(self.path.split("?", 1)[0])
        status = getattr(code, "value", code)
        logging.getLogger("werkzeug").info('"%s %s" %s %s', self.command, path, status, size)


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=PathOnlyRequestHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
