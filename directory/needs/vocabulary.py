"""Read the need vocabulary and find needs in free text, in English, Polish, Urdu and Arabic.

Detection is deliberately simple and explainable (words and phrases from editable data), so a moderator
can see why a query matched a need; the statistical understanding lives in the assistant. Each language
has its own way of deciding that a typed word is a vocabulary word (`matching.py`): English exactly,
Polish by stem, Urdu and Arabic by folded letters with attached articles and endings allowed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from ..language import fold, tokens
from .matching import ENGLISH, LANGUAGES, LanguageIndex


@dataclass(frozen=True)
class Need:
    slug: str
    name: str
    description: str
    words: tuple[str, ...]
    phrases: tuple[str, ...]
    # language code ("pl", "ur", "ur-Latn", "ar") -> (words, phrases), as written in needs.json
    translations: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict, hash=False)


@dataclass
class Detection:
    """Needs found in some words, and which words were another language's vocabulary."""

    needs: dict[str, float] = field(default_factory=dict)
    foreign: set[int] = field(default_factory=set)  # positions of words matched in pl/ur/ar only
    languages: dict[str, float] = field(default_factory=dict)  # weight matched per language
    seeking: bool = False  # a word saying the resident wants a service ("help", "pomoc", "مدد")


def words_of(text: str) -> list[str]:
    """The folded words of `text` in any of our scripts (see `directory.language.tokens`)."""
    return tokens(text)


@cache
def _raw() -> dict:
    return json.loads(resources.files(__package__).joinpath("needs.json").read_text(encoding="utf-8"))


# The 16 stable slugs, in needs.json's order (the one place they are written; the assistant's build reads
# the same file). Read at import: every caller of this package needs them.
NEED_SLUGS: tuple[str, ...] = tuple(need["slug"] for need in _raw()["needs"])


@cache
def all_needs() -> tuple[Need, ...]:
    needs = tuple(
        Need(
            slug=n["slug"],
            name=n["name"],
            description=n["description"],
            words=tuple(fold(w) for w in n["words"]),
            phrases=tuple(fold(p) for p in n["phrases"]),
            translations={
                code: (tuple(entry.get("words", ())), tuple(entry.get("phrases", ())))
                for code, entry in n.get("languages", {}).items()
            },
        )
        for n in _raw()["needs"]
    )
    if len(set(NEED_SLUGS)) != len(NEED_SLUGS):
        raise ValueError("needs.json lists a need slug twice")
    unknown = {code for n in needs for code in n.translations} - set(LANGUAGES)
    if unknown:
        raise ValueError(f"needs.json names languages we cannot match: {sorted(unknown)}")
    return needs


def get_need(slug: str) -> Need | None:
    return next((n for n in all_needs() if n.slug == slug), None)


@cache
def _indexes() -> tuple[LanguageIndex, ...]:
    indexes = []
    for code, language in LANGUAGES.items():
        index = LanguageIndex(code, language)
        for need in all_needs():
            words, phrases = (need.words, need.phrases) if code == ENGLISH else need.translations.get(code, ((), ()))
            for entry in (*words, *phrases):
                index.add(entry, need.slug)
        indexes.append(index)
    return tuple(indexes)


@cache
def _seeking_index() -> tuple[LanguageIndex, ...]:
    """Words that ask for a service without naming a need ("help", "advice", "pomoc", "مساعدة")."""
    seeking = _raw().get("seeking", {})
    indexes = []
    for code, entries in seeking.items():
        if code.startswith("_"):
            continue
        index = LanguageIndex(code, LANGUAGES[code])
        for entry in entries:
            index.add(entry, "seeking")
        indexes.append(index)
    return tuple(indexes)


@cache
def need_vocabulary_words() -> frozenset[str]:
    """Every English word the vocabulary knows, used as a dictionary for typo correction.

    Only English: typos are corrected towards English words, and a Polish or Urdu word must never be
    "corrected" into an English one."""
    vocab: set[str] = set()
    for need in all_needs():
        vocab.update(need.words)
        for phrase in need.phrases:
            vocab.update(tokens(phrase))
    return frozenset(w for w in vocab if len(w) > 2)


def detect(words: list[str]) -> Detection:
    """Needs in already-tokenised `words`: a matched phrase counts 2, a lone word 1, in every language."""
    found = Detection()
    english: set[int] = set()
    for index in _indexes():
        for slug, positions, weight in index.matches(words):
            found.needs[slug] = found.needs.get(slug, 0.0) + weight
            found.languages[index.code] = found.languages.get(index.code, 0.0) + weight
            if index.code == ENGLISH:
                english.update(positions)
            else:
                found.foreign.update(positions)
    found.foreign -= english
    found.seeking = any(next(index.matches(words), None) is not None for index in _seeking_index())
    return found


def detect_needs(text: str, *, words: list[str] | None = None) -> dict[str, float]:
    """Needs mentioned in `text`, weighted: a matched phrase counts more than a lone word."""
    return detect(words if words is not None else words_of(text)).needs
