"""`python -m bench.sms`: texts to a running server's signed SMS webhook (/sms/inbound).

1. Open loop: RATE new texts per second (each from a new sender) for SECONDS; the p95 reply time.
2. Closed loop: SENDERS residents texting back to back (a need, then MORE or a number); the worst
   reply time, against Twilio's 15 s.

The server must have the same TWILIO_AUTH_TOKEN (pass --token or set it in the environment), e.g.
`TWILIO_AUTH_TOKEN=bench-token SMS_LIMIT_GLOBAL_MINUTE=100000 PORT=8100 make run`: the default global
limit (300 texts a minute) would otherwise answer "very busy" (counted as throttled) past 5 texts/s.
Fallback answers are recognised by the fallback's English opening sentence (TwiML has no field for it).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Any

from bench.load.channels import SignedSms, twilio_token
from bench.load.cli import (
    common_options,
    options_of,
    print_summary,
    print_usage,
    stack_processes,
    write_results,
)
from bench.load.processes import snapshot, usage
from bench.load.runner import closed_loop, open_loop


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.sms", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--token", help="Twilio auth token (else TWILIO_AUTH_TOKEN, else var/secrets.env)")
    parser.add_argument("--rate", type=float, default=5.0, help="open loop: new texts per second")
    parser.add_argument("--seconds", type=float, default=60.0, help="open loop: how long")
    parser.add_argument("--senders", type=int, default=20, help="closed loop: senders back to back")
    parser.add_argument("--closed-seconds", type=float, default=60.0, help="closed loop: how long")
    parser.add_argument("--only", choices=("open", "closed"), help="run one of the two")
    common_options(parser, warmup=3.0, warmup_help="seconds of one sender first")
    return parser


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    # a different block of senders each run, so runs close together do not share senders' hourly limits
    channel = SignedSms(args.url, twilio_token(args.token), first_number=int(time.time()) % 1000)
    processes = stack_processes(args)
    if args.warmup > 0:
        await closed_loop(
            channel, conversations=1, seconds=args.warmup, seed=args.seed + 1000, timeout=args.timeout
        )
    before = snapshot(processes)
    results: dict[str, Any] = {"options": options_of(args)}
    turns = 0
    if args.only in (None, "open"):
        run = await open_loop(
            channel,
            rate=args.rate,
            seconds=args.seconds,
            seed=args.seed,
            timeout=args.timeout,
            single_turn=True,
        )
        results["open"] = run.summary()
        print_summary(f"open loop, {args.rate:g} texts/s", results["open"])
        turns += results["open"]["turns"]
    if args.only in (None, "closed"):
        run = await closed_loop(
            channel,
            conversations=args.senders,
            seconds=args.closed_seconds,
            seed=args.seed,
            timeout=args.timeout,
        )
        results["closed"] = run.summary()
        print_summary(f"closed loop, {args.senders} senders", results["closed"])
        print(
            f"worst reply time: {results['closed']['latency_ms'].get('max')} ms (Twilio gives up at 15000 ms)"
        )
        turns += results["closed"]["turns"]
    if processes:
        results["processes"] = usage(processes, before, snapshot(processes), turns=turns)
        print_usage(results["processes"])
    return results


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    write_results(args, asyncio.run(measure(args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
