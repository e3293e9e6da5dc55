"""What one index generation (one Whoosh searcher) keeps in memory, and BM25F scoring without matcher trees.

Whoosh scores an OR query by walking a tree of matcher objects, several Python calls per node per
matching document, and counts the total by running the query again. Profiling showed that walk was
most of every search. Here each query term's postings are read once, flat, and scored with the same
BM25F formula and statistics Whoosh uses, so rankings match Whoosh's own; the total is the size of
the candidate set, counted once.

Kept for the life of a generation (a commit makes a new searcher, hence a new `Generation`):
- filter document sets (need, neighbourhood, scope, weekday, hour of week, free, language,
  accessibility, age bounds), since residents filter on a few dozen values;
- scores of the keyword fields (needs, neighbourhoods) and of text terms found in more than
  `COMMON_SHARE` of services, which are few but have the longest postings;
- field lengths, the few stored values ranking needs, and parsed timetables, per document, filled
  as documents are first ranked.
Nothing is keyed by query text: every query still reads its rarer terms' postings and scores them.
"""

from __future__ import annotations

import heapq
from datetime import datetime
from typing import Any

from whoosh import query as Q
from whoosh.scoring import bm25
from whoosh.searching import Searcher

from ..opening import DAY_CODES, LONDON, Timetable

WEEK_MINUTES = 7 * 1440
COMMON_SHARE = 0.08  # text terms in more than this share of services have their scores kept
RANKING_FIELDS = ("id", "needs", "neighbourhoods", "scope", "lat", "lon", "checked")

Scores = dict[int, float]
Term = tuple[str, str, float]  # field, indexed text, query boost


class Generation:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.doc_count = max(1, self.reader.doc_count())
        weighting = searcher.weighting
        self._b = getattr(weighting, "B", 0.75)
        self._k1 = getattr(weighting, "K1", 1.2)
        self._kept_scores: dict[tuple[str, str], Scores] = {}
        self._sets: dict[Any, frozenset[int]] = {}
        self._lengths: dict[str, dict[int, int]] = {}
        self._docs: dict[int, dict[str, Any]] = {}
        self._timetables: dict[int, Timetable] = {}
        self._weekly: dict[int, tuple[tuple[int, int], ...] | None] = {}
        self._live: list[int] | None = None

    # -- statistics ----------------------------------------------------------------------------
    def share(self, field: str, text: str) -> float:
        return self.reader.doc_frequency(field, text) / self.doc_count

    def _length(self, field: str, docnum: int) -> int:
        lengths = self._lengths.setdefault(field, {})
        length = lengths.get(docnum)
        if length is None:
            length = lengths[docnum] = self.reader.doc_field_length(docnum, field, 0)
        return length

    # -- postings ------------------------------------------------------------------------------
    def _read_scores(self, field: str, text: str) -> Scores:
        """BM25F score of every document holding the term, exactly as Whoosh's scorer computes it."""
        if (field, text) not in self.reader:
            return {}
        matcher = self.reader.postings(field, text)
        is_active, doc_id, weight, advance = matcher.is_active, matcher.id, matcher.weight, matcher.next
        scores: Scores = {}
        if not self.searcher.schema[field].scorable:
            while is_active():
                scores[doc_id()] = weight()
                advance()
            return scores
        idf = self.searcher.idf(field, text)
        avg = self.searcher.avg_field_length(field) or 1
        b, k1, length = self._b, self._k1, self._length
        while is_active():
            docnum = doc_id()
            scores[docnum] = bm25(idf, weight(), length(field, docnum), avg, b, k1)
            advance()
        return scores

    def scores(self, field: str, text: str) -> Scores:
        """A term's scores: kept for keyword fields and common words, read afresh for the rest."""
        key = (field, text)
        kept = self._kept_scores.get(key)
        if kept is not None:
            return kept
        scores = self._read_scores(field, text)
        if field in ("needs", "neighbourhoods") or self.share(field, text) > COMMON_SHARE:
            self._kept_scores[key] = scores
        return scores

    # -- filters -------------------------------------------------------------------------------
    def docs(self, key: Any, query: Q.Query) -> frozenset[int]:
        """Documents matching a filter query; `key` names the filter (never the query text)."""
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(query.docs(self.searcher))
        return found

    def live(self) -> list[int]:
        if self._live is None:
            self._live = list(self.reader.all_doc_ids())
        return self._live

    # -- per-document values -------------------------------------------------------------------
    def doc(self, docnum: int) -> dict[str, Any]:
        values = self._docs.get(docnum)
        if values is None:
            stored = self.searcher.stored_fields(docnum)
            values = self._docs[docnum] = {key: stored.get(key) for key in RANKING_FIELDS}
        return values

    def is_open(self, docnum: int, when: datetime) -> bool:
        """`Timetable.is_open`, answered from minute-of-week spans when the timetable is plain weekly
        rules (most are): the full check builds datetimes for every rule, the spans are integers."""
        spans = self._weekly.get(docnum, False)
        if spans is False:
            spans = self._weekly[docnum] = weekly_spans(self.timetable(docnum))
        if spans is None:
            return self.timetable(docnum).is_open(when)
        return open_in_spans(spans, when)

    def timetable(self, docnum: int) -> Timetable:
        table = self._timetables.get(docnum)
        if table is None:
            table = self._timetables[docnum] = Timetable.from_json(
                self.searcher.stored_fields(docnum)["timetable"]
            )
        return table


