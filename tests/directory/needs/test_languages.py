"""Need detection in Polish, Urdu (both scripts) and Arabic, from the editable vocabulary."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from directory.needs import NEED_SLUGS, all_needs, detect_needs
from directory.needs.vocabulary import detect, words_of


def _top(text: str) -> str | None:
    found = detect_needs(text)
    return max(found, key=found.get) if found else None


@pytest.mark.parametrize(
    ("text", "need"),
    [
        ("Mam duże długi", "money"),
        ("zadluzenie na karcie", "money"),
        ("szukam banku żywności", "food"),
        ("nie mam co jeść", "food"),
        ("właściciel chce eksmisji, zaległy czynsz", "housing"),
        ("przemoc domowa", "domestic-abuse"),
        ("مجھے قرضوں کے بارے میں مشورہ چاہیے", "money"),
        ("گھریلو تشدد", "domestic-abuse"),
        ("كهانے کو کچھ نہیں", "food"),  # typed on an Arabic keyboard
        ("mujhe khaana chahiye", "food"),
        ("naukri ki talash hai", "employment"),
        ("أحتاج مساعدة بالديون", "money"),
        ("وين أقرب بنك طعام", "food"),
        ("زوجي يضربني", "domestic-abuse"),
        ("بدي شغل", "employment"),
    ],
)
def test_a_need_is_found_in_each_language(text, need):
    assert _top(text) == need


def test_every_need_has_words_in_every_language_marked_for_review():
    raw = json.loads(resources.files("directory.needs").joinpath("needs.json").read_text("utf-8"))
    assert "REVIEW BY FLUENT SPEAKERS" in raw["_languages_note"]
    for need in all_needs():
        for code in ("pl", "ur", "ur-Latn", "ar"):
            words, phrases = need.translations[code]
            assert words and phrases, f"{need.slug} has no {code} words or phrases"


def test_every_translated_entry_finds_its_own_need():
    """An entry that its own language's matching cannot find is dead data (a spelling the folding
    or stemming turns into something else)."""
    dead = [
        (need.slug, code, entry)
        for need in all_needs()
        for code, (words, phrases) in need.translations.items()
        for entry in (*words, *phrases)
        if need.slug not in detect_needs(entry)
    ]
    assert not dead


def test_foreign_words_are_marked_so_they_are_not_corrected_into_english():
    found = detect(words_of("szukam pracy w Reddish"))
    assert found.needs == {"employment": 3.0}  # the phrase "szukam pracy" (2) and the word "pracy" (1)
    assert found.foreign == {0, 1}
    assert found.languages == {"pl": 3.0}


def test_words_asking_for_a_service_are_recognised_without_a_need():
    assert detect(words_of("potrzebuję pomocy")).seeking
    assert detect(words_of("مجھے مدد چاہیے")).seeking
    assert detect(words_of("أحتاج مساعدة")).seeking
    assert not detect(words_of("jaka jutro pogoda")).seeking


def test_english_detection_still_uses_only_the_slugs():
    assert set(detect_needs("food bank, debt advice and a warm space")) <= set(NEED_SLUGS)
    assert _top("food bank in Reddish") == "food"
