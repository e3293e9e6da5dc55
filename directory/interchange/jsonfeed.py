"""Read ORUK JSON files incrementally (ijson), so a 50,000-service feed never sits in memory at once.

A file may hold one service record, a list of records, an ORUK page (`{total_items, ..., contents}`)
or our export package (`{version, taxonomies, services, x_around_here}`). The shape is found from the
start of the file; each pass then streams the records again from disk. Bytes are checked as UTF-8
while they stream, and a malformed or truncated file is reported with the byte where reading stopped.

Before anything else one quick pass refuses nesting deeper than any ORUK record goes: building
`[[[[...]]]]` a hundred thousand levels deep would exhaust memory in the parser, and recursion (Python's
`json`, our own checks) downstream.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson

from .normalise import Ownership
from .report import FeedError, Problem

_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}
_READ_SIZE = 64 * 1024
# An ORUK package nests about ten levels (package, services, service, locations, location, addresses...);
# a GeoJSON extent given as an object adds a few more.
MAX_DEPTH = 64
_OPEN_EVENTS = frozenset({"start_map", "start_array"})
_CLOSE_EVENTS = frozenset({"end_map", "end_array"})
TOO_DEEP = "json_too_deep"


@dataclass(frozen=True)
class FeedItem:
    """One top-level record: its 1-based position (or CSV row number) and the raw JSON-like value."""

    record: int
    raw: Any
    problems: tuple[Problem, ...] = ()


class Utf8Stream:
    """A binary reader that fails with a clear message at the first byte that is not UTF-8."""

    def __init__(self, handle: IO[bytes], *, check: bool = True) -> None:
        self.handle = handle
        self.offset = 0
        self.decoder = codecs.getincrementaldecoder("utf-8")() if check else None

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""  # ijson probes with read(0) to learn whether the stream gives bytes or text
        chunk = self.handle.read(size if size > 0 else _READ_SIZE)
        if self.decoder is not None:
            try:
                self.decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                position = self.offset + max(exc.start, 0)
                raise FeedError(
                    f"byte {position:,} is not valid UTF-8: the file is probably in another encoding "
                    "(Latin-1 or Windows-1252, for example); save it as UTF-8 and try again"
                ) from None
        self.offset += len(chunk)
        return chunk


def open_checked(path: Path, *, check: bool = True) -> tuple[IO[bytes], Utf8Stream]:
    """Open `path` past any UTF-8 byte-order mark, refusing UTF-16/32 files by name."""
    handle = path.open("rb")
    head = handle.read(4)
    for bom, name in _BOMS.items():
        if head.startswith(bom):
            handle.close()
            raise FeedError(f"the file is {name}-encoded; save it as UTF-8 and try again")
    if b"\x00" in head:
        handle.close()
        raise FeedError("the file looks UTF-16-encoded (it has NUL bytes); save it as UTF-8 and try again")
    handle.seek(3 if head.startswith(codecs.BOM_UTF8) else 0)
    return handle, Utf8Stream(handle, check=check)


def _json_error(exc: Exception, stream: Utf8Stream) -> FeedError:
    message = exc.args[0] if exc.args else str(exc)
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    first_line = str(message).strip().splitlines()[0] if str(message).strip() else type(exc).__name__
    hint = " (the file ends too soon: it may be truncated)" if "premature EOF" in first_line else ""
    return FeedError(f"not valid JSON near byte {stream.offset:,}{hint}: {first_line}")


def too_deep(where: str = "") -> FeedError:
    """The problem `check_depth` and the URL reader report (`where`: " near byte ...", say)."""
    return FeedError(
        f"JSON nested more than {MAX_DEPTH} levels deep{where}; no ORUK record is, so it is refused",
        code=TOO_DEEP,
    )


def check_depth(stream: Utf8Stream) -> None:
    """Read the whole stream's structure (no values kept), refusing nesting deeper than `MAX_DEPTH`."""
    depth = 0
    for event, _ in ijson.basic_parse(stream, use_float=True):
        if event in _OPEN_EVENTS:
            depth += 1
            if depth > MAX_DEPTH:
                raise too_deep(f" (near byte {stream.offset:,})")
        elif event in _CLOSE_EVENTS:
            depth -= 1


def nesting_depth(value: Any) -> int:
    """How deeply `value` nests lists and objects, measured without recursion (so at any depth)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in children)
    return deepest


@dataclass
class JsonFeed:
    """An ORUK JSON file as a re-readable stream of top-level records."""

    path: Path
    name: str
    kind: str = "oruk"
    unit: str = "record"
    ownership: Ownership | None = None
    shape: str = ""
    top_keys: set[str] = field(default_factory=set)
    warnings: list[Problem] = field(default_factory=list)

    def open(self, _session: Any = None) -> None:
        """Find the file's shape from its start (cheap: stops as soon as the shape is known)."""
        if not self.path.is_file():
            raise FeedError(f"no such file: {self.path}")
        handle, stream = open_checked(self.path)
        try:
            check_depth(stream)
        except ijson.JSONError as exc:
            raise _json_error(exc, stream) from None
        finally:
            handle.close()
        handle, stream = open_checked(self.path, check=False)  # the bytes were checked just now
        try:
            self.shape = self._find_shape(stream)
        except ijson.JSONError as exc:
            raise _json_error(exc, stream) from None
        finally:
            handle.close()

    def _find_shape(self, stream: Utf8Stream) -> str:
        events = ijson.parse(stream)
        for prefix, event, value in events:
            if prefix == "" and event == "start_array":
                return "array"
            if prefix == "" and event in ("string", "number", "boolean", "null"):
                raise FeedError("expected a JSON object or list of services, found a single value")
            if prefix == "" and event == "map_key":
                self.top_keys.add(value)
                _, value_event, _ = next(events)
                if value == "contents" and value_event == "start_array":
                    return "page"
                if value == "services" and value_event == "start_array" and "id" not in self.top_keys:
                    return "package"
                if value == "id":
                    return "record"
        return "record"

    def items(self) -> Iterator[FeedItem]:
        prefix = {"array": "item", "page": "contents.item", "package": "services.item"}.get(self.shape, "")
        for position, raw in enumerate(self._stream(prefix), start=1):
            yield FeedItem(position, raw)

    def taxonomies(self) -> Iterator[Any]:
        return self._stream("taxonomies.item") if self.shape == "package" else iter(())

    def neighbourhoods(self) -> Iterator[Any]:
        return self._stream("x_around_here.neighbourhoods.item") if self.shape == "package" else iter(())

    def terms(self) -> Iterator[Any]:
        """Terms outside any taxonomy (our package lists them apart; ORUK nests terms elsewhere)."""
        return self._stream("taxonomy_terms.item") if self.shape == "package" else iter(())

    def field_label(self, path: str) -> str:
        return path

    def close(self) -> None:
        """Nothing to release: each pass opens and closes the file."""

    def _stream(self, prefix: str) -> Iterator[Any]:
        handle, stream = open_checked(self.path)
        try:
            yield from ijson.items(stream, prefix, use_float=True)
        except ijson.JSONError as exc:
            raise _json_error(exc, stream) from None
        finally:
            handle.close()
