"""Keywords residents can text, in every language the assistant speaks.

STOP and START words are the ones UK and US carriers and Twilio recognise (English only, as carriers
require); the others also have each language's own word, since a resident writing Polish will not think
to type HELP. Matching ignores case, accents and surrounding punctuation, and only a whole message is a
keyword ("stop" inside "bus stop near me" is not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from around_here_safety import fold

STOP_WORDS = frozenset({"stop", "stopall", "unsubscribe", "cancel", "end", "quit"})
START_WORDS = frozenset({"start", "unstop"})  # not YES: residents answer the assistant with it
# word -> the language it is in (None: English or shared), so the answer can be in that language
HELP_WORDS = {
    "help": None,
    "info": None,
    "pomoc": "pl",
    "madad": "ur",
    "مدد": "ur",
    "مساعدة": "ar",
    "مساعده": "ar",
}
EXIT_WORDS = {
    "exit": None,
    "wyjdz": "pl",
    "wyjscie": "pl",
    "koniec": "pl",
    "ختم": "ur",
    "bahar": "ur",
    "خروج": "ar",
}
MORE_WORDS = {
    "more": None, "wiecej": "pl", "dalej": "pl", "mazeed": "ur", "aur": "ur", "مزید": "ur", "اور": "ur",
    "المزيد": "ar", "اكثر": "ar", "أكثر": "ar", "كمان": "ar",
}  # fmt: skip
LANGUAGE_WORDS = {
    "en": {"en", "eng", "english", "angielski"},
    "pl": {"pl", "pol", "polish", "polski", "polsku", "po polsku"},
    "ur": {"ur", "urdu", "اردو"},
    "ar": {"ar", "arabic", "عربي", "العربية", "عربية"},
}
LANG_PREFIXES = ("lang", "language", "jezyk", "zaban", "زبان", "لغة", "اللغة")


def _fold(text: str) -> str:
    """The one folding the safety net uses (case, accents, Arabic-script variants), with the
    punctuation around a keyword trimmed."""
    return re.sub(r"^[\s.,!?؟،:;'\"()-]+|[\s.,!?؟،:;'\"()-]+$", "", fold(text.strip()))


# The word lists as the folded messages will spell them.
HELP_WORDS = {_fold(word): language for word, language in HELP_WORDS.items()}
EXIT_WORDS = {_fold(word): language for word, language in EXIT_WORDS.items()}
MORE_WORDS = {_fold(word): language for word, language in MORE_WORDS.items()}
LANGUAGE_WORDS = {code: {_fold(word) for word in words} for code, words in LANGUAGE_WORDS.items()}
LANG_PREFIXES = tuple(_fold(word) for word in LANG_PREFIXES)


@dataclass(frozen=True)
class Command:
    kind: str  # stop, start, help, exit, more, details, language, invalid_language
    argument: str | None = None
    language: str | None = None  # the language the keyword itself was written in, when it tells


def _language(word: str) -> str | None:
    for code, words in LANGUAGE_WORDS.items():
        if word in words:
            return code
    return None


def parse(body: str) -> Command | None:
    """The keyword a whole message is, or None for a message for the assistant."""
    text = _fold(body)
    if not text:
        return None
    if text in STOP_WORDS:
        return Command("stop")
    if text in START_WORDS:
        return Command("start")
    for kind, words in (("help", HELP_WORDS), ("exit", EXIT_WORDS), ("more", MORE_WORDS)):
        if text in words:
            return Command(kind, language=words[text])
    if re.fullmatch(r"[1-9]", text):
        return Command("details", text)
    head, _, rest = text.partition(" ")
    if head in LANG_PREFIXES:
        code = _language(rest.strip())
        return Command("language", code) if code else Command("invalid_language", rest.strip()[:20])
    if text not in {"en", "ar", "ur", "pl"}:  # a bare code is too likely a typo; a language's name is not
        code = _language(text)
        if code:
            return Command("language", code)
    return None
