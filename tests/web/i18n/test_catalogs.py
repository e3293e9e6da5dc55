"""The web app's translation catalogs: complete, well formed, and in step with the code."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from web.config import PROJECT_ROOT
from web.i18n import LANGUAGES

LOCALES = PROJECT_ROOT / "locales"
POT = LOCALES / "messages.pot"
# %(name)s and %% in printf style, {name} in str.format style (the chat widget's strings).
PLACEHOLDER = re.compile(r"%\(\w+\)[#0 +-]*\d*(?:\.\d+)?[sdifr]|%%|\{\w*\}")


def _catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file, locale=locale)


def _messages(catalog: Catalog) -> list:
    return [message for message in catalog if message.id]


def _ids(catalog: Catalog) -> set[tuple[str | None, str]]:
    return {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in _messages(catalog)}


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_a_catalog_that_compiles_and_loads(language):
    catalog = _catalog(LOCALES / language / "LC_MESSAGES" / "messages.po", language)
    errors = [(message.id, problem) for message, problems in catalog.check() for problem in problems]
    assert errors == []
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    translations = Translations(buffer, domain="messages")
    assert translations.gettext("Skip to main content")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_shipped_language_has_untranslated_or_fuzzy_messages(language):
    catalog = _catalog(LOCALES / language / "LC_MESSAGES" / "messages.po", language)
    untranslated = [
        m.id for m in _messages(catalog) if not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    fuzzy = [m.id for m in _messages(catalog) if m.fuzzy]
    assert untranslated == [], f"{language}: translate these (make i18n-update, then edit the .po)"
    assert fuzzy == [], f"{language}: check and unmark these fuzzy translations"


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_messages_have_every_form_the_language_needs(language):
    catalog = _catalog(LOCALES / language / "LC_MESSAGES" / "messages.po", language)
    for message in _messages(catalog):
        if isinstance(message.id, tuple):
            assert len(message.string) == catalog.num_plurals, message.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_exactly_the_placeholders_of_the_english(language):
    catalog = _catalog(LOCALES / language / "LC_MESSAGES" / "messages.po", language)
    for message in _messages(catalog):
        if isinstance(message.id, tuple):
            expected = _placeholders(message.id[1])
            for form in message.string:
                found = _placeholders(form)
                # A plural form may leave out the count ("one service", "خدمتان"), nothing else.
                assert found in (expected, [p for p in expected if not p.startswith("%(num)")]), (
                    f"{language}: {message.id[0]!r} -> {form!r}"
                )
        else:
            assert _placeholders(message.string) == _placeholders(message.id), (
                f"{language}: {message.id!r} -> {message.string!r}"
            )


def test_translations_never_carry_markup():
    for language in LANGUAGES:
        catalog = _catalog(LOCALES / language / "LC_MESSAGES" / "messages.po", language)
        for message in _messages(catalog):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert not any("<" in s for s in strings), f"{language}: {message.id!r}"


def _makefile_keywords() -> list[str]:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^I18N_KEYWORDS\s*:?=\s*(.+)$", makefile, re.MULTILINE)
    assert match, "the Makefile defines I18N_KEYWORDS for pybabel extract"
    return match.group(1).split()


def test_the_catalogs_are_in_step_with_the_code(tmp_path, monkeypatch):
    """Extracting again (as `make i18n-extract` does) finds exactly the messages the catalogs hold."""
    fresh = tmp_path / "messages.pot"
    keywords = [arg for keyword in _makefile_keywords() for arg in ("-k", keyword)]
    monkeypatch.chdir(PROJECT_ROOT)
    CommandLineInterface().run(
        ["pybabel", "--quiet", "extract", "-F", "babel.cfg", *keywords, "-o", str(fresh), "web", "directory"]
    )
    extracted = _ids(_catalog(fresh))
    template = _ids(_catalog(POT))
    assert sorted(extracted - template) == [], (
        "new messages: run make i18n-extract i18n-update, then translate"
    )
    assert sorted(template - extracted) == [], "messages no longer used: run make i18n-extract i18n-update"
    for language in LANGUAGES:
        in_catalog = _ids(_catalog(LOCALES / language / "LC_MESSAGES" / "messages.po", language))
        assert in_catalog == template, f"{language}: run make i18n-update"


def test_the_web_catalogs_sit_beside_the_assistants_without_touching_them():
    for language in LANGUAGES:
        folder = LOCALES / language / "LC_MESSAGES"
        assert (folder / "bot.po").exists() and (folder / "messages.po").exists()
