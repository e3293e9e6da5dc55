"""Turn query-string parameters into a `SearchRequest`, with messages a person can act on.

Errors name the parameter (`InvalidParameter.param`): the JSON API reports the English message, the
pages show `reader_message(exc)` in the reader's language next to the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask_babel import lazy_gettext

from directory.needs import NEED_SLUGS
from directory.opening import DAY_CODES, DAY_NAMES
from directory.search import InvalidSearch, SearchRequest
from directory.search.service import MAX_PAGE, MAX_PER_PAGE

from .converters import SLUG_PATTERN

TRUE = {"1", "true", "yes", "on"}
MAX_TEXT = 2000
MAX_PLACE = 100
MAX_LIST_ITEMS = 20
MAX_ITEM = 64
# Control characters, lone surrogates and bidirectional overrides: never meaningful in a search.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u202a-\u202e\u2066-\u2069]")

READER_MESSAGES = {
    "page": lazy_gettext("The page number must be a whole number from 1 to 1000"),
    "per_page": lazy_gettext("The number of results on a page must be a whole number from 1 to 50"),
    "age": lazy_gettext("Age must be a whole number from 0 to 130"),
    "need": lazy_gettext("Choose a need from the list"),
    "neighbourhood": lazy_gettext("Choose a neighbourhood from the list"),
    "day": lazy_gettext("Choose a day of the week"),
}
GENERAL_MESSAGE = lazy_gettext("Check your search and try again")


class InvalidParameter(InvalidSearch):
    """A query-string parameter that cannot be honoured; `param` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


def reader_message(exc: InvalidSearch) -> str:
    """The problem in the reader's language (the exception's own message is English, for the API)."""
    return str(READER_MESSAGES.get(getattr(exc, "param", ""), GENERAL_MESSAGE))


def _text(raw: str | None, limit: int) -> str:
    return _INVISIBLE.sub("", raw or "")[:limit].strip()


def form_values(args: Mapping[str, str]) -> dict[str, object]:
    """What the reader asked for, cleaned, to show back in the search form (even when it was invalid)."""
    return {
        "q": _text(args.get("q") or args.get("search"), 200),
        "place": _text(args.get("place") or args.get("postcode"), MAX_PLACE),
        "needs": _list(args, "need"),
        "neighbourhood": _text(args.get("neighbourhood"), 100),
        "day": _text(args.get("day"), 20).lower(),
        "languages": _list(args, "language"),
        "accessibility": _list(args, "accessibility"),
        "open_now": _text(args.get("open_now"), 10).lower() in TRUE,
        "free": _text(args.get("free"), 10).lower() in TRUE,
    }


def _int(args: Mapping[str, str], name: str, default: int | None) -> int | None:
    raw = _text(args.get(name), 20)
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidParameter(name, f"{name} must be a whole number") from None


def _day(raw: str | None) -> int | None:
    raw = _text(raw, 20).lower()
    if not raw:
        return None
    for i, (code, name) in enumerate(zip(DAY_CODES, DAY_NAMES, strict=True)):
        if raw in (code.lower(), name.lower(), name.lower()[:3]):
            return i
    raise InvalidParameter("day", "day must be a day of the week, e.g. monday")


def _list(args: Mapping[str, str], name: str) -> tuple[str, ...]:
    getlist = getattr(args, "getlist", None)
    values = getlist(name) if getlist else [args.get(name, "")]
    items = [_text(item, MAX_ITEM) for value in values[:MAX_LIST_ITEMS] for item in (value or "").split(",")]
    return tuple(dict.fromkeys(item for item in items if item))[:MAX_LIST_ITEMS]


def _slug(raw: str | None) -> str | None:
    raw = _text(raw, 200)
    if not raw:
        return None
    if not re.fullmatch(SLUG_PATTERN, raw):
        raise InvalidParameter("neighbourhood", "neighbourhood is not a known neighbourhood")
    return raw


def _check_range(name: str, value: int | None, low: int, high: int, message: str) -> None:
    if value is not None and not low <= value <= high:
        raise InvalidParameter(name, message)


def search_request_from_args(args: Mapping[str, str], *, default_per_page: int = 10) -> SearchRequest:
    needs = _list(args, "need")
    unknown = [n for n in needs if n not in NEED_SLUGS]
    if unknown:
        raise InvalidParameter("need", f"unknown need: {', '.join(unknown)}")
    page = _int(args, "page", 1) or 1
    per_page = _int(args, "per_page", default_per_page) or default_per_page
    age = _int(args, "age", None)
    _check_range("page", page, 1, MAX_PAGE, f"page must be between 1 and {MAX_PAGE}")
    _check_range("per_page", per_page, 1, MAX_PER_PAGE, f"per_page must be between 1 and {MAX_PER_PAGE}")
    _check_range("age", age, 0, 130, "age must be between 0 and 130")
    request = SearchRequest(
        text=_text(args.get("q") or args.get("search"), MAX_TEXT),
        needs=needs,
        neighbourhood=_slug(args.get("neighbourhood")),
        place=_text(args.get("place") or args.get("postcode"), MAX_PLACE) or None,
        open_now=_text(args.get("open_now"), 10).lower() in TRUE,
        weekday=_day(args.get("day")),
        free_only=_text(args.get("free"), 10).lower() in TRUE,
        age=age,
        languages=_list(args, "language"),
        accessibility=_list(args, "accessibility"),
        page=page,
        per_page=per_page,
    )
    request.validate()
    return request
