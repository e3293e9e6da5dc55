"""Whoosh implementation of `SearchBackend`.

Queries are built as query objects, never parsed from user text, so no input can cause a query-syntax
error. Ranking is BM25F on the text fields, boosted by needs detected in the query, then re-ranked in
Python by neighbourhood and distance over the best candidates.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import threading
import warnings
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.searching import Searcher

from ..opening import DAY_CODES, LONDON, Timetable
from ..places import haversine_m
from .base import BackendHit, BackendQuery, BackendResult
from .understanding import STOP_WORDS

log = logging.getLogger(__name__)

SCHEMA_VERSION = "5"
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
        timetable=STORED(),
        lat=STORED(),
        lon=STORED(),
        checked=STORED(),
    )


class IndexUnavailable(RuntimeError):
    """The index is missing or unreadable; the caller rebuilds it from the database."""


class WhooshBackend:
    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self._ix: whoosh_index.Index | None = None
        self._local = threading.local()
        self._open_lock = threading.Lock()
        self._analyzer = analyzer()

    # -- lifecycle -------------------------------------------------------------------------------
    @property
    def _version_file(self) -> Path:
        return self.directory / "SCHEMA_VERSION"

    def exists(self) -> bool:
        # Whoosh leaves the file it failed to read open when an index is damaged; the handle is closed
        # when the exception is dropped, and that ResourceWarning is Whoosh's, not a leak of ours.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                return self._version_file.read_text().strip() == SCHEMA_VERSION and whoosh_index.exists_in(
                    str(self.directory)
                )
            except Exception:  # a damaged index raises whatever whoosh trips over; treat it as missing
                pass
            gc.collect()
        return False

    def index(self) -> whoosh_index.Index:
        with self._open_lock:
            if self._ix is None:
                if not self.exists():
                    raise IndexUnavailable(f"no search index at {self.directory}")
                try:
                    self._ix = whoosh_index.open_dir(str(self.directory))
                except Exception as exc:  # whoosh raises many types for a damaged index
                    raise IndexUnavailable(f"search index at {self.directory} is unreadable: {exc}") from exc
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
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self.index().searcher()
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
        """Build a fresh index beside the live one, then swap it in, so searches never see half an index."""
        self.directory.parent.mkdir(parents=True, exist_ok=True)
        building = self.directory.with_name(self.directory.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir()
        ix = whoosh_index.create_in(str(building), build_schema())
        writer = ix.writer(limitmb=128)
        count = 0
        try:
            for document in documents:
                writer.add_document(**_clean(document))
                count += 1
        except BaseException:
            writer.cancel()
            ix.close()
            shutil.rmtree(building, ignore_errors=True)
            raise
        writer.commit()
        ix.close()
        (building / "SCHEMA_VERSION").write_text(SCHEMA_VERSION)
        self.close()
        old = self.directory.with_name(self.directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if self.directory.exists():
            self.directory.rename(old)
        building.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)
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

    def _text_query(self, query: BackendQuery) -> Q.Query | None:
        """OR of the query's words and detected needs, with very common words demoted to boosters.

        A word found in a large share of services ("support", "help") decides little about ranking
        but dominates the cost of an OR query (every service holding it must be scored), so, as
        Lucene's common-terms query does, such words only add score to services that match the
        rarer words or needs. When every word is common they are matched normally.
        """
        rare: list[Q.Query] = []
        common: list[Q.Query] = []
        reader = self._searcher().reader()
        total = max(1, reader.doc_count())
        for word in dict.fromkeys(query.words):
            stem = self.stem(word)
            if stem is None:
                continue
            clause = Q.Or([Q.Term(field, stem) for field in TEXT_FIELDS])
            share = max(reader.doc_frequency(field, stem) for field in TEXT_FIELDS) / total
            (common if share > COMMON_WORD_SHARE else rare).append(clause)
        rare += [Q.Term("needs", slug, boost=NEED_BOOST) for slug in query.boost_needs]
        if not rare:
            return Q.Or(common) if common else None
        if not common:
            return Q.Or(rare)
        return Q.AndMaybe(Q.Or(rare), Q.Or(common))

    def _ranked_query(self, query: BackendQuery, text_query: Q.Query | None) -> Q.Query:
        """Text (or everything), with services serving the resident's neighbourhood boosted, so the
        best candidates for place re-ranking are among the first `RERANK_DEPTH`."""
        base = text_query if text_query is not None else Q.Every()
        wanted = query.prefer_neighbourhood or query.neighbourhood
        if wanted is None:
            return base
        boost = Q.Or(
            [
                Q.Term("neighbourhoods", wanted, boost=NEIGHBOURHOOD_BOOST),
                Q.Term("neighbourhoods", "*", boost=0.5),
            ]
        )
        return Q.AndMaybe(base, boost)

    def _filter(self, query: BackendQuery) -> Q.Query | None:
        filters: list[Q.Query] = []
        if query.needs:
            filters.append(Q.Or([Q.Term("needs", slug) for slug in query.needs]))
        if query.neighbourhood:
            filters.append(
                Q.Or([Q.Term("neighbourhoods", query.neighbourhood), Q.Term("neighbourhoods", "*")])
            )
        if query.scopes:
            filters.append(Q.Or([Q.Term("scope", scope) for scope in query.scopes]))
        if query.weekday is not None:
            filters.append(Q.Term("open_days", DAY_CODES[query.weekday]))
        if query.open_at is not None:
            local = query.open_at.astimezone(LONDON)
            filters.append(Q.Term("open_hours", f"{DAY_CODES[local.weekday()].lower()}{local.hour:02d}"))
        if query.free_only:
            filters.append(Q.Term("free", True))
        if query.age is not None:
            filters.append(Q.NumericRange("min_age", None, query.age))
            filters.append(Q.NumericRange("max_age", query.age, None))
        for code in query.languages:
            filters.append(Q.Term("languages", code.lower()))
        for code in query.accessibility:
            filters.append(Q.Term("accessibility", code))
        if not filters:
            return None
        return filters[0] if len(filters) == 1 else Q.And(filters)

    def search(self, query: BackendQuery) -> BackendResult:
        searcher = self._searcher()
        text_query = self._text_query(query)
        has_text = text_query is not None
        ranked_query = self._ranked_query(query, text_query)
        filter_query = self._filter(query)
        if query.open_at is not None:
            return self._search_open(searcher, query, ranked_query, filter_query, has_text)
        depth = max(RERANK_DEPTH, query.offset + query.limit)
        results = searcher.search(ranked_query, filter=filter_query, limit=depth)
        top_score = max((score for score, _doc in results.top_n[:1]), default=1.0) or 1.0
        today = _today()
        hits = [
            self._rank(
                query, searcher.stored_fields(docnum), score / top_score if has_text else 1.0, position, today
            )
            for position, (score, docnum) in enumerate(results.top_n)
        ]
        hits.sort(key=lambda h: (-h.score, h.stored.get("position", 0)))
        return BackendResult(hits=hits[query.offset : query.offset + query.limit], total=len(results))

    def _search_open(
        self, searcher: Searcher, query: BackendQuery, ranked_query: Q.Query, filter_query: Q.Query | None,
        has_text: bool,
    ) -> BackendResult:  # fmt: skip
        """ "Open now" needs an exact count, so every candidate left by the hour pre-filter is checked."""
        assert query.open_at is not None
        results = searcher.search(ranked_query, filter=filter_query, limit=None)
        timetables = self._timetables(searcher)
        top_score = max((score for score, _doc in results.top_n[:1]), default=1.0) or 1.0
        hits = []
        today = _today()
        for position, (score, docnum) in enumerate(results.top_n):
            if not timetables(docnum).is_open(query.open_at):
                continue
            fields = searcher.stored_fields(docnum)
            hits.append(self._rank(query, fields, score / top_score if has_text else 1.0, position, today))
        head = sorted(hits[:RERANK_DEPTH], key=lambda h: (-h.score, h.stored.get("position", 0)))
        ranked = head + hits[RERANK_DEPTH:]
        return BackendResult(hits=ranked[query.offset : query.offset + query.limit], total=len(hits))

    def _timetables(self, searcher: Searcher) -> Any:
        """Parsed timetables by document number, kept for this searcher's generation."""
        cached = getattr(self._local, "timetables", None)
        if cached is None or cached[0] is not searcher:
            cached = (searcher, {})
            self._local.timetables = cached
        parsed: dict[int, Timetable] = cached[1]

        def get(docnum: int) -> Timetable:
            table = parsed.get(docnum)
            if table is None:
                table = parsed[docnum] = Timetable.from_json(searcher.stored_fields(docnum)["timetable"])
            return table

        return get

    def match_ids(self, query: BackendQuery, limit: int) -> list[str]:
        """Ids of matching services in text-relevance order, without place ranking: cheap enough to
        intersect with database filters (the ORUK API's AND semantics)."""
        searcher = self._searcher()
        text_query = self._text_query(query)
        results = searcher.search(
            text_query if text_query is not None else Q.Every(), filter=self._filter(query), limit=limit
        )
        ids = self._doc_ids(searcher)
        return [ids[docnum] for _score, docnum in results.top_n]

    def _doc_ids(self, searcher: Searcher) -> dict[int, str]:
        """Document number -> service id for this searcher's generation, computed once per generation."""
        cached = getattr(self._local, "doc_ids", None)
        if cached is not None and cached[0] is searcher:
            return cached[1]
        mapping = {docnum: fields["id"] for docnum, fields in searcher.reader().iter_docs()}
        self._local.doc_ids = (searcher, mapping)
        return mapping

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
