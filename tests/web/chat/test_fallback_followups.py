"""While the assistant is away, the directory follows its own list: "more" and "details of 1", as the
widget's quick replies send them (the assistant's commands), in every language."""

from __future__ import annotations

import json

import pytest
from flask_babel import force_locale

from tests.helpers.chat import CARD_FIELDS, new_session, payloads, say, texts
from web.chat import followups, messages

SEARCH = "food bank in Reddish"


def details(number: int) -> str:
    return "/service_details" + json.dumps({"number": number})


@pytest.fixture(autouse=True)
def forget_lists():
    followups.memory.clear()
    yield
    followups.memory.clear()


def test_more_shows_the_next_three_services_numbered_on_from_the_first_three(chat, assistant_down):
    session = new_session()
    first = payloads(say(chat, SEARCH, session=session).get_json(), "services")[0]
    assert first["pages"] > 1
    body = say(chat, followups.MORE, session=session).get_json()
    assert body["source"] == "directory"
    more = payloads(body, "services")[0]
    assert [c["index"] for c in more["services"]] == [4, 5, 6]
    assert set(more["services"][0]) == CARD_FIELDS
    assert not {c["id"] for c in more["services"]} & {c["id"] for c in first["services"]}
    assert more["page"] == 2 and more["need"] == first["need"] == "food"


@pytest.mark.parametrize("language", ["en", "pl", "ur", "ar"])
def test_details_of_a_number_is_one_card_with_the_services_contacts(chat, app, assistant_down, language):
    session = new_session()
    first = say(chat, SEARCH, session=session, language=language).get_json()
    second_id = payloads(first, "services")[0]["services"][1]["id"]
    body = say(chat, details(2), session=session, language=language).get_json()
    cards = payloads(body, "service")
    assert len(cards) == 1 and cards[0]["view"] == "details"
    service = cards[0]["service"]
    assert service["id"] == second_id and service["name"]
    assert service["phone"] or service["email"] or service["url"]
    assert {"description", "address", "schedule", "cost", "is_sample"} <= set(service)
    # no details in words beside the card: only the note that the assistant is away
    with app.app_context(), force_locale(language):
        assert texts(body) == [str(messages.ASSISTANT_UNAVAILABLE)]


def test_details_after_more_counts_across_pages(chat, assistant_down):
    session = new_session()
    say(chat, SEARCH, session=session)
    more = payloads(say(chat, followups.MORE, session=session).get_json(), "services")[0]
    body = say(chat, details(5), session=session).get_json()
    assert payloads(body, "service")[0]["service"]["id"] == more["services"][1]["id"]


def test_a_follow_up_with_no_list_asks_for_a_search_in_the_residents_language(chat, app, assistant_down):
    body = say(chat, details(1), language="pl").get_json()
    with app.app_context(), force_locale("pl"):
        assert str(messages.NO_LIST) in texts(body)
    assert not payloads(body, "service")


def test_a_number_beyond_the_list_says_how_many_were_shown(chat, app, assistant_down):
    session = new_session()
    say(chat, SEARCH, session=session)
    body = say(chat, details(9), session=session).get_json()
    with app.app_context(), force_locale("en"):
        assert str(messages.NO_SUCH_SERVICE).format(count=3) in texts(body)


def test_a_broken_command_is_answered_not_failed(chat, assistant_down):
    session = new_session()
    say(chat, SEARCH, session=session)
    for text in (
        '/service_details{"number": "x"}',
        "/service_details{oops",
        '/service_details{"number": true}',
    ):
        response = say(chat, text, session=session)
        assert response.status_code == 200
        assert not payloads(response.get_json(), "service")


def test_each_conversation_follows_its_own_list(chat, assistant_down):
    mine, theirs = new_session(), new_session()
    mine_first = payloads(say(chat, SEARCH, session=mine).get_json(), "services")[0]["services"][0]["id"]
    say(chat, "debt advice in Stockport", session=theirs)
    body = say(chat, details(1), session=mine).get_json()
    assert payloads(body, "service")[0]["service"]["id"] == mine_first
