"""`bot/.venv/bin/python -m bench.bot.first_turn [--model M] [--nlu-only]`: does the assistant read the
need right, and does a need message get services on the first turn?

Uses the held-out need messages (bot/tests/nlu, `find_help` examples with a need annotated; never
trained on).

1. NLU, in process: per language, the share whose need comes out exactly right ("right"), with a need
   that is not the annotated one ("wrong": a silent guess) or with no need at all ("none").
2. The running stack (directory app, action server, Rasa server), one fresh conversation per message,
   the language given as channel metadata as the widget does: the share answered with services on the
   first turn, the share asked "which part of Stockport", the share told "I'm not sure which kind of
   help you mean", and whether the need slot is then one of the 16 slugs (it must always be, or empty).

Prints a table and writes bench/results/bot_first_turn.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import urllib.request
import uuid
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
sys.path.insert(0, str(BOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from scripts.nlu_eval import SLUGS, load_agent, parse_all, quiet_logs, read_examples  # noqa: E402
from scripts.stack import Stack  # noqa: E402

ASK_PLACE = (
    "Which part of Stockport",
    "W której części Stockport",
    "سٹاک پورٹ کے کس",
    "في أي جزء من ستوكبورت",
)


def need_examples(test_dir: Path):
    return [e for e in read_examples(test_dir) if e.intent == "find_help" and e.needs]


def nlu(model: Path, examples) -> dict:
    quiet_logs()
    outcomes = asyncio.run(parse_all(load_agent(model), examples))
    table: dict[str, Counter] = defaultdict(Counter)
    for o in outcomes:
        row = table[o.example.language]
        row["n"] += 1
        if o.needs == o.example.needs:
            row["right"] += 1
        elif o.needs - o.example.needs:
            row["wrong"] += 1
        elif o.needs:
            row["partial"] += 1
        else:
            row["none"] += 1
    return {lang: dict(row) for lang, row in sorted(table.items())}


def tracker_need(stack: Stack, sender: str) -> object:
    token = getattr(stack, "token", None)
    url = f"{stack.rasa_url}/conversations/{sender}/tracker" + (f"?token={token}" if token else "")
    with urllib.request.urlopen(url, timeout=30) as response:
        return (json.loads(response.read()).get("slots") or {}).get("need")


def first_turn(model: Path, examples) -> dict:
    table: dict[str, Counter] = defaultdict(Counter)
    samples: dict[str, list] = defaultdict(list)
    with Stack.start(model=model) as stack:
        for example in examples:
            sender = uuid.uuid4().hex
            replies = stack.say(sender, example.text, language=example.language)
            need = tracker_need(stack, sender)
            row = table[example.language]
            row["n"] += 1
            services = any((r.get("custom") or {}).get("type") == "services" for r in replies)
            texts = " ".join(r.get("text") or "" for r in replies)
            row["services"] += services
            row["asked_place"] += any(p in texts for p in ASK_PLACE)
            row["need_buttons"] += any(len(r.get("buttons") or []) >= 16 for r in replies)
            row["need_right"] += need in example.needs
            row["need_not_slug"] += need is not None and need not in SLUGS
            if need is not None and need not in SLUGS:
                samples["non_slug"].append({"text": example.text, "need": need})
            if not services and len(samples[example.language]) < 8:
                samples[example.language].append({"text": example.text, "need": need, "reply": texts[:160]})
    return {"counts": {k: dict(v) for k, v in sorted(table.items())}, "no_services_samples": samples}


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "  -  "


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(BOT / "models" / "around-here.tar.gz"))
    parser.add_argument("--tests", default=str(BOT / "tests" / "nlu"))
    parser.add_argument("--nlu-only", action="store_true")
    parser.add_argument("--language", help="only the held-out examples of this language")
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "bot_first_turn.json"))
    args = parser.parse_args()
    examples = [e for e in need_examples(Path(args.tests)) if e.language == (args.language or e.language)]
    model = Path(args.model).resolve()
    result: dict = {"model": str(model), "nlu": nlu(model, examples)}
    print(f"{'NLU':6} {'n':>4} {'right':>7} {'wrong':>7} {'partial':>7} {'none':>7}")
    for lang, row in result["nlu"].items():
        n = row["n"]
        print(
            f"{lang:6} {n:>4} {pct(row.get('right', 0), n)} {pct(row.get('wrong', 0), n)} "
            f"{pct(row.get('partial', 0), n)} {pct(row.get('none', 0), n)}"
        )
    if not args.nlu_only:
        result["first_turn"] = first_turn(model, examples)
        print(
            f"\n{'stack':6} {'n':>4} {'services':>8} {'ask place':>9} {'not sure':>8} {'need ok':>8} {'non-slug':>8}"
        )
        for lang, row in result["first_turn"]["counts"].items():
            n = row["n"]
            print(
                f"{lang:6} {n:>4} {pct(row['services'], n):>8} {pct(row['asked_place'], n):>9} "
                f"{pct(row['need_buttons'], n):>8} {pct(row['need_right'], n):>8} "
                f"{pct(row['need_not_slug'], n):>8}"
            )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
