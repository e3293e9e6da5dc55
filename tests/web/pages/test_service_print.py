"""The printable listing: every detail, none of the navigation."""

from __future__ import annotations

from directory.models import Service
from tests.helpers.pages import check_page


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_printable_listing_has_all_the_details_and_no_navigation(client, pantry_id, rollback_app_session):
    checked = rollback_app_session.get(Service, pantry_id).assured_date  # moved to the day of loading
    response = client.get(f"/services/{pantry_id}/print")
    assert response.status_code == 200
    root = check_page(response.data)
    assert root.find(".//header") is None and root.find(".//footer") is None
    # On screen only a language switcher, hidden when printed; no site navigation, no forms.
    assert [nav.get("class") for nav in root.iter("nav")] == ["language-switcher"]
    assert "no-print" in root.find(".//nav/..").get("class")
    assert not list(root.iter("form"))
    main = _text(root.find(".//main"))
    for words in ("Reddish Community Pantry", "About this service", "Opening times", "0161 496 0100",
                  "14 Gorton Road", "Step-free access",
                  f"Listing last checked on {checked.day} {checked:%B} {checked.year}."):  # fmt: skip
        assert words in main
    assert f"http://localhost/services/{pantry_id}" in main
    assert root.find(".//meta[@name='robots']").get("content") == "noindex"


def test_the_printable_listing_is_in_the_readers_language(client, pantry_id):
    root = check_page(client.get(f"/services/{pantry_id}/print?lang=ur").data)
    assert root.get("lang") == "ur" and root.get("dir") == "rtl"
    assert "کھلنے کے اوقات" in _text(root.find(".//main"))


def test_printing_an_unknown_service_is_a_404(client):
    assert client.get("/services/nope/print").status_code == 404
