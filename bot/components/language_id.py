"""Which of the assistant's languages (en, pl, ur, ar) a message is written in, from its script and a
few tell-tale words. Standard library only.

- Arabic script: Urdu if it has letters Arabic does not use (ے ں ٹ ڈ ڑ ھ ہ and the Persian/Urdu
  forms ی ک گ چ پ ژ), otherwise Arabic.
- Latin script: Polish if it has Polish letters (ą ć ę ł ń ś ź ż) or Polish words; Roman Urdu if it
  has two or more common Roman Urdu words (or one unmistakable one).
- Otherwise None: English cannot be told apart from "not sure", so detection never switches a
  conversation back to English; residents say "English please" (the change_language intent) instead.
"""

from __future__ import annotations

import re
import unicodedata

from around_here_safety import fold

LANGUAGES = ("en", "pl", "ur", "ar")

URDU_LETTERS = set("ےںٹڈڑھہۓیکگچپژ")
POLISH_LETTERS = set("ąćęłńśźżĄĆĘŁŃŚŹŻ")

# Latin-script words that only Polish uses (folded: no diacritics).
POLISH_WORDS = {
    "dzien",
    "dobry",
    "dobrze",
    "czesc",
    "dziekuje",
    "dzieki",
    "prosze",
    "potrzebuje",
    "potrzebna",
    "potrzebne",
    "pomoc",
    "pomocy",
    "pomoze",
    "jedzenie",
    "jedzenia",
    "mieszkanie",
    "mieszkania",
    "gdzie",
    "jestem",
    "jest",
    "mam",
    "nie",
    "tak",
    "czy",
    "moge",
    "mozna",
    "szukam",
    "pieniadze",
    "pieniedzy",
    "rachunki",
    "rachunek",
    "praca",
    "pracy",
    "prad",
    "ogrzewanie",
    "zasilek",
    "lekarz",
    "dziecko",
    "dzieci",
    "samotny",
    "samotna",
    "wiecej",
    "szczegoly",
    "dowidzenia",
    "widzenia",
    "polsku",
    "polski",
    "polskim",
    "porozmawiac",
    "czlowiekiem",
    "okolicy",
    "blisko",
    "jakis",
    "gdzies",
    "bank",
    "zywnosci",
    "dlug",
    "dlugi",
    "czynsz",
    "mnie",
    "moj",
    "moja",
    "moje",
    "sie",
}
POLISH_STRONG = POLISH_WORDS - {"bank", "mam", "nie", "tak", "jest"}

# Common Roman Urdu words (folded). "main" and "hai" alone are too ambiguous to count double.
ROMAN_URDU_WORDS = {
    "mujhe",
    "mujhay",
    "madad",
    "chahiye",
    "chahye",
    "chahie",
    "chaiye",
    "khana",
    "shukriya",
    "shukria",
    "kya",
    "hai",
    "hain",
    "nahi",
    "nahin",
    "mein",
    "aap",
    "ap",
    "apka",
    "apki",
    "mera",
    "meri",
    "mere",
    "kahan",
    "kaise",
    "kaisay",
    "salam",
    "assalam",
    "walaikum",
    "alaikum",
    "haan",
    "han",
    "ji",
    "theek",
    "thik",
    "bijli",
    "kiraya",
    "ghar",
    "paise",
    "paisay",
    "naukri",
    "bachay",
    "bache",
    "bachon",
    "dawai",
    "zaroorat",
    "zarurat",
    "batao",
    "bataen",
    "bataye",
    "koi",
    "hoon",
    "hun",
    "raha",
    "rahi",
    "karo",
    "karen",
    "kijiye",
    "urdu",
    "bolo",
    "baat",
    "insaan",
    "qareeb",
    "paas",
    "ilaqa",
    "ilaqe",
    "khuda",
    "hafiz",
    "allah",
    "bohat",
    "bahut",
    "bohot",
    "acha",
    "accha",
    "sahi",
    "gas",
    "ki",
    "ka",
    "ke",
    "ko",
    "se",
    "aur",
    "bhi",
    "tou",
    "to",
    "liye",
    "lye",
}
ROMAN_URDU_STRONG = {
    "mujhe",
    "mujhay",
    "madad",
    "chahiye",
    "chahye",
    "chahie",
    "chaiye",
    "shukriya",
    "shukria",
    "zaroorat",
    "zarurat",
    "nahi",
    "nahin",
    "kahan",
    "kaise",
    "batao",
    "bataen",
    "kijiye",
    "hoon",
    "bohat",
    "bahut",
    "bohot",
    "khuda",
    "hafiz",
    "theek",
    "paisay",
    "naukri",
    "kiraya",
    "bijli",
}
_AMBIGUOUS_WITH_ENGLISH = {"to", "ki", "ka", "ke", "ko", "se", "han", "ap", "gas", "ghar", "ji", "koi"}

_WORD = re.compile(r"[^\W\d_]+")


def _is_arabic_script(ch: str) -> bool:
    code = ord(ch)
    return 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF


def detect(text: str) -> str | None:
    """'pl', 'ur', 'ar' or None (English or not sure)."""
    text = unicodedata.normalize("NFKC", text or "")
    arabic = [ch for ch in text if _is_arabic_script(ch) and unicodedata.category(ch).startswith("L")]
    latin = [ch for ch in text if ch.isalpha() and ch.isascii() or ch in POLISH_LETTERS]
    if len(arabic) >= 2 and len(arabic) >= len(latin):
        return "ur" if any(ch in URDU_LETTERS for ch in arabic) else "ar"
    if any(ch in POLISH_LETTERS for ch in text):
        return "pl"
    words = [fold(w) for w in _WORD.findall(text)]
    if not words:
        return None
    polish = {w for w in words if w in POLISH_WORDS}
    if polish & POLISH_STRONG or len(polish) >= 2:
        return "pl"
    urdu = {w for w in words if w in ROMAN_URDU_WORDS}
    strong = urdu & ROMAN_URDU_STRONG
    if strong or len(urdu - _AMBIGUOUS_WITH_ENGLISH) >= 2:
        return "ur"
    return None
