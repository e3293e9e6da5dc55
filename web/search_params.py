"""Turn query-string parameters into a `SearchRequest`, with messages a person can act on."""

from __future__ import annotations

import re
from collections.abc import Mapping

from directory.opening import DAY_CODES, DAY_NAMES
from directory.search import InvalidSearch, SearchRequest

from .converters import SLUG_PATTERN

TRUE = {"1", "true", "yes", "on"}


def _int(args: Mapping[str, str], name: str, default: int | None) -> int | None:
    raw = (args.get(name) or "").strip()
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidSearch(f"{name} must be a whole number") from None


def _day(raw: str | None) -> int | None:
    raw = (raw or "").strip().lower()
    if not raw:
        return None
    for i, (code, name) in enumerate(zip(DAY_CODES, DAY_NAMES, strict=True)):
        if raw in (code.lower(), name.lower(), name.lower()[:3]):
            return i
    raise InvalidSearch("day must be a day of the week, e.g. monday")


def _list(args: Mapping[str, str], name: str) -> tuple[str, ...]:
    getlist = getattr(args, "getlist", None)
    values = getlist(name) if getlist else [args.get(name, "")]
    items = [item.strip() for value in values for item in (value or "").split(",")]
    return tuple(dict.fromkeys(item for item in items if item))[:20]


def _slug(raw: str | None) -> str | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not re.fullmatch(SLUG_PATTERN, raw):
        raise InvalidSearch("neighbourhood is not a known neighbourhood")
    return raw


def search_request_from_args(args: Mapping[str, str], *, default_per_page: int = 10) -> SearchRequest:
    request = SearchRequest(
        text=(args.get("q") or args.get("search") or "")[:2000],
        needs=_list(args, "need"),
        neighbourhood=_slug(args.get("neighbourhood")),
        place=(args.get("place") or args.get("postcode") or "").strip()[:100] or None,
        open_now=(args.get("open_now") or "").lower() in TRUE,
        weekday=_day(args.get("day")),
        free_only=(args.get("free") or "").lower() in TRUE,
        age=_int(args, "age", None),
        languages=_list(args, "language"),
        accessibility=_list(args, "accessibility"),
        page=_int(args, "page", 1) or 1,
        per_page=_int(args, "per_page", default_per_page) or default_per_page,
    )
    request.validate()
    return request
