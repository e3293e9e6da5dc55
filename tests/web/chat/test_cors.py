"""CORS: the widget on allowed sites' pages may call the relay; other sites may not."""

from __future__ import annotations

import pytest

from tests.helpers.chat import URL, say
from web.chat.origins import origin_allowed


def test_by_default_a_page_on_localhost_may_call_the_relay(chat, assistant_down):
    response = say(chat, "hello", Origin="http://127.0.0.1:5173")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:5173"
    assert "Origin" in response.headers["Vary"]


def test_the_preflight_allows_a_json_post_from_an_allowed_origin(chat):
    response = chat.options(
        URL,
        headers={
            "Origin": "http://localhost:8080",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:8080"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]


def test_another_site_gets_no_cors_headers_and_its_posts_are_refused(chat, assistant_down):
    preflight = chat.options(
        URL, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "Access-Control-Allow-Origin" not in preflight.headers
    response = say(chat, "hello", Origin="https://evil.example")
    assert response.status_code == 403
    assert response.get_json()["error"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_configured_origins_replace_the_local_defaults_and_our_own_origin_is_always_allowed(
    chat, app, assistant_down, monkeypatch
):
    monkeypatch.setitem(app.config, "CHAT_ALLOWED_ORIGINS", ["https://www.stockport.gov.uk"])
    council = say(chat, "hello", Origin="https://www.stockport.gov.uk")
    assert council.headers["Access-Control-Allow-Origin"] == "https://www.stockport.gov.uk"
    own = say(chat, "hello", Origin="http://localhost")  # the test client's own origin
    assert own.status_code == 200
    assert say(chat, "hello", Origin="http://127.0.0.1:5173").status_code == 403


def test_a_request_without_an_origin_header_is_served(chat, assistant_down):
    response = say(chat, "hello")
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("https://www.stockport.gov.uk", True),
        ("HTTPS://WWW.Stockport.gov.uk:443", True),
        ("https://www.stockport.gov.uk.evil.example", False),
        ("http://www.stockport.gov.uk", False),
        ("https://example.org", True),  # own origin
        ("http://localhost:3000", True),
        ("http://localhost.evil.example:3000", False),
        ("null", False),
        ("javascript:alert(1)", False),
        ("https://www.stockport.gov.uk/path", False),
    ],
)
def test_origins_are_compared_exactly_after_normalising(origin, allowed):
    configured = ["https://www.stockport.gov.uk", "http://localhost:*"]
    assert origin_allowed(origin, "https://example.org/", configured) is allowed
