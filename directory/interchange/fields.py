"""Typed field readers that validate one value each and record a problem naming its path.

`Fields` wraps one JSON object at a path ("service_at_locations[0].location"); each reader returns a
clean value or None, and never raises for bad data, so one pass reports every fault of a record.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from .ids import stable_id
from .report import Problem
from .text import clean_data_text, clean_multiline, clean_plain, clean_rich, is_email_address

# Long text: a description over 100 KB is not a description (and would bloat pages and the index).
TEXT_LIMIT_BYTES = 100 * 1024
# GeoJSON extents and boundaries are legitimately larger.
GEOMETRY_LIMIT_BYTES = 5 * 1024 * 1024
_BARE_DOMAIN = re.compile(r"^(www\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?([/?#]\S*)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")


def describe_type(value: Any) -> str:
    if isinstance(value, bool):
        return f"{'true' if value else 'false'} (a boolean)"
    if isinstance(value, int | float | Decimal):
        return f"{value} (a number)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"{shown!r} (text)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def is_web_url(text: str) -> bool:
    """An absolute http(s) address with a real-looking host; no javascript:, no relative paths."""
    if not text or any(ch.isspace() for ch in text):
        return False
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and ("." in host or host == "localhost")


@dataclass
class RecordContext:
    """Shared by every `Fields` view of one record: where problems go and how ids are made."""

    source: str
    record: int
    record_id: str | None = None
    problems: list[Problem] = field(default_factory=list)
    ignored: Counter[str] = field(default_factory=Counter)

    def error(self, path: str, reason: str) -> None:
        self.problems.append(Problem(self.record, self.record_id, path, reason, "error"))

    def warning(self, path: str, reason: str) -> None:
        self.problems.append(Problem(self.record, self.record_id, path, reason, "warning"))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


class Fields:
    """Readers for the keys of one object; `kind` names it in the ignored-fields summary."""

    def __init__(self, data: dict[str, Any], path: str, ctx: RecordContext, kind: str) -> None:
        self.data = data
        self.path = path
        self.ctx = ctx
        self.kind = kind
        self.used: set[str] = set()

    # --- plumbing -------------------------------------------------------------------------------------

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str) -> Any:
        """The value, with JSON null and empty strings treated as absent (ORUK omits empty fields)."""
        value = self.data.get(key)
        if value is None:
            return None
        self.used.add(key)
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def has(self, key: str) -> bool:
        return self.raw(key) is not None

    def error(self, key: str, reason: str) -> None:
        self.ctx.error(self.at(key), reason)

    def warning(self, key: str, reason: str) -> None:
        self.ctx.warning(self.at(key), reason)

    def done(self, also_known: Collection[str] = ()) -> None:
        """Count keys we do not store, so the report can say what was left behind."""
        for key, value in self.data.items():
            if value is not None and key not in self.used and key not in also_known:
                self.ctx.ignored[f"{self.kind}.{key}"] += 1

    def _string(self, key: str, *, required: bool) -> str | None:
        value = self.raw(key)
        if value is None:
            if required:
                self.error(key, "required field is missing")
            return None
        if not isinstance(value, str):
            self.error(key, f"expected text, got {describe_type(value)}")
            return None
        return value

    # --- text -----------------------------------------------------------------------------------------

    def text(
        self, key: str, *, max_len: int = 255, required: bool = False, truncate: bool = False
    ) -> str | None:
        """A one-line field such as a name; longer than the column allows is an error (or truncated)."""
        value = self._string(key, required=required)
        if value is None:
            return None
        if len(value) > TEXT_LIMIT_BYTES:
            self.error(key, f"longer than {max_len} characters ({len(value)})")
            return None
        cleaned = clean_plain(value)
        if not cleaned:
            if required:
                self.error(key, "required field is empty")
            return None
        if len(cleaned) > max_len:
            if not truncate:
                self.error(key, f"longer than {max_len} characters ({len(cleaned)})")
                return None
            self.warning(key, f"longer than {max_len} characters: shortened")
            cleaned = cleaned[: max_len - 1].rstrip() + "…"
        return cleaned

    def rich(self, key: str, *, limit: int = TEXT_LIMIT_BYTES, markup: bool = True) -> str | None:
        """Long text; HTML in it is sanitised to a safe subset (with markup=False, reduced to plain text)."""
        value = self._long_string(key, limit)
        if value is None:
            return None
        cleaned = clean_rich(value) if markup else clean_multiline(value)
        return cleaned or None

    def data_text(self, key: str, *, limit: int = TEXT_LIMIT_BYTES) -> str | None:
        """Machine-readable text (GeoJSON, KML): normalised, never read as HTML, so its markup is kept."""
        value = self._long_string(key, limit)
        return (clean_data_text(value) or None) if value is not None else None

    def _long_string(self, key: str, limit: int) -> str | None:
        value = self._string(key, required=False)
        if value is None:
            return None
        size = len(value.encode("utf-8", "surrogatepass"))
        if size > limit:
            self.error(key, f"too long: {size:,} bytes (the limit is {limit // 1024:,} KB)")
            return None
        return value

    def url(self, key: str, *, max_len: int = 500) -> str | None:
        value = self._string(key, required=False)
        if value is None:
            return None
        text = clean_plain(value)
        if _BARE_DOMAIN.match(text) and "://" not in text:
            self.warning(key, f"{text!r} has no scheme: read as https://{text}")
            text = f"https://{text}"
        if not is_web_url(text):
            self.error(key, f"not a web address (http or https): {describe_type(value)}")
            return None
        if len(text) > max_len:
            self.error(key, f"longer than {max_len} characters ({len(text)})")
            return None
        return text

    def email(self, key: str) -> str | None:
        value = self._string(key, required=False)
        if value is None:
            return None
        text = clean_plain(value)
        if text.lower().startswith("mailto:"):
            text = text[7:]
        if not is_email_address(text, max_length=None):  # the length has its own message below
            self.error(key, f"not an email address: {describe_type(value)}")
            return None
        if len(text) > 255:
            self.error(key, f"longer than 255 characters ({len(text)})")
            return None
        return text

    def enum(
        self,
        key: str,
        allowed: Collection[str],
        *,
        required: bool = False,
        default: str | None = None,
        upper: bool = False,
    ) -> str | None:
        value = self._string(key, required=required and default is None)
        if value is None:
            return default
        text = clean_plain(value)
        text = text.upper() if upper else text.lower()
        if text not in allowed:
            self.error(key, f"{value!r} is not one of: {', '.join(sorted(allowed))}")
            return default if not required else None
        return text

    def pattern(self, key: str, regex: re.Pattern[str], *, max_len: int, explain: str) -> str | None:
        value = self._string(key, required=False)
        if value is None:
            return None
        text = clean_plain(value).replace(" ", "")
        if len(text) > max_len or not regex.match(text):
            self.error(key, f"{value!r} is not valid: {explain}")
            return None
        return text

    # --- numbers --------------------------------------------------------------------------------------

    def _number(self, key: str) -> Decimal | None:
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            self.error(key, f"expected a number, got {describe_type(value)}")
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.error(key, f"expected a number, got {describe_type(value)}")
            return None
        if not number.is_finite():
            self.error(key, "expected a finite number")
            return None
        return number

    def integer(self, key: str, *, minimum: int, maximum: int) -> int | None:
        number = self._number(key)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.error(key, f"expected a whole number, got {number}")
            return None
        if not minimum <= number <= maximum:
            self.error(key, f"{number} is out of range ({minimum} to {maximum})")
            return None
        return int(number)

    def age(self, key: str) -> int | None:
        """Ages: feeds send -1 for 'not set' (Bristol does), which we read as not set."""
        number = self._number(key)
        if number is None:
            return None
        if number < 0:
            self.warning(key, f"{number} read as not set")
            return None
        if number != number.to_integral_value() or number > 150:
            self.error(key, f"{number} is not an age in years (0 to 150)")
            return None
        return int(number)

    def coordinate(self, key: str, *, limit: float) -> float | None:
        number = self._number(key)
        if number is None:
            return None
        if not -limit <= number <= limit:
            self.warning(key, f"{number} is outside -{limit:g} to {limit:g}: coordinates dropped")
            return None
        return float(number)

    def amount(self, key: str) -> Decimal | None:
        number = self._number(key)
        if number is None:
            return None
        if number < 0 or number >= Decimal("100000000"):
            self.error(key, f"{number} is not a price (0 to 99,999,999.99)")
            return None
        return number.quantize(Decimal("0.01"))

    def boolean(self, key: str) -> bool | None:
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.error(key, f"expected true or false, got {describe_type(value)}")
            return None
        return value

    # --- dates and times ------------------------------------------------------------------------------

    def date(self, key: str) -> date | None:
        value = self._string(key, required=False)
        if value is None:
            return None
        text = value.strip()
        try:
            if not _DATE.match(text):
                raise ValueError(text)
            return date.fromisoformat(text[:10])
        except ValueError:
            self.error(key, f"not a date (expected YYYY-MM-DD): {describe_type(value)}")
            return None

    def time(self, key: str) -> time | None:
        value = self._string(key, required=False)
        if value is None:
            return None
        match = _TIME.match(value.strip())
        try:
            if match is None:
                raise ValueError(value)
            hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
            if (hour, minute, second) == (24, 0, 0):
                return time(23, 59, 59)  # "closes at 24:00"
            return time(hour, minute, second)
        except ValueError:
            self.error(key, f"not a time of day (expected HH:MM or HH:MM:SS): {describe_type(value)}")
            return None

    def datetime(self, key: str) -> datetime | None:
        value = self._string(key, required=False)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            self.error(key, f"not a date and time (ISO 8601): {describe_type(value)}")
            return None
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)

    # --- ids and nesting ------------------------------------------------------------------------------

    def id(self, key: str = "id", *, fallback: Callable[[], str] | None = None) -> str | None:
        """Our id for the record's id (see `ids`); `fallback` derives one when the feed gave none."""
        value = self.raw(key)
        if value is None:
            if fallback is not None:
                return fallback()
            self.error(key, "required field is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.error(key, f"expected an id (text or a whole number), got {describe_type(value)}")
            return None
        text = str(value).strip()
        if len(text) > 200:
            self.error(key, f"an id of {len(text)} characters is too long")
            return None
        return stable_id(self.ctx.source, text)

    def ref(self, key: str) -> str | None:
        """A reference to another record; bad references are dropped, not fatal."""
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int) or len(str(value)) > 200:
            self.warning(key, f"not an id: {describe_type(value)}; ignored")
            return None
        return stable_id(self.ctx.source, str(value))

    def child(self, key: str, kind: str) -> Fields | None:
        value = self.raw(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(key, f"expected an object, got {describe_type(value)}")
            return None
        return Fields(value, self.at(key), self.ctx, kind)

    def each(self, key: str, kind: str) -> Iterator[tuple[int, Fields]]:
        """Each object of a list (a lone object is accepted as a list of one)."""
        value = self.raw(key)
        if value is None:
            return
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            self.error(key, f"expected a list, got {describe_type(value)}")
            return
        for index, item in enumerate(value):
            path = f"{self.at(key)}[{index}]"
            if not isinstance(item, dict):
                self.ctx.error(path, f"expected an object, got {describe_type(item)}")
                continue
            yield index, Fields(item, path, self.ctx, kind)

    def strings(self, key: str, *, max_len: int) -> list[str] | None:
        """A list of short strings (slugs, codes); a single string is read as a list of one."""
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(key, f"expected a list of text, got {describe_type(value)}")
            return None
        result: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip() or len(item.strip()) > max_len:
                self.ctx.error(f"{self.at(key)}[{index}]", f"expected short text, got {describe_type(item)}")
                continue
            cleaned = clean_plain(item)
            if cleaned not in result:
                result.append(cleaned)
        return result
