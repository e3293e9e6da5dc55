"""Checks every rendered page must pass: valid HTML, a title, lang and dir, unique ids, forms with actions."""

from __future__ import annotations

import html5lib
from html5lib.html5parser import ParseError


def check_page(body: bytes | str) -> object:
    """Parse strictly and assert the page-level rules; returns the parsed tree for further checks."""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        tree = parser.parse(text)
    except ParseError as exc:
        raise AssertionError(f"invalid HTML: {exc}") from exc
    root = tree
    assert root.get("lang"), "the <html> element needs a lang attribute"
    assert root.get("dir") in ("ltr", "rtl"), "the <html> element needs dir"
    title = root.find("head/title")
    assert title is not None and (title.text or "").strip(), "every page needs a non-empty <title>"
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in root.iter("form"):
        assert form.get("action"), "every form needs an action"
    labelled = {el.get("for") for el in root.iter("label")}
    for field in root.iter("input"):
        if field.get("type") not in ("hidden", "submit"):
            assert field.get("id") in labelled or field.get("aria-label"), (
                f"unlabelled input {field.get('name')}"
            )
    return root
