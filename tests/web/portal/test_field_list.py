"""One list of the edit form's fields (`directory.portal.service_document.FIELDS`) drives reading a post,
the values the form shows and the labels of the history, in every language."""

from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from directory.portal import service_document
from web import i18n
from web.config import Config
from web.portal.edit_sections import CHECKBOX_GROUPS, document_from_post
from web.portal.labels import field_label

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
    """Every section of `document` posted at once, as a script posts to the editor's entry point."""
    form = MultiDict()
    for key, field in service_document.FIELDS.items():
        if field.form in ("text", "number"):
            form.add(key, "" if document.get(key) is None else str(document[key]))
        elif field.form == "choices":
            form.add("sections", key)
            for item in document.get(key) or []:
                form.add(key, item)
    for index, phone in enumerate(document["phones"]):
        form.add("phone" if index == 0 else f"phone_{index + 1}", phone)
    for key, value in document["address"].items():
        form.add(key, value)
    for code, sessions in document["opening_times"].items():
        for index, (opens, closes) in enumerate(sessions):
            suffix = "" if index == 0 else f"_{index + 1}"
            form.add(f"{code}_opens{suffix}", opens)
            form.add(f"{code}_closes{suffix}", closes)
    for index, closure in enumerate(document["closures"]):
        form.add(f"closure_{index}_starts", closure["starts_on"])  # an ISO date in the day box
        form.add(f"closure_{index}_ends", closure["ends_on"])
        form.add(f"closure_{index}_reason", closure["reason"])
    form.add("cost_free", "paid")
    for index, cost in enumerate(document["costs"]):
        for part in ("option", "amount", "description"):
            form.add(f"cost_{index}_{part}", cost[part])
    return form


def test_a_post_of_every_section_gives_back_every_field_of_the_document():
    document, errors = document_from_post(_post(DOCUMENT), DOCUMENT)
    assert errors == {}
    assert set(document) == set(service_document.FIELDS)
    assert {key: document[key] for key in ("name", "address", "needs", "languages", "costs")} == {
        key: DOCUMENT[key] for key in ("name", "address", "needs", "languages", "costs")
    }
    assert (document["minimum_age"], document["maximum_age"]) == ("0", "120")
    assert document["closures"] == DOCUMENT["closures"]
    assert document["opening_times"]["SU"] == [["09:00", "12:00"]]
    cleaned = service_document.validate(document)
    assert cleaned["closures"][0]["starts_on"] == "2026-12-24"


def test_a_section_not_posted_is_left_out():
    form = _post(DOCUMENT)
    del form["address_1"]
    form.setlist("sections", ["needs"])
    document, _ = document_from_post(form, DOCUMENT)
    assert "address" not in document and "languages" not in document and document["needs"] == ["food"]


def test_a_detail_not_posted_is_left_out_of_a_section_partly_posted():
    form = MultiDict({"name": "Reddish Pantry and Cafe"})
    document, errors = document_from_post(form, DOCUMENT)
    assert document == {"name": "Reddish Pantry and Cafe"} and errors == {}


def test_saying_it_costs_money_without_a_cost_is_an_error_before_validation():
    form = MultiDict({"cost_free": "paid", "cost_0_amount": "", "cost_0_option": "", "cost_0_description": ""})
    _, errors = document_from_post(form, DOCUMENT)
    assert set(errors) == {"cost_0_amount"}


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
