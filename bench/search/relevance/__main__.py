"""`python -m bench.search.relevance`: top-3, top-1 and nDCG@3 per engine and language, in one run.

Add `--split dev|held-out` to score one split, `--misses` to list what Whoosh missed, `--json FILE` to
keep the numbers and misses, `--no-postgres` to leave PostgreSQL out.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from .cases import LANGUAGES
from .suite import PLAIN_FTS_NOTE, run

NAMES = {"en": "English", "pl": "Polish", "ur": "Urdu", "ar": "Arabic"}


def table(result: dict[str, Any], split: str) -> str:
    engines = result["engines"]
    lines = [
        "| language | cases | engine | top-3 | top-1 | nDCG@3 |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for language in LANGUAGES:
        for name, scores in engines.items():
            if isinstance(scores, str):
                lines.append(f"| {NAMES[language]} | | {name} | {scores} | | |")
                continue
            row = scores[language][split].row()
            label = name if language == "en" or name == "whoosh" else f"{name} ({PLAIN_FTS_NOTE})"
            lines.append(
                f"| {NAMES[language]} | {row['cases']} | {label} | {row['top3']:.1%} | {row['top1']:.1%}"
                f" | {row['ndcg3']:.3f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("all", "dev", "held-out"), default=None)
    parser.add_argument("--misses", action="store_true", help="print every phrasing Whoosh missed")
    parser.add_argument("--json", type=Path, help="write numbers and misses to this file")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-relevance-") as tmp:
        result = run(Path(tmp), with_postgres=not args.no_postgres)
    print(f"{result['cases']} cases, {result['services']} services, {date.today()}, {platform.python_version()}")
    for split in [args.split] if args.split else ["all", "dev", "held-out"]:
        print(f"\n{split}\n{table(result, split)}")
    whoosh = result["engines"]["whoosh"]
    if args.misses:
        for language in LANGUAGES:
            for split in ("dev", "held-out"):
                for text in whoosh[language][split].misses:
                    print(f"miss {language} {split}: {text}")
    if args.json:
        out = {
            "date": str(date.today()),
            "python": platform.python_version(),
            "cases": result["cases"],
            "engines": {
                name: scores if isinstance(scores, str) else {
                    lang: {split: tally.row() for split, tally in by_split.items()}
                    for lang, by_split in scores.items()
                }
                for name, scores in result["engines"].items()
            },
            "whoosh_misses": {
                lang: {split: whoosh[lang][split].misses for split in ("dev", "held-out")} for lang in LANGUAGES
            },
        }
        args.json.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"\n{time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
