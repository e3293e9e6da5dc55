"""Text normalisation shared by the crisis safety net and language detection.

Standard library only, so it can be imported (and tested) without loading Rasa.

`fold()` maps text to a matching form: Unicode NFKC, case folded, Latin diacritics removed (Polish
"zabić się" and "zabic sie" match alike), apostrophes removed ("don't" and "dont" match alike), Arabic
script letter variants unified (hamza forms of alef, the yeh/kaf/heh variants Urdu and Arabic keyboards
produce, tatweel, short-vowel marks) and Arabic-Indic digits turned into ASCII digits.
`clean()` then turns everything that is not a letter or digit into single spaces.
"""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "'\u2019\u2018\u02bc\u02b9`\u00b4\u2032\uff07"
ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\ufeff"

# Letters that do not decompose under NFD but people type without their marks.
_LATIN_EXTRA = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})

# Arabic-script variants unified for matching (applied after marks are removed).
_ARABIC_UNIFY = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Farsi/Urdu yeh
        "\u0649": "\u06cc",  # alef maksura
        "\u06d0": "\u06cc",
        "\u0643": "\u06a9",  # Arabic kaf -> keheh
        "\u06c1": "\u0647",  # heh goal -> heh
        "\u06be": "\u0647",  # heh doachashmee -> heh
        "\u06d5": "\u0647",  # ae
        "\u0629": "\u0647",  # teh marbuta
        "\u06c3": "\u0647",  # teh marbuta goal
        "\u0671": "\u0627",  # alef wasla
        "\u0623": "\u0627",  # alef with hamza above
        "\u0625": "\u0627",  # alef with hamza below
        "\u0622": "\u0627",  # alef with madda
        "\u0640": "",  # tatweel
        "\u06d4": " ",  # Urdu full stop
        "\u061f": " ",  # Arabic question mark
        "\u060c": " ",  # Arabic comma
        "\u061b": " ",  # Arabic semicolon
    }
)

_DIGITS = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)}}
)

_NOT_WORD = re.compile(r"[^\w]+|_+")
_SPACES = re.compile(r"\s+")


def _fold_chars(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    for ch in ZERO_WIDTH:
        text = text.replace(ch, "")
    for ch in APOSTROPHES:
        text = text.replace(ch, "")
    text = text.translate(_LATIN_EXTRA)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_ARABIC_UNIFY).translate(_DIGITS)
    return text


def fold(text: str) -> str:
    """Case, accents, apostrophes, Unicode compatibility forms and Arabic-script variants folded."""
    return _fold_chars(text or "")


def fold_pattern(pattern: str) -> str:
    """Fold a regular expression written by a reviewer, leaving backslash escapes (\\b, \\s, \\W) intact."""
    out: list[str] = []
    i = 0
    literal: list[str] = []
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(_fold_chars("".join(literal)))
            literal = []
            out.append(pattern[i : i + 2])
            i += 2
            continue
        literal.append(ch)
        i += 1
    out.append(_fold_chars("".join(literal)))
    return "".join(out)


def clean(folded: str) -> str:
    """Punctuation and symbols to single spaces; the result is padded with one space each side."""
    return " " + _SPACES.sub(" ", _NOT_WORD.sub(" ", folded)).strip() + " "


def normalise(text: str) -> str:
    """`fold` then `clean`: the form the safety net matches against."""
    return clean(fold(text))
