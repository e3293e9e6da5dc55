"""Every string the chat widget shows, defined once here and translated by the gettext catalogs under
`locales/`; served to the widget as JSON (/widget/strings/<lang>.json). Until a msgid is translated,
English is served.

Placeholders are written {name}; the widget fills them after translation, so translators keep them.
Language names are each language's own name for itself and are never translated.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

LANGUAGES = {"en": "English", "pl": "Polski", "ur": "اردو", "ar": "العربية"}
RTL_LANGUAGES = frozenset({"ur", "ar"})

STRINGS = {
    "launcher": _l("Chat: find local support"),
    "title": _l("Around Here assistant"),
    "close": _l("Close chat"),
    "exit": _l("Leave this site quickly"),
    "exit_hint": _l("Or press Shift three times"),
    "language": _l("Language"),
    "clear": _l("Clear conversation"),
    "cleared": _l("Conversation cleared."),
    "notice": _l("Don't share your name, address or other personal details. In an emergency, call 999."),
    "welcome": _l(
        "Hello. Tell me what you need help with and where you are, for example “food bank in Reddish”."
    ),
    "log_label": _l("Conversation"),
    "input_label": _l("Type your message"),
    "send": _l("Send"),
    "you": _l("You:"),
    "assistant": _l("Assistant:"),
    "typing": _l("The assistant is typing…"),
    "quick_replies": _l("Suggested replies"),
    "results_label": _l("Services found"),
    "showing": _l("Showing {first} to {last} of {total}"),
    "open_now": _l("Open now"),
    "call": _l("Call {phone}"),
    "text": _l("Text {text} to {number}"),
    "map": _l("Map: {address}"),
    "details": _l("More details"),
    "new_tab": _l("(opens in a new tab)"),
    "distance_miles": _l("{distance} miles away"),
    "distance_near": _l("Less than 0.1 miles away"),
    "free": _l("Free"),
    "sample": _l("Sample entry: this service is made up."),
    "crisis_title": _l("Get help now"),
    "crisis_title_supportive": _l("Someone to talk to"),
    # Quick replies under the latest answer; they send the assistant's commands, shown in these words.
    "more": _l("More"),
    "details_of": _l("Details of {number}"),
    "start_again": _l("Start again"),
    # One service in full (a details card); the values come from the directory, in English.
    "opening_times": _l("Opening times"),
    "phone": _l("Phone"),
    "email": _l("Email"),
    "website": _l("Website"),
    "address": _l("Address"),
    "cost": _l("Cost"),
    "error_network": _l("Sorry, your message could not be sent. Check your connection and try again."),
    "error_input": _l("Sorry, that message could not be sent."),
}


def widget_strings(language: str) -> dict[str, Any]:
    """The JSON the widget loads for one language (which must be one of `LANGUAGES`)."""
    with force_locale(language):
        strings = {key: str(value) for key, value in STRINGS.items()}
    return {
        "lang": language,
        "dir": "rtl" if language in RTL_LANGUAGES else "ltr",
        "languages": [{"code": code, "name": name} for code, name in LANGUAGES.items()],
        "strings": strings,
    }
