"""What the chat relay itself says (fallback answers, limits, errors). The gettext catalogs under
`locales/` hold the translations; until a msgid is translated, English is served.

Placeholders are written {name} and filled after translation, so translators keep them as they are.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ASSISTANT_UNAVAILABLE = _l(
    "Sorry, the assistant isn't available right now. Here is what I found in the directory instead."
)
RESULTS_NEAR = _l("Services from the directory near {place}:")
RESULTS_ANYWHERE = _l("Services from the directory that may help:")
NO_RESULTS = _l(
    "I couldn't find a service for that. Tell me what you need and where, for example "
    "“food bank in Reddish”, or browse the directory: {site}"
)
OUT_OF_SCOPE = _l(
    "I can only help you find local support in Stockport: food, money, housing, heating, health, "
    "work, family, caring, loneliness and more. Tell me what you need and where, for example "
    "“food bank in Reddish”, or browse the directory: {site}"
)
DIRECTORY_UNAVAILABLE = _l("I can't search the directory right now either. {contact}")
CRISIS_INTRO = _l(
    "If you or someone else is in danger right now, call 999. If you can't speak, call 999 and then "
    "press 55 when asked."
)
CRISIS_SILENT = _l("If you can't speak: call 999, then press 55")
CRISIS_SUPPORTIVE = _l(
    "Thank you for telling me. That sounds really hard, and you don't have to face it alone. "
    "Are you safe right now? If you are in danger, call 999."
)
OPEN_NOW = _l("Open now")
ALWAYS_OPEN = _l("Open 24 hours")
NEXT_OPEN = _l("Next open {when}")
NO_TIMES = _l("Opening times not listed")

RATE_LIMITED = _l("You're sending messages very quickly. Please wait a moment and try again.")
BAD_REQUEST = _l("Sorry, that message could not be sent.")
MESSAGE_REQUIRED = _l("Please type a message.")
MESSAGE_TOO_LONG = _l("That message is too long. Please keep it under {limit} characters.")
ORIGIN_NOT_ALLOWED = _l("This site is not allowed to use the chat.")

# Follow-ups to a list while the assistant is away (`followups.py`).
MORE_RESULTS = _l("Here are more services from the directory:")
NO_MORE = _l(
    "There are no more services to show here. Tell me what else you need, or where, to search again."
)
NO_LIST = _l(
    "I don't have a list of services for you at the moment. Tell me what you need and where, for example "
    "“food bank in Reddish”."
)
NO_SUCH_SERVICE = _l("I showed {count} services: choose a number from the list.")
