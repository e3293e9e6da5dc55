"""Checks every rendered page must pass: valid HTML; a title, lang and dir; one <h1> and headings in
order; one <main>; unique ids and in-page links that land; labelled fields; forms with actions and
CSRF tokens on POST; links and images with text; nothing inline that the Content-Security-Policy blocks.
"""

from __future__ import annotations

import re

import html5lib
from html5lib.html5parser import ParseError

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
FIELDS = ("input", "select", "textarea")


def _text(element: object) -> str:
    return "".join(element.itertext()).strip()  # type: ignore[attr-defined]


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

    elements = list(root.iter())
    ids = [el.get("id") for el in elements if el.get("id")]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"

    mains = [el for el in elements if el.tag == "main"]
    assert len(mains) == 1, f"every page needs exactly one <main>, found {len(mains)}"
    h1s = [el for el in elements if el.tag == "h1"]
    assert len(h1s) == 1, f"every page needs exactly one <h1>, found {len(h1s)}"
    assert _text(h1s[0]), "the <h1> is empty"
    levels = [int(el.tag[1]) for el in elements if el.tag in HEADINGS]
    assert levels[0] == 1, f"the first heading must be the <h1>, not h{levels[0]}"
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading levels skip from h{before} to h{after}"

    for link in (el for el in elements if el.tag == "a"):
        href = link.get("href")
        assert href is not None, "a link without href"
        assert _text(link) or link.get("aria-label"), f"a link with no text: {href}"
        if href.startswith("#") and len(href) > 1:
            assert href[1:] in ids, f"in-page link to a missing id: {href}"
    for image in (el for el in elements if el.tag == "img"):
        assert image.get("alt") is not None, f"an image without alt: {image.get('src')}"

    for form in (el for el in elements if el.tag == "form"):
        assert form.get("action"), "every form needs an action"
        if (form.get("method") or "get").lower() == "post":
            tokens = [f for f in form.iter("input") if f.get("name") == "csrf_token" and f.get("value")]
            assert tokens, "every POST form needs a CSRF token"
    labelled = {el.get("for") for el in elements if el.tag == "label"}
    for field in (el for el in elements if el.tag in FIELDS):
        if field.get("type") in ("hidden", "submit", "button"):
            continue
        assert field.get("id") in labelled or field.get("aria-label") or field.get("aria-labelledby"), (
            f"unlabelled {field.tag} {field.get('name')}"
        )
        for described in (field.get("aria-describedby") or "").split():
            assert described in ids, f"aria-describedby points to a missing id: {described}"

    for element in elements:
        assert element.get("style") is None, f"inline style on <{element.tag}> (the CSP blocks it)"
        assert not any(name.startswith("on") for name in element.keys()), (
            f"inline event handler on <{element.tag}> (the CSP blocks it)"
        )
    assert not list(root.iter("style")), "an inline <style> (the CSP blocks it)"
    for script in root.iter("script"):
        assert script.get("src") and not (script.text or "").strip(), "inline <script> (the CSP blocks it)"
    assert not re.search(r"javascript:", text, re.IGNORECASE), "a javascript: URL"
    return root
