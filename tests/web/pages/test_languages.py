"""Every page type renders in every language, with the right lang and dir and translated words."""

from __future__ import annotations

import pytest

from tests.helpers.pages import check_page
from tests.web.pages.conftest import csrf_token

LANGUAGES = {"en": ("en-GB", "ltr"), "pl": ("pl", "ltr"), "ur": ("ur", "rtl"), "ar": ("ar", "rtl")}
SKIP_LINK = {
    "en": "Skip to main content",
    "pl": "Przejdź do treści głównej",
    "ur": "مرکزی مواد پر جائیں",
    "ar": "انتقل إلى المحتوى الرئيسي",
}
PAGES = {
    "home": ("/", 200),
    "search": ("/search?q=food&place=SK4", 200),
    "search without results": ("/search?q=zzzzqqq&free=1", 200),
    "search with an error": ("/search?need=bananas", 400),
    "service": ("/services/{pantry}", 200),
    "printable service": ("/services/{pantry}/print", 200),
    "report form": ("/services/{pantry}/report", 200),
    "report thanks": ("/services/{pantry}/report/thanks", 200),
    "neighbourhood": ("/neighbourhoods/tame-valley", 200),
    "not found": ("/services/unknown", 404),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_type_renders_in_every_language(client, pantry_id, language, page):
    path, status = PAGES[page]
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path.format(pantry=pantry_id)}{separator}lang={language}")
    assert response.status_code == status
    root = check_page(response.data)
    assert (root.get("lang"), root.get("dir")) == LANGUAGES[language]
    assert next(root.iter("a")).text == SKIP_LINK[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_and_the_csrf_refusal_render_in_every_language(client, pantry_id, language):
    url = f"/services/{pantry_id}/report?lang={language}"
    token = csrf_token(client, url)
    invalid = client.post(url, data={"csrf_token": token, "reason": ""})
    assert invalid.status_code == 400
    root = check_page(invalid.data)
    assert (root.get("lang"), root.get("dir")) == LANGUAGES[language]
    refused = client.post(url, data={"reason": "closed"})
    assert refused.status_code == 400
    root = check_page(refused.data)
    assert (root.get("lang"), root.get("dir")) == LANGUAGES[language]


@pytest.mark.parametrize("language", ["pl", "ur", "ar"])
def test_no_english_interface_words_are_left_on_translated_pages(client, pantry_id, language):
    body = client.get(f"/services/{pantry_id}?lang={language}").get_data(as_text=True)
    for english in (
        "Opening times",
        "Report a problem",
        "About this service",
        "Skip to main content",
        "Closed",
    ):
        assert english not in body
