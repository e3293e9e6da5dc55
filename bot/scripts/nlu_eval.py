#!/usr/bin/env python3
"""Score the trained model on the held-out examples (tests/nlu/<lang>.yml), per language and overall.

The whole NLU pipeline runs, as in production (language detector, DIET, synonyms, fallback, the crisis
safety net), through `Agent.parse_message`. Two scores:

- intent: weighted F1 over every held-out example (`nlu_fallback` counts as a wrong answer);
- need: micro F1 over (example, need slug) pairs of the `find_help` examples, after synonym mapping, so
  "skint" must come out as `money`, not just as some entity.

Writes results/nlu/scores.json and prints a table. Exit code 1 if the overall intent F1 is below
--min-intent-f1 or the need F1 below --min-need-f1 (default 0: report only). Standard library plus
what Rasa already installs (scikit-learn).

    .venv/bin/python scripts/nlu_eval.py --model models/around-here.tar.gz --min-intent-f1 0.82
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BOT))  # actions.needs, and the model's custom components (components.*)

from actions.needs import NEED_SLUGS  # noqa: E402

INTENT = re.compile(r"^- intent:\s*(\S+)\s*$")
EXAMPLE = re.compile(r"^    - (.+)$")
ANNOTATION = re.compile(r"\[([^\]]+)\]\(([a-z_]+)(?::([^)]+))?\)")
SLUGS = frozenset(NEED_SLUGS)


@dataclass
class Example:
    language: str
    intent: str
    text: str
    needs: frozenset[str]


@dataclass
class Outcome:
    example: Example
    intent: str
    needs: frozenset[str]
    seconds: float
    extra: dict = field(default_factory=dict)


def read_examples(test_dir: Path) -> list[Example]:
    examples: list[Example] = []
    for path in sorted(test_dir.glob("*.yml")):
        intent = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if m := INTENT.match(line):
                intent = m.group(1)
            elif (m := EXAMPLE.match(line)) and intent:
                raw = m.group(1)
                needs = frozenset(
                    value for _, entity, value in ANNOTATION.findall(raw) if entity == "need" and value
                )
                text = ANNOTATION.sub(lambda found: found.group(1), raw).strip()
                examples.append(Example(path.stem, intent, text, needs))
    return examples


def f1_pairs(gold: set, predicted: set) -> tuple[float, float, float]:
    hits = len(gold & predicted)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(outcomes: list[Outcome]) -> dict:
    from sklearn.metrics import f1_score

    gold = [o.example.intent for o in outcomes]
    predicted = [o.intent for o in outcomes]
    need_gold = {
        (i, s) for i, o in enumerate(outcomes) if o.example.intent == "find_help" for s in o.example.needs
    }
    need_pred = {
        (i, s)
        for i, o in enumerate(outcomes)
        if o.example.intent == "find_help" and o.example.needs
        for s in o.needs
    }
    p, r, f = f1_pairs(need_gold, need_pred)
    return {
        "examples": len(outcomes),
        "intent_f1": round(float(f1_score(gold, predicted, average="weighted", zero_division=0)), 4),
        "intent_accuracy": round(
            sum(g == q for g, q in zip(gold, predicted, strict=True)) / max(len(gold), 1), 4
        ),
        "need_examples": sum(1 for o in outcomes if o.example.intent == "find_help" and o.example.needs),
        "need_precision": round(p, 4),
        "need_recall": round(r, 4),
        "need_f1": round(f, 4),
    }


def load_agent(model: Path) -> Any:
    from rasa.core.agent import Agent

    return Agent.load(str(model))


async def parse_all(agent: Any, examples: list[Example]) -> list[Outcome]:
    """Every example through the loaded model (`load_agent`), timed one by one."""
    outcomes = []
    for example in examples:
        # no channel metadata: the language must be told from the text itself (the harder case)
        start = time.perf_counter()
        parsed = await agent.parse_message(example.text)
        seconds = time.perf_counter() - start
        needs = (
            frozenset(str(e.get("value")) for e in parsed.get("entities", []) if e.get("entity") == "need")
            & SLUGS
        )
        outcomes.append(Outcome(example, (parsed.get("intent") or {}).get("name") or "", needs, seconds))
    return outcomes


def quiet_logs() -> None:
    """Warnings only. Rasa's structured debug log would print every held-out message it parses."""
    import structlog

    logging.basicConfig(level=logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=str(BOT / "models" / "around-here.tar.gz"))
    parser.add_argument("--tests", default=str(BOT / "tests" / "nlu"))
    parser.add_argument("--out", default=str(BOT / "results" / "nlu"))
    parser.add_argument("--min-intent-f1", type=float, default=0.0)
    parser.add_argument("--min-need-f1", type=float, default=0.0)
    args = parser.parse_args()
    quiet_logs()

    examples = read_examples(Path(args.tests))
    outcomes = asyncio.run(parse_all(load_agent(Path(args.model)), examples))
    languages = sorted({o.example.language for o in outcomes})
    report = {"overall": score(outcomes)}
    for language in languages:
        report[language] = score([o for o in outcomes if o.example.language == language])
    errors = [
        {
            "language": o.example.language,
            "text": o.example.text,
            "intent": o.example.intent,
            "predicted": o.intent,
            "needs": sorted(o.example.needs),
            "predicted_needs": sorted(o.needs),
        }
        for o in outcomes
        if o.intent != o.example.intent
        or (o.example.intent == "find_help" and o.example.needs and o.needs != o.example.needs)
    ]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "scores.json").write_text(
        json.dumps({"scores": report, "errors": errors}, ensure_ascii=False, indent=1)
    )

    print(f"{'':8} {'examples':>8} {'intent F1':>10} {'need F1':>8} {'(need n)':>9}")
    for name, row in report.items():
        print(
            f"{name:8} {row['examples']:>8} {row['intent_f1']:>10.3f} {row['need_f1']:>8.3f} "
            f"{row['need_examples']:>9}"
        )
    print(f"{len(errors)} examples wrong: see {out / 'scores.json'}")
    overall = report["overall"]
    if overall["intent_f1"] < args.min_intent_f1 or overall["need_f1"] < args.min_need_f1:
        print(
            f"FAIL: intent F1 {overall['intent_f1']} (floor {args.min_intent_f1}) or need F1 "
            f"{overall['need_f1']} (floor {args.min_need_f1})",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
