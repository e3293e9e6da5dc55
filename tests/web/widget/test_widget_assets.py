"""The widget's script and strings, as other sites' pages load them."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from flask_babel import force_locale
from flask_babel.speaklater import LazyString

from web.widget.strings import LANGUAGES, STRINGS, widget_strings

SCRIPT = Path(__file__).resolve().parents[3] / "web" / "static" / "widget" / "widget.js"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.fixture
def web(app):
    return app.test_client()


def test_the_widget_script_is_served_as_javascript_with_caching_headers_and_its_own_policy(web):
    response = web.get("/widget/widget.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert response.headers["ETag"]
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Frame-Options" not in response.headers
    assert response.data == SCRIPT.read_bytes()


def test_the_widget_script_is_revalidated_cheaply_with_its_etag(web):
    etag = web.get("/widget/widget.js").headers["ETag"]
    again = web.get("/widget/widget.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data


def test_the_widget_script_is_under_30_kb_gzipped():
    size = len(gzip.compress(SCRIPT.read_bytes(), compresslevel=9))
    assert size < 30 * 1024, f"widget.js is {size} bytes gzipped"


def test_the_widget_script_never_parses_text_as_html_or_code():
    source = SCRIPT.read_text(encoding="utf-8")
    for forbidden in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ):
        assert forbidden not in source, forbidden
    assert "textContent" in source and "createTextNode" in source


def test_the_widget_script_uses_no_framework_and_no_build_step():
    source = SCRIPT.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(import|export)\s", source, re.MULTILINE)
    assert "require(" not in source
    assert "attachShadow" in source


@pytest.mark.parametrize(("lang", "direction"), [("en", "ltr"), ("pl", "ltr"), ("ur", "rtl"), ("ar", "rtl")])
def test_strings_are_served_for_each_language_with_its_direction(web, lang, direction):
    response = web.get(f"/widget/strings/{lang}.json")
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    assert body["lang"] == lang and body["dir"] == direction
    assert set(body["strings"]) == set(STRINGS)
    assert all(isinstance(v, str) and v.strip() for v in body["strings"].values())
    assert [item["name"] for item in body["languages"]] == ["English", "Polski", "اردو", "العربية"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_the_english_strings_are_the_msgids(web):
    strings = web.get("/widget/strings/en.json").get_json()["strings"]
    assert strings["send"] == "Send"
    assert strings["exit"] == "Leave this site quickly"


def test_every_widget_string_goes_through_gettext(app):
    assert all(isinstance(value, LazyString) for value in STRINGS.values())
    with app.app_context():
        for lang in LANGUAGES:
            with force_locale(lang):
                expected = {key: str(value) for key, value in STRINGS.items()}
            assert widget_strings(lang)["strings"] == expected


def test_translations_keep_every_placeholder(app):
    with app.app_context():
        english = widget_strings("en")["strings"]
        for lang in LANGUAGES:
            translated = widget_strings(lang)["strings"]
            for key, text in english.items():
                assert set(PLACEHOLDER.findall(translated[key])) == set(PLACEHOLDER.findall(text)), (
                    lang,
                    key,
                )


@pytest.mark.parametrize("lang", ["fr", "EN", "xx-evil", "ar-SA"])
def test_strings_for_an_unknown_language_are_a_json_404(web, lang):
    response = web.get(f"/widget/strings/{lang}.json")
    assert response.status_code == 404 and response.is_json
