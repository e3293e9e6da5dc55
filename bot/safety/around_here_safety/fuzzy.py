"""Key words recognised through typos: "sucidal", "sucide", "overdoes", "paracetomol".

Residents in distress type fast, on phones, often in a second language. A short list of key words per
language (`fuzzy:` in the rule files) is matched at a small edit distance (one edit for words under 8
letters, two from 8), counting a swap of neighbouring letters as one edit. Only rare words belong on
that list: "pills" is one edit from "bills", so common words stay exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

MIN_LENGTH = 5


def _limit(term: str) -> int:
    return 1 if len(term) < 8 else 2


def distance_within(a: str, b: str, limit: int) -> bool:
    """Whether the optimal-string-alignment distance between a and b is at most `limit`."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return False
        previous2, previous = previous, current
    return previous[len(b)] <= limit


class Corrector:
    """Replaces words within a typo or two of a key word by that key word."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = frozenset(t for t in terms if len(t) >= MIN_LENGTH and " " not in t)
        self._by_length: dict[int, tuple[str, ...]] = {}
        for length in {len(t) for t in self.terms}:
            self._by_length[length] = tuple(sorted(t for t in self.terms if len(t) == length))
        self.correct_word = lru_cache(maxsize=8192)(self._correct_word)

    def _correct_word(self, word: str) -> str:
        if len(word) < MIN_LENGTH or word in self.terms or not word.isalpha():
            return word
        for delta in (0, -1, 1, -2, 2):
            for term in self._by_length.get(len(word) + delta, ()):
                if word[0] != term[0] and word[-1] != term[-1]:
                    continue  # a typo rarely changes both ends of a word
                if distance_within(word, term, _limit(term)):
                    return term
        return word

    def correct(self, normalised: str) -> str:
        """The text (normalised: single spaces, padded) with near-misses of key words corrected."""
        if not self.terms:
            return normalised
        words = normalised.split()
        return " " + " ".join(self.correct_word(w) for w in words) + " "
