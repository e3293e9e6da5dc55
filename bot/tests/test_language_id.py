"""Telling the resident's language from the message (script, letters and tell-tale words)."""

from __future__ import annotations

import pytest

from components.language_detector import language_from_metadata
from components.language_id import detect


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I need a food bank in Reddish", None),
        ("can't top up my meter", None),
        ("SK5 6FP", None),
        ("ok", None),
        ("Dzień dobry, potrzebuję pomocy", "pl"),
        ("potrzebuje jedzenia", "pl"),
        ("gdzie jest bank zywnosci", "pl"),
        ("mujhe khana chahiye", "ur"),
        ("kya aap meri madad kar sakte hain", "ur"),
        ("shukriya", "ur"),
        ("مجھے کھانا چاہیے", "ur"),
        ("میں بے گھر ہوں", "ur"),
        ("أحتاج مساعدة في الإيجار", "ar"),
        ("مرحبا", "ar"),
        ("زوجي يضربني", "ar"),
    ],
)
def test_detect(text: str, language: str | None) -> None:
    assert detect(text) == language


@pytest.mark.parametrize(
    ("metadata", "language"),
    [
        ({"language": "pl"}, "pl"),
        ({"language": "ar-SA"}, "ar"),
        ({"locale": "ur_PK"}, "ur"),
        ({"language": "fr"}, None),
        (None, None),
        ({}, None),
    ],
)
def test_metadata(metadata, language) -> None:
    assert language_from_metadata(metadata) == language
