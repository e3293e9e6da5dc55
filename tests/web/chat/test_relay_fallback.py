"""When the assistant is stopped, slow or failing, the relay answers from the directory itself."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from flask_babel import force_locale
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from tests.helpers.chat import CARD_FIELDS, payloads, say, texts
from tests.plugins.live_server import PathOnlyRequestHandler
from web.chat import messages
from web.extensions import search_provider

UNAVAILABLE = "the assistant isn't available right now"


def test_with_the_assistant_stopped_the_directory_answers_with_the_same_service_cards(chat, assistant_down):
    response = say(chat, "is there a food bank in Reddish")
    assert response.status_code == 200
    body = response.get_json()
    assert body["source"] == "directory"
    assert UNAVAILABLE in texts(body)[0]
    results = payloads(body, "services")
    assert len(results) == 1
    assert results[0]["need"] == "food" and "Reddish" in results[0]["place"]
    cards = results[0]["services"]
    assert len(cards) == 3 and [c["index"] for c in cards] == [1, 2, 3]
    assert set(cards[0]) == CARD_FIELDS
    assert all("food" in c["name"].lower() or c["organisation"] for c in cards)
    assert all(c["next_opening_text"] for c in cards)
    # the closest services first: Reddish is in Tame Valley
    assert cards[0]["neighbourhood"] == "tame-valley"


def test_the_fallback_answers_in_the_language_of_the_conversation(chat, app, assistant_down):
    body = say(chat, "food bank in Reddish", language="ar").get_json()
    with app.app_context(), force_locale("ar"):
        unavailable = str(messages.ASSISTANT_UNAVAILABLE)
        opening_words = {str(messages.OPEN_NOW), str(messages.ALWAYS_OPEN), str(messages.NO_TIMES)}
        next_open = str(messages.NEXT_OPEN).split("{when}")[0]
    assert texts(body)[0] == unavailable
    for card in payloads(body, "services")[0]["services"]:
        text = card["next_opening_text"]
        assert text in opening_words or text.startswith(next_open)


def test_a_postcode_is_understood_as_the_place_in_fallback(chat, assistant_down):
    body = say(chat, "debt advice SK4 1AA").get_json()
    results = payloads(body, "services")[0]
    assert results["need"] == "money"
    assert results["place"]


def test_an_urgent_message_in_fallback_gets_999_before_anything_else(chat, assistant_down):
    body = say(chat, "I'm going to end my life tonight. Is there a food bank in Reddish?").get_json()
    assert body["source"] == "directory"
    first = body["replies"][0]
    assert first["custom"]["type"] == "crisis" and first["custom"]["tier"] == "urgent"
    assert "999" in first["text"]
    helplines = first["custom"]["helplines"]
    assert helplines[0]["phone"] == "999" and helplines[0]["silent"]
    assert [h["name"] for h in helplines[1:]] == ["Samaritans", "Shout"]
    # the search still follows the helplines
    assert payloads(body, "services")


def test_a_supportive_message_in_fallback_gets_the_listening_lines_then_the_search(chat, assistant_down):
    body = say(chat, "I want to end my life. Is there a food bank in Reddish?").get_json()
    first = body["replies"][0]
    assert first["custom"]["tier"] == "supportive"
    assert [h["name"] for h in first["custom"]["helplines"]] == ["Samaritans", "Shout"]
    assert payloads(body, "services")


def test_domestic_abuse_in_fallback_gives_the_national_helpline(chat, assistant_down):
    body = say(chat, "my partner keeps hitting me, domestic abuse support in Cheadle").get_json()
    crisis = payloads(body, "crisis")[0]
    assert "domestic_abuse" in crisis["categories"]
    assert any(h.get("phone") == "0808 2000 247" for h in crisis["helplines"])


def test_a_message_without_a_need_or_place_gets_an_honest_answer_and_the_directory_address(
    chat, assistant_down
):
    body = say(chat, "hello").get_json()
    assert body["source"] == "directory"
    assert not payloads(body, "services")
    assert "http://localhost/" in texts(body)[-1]


def test_a_quick_reply_payload_is_understood_in_fallback(chat, assistant_down):
    body = say(chat, '/find_help{"need":"food"}').get_json()
    assert payloads(body, "services")[0]["need"] == "food"


def test_a_failing_directory_still_gets_an_answer_with_the_council_contact(chat, assistant_down, monkeypatch):
    def broken(_request):
        raise RuntimeError("index gone")

    monkeypatch.setattr(search_provider.search, "search", broken)
    body = say(chat, "I want to die, food bank in Reddish").get_json()
    assert body["source"] == "directory"
    assert body["replies"][0]["custom"]["type"] == "crisis"
    assert "0161 217 6111" in texts(body)[-1]


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers, like an overloaded assistant."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


def test_a_slow_assistant_is_given_up_on_after_the_timeout(chat, app, silent_server, monkeypatch):
    monkeypatch.setitem(app.config, "RASA_URL", silent_server)
    monkeypatch.setitem(app.config, "CHAT_RASA_TIMEOUT", 0.5)
    started = time.monotonic()
    body = say(chat, "food bank in Reddish").get_json()
    assert body["source"] == "directory"
    assert payloads(body, "services")
    assert time.monotonic() - started < 5


@pytest.fixture
def failing_assistant() -> Iterator[str]:
    def app(environ, start_response):
        if environ["PATH_INFO"] == "/empty/webhooks/rest/webhook":
            return Response("[]", mimetype="application/json")(environ, start_response)
        return Response("oops", status=500)(environ, start_response)

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=PathOnlyRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.mark.parametrize("path", ["", "/empty"], ids=["an error", "no replies"])
def test_an_assistant_that_errors_or_says_nothing_gets_the_directory_answer(
    chat, app, failing_assistant, monkeypatch, path
):
    monkeypatch.setitem(app.config, "RASA_URL", failing_assistant + path)
    body = say(chat, "food bank in Reddish").get_json()
    assert body["source"] == "directory"
    assert payloads(body, "services")
