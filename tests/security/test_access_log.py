"""gunicorn's access line, as our config makes it, holds no query string, client address or referrer."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

from web import gunicorn_config


def _access_line(query: str) -> str:
    config = Config()
    config.set("access_log_format", gunicorn_config.access_log_format)
    logger = Logger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/search?{query}",
        "PATH_INFO": "/search",
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.77",
        "HTTP_REFERER": f"https://council.example/help?{query}",
        "HTTP_USER_AGENT": "Mozilla/5.0 (resident's phone)",
    }
    response = SimpleNamespace(status="200 OK", response_length=1234, sent=1234, headers=[])
    request = SimpleNamespace(headers=[], method="GET", path="/search", query=query, uri=f"/search?{query}")
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=42))
    return config.access_log_format % atoms


def test_the_access_log_keeps_the_path_and_status_but_not_what_the_resident_typed_or_their_address():
    line = _access_line("q=i+cannot+pay+my+rent+07700+900123")
    assert '"GET /search"' in line and " 200 " in line
    assert "rent" not in line and "07700" not in line and "q=" not in line
    assert "203.0.113.77" not in line and "council.example" not in line and "Mozilla" not in line
