"""With the assistant down, the directory's answer offers no services for questions it cannot help
with (the weather, a score, a joke), and says in the resident's language what it can help with."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from tests.helpers.chat import payloads, say, texts
from web.chat import messages


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "what's the weather tomorrow"),
        ("en", "tell me a joke"),
        ("pl", "kto wygrał wczoraj mecz"),
        ("ur", "کل موسم کیسا ہوگا؟"),
        ("ur", "kitne baje hain"),
        ("ar", "كم الساعة الآن"),
    ],
)
def test_an_out_of_scope_message_gets_no_services_and_what_we_can_help_with(
    chat, app, assistant_down, language, message
):
    body = say(chat, message, language=language).get_json()
    assert body["source"] == "directory"
    assert not payloads(body, "services")
    with app.app_context(), force_locale(language):
        expected = str(messages.OUT_OF_SCOPE).format(site="http://localhost/")
    assert texts(body)[-1] == expected


@pytest.mark.parametrize(
    ("language", "message", "need"),
    [
        ("pl", "potrzebuję banku żywności w Reddish", "food"),
        ("ur", "mujhe qarz ka mashwara chahiye", "money"),
        ("ar", "أبحث عن عمل", "employment"),
        ("en", "where can I get some help", None),
    ],
)
def test_a_message_with_a_need_or_asking_for_help_still_gets_services(chat, assistant_down, language, message, need):
    body = say(chat, message, language=language).get_json()
    results = payloads(body, "services")
    assert results and results[0]["services"]
    assert results[0]["need"] == need
