"""Turn one run's results into tables (stdout and Markdown) and the docs/benchmarks.md section."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .workload import GROUP_NOTES, GROUPS, TIMED_PHRASINGS

SECTION_TITLE = "## Search (bench/search)"
TARGET_SIZE = 10_000
TARGET_P95_MS = 20.0
HAND_NOTES = re.compile(r"<!-- hand-notes:start -->.*?<!-- hand-notes:end -->", re.S)


def _mb(value: float | int | None) -> str:
    return "–" if value is None else f"{value / 2**20:.1f}"


def _ms(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _duration(seconds: float) -> str:
    return f"{seconds / 60:.1f} min" if seconds >= 120 else f"{seconds:.0f} s"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def build_table(results: dict[str, Any]) -> str:
    rows = []
    for entry in results["sizes"]:
        build, traced, fts = entry["whoosh_build"], entry.get("tracemalloc", {}), entry["fts5"]["build"]
        peak = traced.get("tracemalloc_peak_mb")
        trace = f"{peak:.0f} ({traced['slowdown']:.1f}× slower)" if peak is not None else "skipped"
        rows.append([
            f"{entry['size']:,}", f"{entry['generate']['seconds']:.1f}", f"{build['seconds']:.1f}",
            f"{build['docs_per_second']:.0f}", _mb(build["index_bytes"]), f"{fts['seconds']:.2f}",
            _mb(fts["bytes"]), f"{entry['generate']['maxrss_mb']:.0f}", f"{build['maxrss_mb']:.0f}",
            f"{entry['whoosh_query']['maxrss_mb']:.0f}", f"{entry['fts5']['maxrss_mb']:.0f}", trace,
        ])  # fmt: skip
    header = [
        "services", "generate s", "Whoosh build s", "Whoosh docs/s", "index MB", "FTS5 build s", "FTS5 MB",
        "RSS gen MB", "RSS build MB", "RSS search MB", "RSS FTS5 MB", "tracemalloc peak MB (build)",
    ]  # fmt: skip
    return _table(header, rows)


def latency_table(results: dict[str, Any]) -> str:
    rows = []
    for entry in results["sizes"]:
        for group in GROUPS:
            w = entry["whoosh_query"]["groups"][group]
            f = entry["fts5"]["groups"][group]
            rows.append([
                f"{entry['size']:,}", group, str(w["n"]), _ms(w["p50"]), _ms(w["p95"]), _ms(w["p99"]),
                _ms(w["mean"]), _ms(f["p50"]), _ms(f["p95"]), _ms(f["p99"]), _ms(f["mean"]),
                f"{w['mean_total']:,.0f}", f"{entry['overlap'][group]:.2f}",
                f"{w['zero_results']}/{f['zero_results']} of {w['checked']}",
            ])  # fmt: skip
    header = [
        "services", "group", "n", "Whoosh p50", "p95", "p99", "mean", "FTS5 p50", "p95", "p99", "mean",
        "matches", "top-10 overlap", "no results W/F",
    ]  # fmt: skip
    return _table(header, rows)


def _p95(entry: dict[str, Any], engine: str, groups: tuple[str, ...] = GROUPS) -> float:
    return max(entry[engine]["groups"][g]["p95"] for g in groups)


def reading(results: dict[str, Any]) -> str:
    """A factual paragraph computed from the numbers, so it can never disagree with the table."""
    by_size = {e["size"]: e for e in results["sizes"]}
    parts: list[str] = []
    target = by_size.get(TARGET_SIZE)
    if target is None:
        parts.append(f"This run had no {TARGET_SIZE:,}-service size, so the target was not checked.")
    else:
        no_open = tuple(g for g in GROUPS if g != "open_now")
        worst = _p95(target, "whoosh_query")
        worst_plain = _p95(target, "whoosh_query", no_open)
        met = worst <= TARGET_P95_MS
        fts_worst = _p95(target, "fts5")
        parts.append(
            f"**Target {'met' if met else 'not met'}.** At {TARGET_SIZE:,} services Whoosh's worst group "
            f"p95 is {worst:.0f} ms ({worst_plain:.0f} ms leaving out open_now) against a target of "
            f"{TARGET_P95_MS:.0f} ms; FTS5 over the same data reaches {fts_worst:.0f} ms"
            + (", so as written it would miss the target too." if fts_worst > TARGET_P95_MS else ".")
        )
        groups = target["whoosh_query"]["groups"]
        ratios = [groups[g]["p50"] / max(target["fts5"]["groups"][g]["p50"], 1e-6) for g in GROUPS]
        overlap = sum(target["overlap"].values()) / len(target["overlap"])
        parts.append(
            f"Whoosh's median is {min(ratios):.1f}–{max(ratios):.1f}× FTS5's depending on the group; it also "
            "does spelling correction, need detection and place re-ranking, none of which the FTS5 "
            f"baseline has (on average {overlap:.0%} of Whoosh's first page is also in FTS5's)."
        )
        matches = groups["text"]["mean_total"]
        slowest = ", ".join(f'"{s["text"]}"' for s in groups["text"]["slowest"])
        parts.append(
            f"The cost follows the number of matches: the average phrasing matches {matches:,.0f} of the "
            f"{TARGET_SIZE:,} services ({matches / TARGET_SIZE:.0%}) — a need detected in the text matches "
            "every service tagged with it. Every match is scored, in Python, by reading each rarer word's "
            "postings once (BM25F, as Whoosh's own scorer computes it) and adding the scores of common words and "
            "needs kept per index generation; the total is the number of candidates, counted once; the slowest "
            f"phrasings were {slowest}."
        )
        slowdown = groups["open_now"]["p50"] / max(groups["text+place"]["p50"], 1e-6)
        parts.append(
            f'"Open now" costs {slowdown:.1f}× the same query without it at p50: an hour-of-week token '
            "pre-filters the candidates; those open for that whole hour every week (an indexed token) need no "
            "check, and each one left is checked against its opening times so the total is exact."
        )
    sizes = sorted(by_size)
    if len(sizes) >= 2:
        small, large = by_size[sizes[0]], by_size[sizes[-1]]
        text_p50 = [e["whoosh_query"]["groups"]["text"]["p50"] for e in (small, large)]
        growth = text_p50[1] / max(text_p50[0], 1e-6)
        parts.append(
            f"From {sizes[0]:,} to {sizes[-1]:,} services ({sizes[-1] / sizes[0]:.0f}× the data) the text "
            f"p50 grows {growth:.0f}×: a common word matches a fixed share of the directory, so a bigger "
            "directory means more matches to score."
        )
        build_small, build_large = small["whoosh_build"], large["whoosh_build"]
        parts.append(
            f"Index builds run at {build_large['docs_per_second']:.0f} services/s at {sizes[-1]:,} "
            f"({build_small['docs_per_second']:.0f}/s at {sizes[0]:,}), so a full rebuild of {sizes[-1]:,} "
            f"takes {_duration(build_large['seconds'])}; FTS5 builds in "
            f"{large['fts5']['build']['seconds']:.1f} s."
        )
    return " ".join(parts)


def section(results: dict[str, Any], command: str) -> str:
    m = results["machine"]
    notes = "".join(f"\n- {note}" for note in results.get("notes", []))
    groups = "\n".join(f"- `{g}`: {GROUP_NOTES[g]}" for g in GROUPS)
    return f"""{SECTION_TITLE}

