"""`bot/.venv/bin/python -m bench.bot` (or `make bench-bot`): the assistant's speed, memory and accuracy.

1. For each pipeline (bot/config.yml, logistic regression + CRF; bench/bot/config_diet.yml, DIET):
   train from scratch (wall time, peak memory), load the model, parse every held-out example
   (bot/tests/nlu) in process: parse latency and held-out intent/need F1 per language.
2. With the shipped pipeline: the real stack (directory app under gunicorn, action server, Rasa
   server), one client, full turns through the REST channel: a search turn (need + place, new
   conversation each time), a greeting and a "more" turn; then the resident memory of each server.

Writes bench/results/bot.json. Training dominates: about 10 minutes on 2 cores. Do not run it beside
other heavy work (training is CPU-bound and the numbers would say more about the neighbour).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
BOT = REPO / "bot"
sys.path.insert(0, str(BOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from scripts.nlu_eval import load_agent, parse_all, quiet_logs, read_examples, score  # noqa: E402
from scripts.stack import RASA, Stack  # noqa: E402

from bench.search.measure import machine_basics, summarise  # noqa: E402

PIPELINES = {
    "logreg_crf": BOT / "config.yml",  # shipped: the first one is used for the full-turn measurements
    "diet": Path(__file__).resolve().parent / "config_diet.yml",
}
SEARCH_TURNS = [
    "food bank in Reddish",
    "I need debt advice in Edgeley",
    "somewhere warm to go in Brinnington",
    "mental health support SK4",
    "help for carers in Marple",
    "job club near Cheadle",
]


def rss_mb(pid: int) -> dict[str, float]:
    """Current and peak resident memory of a process, from /proc (Linux)."""
    found: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found["rss_mb" if key == "VmRSS" else "peak_rss_mb"] = round(int(value.split()[0]) / 1024, 1)
    return found


def train(name: str, config: Path, out: Path) -> dict[str, Any]:
    command = [
        str(RASA), "train", "--domain", "domain", "--data", "data", "--config", str(config),
        "--out", str(out), "--fixed-model-name", name, "--force",
    ]  # fmt: skip
    log = out / f"{name}.log"
    start = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=BOT, stdout=output, stderr=subprocess.STDOUT)
        # wait4 gives this training run's own peak memory (RUSAGE_CHILDREN would mix the runs)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"training {name} failed:\n{log.read_text()[-3000:]}")
    return {
        "train_seconds": round(seconds, 1),
        "train_peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "model": str(out / f"{name}.tar.gz"),
    }


def evaluate(model: Path) -> dict[str, Any]:
    """Load time, held-out scores and per-message parse latency, in this process."""
    start = time.perf_counter()
    agent = load_agent(model)
    load_seconds = time.perf_counter() - start
    examples = read_examples(BOT / "tests" / "nlu")
    outcomes = asyncio.run(parse_all(agent, examples))
    scores = {"overall": score(outcomes)}
    for language in sorted({o.example.language for o in outcomes}):
        scores[language] = score([o for o in outcomes if o.example.language == language])
    return {
        "load_seconds": round(load_seconds, 2),
        "parse_ms": summarise([o.seconds * 1000 for o in outcomes]),
        "scores": scores,
    }


def turns(stack: Stack, count: int) -> dict[str, Any]:
    def timed(sender: str, message: str, **metadata: str) -> tuple[float, list[dict]]:
        start = time.perf_counter()
        replies = stack.say(sender, message, **metadata)
        return (time.perf_counter() - start) * 1000, replies

    for message in SEARCH_TURNS:  # warm up: first requests load caches and TensorFlow graphs
        timed(f"warm-{uuid.uuid4().hex}", message)
    search, greet, more = [], [], []
    for i in range(count):
        sender = f"bench-{uuid.uuid4().hex}"
        ms, replies = timed(sender, SEARCH_TURNS[i % len(SEARCH_TURNS)])
        if not any((r.get("custom") or {}).get("type") == "services" for r in replies):
            raise SystemExit(f"a search turn gave no results: {replies}")
        search.append(ms)
        more.append(timed(sender, "more")[0])
        greet.append(timed(f"bench-{uuid.uuid4().hex}", "hello")[0])
    return {
        "search_turn_ms": summarise(search),
        "more_turn_ms": summarise(more),
        "greet_turn_ms": summarise(greet),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=100)
    parser.add_argument("--pipelines", nargs="*", default=list(PIPELINES))
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "bot.json"))
    args = parser.parse_args()
    quiet_logs()

    report: dict[str, Any] = {"date": date.today().isoformat(), "machine": machine_basics(), "pipelines": {}}
    with tempfile.TemporaryDirectory(prefix="around-here-bench-bot-") as tmp:
        models = {}
        for name in args.pipelines:
            print(f"training {name} ...", flush=True)
            result = train(name, PIPELINES[name], Path(tmp))
            result.update(evaluate(Path(result["model"])))
            models[name] = Path(result.pop("model"))
            report["pipelines"][name] = result
            print(json.dumps({name: result}, indent=1), flush=True)

        shipped = args.pipelines[0]
        print(f"full turns with {shipped} ...", flush=True)
        with Stack.start(model=models[shipped]) as stack:
            report["turns"] = {"pipeline": shipped, **turns(stack, args.turns)}
            pids = stack.pids()
            report["memory"] = {name: rss_mb(pid) for name, pid in pids.items()}
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps({k: report[k] for k in ("turns", "memory")}, indent=1))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
