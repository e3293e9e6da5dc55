"""Grading a ranked list of service ids against one case.

Grades (for nDCG@3): 2 when the service has the case's need and, if the phrasing names a place, serves
that neighbourhood (its own neighbourhoods, or borough-wide/national scope, as the search's neighbourhood
filter reads it); 1 when it has the need but does not serve the named place; 0 otherwise. The ideal
ranking is the best three grades the whole directory offers for the case, so nDCG@3 is 1.0 only when
nothing better was left out. Top-1 and top-3 count the need alone, as `bench.needs` does.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .cases import Case

TOP = 3
Ranker = Callable[[str], Sequence[str]]  # phrasing -> service ids, best first


@dataclass(frozen=True)
class ServiceFacts:
    needs: frozenset[str]
    neighbourhoods: frozenset[str]
    borough_wide: bool

    def serves(self, neighbourhood: str) -> bool:
        return self.borough_wide or neighbourhood in self.neighbourhoods


def grade(facts: ServiceFacts | None, case: Case) -> int:
    if facts is None or case.need not in facts.needs:
        return 0
    if case.place is None or facts.serves(case.place):
        return 2
    return 1


def dcg(grades: Iterable[int]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(grades))


@dataclass
class Tally:
    cases: int = 0
    top1: int = 0
    top3: int = 0
    ndcg: float = 0.0
    misses: list[str] = field(default_factory=list)

    def row(self) -> dict[str, float | int]:
        n = self.cases or 1
        return {
            "cases": self.cases,
            "top3": round(self.top3 / n, 3),
            "top1": round(self.top1 / n, 3),
            "ndcg3": round(self.ndcg / n, 3),
        }


def score(cases: Sequence[Case], rank: Ranker, facts: dict[str, ServiceFacts]) -> dict[str, Tally]:
    """Tallies keyed "all", "dev" and "held-out"."""
    tallies = {"all": Tally(), "dev": Tally(), "held-out": Tally()}
    for case in cases:
        ids = list(rank(case.text))[:TOP]
        grades = [grade(facts.get(i), case) for i in ids]
        ideal = dcg(sorted((grade(f, case) for f in facts.values()), reverse=True)[:TOP])
        has_need = [g > 0 for g in grades]
        for key in ("all", "held-out" if case.held_out else "dev"):
            tally = tallies[key]
            tally.cases += 1
            tally.top1 += bool(has_need[:1] and has_need[0])
            tally.top3 += any(has_need)
            tally.ndcg += dcg(grades) / ideal if ideal else 0.0
            if not any(has_need):
                tally.misses.append(case.text)
    return tallies
