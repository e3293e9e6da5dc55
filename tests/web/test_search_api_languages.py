"""`/api/search` reads needs in Polish, Urdu and Arabic, and never "corrects" their words into English."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("query", "need"),
    [
        ("szukam pracy i pomocy z cv", "employment"),
        ("zadłużenie, komornik", "money"),
        ("بجلی کا بل بہت زیادہ", "energy"),
        ("bijli ka bill bohat zyada", "energy"),
        ("أحتاج محامي", "legal"),
    ],
)
def test_the_need_is_detected_and_no_word_is_corrected_into_english(client, query, need):
    body = client.get("/api/search", query_string={"q": query}).get_json()
    assert body["needs_detected"][0] == need
    assert body["corrections"] == {}
    assert any(need in result["needs"] for result in body["results"][:3])


def test_an_english_typo_is_still_corrected(client):
    body = client.get("/api/search", query_string={"q": "fod bank"}).get_json()
    assert body["corrections"] == {"fod": "food"}
    assert body["needs_detected"][0] == "food"
