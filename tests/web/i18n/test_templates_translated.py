"""Every word a reader sees in our templates goes through gettext: a scanner over web/templates/."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from web.config import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "web" / "templates"
# Templates that are deliberately not ours to translate, with the reason.
NOT_TRANSLATED = {
    "widget/demo.html": "a stand-in for a council's own (English) page that embeds the widget",
}
CHECKED_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
_TRANS_BLOCK = re.compile(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", re.DOTALL)
_JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)
_LETTER = re.compile(r"[^\W\d_]")


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in CHECKED_ATTRIBUTES and value and _LETTER.search(value):
                self.found.append(f'{name}="{value.strip()}"')

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and _LETTER.search(data):
            self.found.append(data.strip())


def untranslated_text(source: str) -> list[str]:
    """Text nodes and reader-facing attributes left once every Jinja construct is taken out."""
    without_jinja = _JINJA.sub(" ", _TRANS_BLOCK.sub(" ", source))
    finder = _TextFinder()
    finder.feed(without_jinja)
    finder.close()
    return finder.found


def _templates() -> list[str]:
    return sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("name", _templates())
def test_templates_have_no_reader_facing_text_outside_gettext(name):
    if name in NOT_TRANSLATED:
        pytest.skip(NOT_TRANSLATED[name])
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert untranslated_text(source) == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("<p>Hello</p>", ["Hello"]),
        ('<img src="x.png" alt="A map">', ['alt="A map"']),
        ('<button aria-label="Close">×</button>', ['aria-label="Close"']),
        ('<input placeholder="Postcode">', ['placeholder="Postcode"']),
        ("<p>{{ _('Hello') }} – 24/7 · (3)</p>", []),
        ("<p>{% trans %}Hello {{ name }}{% endtrans %}</p>", []),
        ('<a href="{{ url }}" title="{{ _(\'Help\') }}">{{ name }}</a>', []),
        ("<p>{# a comment #}</p>", []),
        ("<p>Witaj świecie</p>", ["Witaj świecie"]),
        ("<p>مرحبا</p>", ["مرحبا"]),
    ],
)
def test_the_scanner_finds_plain_words_and_ignores_gettext_numbers_and_punctuation(source, found):
    assert untranslated_text(source) == found


def test_every_template_that_is_excused_still_exists():
    assert set(NOT_TRANSLATED) <= set(_templates())


def test_templates_keep_styles_and_scripts_out_of_the_page():
    """The Content-Security-Policy allows only our own files: no inline style or script in templates."""
    for name in _templates():
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        assert "<style" not in source, name
        assert " style=" not in source, name
        assert not re.search(r"<script(?![^>]*\bsrc=)", source), name
        assert not re.search(r"\son[a-z]+=", source), name


def test_templates_under_the_pages_folder_exist_for_every_page_type():
    names = set(_templates())
    for name in (
        "pages/home.html",
        "pages/search.html",
        "pages/service.html",
        "pages/service_print.html",
        "pages/report.html",
        "pages/report_thanks.html",
        "pages/neighbourhood.html",
        "errors/400.html",
        "errors/404.html",
    ):
        assert name in names
    assert Path(TEMPLATES / "base.html").exists()
