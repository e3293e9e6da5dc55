"""Read ORUK JSON files incrementally (ijson), so a 50,000-service feed never sits in memory at once.

A file may hold one service record, a list of records, an ORUK page (`{total_items, ..., contents}`)
or our export package (`{version, taxonomies, services, x_around_here}`). The shape is found from the
start of the file; each pass then streams the records again from disk. Bytes are checked as UTF-8
while they stream, and a malformed or truncated file is reported with the byte where reading stopped.
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
