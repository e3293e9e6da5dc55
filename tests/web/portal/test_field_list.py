"""One list of the edit form's fields (`directory.portal.service_document.FIELDS`) drives reading a post,
the values the form shows and the labels of the history, in every language."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from directory.portal import service_document
from web import i18n
from web.config import Config
from web.portal.labels import field_label
from web.portal.service_document import CHECKBOX_GROUPS, document_from_request, values_from_document

DOCUMENT = {
    "name": "Reddish Pantry",
    "description": "Food for anyone who needs it.",
    "email": "hello@example.org",
    "url": "https://example.org",
    "phones": ["0161 496 0000", "", ""],
    "contact_name": "Sam",
    "contact_email": "sam@example.org",
    "address": {"address_1": "1 High Street", "address_2": "", "city": "Stockport", "postcode": "SK5 6AA"},
    "opening_times": {code: [["09:00", "12:00"]] for code in ("MO", "TU", "WE", "TH", "FR", "SA", "SU")},
    "closures": [{"starts_on": "2026-12-24", "ends_on": "2026-12-26", "reason": "Christmas"}],
    "costs": [{"option": "Meal", "amount": "2.50", "description": ""}],
    "eligibility_description": "Anyone in Stockport.",
    "minimum_age": 0,
    "maximum_age": 120,
    "languages": ["en", "pl"],
    "accessibility": ["step-free"],
    "neighbourhoods": ["heatons"],
    "needs": ["food"],
}


def _post(document):
    """What the browser sends for a form showing `document` (every section)."""
    form = MultiDict()
    for key, value in values_from_document(document).items():
        if key.endswith("_rows"):
            continue
        if isinstance(value, list):
            for item in value:
                form.add(key, item)
        else:
            form.add(key, value)
    for group in CHECKBOX_GROUPS:
        form.add("sections", group)
    return form


def test_a_post_of_the_whole_form_gives_back_every_field_of_the_document():
    document, errors = document_from_request(_post(DOCUMENT), DOCUMENT)
    assert errors == {}
    assert list(document) == list(service_document.FIELDS)
    assert {key: document[key] for key in ("name", "address", "needs", "languages")} == {
        key: DOCUMENT[key] for key in ("name", "address", "needs", "languages")
    }
    assert document["costs"][0] == DOCUMENT["costs"][0]  # and an empty row the form offers for another
    assert (document["minimum_age"], document["maximum_age"]) == ("0", "120")
    assert document["closures"][0] == DOCUMENT["closures"][0]
    assert document["opening_times"]["SU"][0] == ["09:00", "12:00"]


def test_a_section_not_posted_is_left_out():
    form = _post(DOCUMENT)
    del form["address_1"]
    form.setlist("sections", ["needs"])
    document, _ = document_from_request(form, DOCUMENT)
    assert "address" not in document and "languages" not in document and document["needs"] == ["food"]


def test_the_checkbox_groups_are_the_fields_posted_as_choices():
    assert CHECKBOX_GROUPS == ("languages", "accessibility", "neighbourhoods", "needs")


@pytest.fixture(scope="module")
def app():
    app = Flask(__name__)
    app.config.update(BABEL_DEFAULT_LOCALE="en", BABEL_TRANSLATION_DIRECTORIES=Config({}).BABEL_TRANSLATION_DIRECTORIES,
                      BABEL_DEFAULT_TIMEZONE="Europe/London", SECRET_KEY="test")  # fmt: skip
    i18n.init_app(app)
    return app


@pytest.mark.parametrize(
    ("language", "field", "label"),
    [
        ("en", "neighbourhoods", "Neighbourhoods served"),
        ("en", "eligibility_description", "Who can use it"),
        ("pl", "neighbourhoods", "Obsługiwane okolice"),
        ("en", "status", "status"),  # not an editable field: its key, readable
    ],
)
def test_field_labels_are_the_field_lists_in_the_readers_language(app, language, field, label):
    with app.test_request_context(f"/?lang={language}"):
        assert field_label(field) == label


@pytest.mark.parametrize("language", ["pl", "ur", "ar"])
def test_every_field_label_is_translated(app, language):
    with app.test_request_context(f"/?lang={language}"):
        labels = {key: field_label(key) for key in service_document.FIELDS}
    untranslated = [key for key, label in labels.items() if label == service_document.FIELDS[key].label]
    assert untranslated == []
