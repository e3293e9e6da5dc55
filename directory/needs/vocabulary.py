"""Load the need vocabulary lazily and find needs in free text.

Detection is deliberately simple and explainable (words and phrases from editable data), so a moderator
can see why a query matched a need; the statistical understanding lives in the assistant.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

NEED_SLUGS: tuple[str, ...] = (
    "food", "money", "housing", "energy", "mental-health", "loneliness", "carers", "domestic-abuse",
    "health", "substance-use", "employment", "family", "older-people", "disability", "digital", "legal",
)  # fmt: skip

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Need:
    slug: str
    name: str
    description: str
    words: tuple[str, ...]
    phrases: tuple[str, ...]


def fold(text: str) -> str:
    """Lower-case, strip accents and unify apostrophes so "Can’t" matches "can't"."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def words_of(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@cache
def all_needs() -> tuple[Need, ...]:
    raw = json.loads(resources.files(__package__).joinpath("needs.json").read_text(encoding="utf-8"))
    needs = tuple(
        Need(
            slug=n["slug"],
            name=n["name"],
            description=n["description"],
            words=tuple(fold(w) for w in n["words"]),
            phrases=tuple(fold(p) for p in n["phrases"]),
        )
        for n in raw["needs"]
    )
    if tuple(n.slug for n in needs) != NEED_SLUGS:
        raise ValueError("needs.json must list exactly the stable need slugs, in order")
    return needs


def get_need(slug: str) -> Need | None:
    return next((n for n in all_needs() if n.slug == slug), None)


@cache
def _word_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for need in all_needs():
        for word in need.words:
            index.setdefault(word, []).append(need.slug)
    return {w: tuple(s) for w, s in index.items()}


@cache
def _phrase_index() -> tuple[tuple[tuple[str, ...], str], ...]:
    phrases = [(tuple(words_of(p)), n.slug) for n in all_needs() for p in n.phrases]
    return tuple(sorted(phrases, key=lambda item: -len(item[0])))


@cache
def need_vocabulary_words() -> frozenset[str]:
    """Every word the vocabulary knows, used as a dictionary for typo correction."""
    vocab = set(_word_index())
    for phrase, _slug in _phrase_index():
        vocab.update(phrase)
    return frozenset(w for w in vocab if len(w) > 2)


def detect_needs(text: str, *, words: list[str] | None = None) -> dict[str, float]:
    """Needs mentioned in `text`, weighted: a matched phrase counts more than a lone word."""
    tokens = words if words is not None else words_of(text)
    found: dict[str, float] = {}
    joined = " " + " ".join(tokens) + " "
    for phrase, slug in _phrase_index():
        if " " + " ".join(phrase) + " " in joined:
            found[slug] = found.get(slug, 0.0) + 2.0
    index = _word_index()
    for token in tokens:
        for slug in index.get(token, ()):
            found[slug] = found.get(slug, 0.0) + 1.0
    return found
