"""The engines scored side by side, each as a function from a phrasing to service ids, best first.

Whoosh is reached exactly as residents reach it, through `/api/search` on the Flask test client (need
detection, spelling, places, re-ranking included). SQLite FTS5 and PostgreSQL are plain full-text
baselines over the same documents (name, description, organisation, need words): the phrasing's words
OR-ed, ranked by bm25 / ts_rank, no place handling. The listings are English, so for Polish, Urdu and
Arabic they are labelled "no baseline" in the report rather than compared.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from flask.testing import FlaskClient

from bench.search.fts5 import Fts5Search, documents
from bench.search.fts5 import build as build_fts5
from directory.needs.vocabulary import words_of
from directory.search.service import SearchRequest
from directory.search.understanding import STOP_WORDS

from .scoring import TOP, Ranker

POSTGRES_DSN = "postgresql://postgres@127.0.0.1:5432/test"


def whoosh(client: FlaskClient) -> Ranker:
    def rank(text: str) -> list[str]:
        body = client.get("/api/search", query_string={"q": text, "per_page": TOP}).get_json()
        return [result["id"] for result in body["results"]]

    return rank


def fts5(database: Path) -> tuple[Ranker, Fts5Search]:
    """Builds the FTS5 table in `database` (a copy of the app's SQLite file) and ranks with it."""
    build_fts5(database)
    engine = Fts5Search(database)

    def rank(text: str) -> list[str]:
        return engine.search(SearchRequest(text=text, per_page=TOP))[0]

    return rank, engine


def _words(text: str) -> list[str]:
    return list(dict.fromkeys(w for w in words_of(text) if w not in STOP_WORDS and len(w) >= 2))


class PostgresSearch:
    """`to_tsvector('english')` with weights A name, B organisation and need words, C description, in a
    temporary schema that `close` drops; each word of the phrasing a `plainto_tsquery`, OR-ed, ranked
    by `ts_rank`."""

    def __init__(self, rows: Sequence[tuple[str, str, str, str, str]], dsn: str = POSTGRES_DSN) -> None:
        import psycopg

        self.connection = psycopg.connect(dsn, connect_timeout=3, autocommit=True)
        self.schema = f"relevance_{uuid.uuid4().hex[:12]}"
        with self.connection.cursor() as cur:
            cur.execute(f'CREATE SCHEMA "{self.schema}"')
            cur.execute(f'SET search_path TO "{self.schema}"')
            cur.execute(
                "CREATE TABLE doc (id text PRIMARY KEY, name text, description text, organisation text,"
                " need_text text, body tsvector)"
            )
            cur.executemany("INSERT INTO doc VALUES (%s, %s, %s, %s, %s, NULL)", rows)
            cur.execute(
                "UPDATE doc SET body = setweight(to_tsvector('english', name), 'A')"
                " || setweight(to_tsvector('english', organisation), 'B')"
                " || setweight(to_tsvector('english', need_text), 'B')"
                " || setweight(to_tsvector('english', description), 'C')"
            )
            cur.execute("CREATE INDEX doc_body ON doc USING gin (body)")

    def rank(self, text: str) -> list[str]:
        words = _words(text)
        if not words:
            return []
        query = " || ".join("plainto_tsquery('english', %s)" for _ in words)
        with self.connection.cursor() as cur:
            cur.execute(
                f"SELECT id FROM doc, (SELECT {query} AS q) AS t WHERE body @@ q"
                " ORDER BY ts_rank(body, q) DESC, id LIMIT %s",
                [*words, TOP],
            )
            return [row[0] for row in cur.fetchall()]

    def close(self) -> None:
        with self.connection.cursor() as cur:
            cur.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
        self.connection.close()


def postgres(database: Path, dsn: str = POSTGRES_DSN) -> tuple[Ranker | None, PostgresSearch | None, str]:
    """(ranker, engine, "") when PostgreSQL answers, else (None, None, why it was skipped)."""
    try:
        engine = PostgresSearch(documents(database), dsn)
    except Exception as exc:  # not reachable, no such database, no driver: skipped, saying why
        return None, None, f"skipped: PostgreSQL not reachable at {dsn} ({type(exc).__name__})"
    return engine.rank, engine, ""
