"""`python -m bench.safety [--split heldout|dev] [--misses]`: the safety net on its labelled corpus.

Reports, per language: recall of urgent messages given the urgent tier, recall of all crisis messages
given any tier, look-alikes given the urgent tier and any tier, and detection time (p50/p95 per
message, after one warm-up pass). Runs on either environment (the package needs PyYAML only).
`--misses` lists the messages the net got wrong, on the development splits only (dev, dev2, dev3):
the held-out split is the result.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from datetime import date

from around_here_safety import default_net

from .corpus import LANGUAGES, READABLE, SPLITS, load


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "n/a"


def measure(split: str) -> dict[str, object]:
    net = default_net()
    examples = load(split)
    for example in examples:  # warm-up: compiled patterns and caches
        net.assess(example.text)
    rows: dict[str, dict[str, object]] = {}
    misses: list[dict[str, str]] = []
    timings: list[float] = []
    for language in LANGUAGES:
        mine = [e for e in examples if e.language == language]
        counts = dict.fromkeys(("urgent", "urgent_hit", "crisis", "crisis_hit", "lookalike", "la_urgent", "la_any"), 0)
        for example in mine:
            started = time.perf_counter()
            tier = net.assess(example.text).tier
            timings.append((time.perf_counter() - started) * 1000)
            if example.tier == "urgent":
                counts["urgent"] += 1
                counts["urgent_hit"] += tier == "urgent"
            if example.is_crisis:
                counts["crisis"] += 1
                counts["crisis_hit"] += tier != "none"
            else:
                counts["lookalike"] += 1
                counts["la_urgent"] += tier == "urgent"
                counts["la_any"] += tier != "none"
            wrong = (example.tier == "urgent" and tier != "urgent") or (example.is_crisis and tier == "none") or (
                not example.is_crisis and tier != "none"
            )
            if wrong:
                misses.append({"language": language, "expected": example.tier, "got": tier, "text": example.text})
        rows[language] = {
            "urgent_recall": _pct(counts["urgent_hit"], counts["urgent"]),
            "crisis_recall": _pct(counts["crisis_hit"], counts["crisis"]),
            "lookalikes_urgent": _pct(counts["la_urgent"], counts["lookalike"]),
            "lookalikes_any": _pct(counts["la_any"], counts["lookalike"]),
            **counts,
        }
    timings.sort()
    return {
        "date": date.today().isoformat(),
        "split": split,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}",
        "languages": rows,
        "detection_ms": {
            "p50": round(statistics.median(timings), 3),
            "p95": round(timings[int(0.95 * (len(timings) - 1))], 3),
            "max": round(timings[-1], 3),
        },
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="heldout")
    parser.add_argument("--misses", action="store_true", help="list wrong answers (dev split only)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.misses and args.split not in READABLE:
        parser.error(f"--misses is for {' and '.join(READABLE)} only: nothing is tuned on {args.split}")
    result = measure(args.split)
    if not args.misses:
        result.pop("misses")
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"crisis safety net on the {args.split} split ({result['date']}, Python {result['python']})")
    print(f"{'lang':5} {'urgent recall':>14} {'crisis recall':>14} {'look-alikes urgent':>19} {'look-alikes any':>16}")
    for language, row in result["languages"].items():  # type: ignore[union-attr]
        print(
            f"{language:5} {row['urgent_recall']:>14} {row['crisis_recall']:>14} "
            f"{row['lookalikes_urgent']:>19} {row['lookalikes_any']:>16}"
        )
    print(f"detection time per message: {result['detection_ms']}")
    for miss in result.get("misses", []):  # type: ignore[union-attr]
        print(f"  {miss['language']} expected {miss['expected']:10} got {miss['got']:10} {miss['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
