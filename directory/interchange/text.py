"""Text cleaning for imported data: one place decides what text and HTML we are willing to store.

Real feeds carry HTML in descriptions, stray control characters, decomposed accents and padding. Plain
fields are normalised (Unicode NFC, control and direction-override characters removed, whitespace
trimmed); rich fields (long free text) may hold a small, safe HTML subset, sanitised with nh3.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h2", "h3", "h4"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
LINK_REL = "noopener noreferrer nofollow"
MAX_EMAIL = 254
_NOT_IN_EMAIL = r"@\s<>()\[\],;:\""
_EMAIL = re.compile(rf"[^{_NOT_IN_EMAIL}]+@[^{_NOT_IN_EMAIL}.]+(\.[^{_NOT_IN_EMAIL}.]+)+")

# C0/C1 controls except tab and newline, lone surrogates (JSON can encode them; databases refuse them),
# the byte-order mark and the bidirectional overrides that can disguise text ("Trojan Source").
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")
_TRAILING_LINE_SPACE = re.compile(r"[ \t]+\n")


def clean_plain(value: str) -> str:
    """A one-line field: NFC, invisible characters removed, whitespace collapsed, tags removed."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", value))
    if "<" in text:
        text = strip_tags(text)
    return _SPACES.sub(" ", text).strip()


def clean_multiline(value: str) -> str:
    """Long text without markup: like `clean_plain` but keeping line breaks."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return _TRAILING_LINE_SPACE.sub("\n", text).strip()


def clean_rich(value: str) -> str:
    """Long text that may carry HTML: sanitised to a safe subset; text without tags is kept as written."""
    text = clean_multiline(value)
    if "<" not in text:
        # No tag can exist without "<", and leaving "&" alone keeps plain text exactly as published.
        return text
    return sanitise_html(text)


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
    """Text content only: tags (and script/style bodies) removed, entities decoded."""
    return html.unescape(nh3.clean(value, tags=set(), strip_comments=True))


def is_email_address(text: str, *, max_length: int | None = MAX_EMAIL) -> bool:
    """Whether `text` looks like one email address (local@domain.tld, by default at most 254
    characters): the one rule for imports, portal accounts, listings and residents' reports."""
    if max_length is not None and len(text) > max_length:
        return False
    return _EMAIL.fullmatch(text) is not None
