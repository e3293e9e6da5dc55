"""What the load tools (`bench.load`, `bench.sms`) share: their common options, finding the stack's
processes, printing a run's summary and its processes' costs, and writing the results."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .processes import StackProcess, find_stack, parse_pids


def common_options(
    parser: argparse.ArgumentParser, *, warmup: float = 5.0, warmup_help: str = "seconds of light load first"
) -> None:
    """The options every load tool takes: where the server is, the client's patience, the seed, a
    warm-up not counted, where to write results, and which of the stack's processes to measure."""
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the server (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=20.0, help="client timeout per turn, seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup", type=float, default=warmup, help=f"{warmup_help}, not counted")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--no-processes", action="store_true", help="do not look for the stack's processes")
    parser.add_argument(
        "--pid", action="append", default=[], metavar="LABEL=PID", help="measure these instead"
    )
    parser.add_argument("--ports", help="only the stack processes serving these ports (comma-separated)")


def stack_processes(args: argparse.Namespace) -> list[StackProcess]:
    if args.no_processes:
        return []
    return parse_pids(args.pid) if args.pid else find_stack(parse_ports(args.ports))


def parse_ports(value: str | None) -> set[int] | None:
    return {int(port) for port in value.split(",") if port.strip()} if value else None


def print_summary(title: str, summary: dict[str, Any]) -> None:
    latency = summary["latency_ms"]
    print(
        f"{title}: {summary['turns']} turns, {summary['turns_per_s']} turns/s, "
        f"p50 {latency.get('p50')} p95 {latency.get('p95')} p99 {latency.get('p99')} max {latency.get('max')} ms, "
        f"errors {summary['errors']} {summary['error_kinds'] or ''}, "
        f"fallback {summary['fallback']} ({summary['fallback_share']:.1%}), throttled {summary['throttled']}",
        flush=True,
    )
    waits = {"outside the relay": summary.get("outside_relay_ms") or {}}
    waits.update(
        {f"Server-Timing {name}": value for name, value in summary.get("server_timing_ms", {}).items()}
    )
    shown = [f"{name} p95 {value['p95']} ms" for name, value in waits.items() if value.get("n")]
    if shown:
        print("  " + ", ".join(shown), flush=True)


def print_usage(found: dict[str, Any]) -> None:
    for name, row in found["processes"].items():
        if row.get("gone"):
            print(f"  {name}: gone during the run")
            continue
        print(
            f"  {name}: {row['cpu_ms_per_turn']} CPU-ms/turn, RSS {row['rss_start_mb']} -> {row['rss_end_mb']} MB "
            f"({row['rss_growth_pct']:+}%), peak {row['rss_peak_mb']} MB"
        )
    print(f"  total: {found['total_cpu_ms_per_turn']} CPU-ms/turn, {found['total_rss_end_mb']} MB resident")


def options_of(args: argparse.Namespace) -> dict[str, Any]:
    """The run's options as recorded with its results (never the token)."""
    return {
        k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k not in ("token", "out")
    }


def write_results(args: argparse.Namespace, results: dict[str, Any]) -> None:
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2, default=str))
        print(f"results written to {args.out}")
