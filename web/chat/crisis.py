"""The crisis check for when the assistant cannot answer, so safety is never lost in fallback.

The assistant's reviewed safety net (`bot/safety/crisis_<lang>.yml`, matched by `bot/components/
crisis_patterns.py`, which has no Rasa import) is the one source of truth: it is loaded here too (by
path; AROUND_HERE_BOT_DIR says where bot/ is in a deployment that copies only those files), so the fallback
catches everything the assistant would. This module's own short list of the clearest phrases is a
second line that still works if those files cannot be loaded; a message is a crisis if either says so.
When unsure, err towards showing helplines: a false alarm costs one box of phone numbers above the
search results. Every language's phrases are
checked on every message (people mix languages). Text is folded first: case, accents, apostrophes and
the Arabic-script letter variants keyboards produce.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

# The order categories are reported in; the same names as the assistant's.
CATEGORIES = ("danger", "self_harm", "child_at_risk", "domestic_abuse")

# Phrases are whole words in order; * at a word's end (or start) matches any letters there.
PHRASES: dict[str, tuple[str, ...]] = {
    "self_harm": (
        # English
        "suicid*", "kill myself", "killing myself", "kms", "end my life", "ending my life", "take my own life",
        "end it all", "want to die", "wanna die", "better off dead", "no reason to live", "nothing to live for",
        "dont want to live", "self harm*", "selfharm*", "hurt myself", "hurting myself", "harm myself",
        "cut myself", "cutting myself", "overdos*", "hang myself", "unalive*",
        # Polish
        "samobójst*", "samobójcz*", "zabić się", "zabije się", "zabiję się", "odebrać sobie życie",
        "nie chcę żyć", "nie chce mi się żyć", "chcę umrzeć", "samookalecz*", "przedawkowa*", "tnę się",
        "zrobię sobie krzywdę",
        # Urdu (Urdu script and Roman Urdu)
        "خودکشی", "خود کشی", "خود کو مار", "اپنی زندگی ختم", "مرنا چاہتا", "مرنا چاہتی", "جینا نہیں چاہتا",
        "جینا نہیں چاہتی", "خود کو نقصان", "khudkushi", "khud kushi", "khud ko maar", "marna chahta",
        "marna chahti", "jeena nahi chahta", "jeena nahi chahti",
        # Arabic
        "*انتحار", "*نتحر*", "*قتل نفسي", "أنهي حياتي", "إنهاء حياتي", "أريد أن أموت", "بدي موت", "بدي اموت",
        "عايز اموت", "لا أريد أن أعيش", "أؤذي نفسي", "إيذاء نفسي", "أجرح نفسي", "جرعة زائدة",
    ),
    "danger": (
        "im in danger", "i am in danger", "in immediate danger", "im not safe", "i am not safe",
        "not safe at home", "going to kill me", "gonna kill me", "trying to kill me", "will kill me",
        "been stabbed", "been attacked", "been raped", "cant breathe", "not breathing", "heart attack",
        "house is on fire", "fear for my life", "scared for my life",
        "jestem w niebezpieczeństwie", "boję się o swoje życie", "nie jestem bezpieczna",
        "nie jestem bezpieczny", "zabije mnie", "chce mnie zabić",
        "مجھے مار دے گا", "مجھے مار دے گی", "خطرے میں ہوں", "میں محفوظ نہیں", "jaan ka khatra",
        "mujhe maar dega", "khatre mein hoon",
        "أنا في خطر", "أخاف على حياتي", "لست بأمان", "*قتلني", "يريد قتلي",
    ),
    "domestic_abuse": (
        "domestic abuse", "domestic violence", "abusive relationship", "abusive partner", "being abused",
        "keeps hitting me", "keeps hurting me", "scared to go home", "forced marriage", "coercive control",
        "przemoc domowa", "przemocy domowej", "przemoc w rodzinie", "znęca się nade mną", "bije mnie",
        "گھریلو تشدد", "مجھے مارتا ہے", "مجھے مارتی ہے", "mujhe marta hai", "mujhe maarta hai",
        "*عنف أسري", "*عنف منزلي", "*يضربني", "*تضربني",
    ),
    "child_at_risk": (
        "child abuse", "child sexual abuse", "being groomed", "child neglect",
        "krzywdzi dziecko", "molestowanie dziecka", "bicie dziecka",
        "بچے پر تشدد", "bache par tashadud",
        "*إساءة للأطفال", "*تعنيف الأطفال",
    ),
}  # fmt: skip

# Look-alikes removed before matching ("dying to know", "killing it").
EXCLUSIONS = ("dying to know", "dying for a brew", "killing it", "killing time", "dead tired")

# If bot/safety/helplines.yml cannot be read, at least these (logged as an error).
_MINIMUM_HELPLINES: dict[str, dict[str, object]] = {
    "emergency": {"name": "Emergency services", "phone": "999"},
    "samaritans": {"name": "Samaritans", "phone": "116 123", "hours": "24/7", "free": True},
}


@cache
def _helplines() -> tuple[dict[str, dict[str, object]], dict[str, tuple[str, ...]]]:
    """The reviewed helplines (bot/safety/helplines.yml), shared with the assistant."""
    try:
        data = yaml.safe_load((_bot_dir() / "safety" / "helplines.yml").read_text(encoding="utf-8"))
        helplines = {key: dict(value) for key, value in data["helplines"].items()}
        by_category = {category: tuple(keys) for category, keys in data["by_category"].items()}
        return helplines, by_category
    except Exception as exc:
        log.error("crisis check: the helplines could not be loaded (%s); giving 999 and Samaritans", exc)
        return _MINIMUM_HELPLINES, dict.fromkeys(CATEGORIES, ("samaritans",))


def _bot_dir() -> Path:
    return Path(os.environ.get("AROUND_HERE_BOT_DIR") or Path(__file__).resolve().parents[2] / "bot")


_ARABIC_UNIFY = str.maketrans(
    {
        "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u06c1": "\u0647", "\u06be": "\u0647",
        "\u0629": "\u0647", "\u0671": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",
        "\u0640": "",
    }
)  # fmt: skip
_APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4"
_LATIN_EXTRA = str.maketrans({"ł": "l", "ß": "ss", "ø": "o"})
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower case, no accents or short-vowel marks, no apostrophes, one Arabic-script letter per sound,
    punctuation as single spaces."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    text = unicodedata.normalize("NFD", text.translate(_LATIN_EXTRA))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFC", text).translate(_ARABIC_UNIFY)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def _phrase_regex(phrase: str) -> str:
    tokens = []
    for raw in phrase.split():
        word = re.escape(fold(raw.strip("*")))
        if raw.startswith("*"):
            word = r"\w*" + word
        if raw.endswith("*") and len(raw) > 1:
            word += r"\w*"
        tokens.append(word)
    return r"(?<!\w)" + r"\s+".join(tokens) + r"(?!\w)"


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple(
        (category, re.compile("|".join(_phrase_regex(p) for p in PHRASES[category])))
        for category in CATEGORIES
    )


@cache
def _exclusions() -> re.Pattern[str]:
    return re.compile("|".join(_phrase_regex(p) for p in EXCLUSIONS))


@cache
def _reviewed_matcher() -> Any | None:
    """The assistant's CrisisMatcher over the reviewed files, or None (logged) if it cannot load."""
    bot = _bot_dir()
    safety_dir = str(bot / "safety")
    try:
        spec = importlib.util.spec_from_file_location(
            "around_here_safety",
            bot / "components" / "__init__.py",
            submodule_search_locations=[str(bot / "components")],
        )
        assert spec is not None and spec.loader is not None
        package = importlib.util.module_from_spec(spec)
        sys.modules.setdefault("around_here_safety", package)
        patterns = importlib.import_module("around_here_safety.crisis_patterns")
        return patterns.CrisisMatcher.from_directory(safety_dir)
    except Exception as exc:  # a missing or broken file must not take the fallback down with it
        log.error("crisis check: the reviewed safety net could not be loaded (%s); using the short list", exc)
        return None


def crisis_categories(text: str) -> list[str]:
    """The crisis categories a message matches, in `CATEGORIES` order (empty when none)."""
    text = text[:2000]
    folded = _exclusions().sub(" ", fold(text))
    found = {category for category, pattern in _patterns() if pattern.search(folded)}
    matcher = _reviewed_matcher()
    if matcher is not None:
        found |= set(matcher.match(text).categories)
    return [category for category in CATEGORIES if category in found]


def helplines_for(categories: list[str]) -> list[dict[str, object]]:
    """999 first, then the helplines for each category; a crisis with no category gets Samaritans/Shout."""
    helplines, by_category = _helplines()
    keys = ["emergency"] + [k for c in (categories or ["self_harm"]) for k in by_category.get(c, ())]
    return [dict(helplines[k]) for k in dict.fromkeys(keys) if k in helplines]
