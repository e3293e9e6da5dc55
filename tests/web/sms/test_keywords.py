"""Keywords are recognised as whole messages in every language; ordinary messages are not keywords."""

from __future__ import annotations

import pytest

from web.sms.keywords import Command, parse


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("STOP", Command("stop")),
        (" stop ", Command("stop")),
        ("Stop.", Command("stop")),
        ("STOPALL", Command("stop")),
        ("unsubscribe", Command("stop")),
        ("CANCEL", Command("stop")),
        ("end", Command("stop")),
        ("QUIT", Command("stop")),
        ("START", Command("start")),
        ("unstop", Command("start")),
        ("HELP", Command("help")),
        ("pomoc", Command("help", language="pl")),
        ("مدد", Command("help", language="ur")),
        ("مساعدة", Command("help", language="ar")),
        ("EXIT", Command("exit")),
        ("wyjdź", Command("exit", language="pl")),
        ("خروج", Command("exit", language="ar")),
        ("MORE", Command("more")),
        ("więcej", Command("more", language="pl")),
        ("مزید", Command("more", language="ur")),
        ("المزيد", Command("more", language="ar")),
        ("2", Command("details", "2")),
        (" 3 ", Command("details", "3")),
        ("LANG PL", Command("language", "pl")),
        ("lang polski", Command("language", "pl")),
        ("LANGUAGE urdu", Command("language", "ur")),
        ("Polski", Command("language", "pl")),
        ("اردو", Command("language", "ur")),
        ("العربية", Command("language", "ar")),
        ("english", Command("language", "en")),
        ("LANG XX", Command("invalid_language", "xx")),
    ],
)
def test_a_keyword_message_is_recognised(body: str, expected: Command) -> None:
    assert parse(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   ",
        "bus stop near me",
        "I want to stop drinking",
        "help with food in Reddish",
        "yes",
        "12",
        "0",
        "food bank SK5",
        "pl",
        "more food banks please",
    ],
)
def test_an_ordinary_message_is_not_a_keyword(body: str) -> None:
    assert parse(body) is None
