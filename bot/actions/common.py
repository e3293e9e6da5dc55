"""Helpers shared by the actions."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

from .i18n import normalise_language
from .needs import NEED_SLUGS


def need_slug(value: Any) -> str | None:
    """One of the 16 need slugs, or None: the only values the `need` slot may ever hold.

    Accepts a slug as written with other case or spaces ("Mental health" -> "mental-health")."""
    if value is None:
        return None
    text = "-".join(str(value).strip().casefold().replace("_", " ").split())
    return text if text in NEED_SLUGS else None


# "near me" in every language we speak: the resident has not said where they are yet.
NEAR_ME = {
    "near me",
    "nearby",
    "near by",
    "round here",
    "around here",
    "close to me",
    "close by",
    "local",
    "locally",
    "my area",
    "in my area",
    "near where i live",
    "near my house",
    "near",
    "w pobliżu",
    "w poblizu",
    "blisko mnie",
    "blisko",
    "w okolicy",
    "niedaleko",
    "u mnie",
    "میرے قریب",
    "قریب",
    "آس پاس",
    "mere qareeb",
    "mere kareeb",
    "qareeb",
    "aas paas",
    "nazdeek",
    "قريب مني",
    "قريب",
    "بالقرب مني",
    "جنبي",
    "حولي",
    "بالقرب",
}

# Stockport place names as residents write them in Urdu or Arabic script; the directory knows the
# English names. (Extend freely: folded spellings are matched after removing spaces.)
PLACE_SPELLINGS = {
    "سٹاک پورٹ": "Stockport",
    "اسٹاک پورٹ": "Stockport",
    "ستوكبورت": "Stockport",
    "ستوكپورت": "Stockport",
    "ستاكبورت": "Stockport",
    "ریڈش": "Reddish",
    "ریڈیش": "Reddish",
    "ريديش": "Reddish",
    "ريدش": "Reddish",
    "ایجلی": "Edgeley",
    "ایجلے": "Edgeley",
    "إدجلي": "Edgeley",
    "ادجلي": "Edgeley",
    "برننگٹن": "Brinnington",
    "برينينغتون": "Brinnington",
    "چیڈل": "Cheadle",
    "تشيدل": "Cheadle",
    "چیڈل ہیوم": "Cheadle Hulme",
    "تشيدل هيوم": "Cheadle Hulme",
    "بریم ہال": "Bramhall",
    "برامهول": "Bramhall",
    "مارپل": "Marple",
    "ماربل": "Marple",
    "ہیزل گرو": "Hazel Grove",
    "هيزل غروف": "Hazel Grove",
    "ہیٹن مور": "Heaton Moor",
    "هيتون مور": "Heaton Moor",
    "ہیٹن چیپل": "Heaton Chapel",
    "هيتون تشابل": "Heaton Chapel",
    "ہیٹن نورس": "Heaton Norris",
    "آفرٹن": "Offerton",
    "أوفرتون": "Offerton",
    "رومیلی": "Romiley",
    "روميلي": "Romiley",
    "بریڈبری": "Bredbury",
    "بريدبري": "Bredbury",
    "ڈیون پورٹ": "Davenport",
    "دافنبورت": "Davenport",
    "ایڈزووڈ": "Adswood",
    "ليفنشولم": "Levenshulme",
    "لیونزہولم": "Levenshulme",
    "مانچسٹر": "Manchester",
    "مانشستر": "Manchester",
}

ORDINALS = {
    "first": 1,
    "1st": 1,
    "one": 1,
    "second": 2,
    "2nd": 2,
    "two": 2,
    "third": 3,
    "3rd": 3,
    "three": 3,
    "fourth": 4,
    "4th": 4,
    "four": 4,
    "fifth": 5,
    "5th": 5,
    "five": 5,
    "sixth": 6,
    "6th": 6,
    "six": 6,
    "pierwszy": 1,
    "pierwsza": 1,
    "pierwsze": 1,
    "jeden": 1,
    "drugi": 2,
    "druga": 2,
    "drugie": 2,
    "dwa": 2,
    "trzeci": 3,
    "trzecia": 3,
    "trzecie": 3,
    "trzy": 3,
    "czwarty": 4,
    "piąty": 5,
    "pehla": 1,
    "pehli": 1,
    "pehle": 1,
    "ek": 1,
    "doosra": 2,
    "dusra": 2,
    "doosri": 2,
    "do": 2,
    "teesra": 3,
    "tisra": 3,
    "teesri": 3,
    "teen": 3,
    "پہلا": 1,
    "پہلی": 1,
    "ایک": 1,
    "دوسرا": 2,
    "دوسری": 2,
    "دو": 2,
    "تیسرا": 3,
    "تیسری": 3,
    "تین": 3,
    "الأول": 1,
    "الاول": 1,
    "الأولى": 1,
    "الاولى": 1,
    "واحد": 1,
    "الثاني": 2,
    "الثانية": 2,
    "اثنين": 2,
    "الثالث": 3,
    "الثالثة": 3,
    "ثلاثة": 3,
    "الرابع": 4,
}
# Words that are ordinals only sometimes ("what do they charge", "the one near me"): trusted when the
# NLU marked them as a `number` entity, never picked out of free text.
_AMBIGUOUS = {"one", "two", "three", "four", "five", "six", "do", "ek", "teen", "jeden", "dwa", "trzy"}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def language_of(tracker: Tracker) -> str:
    return normalise_language(tracker.get_slot("language"))


def latest_entities(tracker: Tracker, entity: str) -> list[Any]:
    return [
        e.get("value")
        for e in (tracker.latest_message or {}).get("entities", [])
        if e.get("entity") == entity
    ]


def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def entity_surface(tracker: Tracker, entity: str, value: Any) -> str | None:
    """The words the resident used for an entity (before synonyms mapped them to a value)."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    for e in message.get("entities", []):
        if e.get("entity") == entity and e.get("value") == value and e.get("start") is not None:
            surface = text[e["start"] : e["end"]].strip()
            if surface and not surface.startswith("/"):
                return surface
    return None


