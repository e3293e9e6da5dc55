"""Which language a reader gets: ?lang= (remembered) → session → Accept-Language → English."""

from __future__ import annotations

import pytest

from tests.helpers.pages import check_page

RTL = {"ur", "ar"}
TAGS = {"en": "en-GB", "pl": "pl", "ur": "ur", "ar": "ar"}


def _lang(response) -> tuple[str, str]:
    root = check_page(response.data)
    return root.get("lang"), root.get("dir")


def test_a_reader_with_no_preference_gets_british_english(client):
    assert _lang(client.get("/")) == ("en-GB", "ltr")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("pl", "pl"),
        ("pl-PL,pl;q=0.9,en;q=0.8", "pl"),
        ("ur-PK", "ur"),
        ("ar-EG,ar;q=0.9", "ar"),
        ("fr-FR,fr;q=0.9", "en-GB"),
        ("de, ar;q=0.5", "ar"),
        ("en-US", "en-GB"),
        ("*", "en-GB"),
        ("not a header;;;q=x", "en-GB"),
    ],
)
def test_the_browser_language_is_used_when_the_reader_has_not_chosen(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert _lang(response)[0] == expected
    assert "Accept-Language" in response.headers.get("Vary", "")


@pytest.mark.parametrize("code", ["en", "pl", "ur", "ar"])
def test_an_explicit_choice_sets_lang_and_direction_and_is_remembered(client, code):
    assert _lang(client.get(f"/?lang={code}")) == (TAGS[code], "rtl" if code in RTL else "ltr")
    assert _lang(client.get("/search?q=food")) == (TAGS[code], "rtl" if code in RTL else "ltr")


def test_a_remembered_choice_beats_the_browser_language(client):
    client.get("/?lang=pl")
    response = client.get("/", headers={"Accept-Language": "ar"})
    assert _lang(response)[0] == "pl"


def test_an_explicit_choice_beats_the_remembered_one_and_replaces_it(client):
    client.get("/?lang=pl")
    assert _lang(client.get("/?lang=ur", headers={"Accept-Language": "ar"}))[0] == "ur"
    assert _lang(client.get("/"))[0] == "ur"


@pytest.mark.parametrize("value", ["xx", "", "EN-gb", "<script>", "pl" * 500, "%00"])
def test_an_unknown_language_choice_is_ignored(client, value):
    response = client.get("/", query_string={"lang": value}, headers={"Accept-Language": "pl"})
    assert response.status_code == 200
    assert _lang(response)[0] == "pl"


def test_choosing_a_language_in_upper_case_still_works(client):
    assert _lang(client.get("/?lang=AR"))[0] == "ar"


def test_browsing_without_choosing_sets_no_cookie(client):
    response = client.get("/", headers={"Accept-Language": "pl"})
    assert "Set-Cookie" not in response.headers


def test_every_page_offers_every_language_by_its_own_name_with_lang_and_hreflang(client):
    root = check_page(client.get("/search?q=food&need=food").data)
    switcher = next(el for el in root.iter("nav") if "language-switcher" in (el.get("class") or ""))
    links = {a.get("hreflang"): a for a in switcher.iter("a")}
    assert set(links) == {"pl", "ur", "ar"}
    assert {a.text for a in links.values()} == {"Polski", "اردو", "العربية"}
    for tag, link in links.items():
        assert link.get("lang") == tag
        assert f"lang={tag}" in link.get("href") and "q=food" in link.get("href")
        assert link.get("href").count("lang=") == 1
    current = [el for el in switcher.iter("span") if el.get("aria-current") == "true"]
    assert [el.text for el in current] == ["English"]
    alternates = [link for link in root.iter("link") if link.get("rel") == "alternate"]
    assert {link.get("hreflang") for link in alternates} == {"en-GB", "pl", "ur", "ar"}


def test_switching_language_keeps_the_search_and_drops_the_old_choice(client):
    root = check_page(client.get("/search?q=food&lang=pl").data)
    switcher = next(el for el in root.iter("nav") if "language-switcher" in (el.get("class") or ""))
    hrefs = [a.get("href") for a in switcher.iter("a")]
    assert all("lang=pl" not in href for href in hrefs)
    assert any(href.endswith("lang=en") for href in hrefs)
