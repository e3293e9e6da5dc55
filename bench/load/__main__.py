"""`python -m bench.load MODE`: load through the chat relay (or the SMS webhook) of a running server.

    python -m bench.load closed --conversations 20 --seconds 60      # N conversations back to back
    python -m bench.load open --rate 4 --think 2 --seconds 60         # new conversations per second
    python -m bench.load search --start 2 --step 2 --stop 20          # highest rate held at p95 <= 500 ms
    python -m bench.load soak --conversations 20 --minutes 10         # errors and memory growth

Against `make run` (PORT=8100 here): raise the chat's per-address limit for the run, or most turns
are refused with 429 (all the load comes from one address), e.g.
`CHAT_RATE_LIMIT_CLIENT=100000/60 CHAT_RATE_LIMIT_SESSION=1000/60 PORT=8100 make run`. The stack's
processes are found by command line (processes.py) and their CPU time and memory are reported.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from .channels import Channel, SignedSms, WebChat, twilio_token
from .cli import common_options, options_of, print_summary, print_usage, stack_processes, write_results
from .processes import StackProcess, snapshot, usage
from .runner import RunResult, closed_loop, open_loop, step_search


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    modes = parser.add_subparsers(dest="mode", required=True)
    closed = modes.add_parser("closed", help="N conversations back to back")
    closed.add_argument("--conversations", type=int, default=20)
    closed.add_argument("--seconds", type=float, default=60.0)
    closed.add_argument(
        "--think", type=float, default=0.0, help="mean seconds between a conversation's turns"
    )
    opened = modes.add_parser("open", help="a fixed arrival rate of new conversations")
    opened.add_argument("--rate", type=float, default=2.0, help="new conversations per second")
    opened.add_argument("--seconds", type=float, default=60.0)
    opened.add_argument("--think", type=float, default=2.0)
    search = modes.add_parser("search", help="step the open-loop rate up until p95 or errors fail")
    search.add_argument("--start", type=float, default=2.0)
    search.add_argument("--step", type=float, default=2.0)
    search.add_argument("--stop", type=float, default=30.0)
    search.add_argument("--seconds", type=float, default=30.0, help="length of each step")
    search.add_argument("--think", type=float, default=2.0)
    search.add_argument("--p95", type=float, default=500.0, help="target p95, ms")
    search.add_argument("--max-fallback", type=float, default=0.01, help="largest share of fallback answers")
    soak = modes.add_parser("soak", help="a long closed loop; memory sampled as it runs")
    soak.add_argument("--conversations", type=int, default=20)
    soak.add_argument("--minutes", type=float, default=10.0)
    soak.add_argument("--think", type=float, default=0.0)
    soak.add_argument("--sample", type=float, default=30.0, help="seconds between memory samples")
    for sub in (closed, opened, search, soak):
        common_options(sub)
        sub.add_argument("--channel", choices=("web", "sms"), default="web")
        sub.add_argument("--token", help="Twilio auth token for --channel sms (else TWILIO_AUTH_TOKEN)")
        sub.add_argument("--language", default="en", help="the chat's language (web)")
    return parser


def make_channel(args: argparse.Namespace) -> Channel:
    if args.channel == "sms":
        # a different block of senders each run, so runs close together do not share senders
        return SignedSms(args.url, twilio_token(args.token), first_number=int(time.time()) % 1000)
    return WebChat(args.url, language=args.language)


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    channel = make_channel(args)
    processes = stack_processes(args)
    if processes:
        print("measuring " + ", ".join(f"{p.label} ({p.pid})" for p in processes), flush=True)
    if args.warmup > 0:
        await closed_loop(
            channel, conversations=2, seconds=args.warmup, seed=args.seed + 1000, timeout=args.timeout
        )
    before = snapshot(processes)
    samples: list[dict[int, dict[str, float]]] = []
    results: dict[str, Any] = {"mode": args.mode, "channel": args.channel, "options": options_of(args)}
    if args.mode == "search":
        found = await step_search(
            channel, start=args.start, step=args.step, stop=args.stop, seconds=args.seconds, think=args.think,
            p95_ms=args.p95, max_fallback=args.max_fallback, seed=args.seed, timeout=args.timeout,
            report=_report_step,
        )  # fmt: skip
        results["search"] = found
        print(f"highest rate held: {found['highest_held_rate']} conversations/s, "
              f"{found['highest_held_turns_per_s']} turns/s at p95 <= {args.p95:g} ms")  # fmt: skip
        turns = sum(step["turns"] for step in found["steps"])
    else:
        run: RunResult
        if args.mode == "open":
            run = await open_loop(
                channel,
                rate=args.rate,
                seconds=args.seconds,
                think=args.think,
                seed=args.seed,
                timeout=args.timeout,
            )
        else:
            seconds = args.minutes * 60 if args.mode == "soak" else args.seconds
            loop = closed_loop(
                channel, conversations=args.conversations, seconds=seconds, think=args.think, seed=args.seed,
                timeout=args.timeout,
            )  # fmt: skip
            if args.mode == "soak" and processes:
                run = await _sampled(loop, processes, samples, every=args.sample)
            else:
                run = await loop
        summary = run.summary()
        results["summary"] = summary
        print_summary(args.mode, summary)
        turns = summary["turns"]
    if processes:
        results["processes"] = usage(processes, before, snapshot(processes), turns=turns, samples=samples)
        print_usage(results["processes"])
    return results


def _report_step(rate: float, summary: dict[str, Any]) -> None:
    print_summary(f"{rate:g} conversations/s ({'held' if summary['held'] else 'not held'})", summary)


async def _sampled(
    loop: Any, processes: list[StackProcess], samples: list[Any], *, every: float
) -> RunResult:
    task = asyncio.ensure_future(loop)
    while not task.done():
        await asyncio.wait([task], timeout=every)
        samples.append(snapshot(processes))
    return task.result()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    write_results(args, asyncio.run(measure(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
