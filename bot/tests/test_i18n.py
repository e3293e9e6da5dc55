"""The catalogs are the single source of wording: complete, consistent, and in sync with the domain."""

from __future__ import annotations

import re

import pytest
import yaml

from actions.formatting import format_distance, format_time, format_when
from actions.i18n import LANGUAGES, catalog, catalog_path, parse_po, t, template
from scripts import build_responses

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def test_every_language_translates_every_entry() -> None:
    keys = set(template())
    for language in LANGUAGES:
        assert keys <= set(catalog(language)), (
            f"{language}: untranslated {sorted(keys - set(catalog(language)))}"
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match_the_english(language: str) -> None:
    english = template()
    for key, text in catalog(language).items():
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english[key])), (language, key)


def test_no_fuzzy_entries() -> None:
    for language in LANGUAGES:
        assert not [e.msgctxt for e in parse_po(catalog_path(language)) if e.fuzzy], language


def test_generated_responses_are_up_to_date() -> None:
    english, translations, _ = build_responses.load()
    assert build_responses.OUT.read_text(encoding="utf-8") == build_responses.render(english, translations), (
        "run bot/scripts/build_responses.py"
    )


def test_every_response_has_a_variation_per_language() -> None:
    data = yaml.safe_load(build_responses.OUT.read_text(encoding="utf-8"))
    for name, variations in data["responses"].items():
        conditions = {(v.get("condition") or [{}])[0].get("value", "en") for v in variations}
        assert conditions == set(LANGUAGES), name


def test_crisis_numbers_survive_translation() -> None:
    for language in LANGUAGES:
        assert "999" in t("utter_crisis_intro", language) and "55" in t("utter_crisis_intro", language)
        assert "116 123" in t("utter_crisis_self_harm", language) and "85258" in t(
            "utter_crisis_self_harm", language
        )
        assert "0808 2000 247" in t("utter_crisis_domestic_abuse", language)
        assert "0800 1111" in t("utter_crisis_child_at_risk", language)


def test_unknown_language_falls_back_to_english() -> None:
    assert t("result.open_now", "fr") == "Open now"
    assert t("result.open_now", "pl") == "Otwarte teraz"


def test_times_and_distances() -> None:
    assert format_time(None, "en", hhmm="12:00:00") == "noon"
    assert format_time(None, "en", hhmm="14:30:00") == "2:30pm"
    assert format_time(None, "pl", hhmm="14:30:00") == "14:30"
    assert format_distance(100, "en") == "less than 0.1 miles away"
    assert format_distance(240, "en") == "0.1 miles away"
    assert format_distance(1650, "en") == "1 mile away"
    assert format_distance(2143, "pl") == "1,3 mili stąd"
    assert format_distance(1609.344 * 12.4, "en") == "12 miles away"
    from datetime import date

    when = format_when(
        "2026-12-02T10:00:00+00:00", "2026-12-02T12:00:00+00:00", "en", today=date(2026, 11, 30)
    )
    assert when == "Wednesday 10am–noon"
    assert format_when("2026-12-01T10:00:00+00:00", None, "ar", today=date(2026, 11, 30)).startswith("غدًا")
