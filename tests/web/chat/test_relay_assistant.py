"""The relay with the real assistant (Rasa server and action server from bot/.venv, trained model)."""

from __future__ import annotations

import re

from tests.helpers.chat import CARD_FIELDS, new_session, payloads, say, texts

ARABIC = re.compile(r"[\u0600-\u06ff]")


def test_a_need_and_a_place_are_answered_by_the_assistant_with_three_service_cards(chat, assistant):
    response = say(chat, "food bank in Reddish")
    assert response.status_code == 200
    body = response.get_json()
    assert body["source"] == "assistant"
    results = payloads(body, "services")
    assert len(results) == 1
    cards = results[0]["services"]
    assert len(cards) == 3 and [c["index"] for c in cards] == [1, 2, 3]
    assert CARD_FIELDS <= set(cards[0])
    assert results[0]["need"] == "food" and "Reddish" in results[0]["place"]
    assert all(c["id"] and c["name"] and c["next_opening_text"] for c in cards)


def test_every_reply_has_the_same_three_keys(chat, assistant):
    body = say(chat, "food bank in Reddish").get_json()
    for reply in body["replies"]:
        assert set(reply) == {"text", "buttons", "custom"}
        assert isinstance(reply["buttons"], list)


def test_the_text_lines_that_repeat_the_cards_are_left_out_but_the_introduction_stays(chat, assistant):
    body = say(chat, "food bank in Reddish").get_json()
    lines = texts(body)
    assert any("Reddish" in line for line in lines)
    names = [card["name"] for card in payloads(body, "services")[0]["services"]]
    assert not [line for line in lines if any(line.startswith(f"{i}. {n}") for i, n in enumerate(names, 1))]


def test_the_widget_language_is_passed_to_the_assistant_which_answers_in_it(chat, assistant):
    body = say(chat, "food bank in Reddish", language="ar").get_json()
    assert body["source"] == "assistant"
    assert any(ARABIC.search(line) for line in texts(body))
    assert ARABIC.search(payloads(body, "services")[0]["services"][0]["next_opening_text"])


def test_the_assistants_quick_replies_come_back_as_titles_and_payloads(chat, assistant):
    body = say(chat, "I need some help").get_json()
    buttons = [b for r in body["replies"] for b in r["buttons"]]
    assert buttons, body
    assert all(set(b) == {"title", "payload"} for b in buttons)
    food = next(b for b in buttons if b["title"] == "Food")
    assert food["payload"].startswith("/")


def test_a_conversation_keeps_its_state_across_messages_in_one_session(chat, assistant):
    session = new_session()
    first = say(chat, "I need a food bank", session=session).get_json()
    # a need without a place: borough-wide help at once, then the question where they are
    assert all(p["place"] is None for p in payloads(first, "services"))
    second = say(chat, "Reddish", session=session).get_json()
    assert second["source"] == "assistant"
    local = payloads(second, "services")[-1]
    assert local["need"] == "food" and local["place"]


def test_a_crisis_message_gets_the_assistants_crisis_answer_with_helplines(chat, assistant):
    body = say(chat, "I'm going to kill myself tonight").get_json()
    assert body["source"] == "assistant"
    crisis = payloads(body, "crisis")[0]
    assert crisis["tier"] == "urgent"
    assert crisis["helplines"][0]["phone"] == "999"
    assert any(h.get("phone") == "116 123" for h in crisis["helplines"])


def test_the_widgets_quick_reply_commands_are_understood_by_the_assistant_in_any_language(chat, assistant):
    # "More" and "Details of 1" send the assistant's commands whatever the widget's language
    session = new_session()
    first = say(chat, "bank żywności w Reddish", session=session, language="pl").get_json()
    shown = payloads(first, "services")[0]["services"]
    more = say(chat, "/more_results", session=session, language="pl").get_json()
    assert more["source"] == "assistant"
    assert [c["index"] for c in payloads(more, "services")[0]["services"]] == [4, 5, 6]
    body = say(chat, '/service_details{"number":1}', session=session, language="pl").get_json()
    details = payloads(body, "service")
    assert len(details) == 1 and details[0]["view"] == "details"
    assert details[0]["service"]["id"] == shown[0]["id"]
    # the same details in words are left out: one card, in the conversation's language
    assert texts(body) == []
