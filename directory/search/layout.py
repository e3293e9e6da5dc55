"""Index generations on disk: whole Whoosh indexes side by side in one directory, and a pointer file
naming the live one.

A rebuild writes a complete new index under a new name while searches keep reading the live one,
then switches by replacing the pointer file (`os.replace` is atomic): a searcher sees the old index
or the new one, never half of one, and a rebuild that crashes leaves the old one live. Whoosh names
every file of an index after the index (`_<name>_<n>.toc`, `<name>_<segment>.seg`,
`<name>_WRITELOCK`, a `<name>.tmp` folder while writing), so generations share the directory
without clashing, and a generation is removed by name.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

POINTER = "CURRENT.json"
REBUILD_LOCK = "REBUILD.lock"
LEGACY_NAME = "MAIN"  # the single index of the layout before generations (Whoosh's default name)
LEGACY_FILES = ("SCHEMA_VERSION",)
_NAME = re.compile(r"^_?(gen\d{6,})(?:_|\.tmp$)")
_LEGACY = re.compile(rf"^_?{LEGACY_NAME}(?:_|\.tmp$)")


@dataclass(frozen=True)
class Pointer:
    """The live generation's index name and the schema version it was built with."""

    name: str
    schema: str


def read_pointer(directory: Path) -> Pointer | None:
    try:
        data = json.loads((directory / POINTER).read_text())
        return Pointer(name=str(data["name"]), schema=str(data["schema"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pointer_stamp(directory: Path) -> tuple[int, int, int] | None:
    """Changes whenever the pointer is replaced (a new inode), so readers re-read it only then."""
    try:
        info = os.stat(directory / POINTER)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def write_pointer(directory: Path, pointer: Pointer) -> None:
    """Switch generations: written to a temporary file, flushed, then renamed over the pointer."""
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".pointer-")
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump({"name": pointer.name, "schema": pointer.schema}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, directory / POINTER)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_directory(directory)


def _sync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def generation_names(directory: Path) -> set[str]:
    """Names of the generations with any file in `directory`, complete or not."""
    names = set()
    for entry in os.listdir(directory):
        match = _NAME.match(entry)
        if match:
            names.add(match.group(1))
    return names


def _number(name: str) -> int:
    return int(name[3:])


def next_name(directory: Path, live: str | None) -> str:
    """A name above every generation present (and the live one), so a new build never reuses files."""
    numbers = [_number(name) for name in generation_names(directory)]
    if live is not None and _NAME.match(live + "_"):
        numbers.append(_number(live))
    return f"gen{max(numbers, default=0) + 1:06d}"


def _remove(directory: Path, entry: str) -> None:
    path = directory / entry
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_generation(directory: Path, name: str) -> None:
    for entry in os.listdir(directory):
        match = _NAME.match(entry)
        if match and match.group(1) == name:
            _remove(directory, entry)


def prune(directory: Path, keep: set[str]) -> list[str]:
    """Remove generations older than the newest kept one, except those kept, and the old layout's files.

    Generations newer than every kept one are left alone: another process may be building one.
    Files of a removed generation that a searcher still has open stay readable until it closes them
    (POSIX unlink), so a searcher mid-query never fails; it moves to the live generation on its next
    query.
    """
    newest = max((_number(name) for name in keep), default=0)
    removed = []
    for name in generation_names(directory):
        if name not in keep and _number(name) < newest:
            remove_generation(directory, name)
            removed.append(name)
    for entry in os.listdir(directory):
        if _LEGACY.match(entry) or entry in LEGACY_FILES:
            _remove(directory, entry)
    return removed


@contextmanager
def rebuild_lock(directory: Path) -> Iterator[None]:
    """One rebuild at a time per index directory, across processes (released if the process dies)."""
    with open(directory / REBUILD_LOCK, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