Run on {results["date"]} with `{command}`; results in `{results["out"]}`.

Machine: {m["cpu"]}, {m["cores"]} cores, {m["ram_gib"]} GiB RAM; Python {m["python"]}, Whoosh {m["whoosh"]},
SQLite {m["sqlite"]}, SQLAlchemy {m["sqlalchemy"]} ({m["os"]}).

Synthetic directories (seed {results["config"]["seed"]}) are generated per size from the need vocabulary
and Stockport place names: 1–3 needs per service, ~5% borough-wide, schedules, languages, accessibility,
costs and ages. Each size is measured in fresh subprocesses (generate, Whoosh build, Whoosh search,
FTS5), so RSS is each step's own peak. Latencies are end to end through `DirectorySearch.search` for
Whoosh (query understanding, place resolution, re-ranking) and one SQL statement for FTS5 (words OR-ed,
`bm25()` with the same field weights, filters as SQL, top ten plus the total). Timed after a warm-up pass
over every distinct request; the timed requests are the same kinds of need, typo and slang in other words
(`TIMED_PHRASINGS` in `workload.py`), so no warm-up wording is timed; groups:

{groups}

**Target:** p95 ≤ {TARGET_P95_MS:.0f} ms at {TARGET_SIZE:,} services on a 2-core machine.

### Build and memory

{build_table(results)}

### Query latency (ms)

{latency_table(results)}

"matches" is Whoosh's mean result total (services matching at least one word), "top-10 overlap" the
mean share of Whoosh's page that FTS5's page also holds, and "no results" the distinct phrasings (first
pass over the {len(TIMED_PHRASINGS)} timed phrasings) that got an empty page from Whoosh/FTS5. The numbers are for
`directory/search` as it stood on the run date.
{notes}

### Reading

{reading(results)}
"""


def update_docs(path: Path, new_section: str) -> None:
    """Replace this benchmark's section (keeping hand-written notes in it), leaving other sections alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find(SECTION_TITLE)
    if start == -1:
        path.write_text(text.rstrip("\n") + "\n\n" + new_section.rstrip("\n") + "\n", encoding="utf-8")
        return
    following = text.find("\n## ", start + len(SECTION_TITLE))
    end = len(text) if following == -1 else following + 1
    old = text[start:end]
    kept = HAND_NOTES.search(old)
    body = new_section.rstrip("\n") + "\n"
    if kept:
        body += "\n" + kept.group(0) + "\n"
    path.write_text(text[:start] + body + ("\n" + text[end:] if following != -1 else ""), encoding="utf-8")
