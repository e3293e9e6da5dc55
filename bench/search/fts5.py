"""SQLite FTS5 over the same directory: the baseline that needs no separate index to keep in step.

Deliberately plain: the resident's words OR-ed into a MATCH, `bm25()` with the same field weights as the
Whoosh schema, filters as SQL over the normalised tables, top ten plus the total (a results page needs
both). No spelling correction, need detection or place re-ranking, so it is the floor for a SQL design,
not an equal in result quality; the report says so next to the numbers.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from directory.needs import all_needs
from directory.needs.vocabulary import words_of
from directory.opening import DAY_CODES, LONDON
from directory.search.service import SearchRequest
from directory.search.understanding import STOP_WORDS

# Same order as the virtual table's columns: name weighs most, as in the Whoosh schema.
COLUMNS = ("name", "description", "organisation", "need_text")
WEIGHTS = "3.0, 1.0, 1.5, 1.2"


def connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


def _fts_bytes(connection: sqlite3.Connection) -> int:
    row = connection.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'service_fts%'").fetchone()
    return int(row[0] or 0)


def build(path: Path) -> dict[str, Any]:
    """Create and fill the FTS5 table from the directory tables; returns time and size."""
    connection = connect(path)
    try:
        start = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute("DROP TABLE IF EXISTS service_fts")
        connection.execute(
            "CREATE VIRTUAL TABLE service_fts USING fts5(name, description, organisation, need_text,"
            " tokenize='porter unicode61')"
        )
        connection.execute("CREATE TEMP TABLE need_words (code TEXT PRIMARY KEY, words TEXT)")
        connection.executemany(
            "INSERT INTO need_words VALUES (?, ?)",
            [(n.slug, " ".join([n.name, *n.words, *n.phrases])) for n in all_needs()],
        )
        connection.execute(
            """
            INSERT INTO service_fts (rowid, name, description, organisation, need_text)
            SELECT s.rowid, s.name, coalesce(s.description, ''), coalesce(o.name, ''),
                   coalesce((SELECT group_concat(w.words, ' ')
                             FROM attribute a
                             JOIN taxonomy_term t ON t.id = a.taxonomy_term_id
                             JOIN need_words w ON w.code = t.code
                             WHERE a.link_id = s.id AND a.link_type = 'service'), '')
            FROM service s LEFT JOIN organization o ON o.id = s.organization_id
            WHERE s.status = 'active'
            """
        )
        connection.execute("INSERT INTO service_fts (service_fts) VALUES ('optimize')")
        connection.execute("COMMIT")
        seconds = time.perf_counter() - start
        documents = connection.execute("SELECT count(*) FROM service_fts").fetchone()[0]
        return {"seconds": round(seconds, 3), "documents": documents, "bytes": _fts_bytes(connection)}
    finally:
        connection.close()


def match_expression(text: str) -> str | None:
    """Each remaining word as a quoted FTS5 string, OR-ed: no user input can be query syntax."""
    words = [w for w in words_of(text) if w not in STOP_WORDS and len(w) >= 2]
    if not words:
        return None
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in dict.fromkeys(words))


def _open_now_sql(now: datetime) -> tuple[str, list[Any]]:
    """Open at `now`: a weekly or monthly rule for today whose hours contain now, and no closure today."""
    local = now.astimezone(LONDON)
    day = local.date()
    code = DAY_CODES[day.weekday()]
    nth = f"{(day.day - 1) // 7 + 1}{code}"
    last = f"-1{code}" if (day + timedelta(days=7)).month != day.month else nth
    clock = local.strftime("%H:%M:%S.000000")
    sql = """
        EXISTS (SELECT 1 FROM schedule sc WHERE sc.service_id = s.id
                AND sc.opens_at IS NOT NULL AND sc.closes_at IS NOT NULL
                AND (sc.valid_from IS NULL OR sc.valid_from <= ?)
                AND (sc.valid_to IS NULL OR sc.valid_to >= ?)
                AND sc.opens_at <= ? AND (sc.closes_at > ? OR sc.closes_at >= '23:59')
                AND ((upper(coalesce(sc.freq, 'WEEKLY')) = 'WEEKLY'
                      AND (coalesce(sc.byday, '') = '' OR instr(',' || upper(sc.byday) || ',', ?) > 0))
                  OR (upper(sc.freq) = 'MONTHLY'
                      AND (instr(',' || upper(coalesce(sc.byday, '')) || ',', ?) > 0
                        OR instr(',' || upper(coalesce(sc.byday, '')) || ',', ?) > 0
                        OR instr(',' || coalesce(sc.bymonthday, '') || ',', ?) > 0))))
        AND NOT EXISTS (SELECT 1 FROM closure c
                        WHERE c.service_id = s.id AND c.starts_on <= ? AND c.ends_on >= ?)
    """
    iso = day.isoformat()
    params = [iso, iso, clock, clock, f",{code},", f",{nth},", f",{last},", f",{day.day},", iso, iso]
    return sql, params


def where_clause(request: SearchRequest) -> tuple[list[str], list[Any]]:
    """The request's filters as SQL over the normalised tables (what a SQL-only design would run)."""
    clauses: list[str] = ["s.status = 'active'"]
    params: list[Any] = []
    if request.needs:
        marks = ", ".join("?" for _ in request.needs)
        clauses.append(
            "EXISTS (SELECT 1 FROM attribute a JOIN taxonomy_term t ON t.id = a.taxonomy_term_id"
            f" WHERE a.link_id = s.id AND a.link_type = 'service' AND t.code IN ({marks}))"
        )
        params += list(request.needs)
    if request.neighbourhood:
        clauses.append(
            "(s.scope IN ('borough', 'national') OR EXISTS (SELECT 1 FROM service_neighbourhood sn"
            " JOIN neighbourhood n ON n.id = sn.neighbourhood_id WHERE sn.service_id = s.id AND n.slug = ?))"
        )
        params.append(request.neighbourhood)
    if request.weekday is not None:
        code = DAY_CODES[request.weekday]
        clauses.append(
            "EXISTS (SELECT 1 FROM schedule sc WHERE sc.service_id = s.id AND sc.opens_at IS NOT NULL"
            " AND sc.closes_at IS NOT NULL AND ((upper(coalesce(sc.freq, 'WEEKLY')) = 'WEEKLY'"
            " AND coalesce(sc.byday, '') = '') OR instr(upper(coalesce(sc.byday, '')), ?) > 0))"
        )
        params.append(code)
    if request.free_only:
        clauses.append(
            "NOT EXISTS (SELECT 1 FROM cost_option co WHERE co.service_id = s.id AND co.amount > 0)"
        )
    if request.age is not None:
        clauses.append("coalesce(s.minimum_age, 0) <= ? AND coalesce(s.maximum_age, 200) >= ?")
        params += [request.age, request.age]
    for code in request.languages:
        clauses.append("EXISTS (SELECT 1 FROM language l WHERE l.service_id = s.id AND lower(l.code) = ?)")
        params.append(code.lower())
    for code in request.accessibility:
        clauses.append(
            "EXISTS (SELECT 1 FROM service_at_location sal"
            " JOIN accessibility ac ON ac.location_id = sal.location_id"
            " WHERE sal.service_id = s.id AND ac.code = ?)"
        )
        params.append(code)
    if request.open_now:
        sql, extra = _open_now_sql(request.now or datetime.now(LONDON))
        clauses.append(sql)
        params += extra
    return clauses, params


