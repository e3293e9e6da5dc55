"""Assistant replies become short plain SMS: numbered results, no markdown, within budget."""

from __future__ import annotations

from web.sms.format import compose, plain
from web.sms.segments import count_segments


def hint(payload: dict) -> str:
    return f"Reply 1-{len(payload['services'])} for details, MORE for more, HELP for help"


def card(index: int, name: str, **extra: str) -> dict:
    return {"index": index, "id": f"id{index}", "name": name, **extra}


def test_results_become_numbered_lines_after_the_heading_and_before_the_hint() -> None:
    replies = [
        {"text": "Here's what I found for food near Reddish:"},
        {"text": "1. Reddish Community Pantry - Reddish Foodbank Trust\nTue 10:00, 0161 496 0001"},
        {"text": "2. Brinnington Food Bank - St Luke's\nOpen now"},
        {"text": "3. Heatons Fridge"},
        {
            "custom": {
                "type": "services",
                "services": [
                    card(1, "Reddish Community Pantry", next_opening_text="Tue 10:00", phone="0161 496 0001"),
                    card(2, "Brinnington Food Bank", next_opening_text="Open now", phone="0161 496 0002"),
                    card(3, "Heatons Fridge"),
                ],
            }
        },
        {"text": 'Say "more" to see more, or "details" and a number for the full entry.'},
    ]
    [body] = compose(replies, hint=hint)
    assert body.split("\n") == [
        "Here's what I found for food near Reddish:",
        "1 Reddish Community Pantry, Tue 10:00, 0161 496 0001",
        "2 Brinnington Food Bank, Open now, 0161 496 0002",
        "3 Heatons Fridge",
        "Reply 1-3 for details, MORE for more, HELP for help",
    ]
    assert count_segments(body).encoding == "GSM-7"


def test_plain_text_loses_markdown_and_long_links_but_keeps_short_words() -> None:
    assert (
        plain("**Call** [Samaritans](https://www.samaritans.org/) on _116 123_")
        == "Call Samaritans on 116 123"
    )
    assert "https" not in plain("See https://www.example.org/a/very/long/path/to/a/page now")


def test_a_crisis_reply_keeps_every_line_in_order() -> None:
    replies = [
        {"text": "If you are in danger now, call 999."},
        {"custom": {"type": "crisis", "helplines": [{"phone": "999"}]}},
        {"text": "Samaritans: 116 123, free, 24/7."},
    ]
    assert compose(replies, hint=hint) == [
        "If you are in danger now, call 999.\nSamaritans: 116 123, free, 24/7."
    ]


def test_details_of_one_service_are_sent_without_the_web_wording() -> None:
    replies = [
        {"text": "Reddish Community Pantry - Reddish Foodbank Trust"},
        {"text": "A long description that the web shows in full."},
        {
            "custom": {
                "type": "service",
                "service": {
                    "name": "Reddish Community Pantry",
                    "phone": "0161 496 0001",
                    "address": "1 Gorton Road, SK5 6XX",
                    "schedule": ["Tue 10:00-12:00"],
                    "description": "A long description that the web shows in full.",
                },
            }
        },
    ]
    assert compose(replies, hint=hint) == [
        "Reddish Community Pantry\n0161 496 0001\n1 Gorton Road, SK5 6XX\nTue 10:00-12:00"
    ]


def test_a_polish_reply_stays_within_three_ucs2_segments_per_message() -> None:
    services = [
        card(i, f"Spiżarnia społeczna nr {i}", next_opening_text="wtorek 10:00–12:00", phone="0161 496 0001")
        for i in range(1, 4)
    ]
    replies = [
        {"text": "Oto, co znalazłam: jedzenie w pobliżu Reddish:"},
        {"custom": {"type": "services", "services": services}},
    ]
    bodies = compose(
        replies, hint=lambda p: "Odpisz 1-3, aby zobaczyć szczegóły, WIĘCEJ, aby zobaczyć więcej"
    )
    assert all(count_segments(b).count <= 3 for b in bodies)
    assert "\n".join(bodies).count("Spiżarnia") == 3


def test_a_crisis_payload_puts_every_helpline_number_first_then_the_words() -> None:
    replies = [
        {"text": "If you or someone else is in danger right now, call 999."},
        {
            "custom": {
                "type": "crisis",
                "helplines": [
                    {
                        "name": "Emergency services",
                        "phone": "999",
                        "silent": "If you can't speak: 999, then 55",
                    },
                    {"name": "Samaritans", "phone": "116 123"},
                    {"name": "Shout", "sms": "85258", "sms_text": "SHOUT"},
                ],
            }
        },
        {"text": "You can carry on talking to me."},
    ]
    body = "\n".join(compose(replies, hint=hint))
    assert body.split("\n") == [
        "If you can't speak: 999, then 55",
        "Emergency services: 999",
        "Samaritans: 116123",
        "Shout: text SHOUT to 85258",
        "If you or someone else is in danger right now, call 999.",
        "You can carry on talking to me.",
    ]


def test_the_supportive_tier_gives_its_listening_lines_on_one_line_then_the_answer() -> None:
    replies = [
        {
            "text": "Thank you for telling me.",
            "custom": {
                "type": "crisis",
                "tier": "supportive",
                "helplines": [
                    {"name": "Samaritans", "phone": "116 123"},
                    {"name": "Shout", "sms": "85258", "sms_text": "SHOUT"},
                ],
            },
        },
        {"text": "Which part of Stockport are you in?"},
    ]
    lines = "\n".join(compose(replies, hint=hint)).split("\n")
    assert lines[0] == "Samaritans: 116123 / Shout: text SHOUT to 85258"
    assert "999" not in lines[0]
    assert lines[-1] == "Which part of Stockport are you in?"
