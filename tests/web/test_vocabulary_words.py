"""The words people read for the fixed vocabularies cover exactly the directory's lists.

The web app keeps its own translatable names for needs and accessibility codes (message ids must be
written out for extraction), so these tests fail when a need or a code is added, removed or renamed in
the data without its words here, or when the English wording drifts from the need vocabulary's. The
published API description (a static file) lists the need slugs too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask

from directory.needs import NEED_SLUGS, all_needs
from directory.vocabulary import ACCESSIBILITY
from web import formatting, i18n
from web.config import Config


@pytest.fixture(scope="module")
def english():
    app = Flask(__name__)
    app.config.update(BABEL_DEFAULT_LOCALE="en", BABEL_TRANSLATION_DIRECTORIES=Config({}).BABEL_TRANSLATION_DIRECTORIES,
                      BABEL_DEFAULT_TIMEZONE="Europe/London", SECRET_KEY="test")  # fmt: skip
    i18n.init_app(app)
    with app.test_request_context("/?lang=en"):
        yield


def test_every_need_has_the_name_and_description_of_the_need_vocabulary(english):
    shown = formatting.needs_for_display()
    assert [need["slug"] for need in shown] == list(NEED_SLUGS)
    assert [(n["name"], n["description"]) for n in shown] == [(n.name, n.description) for n in all_needs()]
    assert set(formatting.NEED_NAMES) == set(formatting.NEED_DESCRIPTIONS) == set(NEED_SLUGS)


def test_every_accessibility_code_and_only_those_have_a_label(english):
    assert set(formatting.ACCESSIBILITY_LABELS) == set(ACCESSIBILITY)
    assert all(formatting.accessibility_label(code) != code.replace("-", " ") for code in ACCESSIBILITY)


def test_the_published_api_description_lists_the_need_slugs_of_the_vocabulary():
    spec = json.loads(
        (Path(formatting.__file__).parent / "oruk_api" / "openapi.json").read_text(encoding="utf-8")
    )
    enums = [
        parameter["schema"]["enum"]
        for path in spec["paths"].values()
        for parameter in path.get("get", {}).get("parameters", [])
        if "food" in parameter.get("schema", {}).get("enum", [])
    ]
    assert len(enums) == 2 and all(enum == list(NEED_SLUGS) for enum in enums)