class Fts5Search:
    """Runs a `SearchRequest` as one SQL statement: ids of the requested page and the total."""

    def __init__(self, path: Path) -> None:
        self.connection = connect(path)

    def search(self, request: SearchRequest) -> tuple[list[str], int]:
        clauses, params = where_clause(request)
        offset = (request.page - 1) * request.per_page
        match = match_expression(request.text)
        if match is None:
            sql = (
                "SELECT s.id, count(*) OVER () FROM service s WHERE " + " AND ".join(clauses)
                + " ORDER BY s.name LIMIT ? OFFSET ?"
            )  # fmt: skip
            rows = self.connection.execute(sql, [*params, request.per_page, offset]).fetchall()
        else:
            sql = (
                f"SELECT s.id, count(*) OVER () FROM (SELECT rowid, bm25(service_fts, {WEIGHTS}) AS score"
                " FROM service_fts WHERE service_fts MATCH ?) f CROSS JOIN service s ON s.rowid = f.rowid"
                " WHERE " + " AND ".join(clauses) + " ORDER BY f.score LIMIT ? OFFSET ?"
            )  # fmt: skip
            # CROSS JOIN keeps FTS5 as the outer loop; otherwise SQLite may scan `service` by status and
            # re-run the MATCH for every row (seconds per query at 10k services).
            rows = self.connection.execute(sql, [match, *params, request.per_page, offset]).fetchall()
        return [r[0] for r in rows], (rows[0][1] if rows else 0)

    def close(self) -> None:
        self.connection.close()


def documents(path: Path) -> list[tuple[str, str, str, str, str]]:
    """(service id, name, description, organisation, need text) as indexed by `build`: the same text for
    other full-text baselines (the relevance suite's PostgreSQL one)."""
    connection = connect(path)
    try:
        return connection.execute(
            "SELECT s.id, f.name, f.description, f.organisation, f.need_text"
            " FROM service_fts f JOIN service s ON s.rowid = f.rowid ORDER BY s.id"
        ).fetchall()
    finally:
        connection.close()
