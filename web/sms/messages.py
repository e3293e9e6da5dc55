"""What the SMS channel itself says (keywords, limits, hints). Translations live in the gettext catalogs
under `locales/`; placeholders are written {name} and filled after translation. Plain GSM-7 wording in
English (straight quotes, no dashes) keeps each of these to one segment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

RESULTS_HINT = _l("Reply 1-{count} for details, MORE for more, HELP for help.")
HELP = _l(
    "Around Here: free help finding local support in Stockport. Text what you need and where, "
    "e.g. food bank Reddish. LANG PL, UR or AR to change language. EXIT to forget this chat. "
    "STOP to stop texts. In danger call 999. Samaritans 116 123."
)
RESUBSCRIBED = _l("You will get replies from Around Here again. Text what you need and where, or HELP.")
LANGUAGE_CHANGED = _l("OK, I will reply in English. Text what you need and where.")
LANGUAGE_UNKNOWN = _l(
    "Sorry, I can reply in English (LANG EN), Polish (LANG PL), Urdu (LANG UR) or Arabic (LANG AR)."
)
THROTTLED = _l("You have sent a lot of messages. Please wait an hour and try again. In danger call 999.")
BUSY = _l("We are very busy. Please try again in a few minutes. In danger call 999.")
# When the database is down (outage.py); {contact} is COUNCIL_CONTACT, as in the chat's fallback.
UNAVAILABLE = _l(
    "Sorry, we can't answer right now. Try again in a few minutes, or call {contact}. In danger call 999."
)
