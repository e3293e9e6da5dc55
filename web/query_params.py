"""Query-string parameters, read and checked at the edge so the directory receives typed values.

The search (`/api/search` and the public search page) and the ORUK API read their parameters here, and
every problem is one `InvalidParameter` naming the parameter (`param`) and what is wrong (`problem`).
Each client keeps the wording it has always had: `/api/search` answers `str(exc)` ("page must be ..."),
the ORUK API `oruk_message(exc)` ("page: must be ...") beside the name, and the pages
`reader_message(exc)` in the reader's language next to the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, time

from flask_babel import lazy_gettext

from directory.needs import NEED_SLUGS
from directory.opening import DAY_CODES, DAY_NAMES
from directory.oruk.listing import DEFAULT_PER_PAGE, ServiceFilters
from directory.places import parse_postcode
from directory.search import InvalidSearch, SearchRequest
from directory.search.service import MAX_PAGE, MAX_PER_PAGE, SCOPES

from .converters import ID_PATTERN, SLUG_PATTERN

TRUE = {"1", "true", "yes", "on"}
MAX_TEXT = 2000
MAX_PLACE = 100
MAX_LIST_ITEMS = 20
MAX_ITEM = 64
ORUK_MAX_PAGE = 100_000
ORUK_MAX_PER_PAGE = 100
MAX_PROXIMITY_M = 100_000
_WHOLE_NUMBER = re.compile(r"-?\d{1,9}")  # at most 9 digits: no "1_0", no huge numbers
_ID = re.compile(ID_PATTERN)
_SLUG = re.compile(SLUG_PATTERN)
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?")
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
    """A query-string parameter that cannot be honoured: `param` names it, `problem` says what is wrong.

    `str(exc)` is the search API's English sentence, the name then the problem, unless `message` words it.
    """

    def __init__(self, param: str, problem: str, *, message: str | None = None) -> None:
        super().__init__(message or f"{param} {problem}")
        self.param = param
        self.problem = problem


def reader_message(exc: InvalidSearch) -> str:
    """The problem in the reader's language (the exception's own message is English, for the API)."""
    return str(READER_MESSAGES.get(getattr(exc, "param", ""), GENERAL_MESSAGE))


def oruk_message(exc: InvalidParameter) -> str:
    """The ORUK API's wording: "page: must be between 1 and 100000"."""
    return f"{exc.param}: {exc.problem}"


# Readers of one value, shared by both APIs; each API decides how the raw text is cleaned first.


def _whole_number(raw: str, name: str) -> int | None:
    if raw == "":
        return None
    if not _WHOLE_NUMBER.fullmatch(raw):
        raise InvalidParameter(name, "must be a whole number")
    return int(raw)


