"""Place names written in Urdu or Arabic script resolve like their English names."""

from __future__ import annotations

import pytest

from directory.places import Gazetteer


@pytest.mark.parametrize(
    ("text", "neighbourhood"),
    [
        ("ریڈش", "tame-valley"),
        ("ريديش", "tame-valley"),
        ("ایجلی", "victoria"),
        ("إدجلي", "victoria"),
        ("ادجلي", "victoria"),  # without the hamza
        ("برامہال", "bramhall-cheadle-hulme"),
        ("برامهال", "bramhall-cheadle-hulme"),  # Arabic heh for Urdu heh
        ("مارپل", "hazel-grove-high-lane-marple"),
        ("ہیٹنز", "heatons"),
        ("رومیلی", "werneth"),
        ("وسط ستوكبورت", "stockport-central"),
    ],
)
def test_a_neighbourhood_or_place_in_urdu_or_arabic_script_resolves(text, neighbourhood):
    found = Gazetteer.default().resolve(text)
    assert found is not None and found.in_area and found.neighbourhood == neighbourhood


@pytest.mark.parametrize("text", ["ستاک پورٹ", "سٹاک پورٹ", "اسٹاک پورٹ", "ستوكبورت", "ستوك بورت"])
def test_stockport_in_urdu_or_arabic_script_is_the_whole_borough(text):
    found = Gazetteer.default().resolve(text)
    assert found is not None and found.in_area and found.neighbourhood is None


def test_a_place_is_found_inside_an_urdu_message():
    found = Gazetteer.default().find_in_text("مجھے ریڈش میں فوڈ بینک چاہیے")
    assert found is not None and found.neighbourhood == "tame-valley"


def test_manchester_in_urdu_script_is_outside_the_borough():
    found = Gazetteer.default().resolve("مانچسٹر")
    assert found is not None and not found.in_area