def weekly_spans(table: Timetable) -> tuple[tuple[int, int], ...] | None:
    """Opening sessions as [start, end) minutes from Monday 00:00, local wall-clock time as
    `Timetable.is_open` compares them (an overnight session runs past its day, Sunday's past the
    week's end). None when closures, monthly rules or validity dates need the full check."""
    if table.closures:
        return None
    spans = []
    for rule in table.rules:
        if rule.freq != "WEEKLY" or rule.valid_from or rule.valid_to:
            return None
        end = rule.closes if rule.closes > rule.opens else rule.closes + 1440
        for code in rule.days:
            if code in DAY_CODES:  # a weekly rule occurs only on plain day codes
                day = DAY_CODES.index(code) * 1440
                spans.append((day + rule.opens, day + end))
    return tuple(spans)


def open_in_spans(spans: tuple[tuple[int, int], ...], when: datetime) -> bool:
    local = when.astimezone(LONDON)
    minute = (
        local.weekday() * 1440
        + local.hour * 60
        + local.minute
        + (local.second + local.microsecond / 1e6) / 60
    )
    return any(start <= minute < end or start <= minute + WEEK_MINUTES < end for start, end in spans)


def add_into(total: Scores, scores: Scores, boost: float) -> None:
    """total += boost × scores, over the union of documents (an OR)."""
    get = total.get
    for docnum, score in scores.items():
        total[docnum] = get(docnum, 0.0) + score * boost


def add_where_present(total: Scores, scores: Scores, boost: float) -> None:
    """total += boost × scores only for documents already in `total` (an AND-MAYBE)."""
    if len(scores) < len(total):
        for docnum, score in scores.items():
            if docnum in total:
                total[docnum] += score * boost
    else:
        get = scores.get
        for docnum in total:
            score = get(docnum)
            if score is not None:
                total[docnum] += score * boost


def union(generation: Generation, terms: list[Term]) -> Scores:
    total: Scores = {}
    for field, text, boost in terms:
        add_into(total, generation.scores(field, text), boost)
    return total


def best(scores: Scores, count: int | None) -> list[tuple[int, float]]:
    """(docnum, score), best first, ties by document number as Whoosh's collector breaks them."""
    if count is None or count >= len(scores):
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return heapq.nsmallest(count, scores.items(), key=lambda item: (-item[1], item[0]))