def _within(name: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise InvalidParameter(name, f"must be between {low} and {high}")


def _weekday(raw: str, example: str) -> int | None:
    """Monday is 0; "MO", "monday" and "mon" all name it, in any case."""
    raw = raw.lower()
    if not raw:
        return None
    for index, (code, name) in enumerate(zip(DAY_CODES, DAY_NAMES, strict=True)):
        if raw in (code.lower(), name.lower(), name.lower()[:3]):
            return index
    raise InvalidParameter("day", f"must be a day of the week, e.g. {example}")


def _matching(raw: str, name: str, pattern: re.Pattern[str], problem: str) -> str | None:
    if raw and not pattern.fullmatch(raw):
        raise InvalidParameter(name, problem)
    return raw or None


# The directory search: lenient with what people type, since the pages echo it back.


def _text(raw: str | None, limit: int) -> str:
    return _INVISIBLE.sub("", raw or "")[:limit].strip()


def _list(args: Mapping[str, str], name: str) -> tuple[str, ...]:
    getlist = getattr(args, "getlist", None)
    values = getlist(name) if getlist else [args.get(name, "")]
    items = [_text(item, MAX_ITEM) for value in values[:MAX_LIST_ITEMS] for item in (value or "").split(",")]
    return tuple(dict.fromkeys(item for item in items if item))[:MAX_LIST_ITEMS]


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


def search_request_from_args(args: Mapping[str, str], *, default_per_page: int = 10) -> SearchRequest:
    needs = _list(args, "need")
    unknown = [n for n in needs if n not in NEED_SLUGS]
    if unknown:
        message = f"unknown need: {', '.join(unknown)}"
        raise InvalidParameter("need", message, message=message)
    scopes = _list(args, "scope")
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        message = f"unknown scope: {', '.join(unknown)}"
        raise InvalidParameter("scope", message, message=message)
    numbers = {name: _whole_number(_text(args.get(name), 20), name) for name in ("page", "per_page", "age")}
    page, per_page, age = numbers["page"] or 1, numbers["per_page"] or default_per_page, numbers["age"]
    _within("page", page, 1, MAX_PAGE)
    _within("per_page", per_page, 1, MAX_PER_PAGE)
    _within("age", age, 0, 130)
    request = SearchRequest(
        text=_text(args.get("q") or args.get("search"), MAX_TEXT),
        needs=needs,
        neighbourhood=_matching(
            _text(args.get("neighbourhood"), 200), "neighbourhood", _SLUG, "is not a known neighbourhood"
        ),
        scopes=scopes,
        place=_text(args.get("place") or args.get("postcode"), MAX_PLACE) or None,
        open_now=_text(args.get("open_now"), 10).lower() in TRUE,
        weekday=_weekday(_text(args.get("day"), 20), "monday"),
        free_only=_text(args.get("free"), 10).lower() in TRUE,
        age=age,
        languages=_list(args, "language"),
        accessibility=_list(args, "accessibility"),
        page=page,
        per_page=per_page,
    )
    request.validate()
    return request


# The ORUK API: strict, as an interchange standard should be.


def _raw(args: Mapping[str, str], name: str) -> str:
    return (args.get(name) or "").strip()


def _oruk_number(args: Mapping[str, str], name: str, low: int, high: int) -> int | None:
    value = _whole_number(_raw(args, name), name)
    _within(name, value, low, high)
    return value


def oruk_identifier(args: Mapping[str, str], name: str, pattern: re.Pattern[str] = _ID) -> str | None:
    return _matching(_raw(args, name), name, pattern, "is not a valid identifier")


def _time(args: Mapping[str, str], name: str) -> time | None:
    raw = _raw(args, name)
    if not raw:
        return None
    match = _TIME.fullmatch(raw)
    if not match:
        raise InvalidParameter(name, "must be a time like 09:30")
    return time(int(match[1]), int(match[2]))


def _datetime(args: Mapping[str, str], name: str) -> datetime | None:
    raw = _raw(args, name)
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidParameter(name, "must be an ISO 8601 date or date-time") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def oruk_paging(args: Mapping[str, str]) -> tuple[int, int]:
    page = _oruk_number(args, "page", 1, ORUK_MAX_PAGE) or 1
    per_page = _oruk_number(args, "per_page", 1, ORUK_MAX_PER_PAGE) or DEFAULT_PER_PAGE
    return page, per_page


def oruk_service_filters(args: Mapping[str, str]) -> ServiceFilters:
    """The filters of `/services` and `/service_at_locations`; raises on the first bad parameter."""
    need = _raw(args, "need") or None
    if need is not None and need not in NEED_SLUGS:
        raise InvalidParameter("need", f"unknown need; use one of {', '.join(NEED_SLUGS)}")
    postcode = _raw(args, "postcode") or None
    if postcode is not None and parse_postcode(postcode) is None:
        raise InvalidParameter("postcode", "is not a valid UK postcode, sector or district")
    proximity = _oruk_number(args, "proximity", 1, MAX_PROXIMITY_M)
    if proximity is not None and postcode is None:
        raise InvalidParameter("proximity", "needs a postcode to measure from")
    page, per_page = oruk_paging(args)
    filters = ServiceFilters(
        search=_raw(args, "search")[:500] or None,
        page=page,
        per_page=per_page,
        taxonomy_term_id=oruk_identifier(args, "taxonomy_term_id"),
        taxonomy_id=oruk_identifier(args, "taxonomy_id"),
        minimum_age=_oruk_number(args, "minimum_age", 0, 130),
        maximum_age=_oruk_number(args, "maximum_age", 0, 130),
        day=_weekday(_raw(args, "day"), "MO or monday"),
        start_time=_time(args, "start_time"),
        end_time=_time(args, "end_time"),
        modified_after=_datetime(args, "modified_after"),
        need=need,
        neighbourhood=oruk_identifier(args, "neighbourhood", _SLUG),
        postcode=postcode,
        proximity=proximity,
    )
    if filters.start_time and filters.end_time and filters.start_time >= filters.end_time:
        raise InvalidParameter("end_time", "must be after start_time")
    return filters
