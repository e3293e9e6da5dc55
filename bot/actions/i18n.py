"""The assistant's wording, from the gettext catalogs shared with the web app: locales/<lang>/LC_MESSAGES/bot.po.

Every entry has a `msgctxt` that is its stable key (`utter_greet`, `result.open_now`, `need.food`...)
and an English `msgid`. Domain responses are generated from the `utter_*` entries
(scripts/build_responses.py); actions render the rest with `t()`. A missing or fuzzy translation
falls back to English. Standard library only: a small .po reader, no polib/babel needed.
"""

from __future__ import annotations

import ast
import functools
import os
from dataclasses import dataclass
from pathlib import Path

# The repository's top-level locales/ (one source of truth for wording, shared with web/); a deployment
# that lays files out differently sets AROUND_HERE_LOCALES.
LOCALES_DIR = Path(os.environ.get("AROUND_HERE_LOCALES") or Path(__file__).resolve().parents[2] / "locales")
LANGUAGES = ("en", "pl", "ur", "ar")
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = {"ur", "ar"}


@dataclass
class Entry:
    msgctxt: str | None
    msgid: str
    msgstr: str
    fuzzy: bool = False
    comments: tuple[str, ...] = ()


def _unquote(line: str, path: Path, number: int) -> str:
    line = line.strip()
    if not (line.startswith('"') and line.endswith('"')):
        raise ValueError(f"{path}:{number}: expected a quoted string, got {line!r}")
    # PO strings use C escapes, which Python's string literal syntax covers for what we write.
    return ast.literal_eval(line)


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po/.pot file (the header entry, msgid "", is skipped)."""
    entries: list[Entry] = []
    current: dict[str, str] = {}
    flags: set[str] = set()
    comments: list[str] = []
    field: str | None = None

    def flush() -> None:
        nonlocal current, flags, comments, field
        if "msgid" in current and current["msgid"] != "":
            entries.append(
                Entry(
                    msgctxt=current.get("msgctxt"),
                    msgid=current["msgid"],
                    msgstr=current.get("msgstr", ""),
                    fuzzy="fuzzy" in flags,
                    comments=tuple(comments),
                )
            )
        current, flags, comments, field = {}, set(), [], None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            if line.startswith("#.") or line.startswith("# "):
                comments.append(line[2:].strip())
            continue
        if line.startswith('"'):
            if field is None:
                raise ValueError(f"{path}:{number}: continuation line without a keyword")
            current[field] += _unquote(line, path, number)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword not in ("msgctxt", "msgid", "msgstr"):
            raise ValueError(f"{path}:{number}: unsupported keyword {keyword!r}")
        if keyword == "msgctxt" and "msgid" in current:
            flush()
        field = keyword
        current[field] = _unquote(rest, path, number)
    flush()
    return entries


def catalog_path(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / "bot.po"


@functools.cache
def template() -> dict[str, str]:
    """Key -> English text, from bot.pot (the source of the English wording)."""
    return {e.msgctxt or e.msgid: e.msgid for e in parse_po(LOCALES_DIR / "bot.pot")}


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """Key -> text in `language`; untranslated or fuzzy entries are left out."""
    path = catalog_path(language)
    if not path.exists():
        return {}
    return {e.msgctxt or e.msgid: e.msgstr for e in parse_po(path) if e.msgstr and not e.fuzzy}


def normalise_language(language: str | None) -> str:
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def text(key: str, language: str | None = None) -> str:
    """The raw text for `key` in `language`, falling back to English."""
    language = normalise_language(language)
    found = catalog(language).get(key)
    if found is None:
        found = catalog(DEFAULT_LANGUAGE).get(key) or template().get(key)
    if found is None:
        raise KeyError(f"no catalog entry with msgctxt {key!r}")
    return found


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def t(key: str, language: str | None = None, **values: object) -> str:
    """The text for `key` in `language` with {placeholders} filled (missing ones left empty)."""
    raw = text(key, language)
    return raw.format_map(_Blank({k: "" if v is None else v for k, v in values.items()})) if values else raw


def need_label(slug: str | None, language: str | None = None) -> str:
    if not slug:
        return ""
    try:
        return text(f"need.{slug}", language)
    except KeyError:
        return slug.replace("-", " ")
