#!/usr/bin/env python3
"""Intent scores per language from one `rasa test nlu --nlu tests/nlu --successes` run.

Reads results/nlu/intent_successes.json and intent_errors.json, tells each held-out example's language
from the tests/nlu/<lang>.yml file it came from, and prints weighted F1, accuracy and counts per
language and overall. Writes results/nlu/intent_f1_by_language.json. Exit code 1 if the overall
weighted F1 is below --min-f1 (default 0 = report only).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score

BOT = Path(__file__).resolve().parent.parent
EXAMPLE = re.compile(r"^    - (.+)$")
ANNOTATION = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")


def plain(text: str) -> str:
    return ANNOTATION.sub(r"\1", text).strip()


def languages(test_dir: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(test_dir.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if m := EXAMPLE.match(line):
                found[plain(m.group(1))] = path.stem
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--results", default=str(BOT / "results" / "nlu"))
    parser.add_argument("--tests", default=str(BOT / "tests" / "nlu"))
    parser.add_argument("--min-f1", type=float, default=0.0)
    args = parser.parse_args()
    results = Path(args.results)
    rows = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = results / name
        if path.exists():
            rows += json.loads(path.read_text(encoding="utf-8"))
    if not rows:
        print("no NLU results found: run rasa test nlu with --successes first", file=sys.stderr)
        return 1
    by_text = languages(Path(args.tests))
    groups: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        language = by_text.get(row["text"].strip(), "unknown")
        pair = (row["intent"], (row.get("intent_prediction") or {}).get("name") or "")
        groups.setdefault(language, []).append(pair)
        groups.setdefault("all", []).append(pair)
    report = {}
    print(f"{'language':<9} {'examples':>8} {'accuracy':>9} {'weighted F1':>12}")
    for language in [*sorted(k for k in groups if k != "all"), "all"]:
        gold, predicted = zip(*groups[language], strict=True)
        f1 = f1_score(gold, predicted, average="weighted", zero_division=0)
        accuracy = accuracy_score(gold, predicted)
        report[language] = {
            "examples": len(gold),
            "accuracy": round(accuracy, 4),
            "weighted_f1": round(f1, 4),
        }
        print(f"{language:<9} {len(gold):>8} {accuracy:>9.3f} {f1:>12.3f}")
    (results / "intent_f1_by_language.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    if report["all"]["weighted_f1"] < args.min_f1:
        print(f"overall intent F1 {report['all']['weighted_f1']:.3f} is below {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
