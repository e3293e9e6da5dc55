#!/usr/bin/env python3
"""Move a held-out share of the NLU examples from data/nlu/<lang>/ to tests/nlu/<lang>.yml.

Which examples are held out is decided by a hash of the example's text (stable across runs and
machines), so running this again after adding examples moves about the same share of the new ones
and never moves an example back. Held-out examples never appear in data/ and are used only by
scripts/nlu_eval.py (see scripts/ci.sh).

    bot/.venv/bin/python bot/scripts/split_heldout.py [--percent 18] [--dry-run]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent
NLU_DIR = BOT / "data" / "nlu"
TEST_DIR = BOT / "tests" / "nlu"
LANGUAGES = ("en", "pl", "ur", "ar")
INTENT = re.compile(r"^- intent:\s*(\S+)\s*$")
EXAMPLE = re.compile(r"^    - (.+)$")
BARE_NEED = re.compile(r"\[([^\]]+)\]\(need\)")
NEED_FILE = re.compile(r"^need_([a-z_]+)$")


def with_gold_need(example: str, path: Path) -> str:
    """In data/nlu/<lang>/need_<slug>.yml a bare [phrase](need) takes its slug from the file name; a
    held-out copy says it explicitly, so the evaluation knows the expected need without that file."""
    m = NEED_FILE.match(path.stem)
    if not m:
        return example
    slug = m.group(1).replace("_", "-")
    return BARE_NEED.sub(lambda found: f"[{found.group(1)}](need:{slug})", example)


def held_out(text: str, percent: int) -> bool:
    digest = hashlib.sha1(text.strip().encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


def read_tests(path: Path) -> dict[str, list[str]]:
    tests: dict[str, list[str]] = {}
    intent = None
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if m := INTENT.match(line):
                intent = m.group(1)
                tests.setdefault(intent, [])
            elif (m := EXAMPLE.match(line)) and intent:
                tests[intent].append(m.group(1))
    return tests


def write_tests(path: Path, language: str, tests: dict[str, list[str]]) -> None:
    lines = [
        f"# Held-out NLU test examples ({language}), moved here from data/nlu/{language}/ by",
        "# scripts/split_heldout.py. Never copy them back into data/.",
        'version: "3.1"',
        "nlu:",
    ]
    for intent in sorted(tests):
        if not tests[intent]:
            continue
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {example}" for example in tests[intent]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def split_language(language: str, percent: int, dry_run: bool) -> tuple[int, int]:
    tests_path = TEST_DIR / f"{language}.yml"
    tests = read_tests(tests_path)
    kept = moved = 0
    for path in sorted((NLU_DIR / language).glob("*.yml")):
        out: list[str] = []
        intent = None
        changed = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if m := INTENT.match(line):
                intent = m.group(1)
            elif line and not line.startswith(" ") and not line.startswith("#"):
                intent = None  # a synonym, lookup or regex block: never held out
            m = EXAMPLE.match(line)
            if m and intent and held_out(m.group(1), percent):
                example = with_gold_need(m.group(1), path)
                if example not in tests.setdefault(intent, []):
                    tests[intent].append(example)
                moved += 1
                changed = True
                continue
            if m and intent:
                kept += 1
            out.append(line)
        if changed and not dry_run:
            path.write_text("\n".join(out) + "\n", encoding="utf-8")
    if not dry_run and moved:
        TEST_DIR.mkdir(parents=True, exist_ok=True)
        write_tests(tests_path, language, tests)
    return kept, moved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--percent", type=int, default=18)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    for language in LANGUAGES:
        kept, moved = split_language(language, args.percent, args.dry_run)
        total_tests = sum(len(v) for v in read_tests(TEST_DIR / f"{language}.yml").values())
        print(
            f"{language}: {kept} training examples kept, {moved} moved now, {total_tests} held out in total"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
