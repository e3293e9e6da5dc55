"""Whoosh implementation of `SearchBackend`.

Queries are built from index terms, never parsed from user text, so no input can cause a query-syntax
error. Ranking is BM25F on the text fields (scored flat, see `generation`), boosted by needs detected
in the query, then re-ranked in Python by neighbourhood, distance and freshness over the best candidates.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import threading
import warnings
from collections.abc import Collection, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from ..opening import DAY_CODES, LONDON
from ..places import haversine_m
from .base import BackendHit, BackendQuery, BackendResult, Reach
from .bulk import BulkWriter
from .generation import Generation, Scores, Term, add_where_present, best, union
from .layout import (
    Pointer,
    next_name,
    pointer_stamp,
    prune,
    read_pointer,
    rebuild_lock,
    remove_generation,
    write_pointer,
)
from .understanding import STOP_WORDS

log = logging.getLogger(__name__)

SCHEMA_VERSION = "6"  # 6: open_whole_hours
REBUILD_LIMIT_MB = 256  # the writer's in-memory posting pool: a 50,000-service build spills to disk less
# Two text fields, not one per source column: every extra field multiplies the postings each query
# word must merge, and field boosts on the name carry most of the ranking signal.
TEXT_FIELDS = {"name": 3.0, "body": 1.0}
NEED_BOOST = 5.0
NEIGHBOURHOOD_BOOST = 1.5
COMMON_WORD_SHARE = 0.08  # words in more than this share of services only boost (see _text_query)
UNLOCATED_M = 5000.0
RERANK_DEPTH = 60  # best text matches re-ranked by place; a neighbourhood boost in the query feeds it
# Fresher listings rank slightly higher: a listing confirmed today keeps its score, one not confirmed
# for FRESHNESS_HORIZON_DAYS or more loses FRESHNESS_WEIGHT of it (linearly in between), so relevance
# and place still decide, and freshness orders near-equal matches.
FRESHNESS_WEIGHT = 0.1
FRESHNESS_HORIZON_DAYS = 730


def analyzer() -> Any:
    return StemmingAnalyzer(stoplist=STOP_WORDS, minsize=2)


def build_schema() -> Schema:
    ana = analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        name=TEXT(analyzer=ana, field_boost=TEXT_FIELDS["name"]),
        body=TEXT(analyzer=ana),
        needs=KEYWORD(commas=True, scorable=True, stored=True),
        neighbourhoods=KEYWORD(commas=True, scorable=True, stored=True),
        scope=ID(stored=True),
        languages=KEYWORD(commas=True, lowercase=True),
        accessibility=KEYWORD(commas=True),
        free=BOOLEAN(stored=True),
        min_age=NUMERIC(int, bits=32, signed=True),
        max_age=NUMERIC(int, bits=32, signed=True),
        open_days=KEYWORD(commas=True),
        open_hours=KEYWORD(commas=True),
        open_whole_hours=KEYWORD(commas=True),
        timetable=STORED(),
        lat=STORED(),
        lon=STORED(),
        checked=STORED(),
    )


class IndexUnavailable(RuntimeError):
    """The index is missing or unreadable; the caller rebuilds it from the database."""


class WhooshBackend:
    """The index lives in generations (see `layout`): searches read the live one, a rebuild writes
    the next beside it and switches the pointer, and each thread's searcher follows the pointer."""

    def __init__(self, directory: str | os.PathLike[str], *, limitmb: int = REBUILD_LIMIT_MB) -> None:
        self.directory = Path(directory)
        self.limitmb = limitmb
        self._ix: whoosh_index.Index | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._local = threading.local()
        self._open_lock = threading.Lock()
        self._analyzer = analyzer()

    # -- lifecycle -------------------------------------------------------------------------------
    def live_generation(self) -> str | None:
        """The index name of the generation searches use, from the pointer file."""
        pointer = read_pointer(self.directory)
        return pointer.name if pointer is not None else None

    def exists(self) -> bool:
        # Whoosh leaves the file it failed to read open when an index is damaged; the handle is closed
        # when the exception is dropped, and that ResourceWarning is Whoosh's, not a leak of ours.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                pointer = read_pointer(self.directory)
                return (
                    pointer is not None
                    and pointer.schema == SCHEMA_VERSION
                    and whoosh_index.exists_in(str(self.directory), indexname=pointer.name)
                )
            except Exception:  # a damaged index raises whatever whoosh trips over; treat it as missing
                pass
            gc.collect()
        return False

    def index(self) -> whoosh_index.Index:
        """The live generation's index, reopened when the pointer has been replaced (one stat a call)."""
        with self._open_lock:
            stamp = pointer_stamp(self.directory)  # read before the pointer: a switch in between reopens
            if self._ix is not None and stamp is not None and stamp == self._stamp:
                return self._ix
            if not self.exists():
                raise IndexUnavailable(f"no search index at {self.directory}")
            name = self.live_generation()
            try:
                self._ix = whoosh_index.open_dir(str(self.directory), indexname=name)
            except Exception as exc:  # whoosh raises many types for a damaged index
                raise IndexUnavailable(f"search index at {self.directory} is unreadable: {exc}") from exc
            self._stamp = stamp
            return self._ix

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None
        with self._open_lock:
            if self._ix is not None:
                self._ix.close()
            self._ix = None
            self._stamp = None
        self._local = threading.local()

    def healthy(self) -> bool:
        try:
            with self.index().searcher() as searcher:
                searcher.doc_count()
            return True
        except Exception:
            log.warning("search index at %s is not healthy", self.directory, exc_info=True)
            return False

    def _searcher(self) -> Searcher:
        """This thread's searcher on the live generation: refreshed after commits, replaced after a
        switch (the old generation's searcher is closed; its files may already be unlinked)."""
        ix = self.index()
        searcher = getattr(self._local, "searcher", None)
        if searcher is None or getattr(self._local, "ix", None) is not ix:
            if searcher is not None:
                searcher.close()
            searcher = ix.searcher()
            self._local.ix = ix
        else:
            searcher = searcher.refresh()
        self._local.searcher = searcher
        return searcher

    # -- writing ---------------------------------------------------------------------------------
    def writer(self, timeout: float = 60.0) -> Any:
        """Whoosh's writer holds a file lock: the one-writer guarantee across processes."""
        return self.index().writer(timeout=timeout, delay=0.05)

    def apply(self, upserts: Iterable[dict[str, Any]], deletes: Iterable[str], *, writer: Any = None) -> None:
        own = writer is None
        writer = writer or self.writer()
        try:
            for service_id in deletes:
                writer.delete_by_term("id", service_id)
            for document in upserts:
                writer.update_document(**_clean(document))
        except BaseException:
            if own:
                writer.cancel()
            raise
        if own:
            writer.commit()

    def rebuild(self, documents: Iterable[dict[str, Any]]) -> int:
        """Build the next generation beside the live one, then switch the pointer to it.

        Searches keep answering from the live generation until the new one is complete and
        committed; a failure (or a crash) mid-build leaves the live one in place. Changes applied to
        the live generation meanwhile are not in the new one: the caller re-applies what changed
        since the position it read before gathering `documents`. The generation before the new one
        is kept (a process that read the old pointer a moment ago can still open it); older ones are
        removed.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        with rebuild_lock(self.directory):
            live = self.live_generation()
            name = next_name(self.directory, live)
            count = self._build(name, documents)
            write_pointer(self.directory, Pointer(name=name, schema=SCHEMA_VERSION))
            removed = prune(self.directory, keep={name} | ({live} if live else set()))
        log.info("search index generation %s is live (%s documents); removed %s", name, count, removed)
        return count

    def _build(self, name: str, documents: Iterable[dict[str, Any]]) -> int:
        ix = FileStorage(str(self.directory)).create_index(build_schema(), indexname=name)
        writer = BulkWriter(ix, limitmb=self.limitmb)
        count = 0
        try:
            for document in documents:
                writer.add_document(**_clean(document))
                count += 1
            writer.commit()
        except BaseException:
            with contextlib.suppress(Exception):  # a failed commit may have closed the writer already
                writer.cancel()
            remove_generation(self.directory, name)
            raise
        return count

    # -- reading ---------------------------------------------------------------------------------
    def document_ids(self) -> set[str]:
        searcher = self._searcher()
        return {fields["id"] for fields in searcher.all_stored_fields()}

    def doc_count(self) -> int:
        return self._searcher().doc_count()

    def stem(self, word: str) -> str | None:
        tokens = [t.text for t in self._analyzer(word)]
        return tokens[0] if tokens else None

    def known_word(self, word: str) -> bool:
        stem = self.stem(word)
        if stem is None:
            return False
        reader = self._searcher().reader()
        return any(reader.doc_frequency(field, stem) > 0 for field in TEXT_FIELDS)

    def suggest(self, word: str) -> str | None:
        """Closest indexed word (as an index term) within one edit, preferring common ones."""
        stem = self.stem(word)
        if stem is None or len(stem) < 4:
            return None
        reader = self._searcher().reader()
        best: tuple[int, str] | None = None
        for field in TEXT_FIELDS:
            for term in reader.terms_within(field, stem, 1, prefix=1):
                freq = reader.doc_frequency(field, term)
                if best is None or freq > best[0]:
                    best = (freq, term)
        return best[1] if best else None

    def _generation(self) -> Generation:
        """This thread's searcher with what it keeps in memory; a commit brings a new generation."""
        searcher = self._searcher()
        generation = getattr(self._local, "generation", None)
        if generation is None or generation.searcher is not searcher:
            generation = self._local.generation = Generation(searcher)
        return generation

    def _text_terms(self, generation: Generation, query: BackendQuery) -> tuple[list[Term], list[Term]]:
        """The query's words and detected needs as (rare, common) terms; very common words only boost.

        A word found in a large share of services ("support", "help") decides little about ranking
        but would make every service holding it a candidate, so, as Lucene's common-terms query does,
        such words only add score to services that match the rarer words or needs. When every word
        is common they are matched normally.
        """
        rare: list[Term] = []
        common: list[Term] = []
        for word in dict.fromkeys(query.words):
            stem = self.stem(word)
            if stem is None:
                continue
            terms = [(field, stem, 1.0) for field in TEXT_FIELDS]
            share = max(generation.share(field, stem) for field in TEXT_FIELDS)
            (common if share > COMMON_WORD_SHARE else rare).extend(terms)
        rare += [("needs", slug, NEED_BOOST) for slug in query.boost_needs]
        return rare, common

    def _candidates(
        self, generation: Generation, query: BackendQuery, *, place_boost: bool = True
    ) -> tuple[Scores, bool]:
        """Every service matching the text and the filters, with its BM25F score plus the
        neighbourhood boost that brings local services into the re-ranked head."""
        rare, common = self._text_terms(generation, query)
        allowed = self._allowed(generation, query)
        has_text = bool(rare or common)
        if rare:
            scores = union(generation, rare)
            for field, text, boost in common:
                add_where_present(scores, generation.scores(field, text), boost)
        elif common:
            scores = union(generation, common)
        else:
            source = allowed if allowed is not None else generation.live()
            scores = dict.fromkeys(source, 1.0)
        if allowed is not None and has_text:
            scores = {docnum: score for docnum, score in scores.items() if docnum in allowed}
        wanted = query.prefer_neighbourhood or query.neighbourhood
        if place_boost and wanted is not None and scores:
            add_where_present(scores, generation.scores("neighbourhoods", wanted), NEIGHBOURHOOD_BOOST)
            add_where_present(scores, generation.scores("neighbourhoods", "*"), 0.5)
        return scores, has_text

    def _allowed(self, generation: Generation, query: BackendQuery) -> frozenset[int] | None:
        """Intersection of the filters' document sets, each kept for the generation; None: no filter."""
        sets: list[frozenset[int]] = []

        def any_of(field: str, values: Iterable[Any]) -> None:
            values = tuple(values)
            sets.append(generation.docs((field, values), Q.Or([Q.Term(field, v) for v in values])))

        if query.needs:
            any_of("needs", query.needs)
        if query.neighbourhood:
            any_of("neighbourhoods", (query.neighbourhood, "*"))
        if query.scopes:
            any_of("scope", query.scopes)
        if query.weekday is not None:
            any_of("open_days", (DAY_CODES[query.weekday],))
        if query.open_at is not None:
            local = query.open_at.astimezone(LONDON)
            any_of("open_hours", (f"{DAY_CODES[local.weekday()].lower()}{local.hour:02d}",))
        if query.free_only:
            any_of("free", (True,))
        if query.age is not None:
            sets.append(generation.docs(("min_age<=", query.age), Q.NumericRange("min_age", None, query.age)))
            sets.append(generation.docs(("max_age>=", query.age), Q.NumericRange("max_age", query.age, None)))
        for code in query.languages:
            any_of("languages", (code.lower(),))
        for code in query.accessibility:
            any_of("accessibility", (code,))
        if not sets:
            return None
        sets.sort(key=len)
        return sets[0].intersection(*sets[1:]) if len(sets) > 1 else sets[0]

    def search(self, query: BackendQuery) -> BackendResult:
        generation = self._generation()
        scores, has_text = self._candidates(generation, query)
        if query.open_at is not None:
            return self._search_open(generation, query, scores, has_text)
        depth = max(RERANK_DEPTH, query.offset + query.limit)
        head = best(scores, depth)
        top_score = (head[0][1] if head else 1.0) or 1.0
        today = _today()
        hits = [
            self._rank(query, generation.doc(docnum), score / top_score if has_text else 1.0, position, today)
            for position, (docnum, score) in enumerate(head)
        ]
        hits.sort(key=lambda h: (-h.score, h.stored.get("position", 0)))
        return BackendResult(
            hits=hits[query.offset : query.offset + query.limit],
            total=len(scores),
            reach=_reach(generation, scores, query) if query.count_reach else None,
        )

    def _search_open(
        self, generation: Generation, query: BackendQuery, scores: Scores, has_text: bool
    ) -> BackendResult:
        """ "Open now" needs an exact count, so every candidate left by the hour pre-filter is checked
        against its timetable (parsed once per generation); only the page's head is ranked by place."""
        assert query.open_at is not None
        ordered = best(scores, None)
        top_score = (ordered[0][1] if ordered else 1.0) or 1.0
        when = query.open_at
        local = when.astimezone(LONDON)
        hour = f"{DAY_CODES[local.weekday()].lower()}{local.hour:02d}"
        # Open every week for the whole of this hour: no timetable to check (see `whole_hour_tokens`).
        surely = generation.docs(("open_whole_hours", hour), Q.Term("open_whole_hours", hour))
        is_open = [(position, docnum, score) for position, (docnum, score) in enumerate(ordered)
                   if docnum in surely or generation.is_open(docnum, when)]  # fmt: skip
        depth = max(RERANK_DEPTH, query.offset + query.limit)
        today = _today()
        ranked = [
            self._rank(query, generation.doc(docnum), score / top_score if has_text else 1.0, position, today)
            for position, docnum, score in is_open[:depth]
        ]
        head = sorted(ranked[:RERANK_DEPTH], key=lambda h: (-h.score, h.stored.get("position", 0)))
        ranked = head + ranked[RERANK_DEPTH:]
        reach = _reach(generation, {docnum for _, docnum, _ in is_open}, query) if query.count_reach else None
        return BackendResult(
            hits=ranked[query.offset : query.offset + query.limit], total=len(is_open), reach=reach
        )

    def match_ids(self, query: BackendQuery, limit: int) -> list[str]:
        """Ids of matching services in text-relevance order, without place ranking: cheap enough to
        intersect with database filters (the ORUK API's AND semantics)."""
        generation = self._generation()
        scores, _has_text = self._candidates(generation, query, place_boost=False)
        return [generation.doc(docnum)["id"] for docnum, _score in best(scores, limit)]

    def _rank(
        self, query: BackendQuery, fields: dict[str, Any], text_score: float, position: int, today: int
    ) -> BackendHit:
        factor = freshness_factor(fields.get("checked"), today)
        hoods = set((fields.get("neighbourhoods") or "").split(","))
        everywhere = "*" in hoods
        wanted = query.prefer_neighbourhood or query.neighbourhood
        serves = None if wanted is None else (wanted in hoods or everywhere)
        if wanted is not None:
            if wanted in hoods:
                factor *= 1.5
            elif everywhere:
                factor *= 1.15 if fields.get("scope") == "borough" else 1.0
            else:
                factor *= 0.6
        distance = None
        if query.near is not None:
            if fields.get("lat") is not None:
                distance = haversine_m(query.near.lat, query.near.lon, fields["lat"], fields["lon"])
            # A service with no place to go (a helpline) ranks as if it were a short bus ride away.
            factor *= 1.0 / (1.0 + (distance if distance is not None else UNLOCATED_M) / 4000.0) ** 0.5
        return BackendHit(
            service_id=fields["id"],
            score=text_score * factor,
            distance_m=distance,
            serves_neighbourhood=serves,
            stored={"position": position, "needs": fields.get("needs", ""), "scope": fields.get("scope")},
        )


