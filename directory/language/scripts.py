"""Folding and tokenising for Latin and Arabic-script text (English, Polish, romanised Urdu; Urdu, Arabic).

Residents type on whatever keyboard they have: Urdu written with an Arabic keyboard (ي for ی, ك for ک,
ه for ہ), Arabic with or without hamza and short vowels, Polish without its diacritics. Folding maps
every such variant to one spelling so a word list needs each word once.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that decompose in NFKD (ą, é, أ, آ, ؤ...) lose their marks below; these do not decompose.
_LETTERS = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "đ": "d", "ß": "ss",
        "’": "'", "‘": "'", "`": "'",
        # Arabic script: one letter for each family of variants residents type interchangeably
        "ى": "ی", "ي": "ی", "ے": "ی", "ۓ": "ی", "ئ": "ی",
        "ك": "ک", "ڪ": "ک",
        "ة": "ه", "ہ": "ه", "ھ": "ه", "ۃ": "ه", "ۀ": "ه",
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
        "ؤ": "و",
        "ں": "ن",
        "ـ": None,  # tatweel only stretches a word
        "\u200c": None, "\u200d": None,  # zero-width (non-)joiners, common in Urdu typing
    }
)  # fmt: skip
# Arabic-Indic (٠-٩) and Extended Arabic-Indic (۰-۹, Urdu and Persian) digits.
_DIGITS = str.maketrans({chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)})
_ARABIC_LETTER = "\u0620-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06fa-\u06fc"
_TOKEN = re.compile(rf"[a-z0-9]+(?:'[a-z]+)?|[{_ARABIC_LETTER}]+")
_ARABIC_TOKEN = re.compile(rf"[{_ARABIC_LETTER}]+")


def fold(text: str) -> str:
    """Lower-case, without accents, diacritics or tatweel, with letter variants and digits unified."""
    text = (text or "").translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # NFKD split hamza-carrying letters into a base and a combining hamza; map the bases again
    return text.translate(_LETTERS).translate(_DIGITS).lower()


def tokens(text: str) -> list[str]:
    """The words of `text` after folding: Latin words (with an English apostrophe) and Arabic-script words."""
    return _TOKEN.findall(fold(text))


def is_arabic_script(token: str) -> bool:
    return bool(_ARABIC_TOKEN.fullmatch(token))
