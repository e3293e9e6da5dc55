"""Text cleaning for imported and edited data: one place decides what text and HTML we are willing to store.

Real feeds carry HTML in descriptions, stray control characters, decomposed accents and padding. Plain
fields are normalised (Unicode NFC, control and direction-override characters removed, whitespace
trimmed); rich fields (long free text) may hold a small, safe HTML subset, sanitised with nh3.

Plain text stays plain text: what comes out of `clean_plain`, `clean_multiline` or `strip_tags` never
holds markup, so even a reader that puts it into a page as HTML (the ORUK API is open to any site) gets
no elements. Decoding entities can reveal markup (`&lt;img onerror=...&gt;` is an `<img>` once decoded),
so decoding is repeated until no markup is left, and markup revealed that way is removed like any other.
A rich field keeps only the safe subset however it was escaped, and cleaning twice changes nothing.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

import nh3

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "noopener noreferrer nofollow"
MAX_EMAIL = 254
# Layers of escaping undone before giving up: real feeds are escaped at most twice; each layer costs a pass.
MAX_DECODING_ROUNDS = 4
_NOT_IN_EMAIL = r"@\s<>()\[\],;:\""
_EMAIL = re.compile(rf"[^{_NOT_IN_EMAIL}]+@[^{_NOT_IN_EMAIL}.]+(\.[^{_NOT_IN_EMAIL}.]+)+")

# C0/C1 controls except tab and newline, lone surrogates (JSON can encode them; databases refuse them),
# the byte-order mark and the bidirectional overrides that can disguise text ("Trojan Source").
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
_TRAILING_LINE_SPACE = re.compile(r"[ \t]+\n")
# Where an HTML parser leaves text: `<` then a letter opens a tag; `<!`, `<?` and `</` followed by anything
# open a comment, declaration or end tag. A `<` anywhere else ("a < b", "<3", "aged <18") is just text.
_MARKUP = re.compile(r"<(?:[A-Za-z!?]|/.)", re.DOTALL)


def clean_plain(value: str) -> str:
    """A one-line field: NFC, invisible characters removed, whitespace collapsed, no markup left."""
    return _plain(value, _tidy_line)


def clean_multiline(value: str) -> str:
    """Long text without markup: like `clean_plain` but keeping line breaks."""
    return _plain(value, _tidy_lines)


def clean_rich(value: str) -> str:
    """Long text that may carry HTML: sanitised to a safe subset; text without markup is kept as written.

    nh3's output is sanitised again after tidying until nothing changes, so tidying (which removes
    invisible characters) cannot turn a refused link such as `java&#1;script:` into a working one.
    """
    text = _tidy_lines(value)
    if not _MARKUP.search(text):
        # Without markup there is no tag to keep; leaving "&" alone keeps plain text exactly as published.
        return text
    for _ in range(MAX_DECODING_ROUNDS):
        cleaned = _tidy_lines(sanitise_html(text))
        if "<" not in cleaned:
            # No tag survived: store plain text (decoded once, as a plain field would be), not escaped HTML.
            return clean_multiline(html.unescape(cleaned))
        if cleaned == text:
            return cleaned
        text = cleaned
    return clean_multiline(text)


def clean_data_text(value: str) -> str:
    """Machine-readable text such as GeoJSON or KML: normalised like any text but never read as HTML."""
    return _tidy_lines(value)


def sanitise_html(value: str) -> str:
    """Keep only paragraphs, lists, emphasis, headings and http(s)/mailto/tel links (with a safe rel)."""
    cleaned = nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return cleaned.strip()


def strip_tags(value: str) -> str:
    """The text of some HTML: tags (and script/style bodies) removed, entities decoded, no markup left."""
    return _plain(_text_of(value), lambda text: text)


def _text_of(markup: str) -> str:
    """One layer of HTML turned into its text: tags removed, entities decoded."""
    return html.unescape(nh3.clean(markup, tags=set(), strip_comments=True))


def _plain(value: str, tidy: Callable[[str], str]) -> str:
    """`value` tidied and decoded until no markup is left (or, past the rounds allowed, every `<` dropped)."""
    text = tidy(value)
    for _ in range(MAX_DECODING_ROUNDS):
        if not _MARKUP.search(text):
            return text
        text = tidy(_text_of(text))
    return tidy(text.replace("<", ""))


def _normalised(text: str) -> str:
    # Invisible characters go first: removing one later could bring two halves of a character together.
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))


def _tidy_line(text: str) -> str:
    return _SPACES.sub(" ", _normalised(text)).strip()


def _tidy_lines(text: str) -> str:
    text = _normalised(text.replace("\r\n", "\n").replace("\r", "\n"))
    return _TRAILING_LINE_SPACE.sub("\n", text).strip()


def is_email_address(text: str, *, max_length: int | None = MAX_EMAIL) -> bool:
    """Whether `text` looks like one email address (local@domain.tld, by default at most 254
    characters): the one rule for imports, portal accounts, listings and residents' reports."""
    if max_length is not None and len(text) > max_length:
        return False
    return _EMAIL.fullmatch(text) is not None