def _reach(generation: Generation, matches: Collection[int], query: BackendQuery) -> Reach:
    """Count the matches by the filter sets kept for the generation, walking whichever side is smaller."""

    def count(members: frozenset[int]) -> int:
        if len(members) <= len(matches):
            return sum(1 for docnum in members if docnum in matches)
        return sum(1 for docnum in matches if docnum in members)

    def scope(name: str) -> frozenset[int]:
        return generation.docs(("scope", (name,)), Q.Or([Q.Term("scope", name)]))

    wanted = query.prefer_neighbourhood or query.neighbourhood
    if wanted:
        local = generation.docs(
            ("reach-local", wanted), Q.And([Q.Term("scope", "local"), Q.Term("neighbourhoods", wanted)])
        )
    else:
        local = scope("local")
    return Reach(local=count(local), borough=count(scope("borough")), national=count(scope("national")))


def _today() -> int:
    """Today's day number in London, read once per query for every candidate's freshness."""
    return datetime.now(LONDON).date().toordinal()


def freshness_factor(checked: int | None, today: int) -> float:
    """The share of its score a listing keeps for its age (day numbers; no date: middle-aged)."""
    if checked is None:
        return 1.0 - FRESHNESS_WEIGHT / 2
    age = min(max(today - int(checked), 0), FRESHNESS_HORIZON_DAYS)
    return 1.0 - FRESHNESS_WEIGHT * age / FRESHNESS_HORIZON_DAYS


def _clean(document: dict[str, Any]) -> dict[str, Any]:
    """Whoosh rejects None for indexed fields; omit them instead."""
    return {key: value for key, value in document.items() if value is not None}