def place_from_message(tracker: Tracker) -> str | None:
    """The longest run of adjacent `place` entities in the latest message, as written."""
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    spans = sorted(
        (e["start"], e["end"])
        for e in message.get("entities", [])
        if e.get("entity") == "place" and e.get("start") is not None and e.get("end") is not None
    )
    if not spans or text.startswith("/"):
        return None
    runs: list[list[int]] = []
    for start, end in spans:
        if runs and start <= runs[-1][1] + 1 and not text[runs[-1][1] : start].strip():
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    start, end = max(runs, key=lambda run: run[1] - run[0])
    return text[start:end].strip() or None


def english_place_name(text: str) -> str | None:
    """The English name of a Stockport place written in Urdu or Arabic script, if we know it."""
    key = "".join(text.split())
    for spelling, name in PLACE_SPELLINGS.items():
        if "".join(spelling.split()) == key:
            return name
    return None


def is_near_me(text: str | None) -> bool:
    return " ".join((text or "").casefold().split()).strip(" ?.!,") in NEAR_ME


def parse_number(value: Any, count: int | None = None) -> int | None:
    """A list position from an entity value or message text: 2, "2", "second", "last", "٢"."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value).strip().casefold().translate(_DIGITS)
    if text in ("last", "ostatni", "ostatnia", "آخری", "الأخير", "الاخير") and count:
        return count
    if text in ORDINALS:
        return ORDINALS[text]
    match = re.search(r"\b(\d{1,2})\b", text)
    return int(match.group(1)) if match else None


def number_from_message(tracker: Tracker, count: int | None = None) -> int | None:
    for value in latest_entities(tracker, "number"):
        number = parse_number(value, count)
        if number is not None:
            return number
    text = ((tracker.latest_message or {}).get("text") or "").casefold().translate(_DIGITS)
    # ignore postcodes ("SK5 6FP") when looking for a bare number
    text = re.sub(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b", " ", text)
    match = re.search(r"(?<![a-z\d])(\d{1,2})(?![a-z\d])", text)
    if match:
        return int(match.group(1))
    for word in re.findall(r"\w+", text):
        if word in ORDINALS and word not in _AMBIGUOUS:
            return ORDINALS[word]
    return None
