"""From what a resident typed to a query: words cleaned, typos corrected, needs and place found.

Text in Polish, Urdu or Arabic is understood by the same need vocabulary (`directory.needs`): its need
words become needs to search with, and nothing in it is "corrected" towards English.

Everything here is tolerant: any string (empty, 2,000 characters of junk, query syntax such as `AND (`)
gives a usable, possibly empty, analysis and never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from ..language import is_arabic_script
from ..needs import need_vocabulary_words
from ..needs.vocabulary import detect, words_of

MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 24
STOP_WORDS = frozenset(
    """a an and are as at be by can do for from get got has have help i i'm im in is it me my need
    needs of on or please some someone somewhere that the there this to want wants with you your any
    anyone anything looking find where near nearby around local am we our us""".split()
)


@dataclass
class QueryAnalysis:
    text: str
    words: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    needs: dict[str, float] = field(default_factory=dict)
    seeking: bool = False  # a word asking for a service ("help", "pomoc", "مدد") even without a need

    @property
    def in_scope(self) -> bool:
        """Whether the text asks for something the directory holds: a need, or a service-seeking word.
        Weather, football scores or jokes have neither, so no listing is offered for them."""
        return bool(self.needs) or self.seeking


@cache
def _deletion_index() -> dict[str, tuple[str, ...]]:
    """SymSpell-style map from each word and its one-letter deletions to vocabulary words."""
    index: dict[str, set[str]] = {}
    for word in need_vocabulary_words() - STOP_WORDS:
        for variant in {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}:
            index.setdefault(variant, set()).add(word)
    return {key: tuple(sorted(value)) for key, value in index.items()}


def correct_to_vocabulary(word: str) -> str | None:
    """A need-vocabulary word within one edit (insert, delete, substitute) of `word`, if unambiguous."""
    if len(word) < 3 or word in need_vocabulary_words():
        return None
    index = _deletion_index()
    candidates: set[str] = set(index.get(word, ()))
    for i in range(len(word)):
        candidates.update(index.get(word[:i] + word[i + 1 :], ()))
    # Most typos keep the first letter, and a short word is only ever corrected by a missing letter
    # ("fod" -> "food"), so ordinary words the vocabulary lacks ("till") are not turned into needs.
    candidates = {
        c for c in candidates
        if c[0] == word[0] and _edit_distance_le1(word, c) and (len(word) > 3 or len(c) > len(word))
    }  # fmt: skip
    if not candidates:
        return None
    direct = _direct_words()
    return min(candidates, key=lambda c: (c not in direct, abs(len(c) - len(word)), c))


@cache
def _direct_words() -> frozenset[str]:
    from ..needs import all_needs

    return frozenset(w for need in all_needs() for w in need.words)


def _edit_distance_le1(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def analyse(
    text: str,
    *,
    known_word: Callable[[str], bool] = lambda _w: False,
    suggest: Callable[[str], str | None] = lambda _w: None,
    stop_words: frozenset[str] = frozenset(),
    exclude: frozenset[str] = frozenset(),
) -> QueryAnalysis:
    """Clean and correct `text`. `known_word`/`suggest` consult the index's own vocabulary."""
    text = (text or "")[:MAX_QUERY_CHARS]
    raw = [w for w in words_of(text) if w not in exclude][:MAX_QUERY_WORDS]
    analysis = QueryAnalysis(text=text)
    first = detect(raw)
    # A query in another language is matched by its need words; English typo correction would only
    # turn its other words into unrelated English ones ("praca" is not a typo for "grace").
    english = first.languages.get("en", 0.0)
    foreign = sum(first.languages.values()) - english > english or any(is_arabic_script(w) for w in raw)
    corrected: list[str] = []
    for position, word in enumerate(raw):
        if foreign or position in first.foreign or word in stop_words or len(word) > 40:
            corrected.append(word)
            continue
        if word in need_vocabulary_words() or known_word(word):
            corrected.append(word)
            continue
        fixed = correct_to_vocabulary(word) or suggest(word)
        if fixed and fixed != word:
            analysis.corrections[word] = fixed
            corrected.append(fixed)
        else:
            corrected.append(word)
    found = detect(corrected)
    analysis.needs, analysis.seeking = found.needs, found.seeking
    analysis.words = [w for w in corrected if w not in stop_words]
    return analysis
