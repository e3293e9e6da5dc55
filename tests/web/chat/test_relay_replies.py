"""The assistant's raw replies as the widget gets them: a service's details as one card."""

from __future__ import annotations

from web.chat.relay import normalise_replies

SERVICE = {"id": "s1", "name": "Reddish Pantry", "phone": "0161 496 0001"}


def texts_of(replies):
    return [r["text"] for r in replies]


def test_the_words_of_a_services_details_are_left_out_beside_its_card():
    raw = [
        {"text": "Here is what I found earlier."},
        {"text": "Reddish Pantry – Reddish Church"},
        {"text": "A pantry with fresh food."},
        {"text": "Phone: 0161 496 0001"},
        {"text": "You can ask me for its phone number, opening times or address."},
        {"custom": {"type": "service", "view": "details", "service": SERVICE}},
    ]
    replies = normalise_replies(raw)
    assert texts_of(replies) == ["Here is what I found earlier.", None]
    assert replies[-1]["custom"]["service"] == SERVICE


def test_a_single_fact_keeps_its_sentence_beside_the_payload():
    raw = [
        {"text": "Reddish Pantry's phone number is 0161 496 0001."},
        {"custom": {"type": "service", "service": SERVICE}},
    ]
    assert texts_of(normalise_replies(raw)) == ["Reddish Pantry's phone number is 0161 496 0001.", None]


def test_nothing_is_dropped_when_no_text_starts_with_the_services_name():
    raw = [
        {"text": "Something else entirely."},
        {"custom": {"type": "service", "view": "details", "service": SERVICE}},
    ]
    assert texts_of(normalise_replies(raw)) == ["Something else entirely.", None]


def test_a_reply_with_buttons_before_the_details_is_kept():
    raw = [
        {"text": "Reddish Pantry is one option.", "buttons": [{"title": "Yes", "payload": "/affirm"}]},
        {"text": "Reddish Pantry – Reddish Church"},
        {"custom": {"type": "service", "view": "details", "service": SERVICE}},
    ]
    assert texts_of(normalise_replies(raw)) == ["Reddish Pantry is one option.", None]
