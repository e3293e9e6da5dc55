"""How each language decides that a typed word is a vocabulary word.

Every language turns a typed word into a set of keys and a vocabulary entry into one key per word; a
word matches an entry when the entry's key is among the word's keys. Keys are plain strings, so all
matching is dictionary look-ups, whatever the language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..language import arabic_keys, is_arabic_script, polish_stem, tokens

ENGLISH = "en"
_DOUBLED = re.compile(r"([a-z])\1+")


def _english(word: str) -> frozenset[str]:
    return frozenset((word,))


def _polish(word: str) -> frozenset[str]:
    return frozenset() if is_arabic_script(word) else frozenset((polish_stem(word),))


def _romanised_urdu(word: str) -> frozenset[str]:
    """Romanised Urdu has no fixed spelling: "khaana"/"khana", "madadd"/"madad" meet once doubled
    letters are single."""
    return frozenset() if is_arabic_script(word) else frozenset((_DOUBLED.sub(r"\1", word.replace("'", "")),))


def _arabic_script(word: str) -> frozenset[str]:
    return arabic_keys(word) if is_arabic_script(word) else frozenset()


def _arabic_entry(word: str) -> str:
    return word


@dataclass(frozen=True)
class Language:
    keys: Callable[[str], frozenset[str]]  # a typed word's keys
    entry_key: Callable[[str], str]  # a vocabulary word's key


LANGUAGES: dict[str, Language] = {
    ENGLISH: Language(_english, lambda w: w),
    "pl": Language(_polish, polish_stem),
    "ur-Latn": Language(_romanised_urdu, lambda w: next(iter(_romanised_urdu(w)))),
    "ur": Language(_arabic_script, _arabic_entry),
    "ar": Language(_arabic_script, _arabic_entry),
}


class LanguageIndex:
    """One language's vocabulary: entries (words and phrases) by the key of their first word."""

    def __init__(self, code: str, language: Language) -> None:
        self.code = code
        self.language = language
        self._entries: dict[str, list[tuple[tuple[str, ...], str]]] = {}

    def add(self, entry: str, label: str) -> None:
        words = tokens(entry)
        if not words:
            raise ValueError(f"vocabulary entry {entry!r} ({self.code}) has no words")
        keys = tuple(self.language.entry_key(w) for w in words)
        self._entries.setdefault(keys[0], []).append((keys, label))

    def matches(self, words: list[str]) -> Iterator[tuple[str, range, float]]:
        """(label, positions, weight) for every entry found in `words`: 2 for a phrase, 1 for a word.
        A vocabulary word found in several forms of one typed word counts once."""
        keys = [self.language.keys(w) for w in words]
        for start, first in enumerate(keys):
            seen: set[tuple[str, ...]] = set()
            for key in first:
                for entry, label in self._entries.get(key, ()):
                    end = start + len(entry)
                    if (entry, label) in seen or end > len(keys):
                        continue
                    if all(entry[i] in keys[start + i] for i in range(1, len(entry))):
                        seen.add((entry, label))
                        yield label, range(start, end), 2.0 if len(entry) > 1 else 1.0
