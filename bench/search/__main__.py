"""`python -m bench.search`: run every size, print the tables, write the JSON and docs/benchmarks.md.

The parent process only orchestrates; each step of each size runs as `python -m bench.search --stage ...`
in a child, so memory figures are per step and one size cannot warm caches for the next.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from .measure import machine
from .report import build_table, latency_table, reading, section, update_docs
from .stages import STAGES
from .workload import FIXED_NOW, GROUPS

ROOT = Path(__file__).resolve().parents[2]
TRACE_SLOWDOWN_LIMIT = 5.0


def _sizes(value: str) -> list[int]:
    return [int(part.replace("_", "")) for part in value.split(",") if part.strip()]


def _size_queries(values: list[str]) -> dict[int, int]:
    result = {}
    for value in values:
        size, _, count = value.partition("=")
        result[int(size)] = int(count)
    return result


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--sizes", type=_sizes, default=[1000, 10000, 50000], help="comma-separated")
    parser.add_argument(
        "--queries", type=int, default=320,
        help=f"timed queries per size and engine, split evenly over the {len(GROUPS)} groups",
    )  # fmt: skip
    parser.add_argument(
        "--size-queries", action="append", default=[], metavar="SIZE=N",
        help="override --queries for one size (e.g. 50000=160)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=20260311)
    parser.add_argument("--out", type=Path, default=None, help="default bench/results/search-<date>.json")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-docs", action="store_true", help="do not touch docs/benchmarks.md")
    parser.add_argument(
        "--trace-max-size", type=int, default=10000,
        help="build under tracemalloc only up to this size (it multiplies build time)",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the generated databases and indexes")
    parser.add_argument("--tmp", type=Path, default=None, help="parent for the working directory")
    # Internal: one step in a child process.
    parser.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--group-queries", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--stage-out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def run_stage(args: argparse.Namespace) -> int:
    kwargs: dict[str, Any] = {"workdir": args.workdir}
    if args.stage == "generate":
        kwargs.update(size=args.size, seed=args.seed)
    if args.stage in ("whoosh-query", "fts5"):
        kwargs.update(queries=args.group_queries)
    result = STAGES[args.stage](**kwargs)
    args.stage_out.write_text(json.dumps(result), encoding="utf-8")
    return 0


def _child(stage: str, workdir: Path, **options: Any) -> dict[str, Any]:
    out = workdir / f"{stage}.json"
    command = [sys.executable, "-m", "bench.search", "--stage", stage, "--workdir", str(workdir)]
    command += ["--stage-out", str(out)]
    for key, value in options.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    result = json.loads(out.read_text(encoding="utf-8"))
    result["wall_seconds"] = round(time.perf_counter() - start, 1)
    print(f"  {stage}: {result['wall_seconds']:.1f} s", flush=True)
    return result


def _overlap(whoosh: dict[str, Any], fts: dict[str, Any]) -> dict[str, float]:
    """Per group, the mean share of Whoosh's page that FTS5's page also holds (requests Whoosh answered)."""
    result = {}
    for group in GROUPS:
        shares = [
            len(set(w) & set(f)) / len(w)
            for w, f in zip(whoosh["groups"][group]["ids"], fts["groups"][group]["ids"], strict=True)
            if w
        ]
        result[group] = round(sum(shares) / len(shares), 3) if shares else 0.0
    return result


def measure_size(size: int, workdir: Path, args: argparse.Namespace, trace: bool) -> dict[str, Any]:
    queries = _size_queries(args.size_queries).get(size, args.queries)
    per_group = max(1, queries // len(GROUPS))
    print(f"{size:,} services ({per_group} timed queries per group and engine)", flush=True)
    entry: dict[str, Any] = {"size": size, "queries_per_group": per_group}
    entry["generate"] = _child("generate", workdir, size=size, seed=args.seed)
    entry["whoosh_build"] = _child("whoosh-build", workdir)
    if trace:
        traced = _child("whoosh-traced", workdir)
        traced["slowdown"] = round(traced["seconds"] / entry["whoosh_build"]["seconds"], 2)
        entry["tracemalloc"] = traced
    entry["whoosh_query"] = _child("whoosh-query", workdir, group_queries=per_group)
    entry["fts5"] = _child("fts5", workdir, group_queries=per_group)
    entry["overlap"] = _overlap(entry["whoosh_query"], entry["fts5"])
    for engine in ("whoosh_query", "fts5"):
        for stats in entry[engine]["groups"].values():
            stats.pop("ids")  # only needed for the overlap; thousands of UUIDs would swamp the JSON
    return entry


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.stage:
        return run_stage(args)
    today = date.today().isoformat()
    out: Path = args.out or ROOT / "bench" / "results" / f"search-{today}.json"
    workroot = Path(tempfile.mkdtemp(prefix="bench-search-", dir=args.tmp))
    results: dict[str, Any] = {
        "date": today,
        "machine": machine(),
        "config": {
            "sizes": args.sizes,
            "queries": args.queries,
            "size_queries": _size_queries(args.size_queries),
            "seed": args.seed,
            "fixed_now": FIXED_NOW.isoformat(),
            "groups": list(GROUPS),
        },  # fmt: skip
        "out": str(out.resolve().relative_to(ROOT)) if out.resolve().is_relative_to(ROOT) else str(out),
        "sizes": [],
        "notes": [],
    }
    started = time.perf_counter()
    trace_ok = True
    try:
        for size in args.sizes:
            workdir = workroot / f"size-{size}"
            workdir.mkdir()
            trace = trace_ok and size <= args.trace_max_size
            entry = measure_size(size, workdir, args, trace)
            if not trace:
                entry["tracemalloc"] = {"skipped": True}
            elif entry["tracemalloc"]["slowdown"] > TRACE_SLOWDOWN_LIMIT:
                trace_ok = False
                results["notes"].append(
                    f"tracemalloc slowed the build {entry['tracemalloc']['slowdown']:.1f}× at {size:,}; "
                    "skipped for larger sizes."
                )
            results["sizes"].append(entry)
            if not args.keep:
                shutil.rmtree(workdir, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(workroot, ignore_errors=True)
        else:
            print(f"kept {workroot}")
    skipped = [e["size"] for e in results["sizes"] if e["tracemalloc"].get("skipped")]
    if skipped:
        results["notes"].append(
            "tracemalloc peak not measured at "
            + ", ".join(f"{s:,}" for s in skipped)
            + " services: it slows the build several times (see the slowdown shown), which would take"
            + f" the run past its time budget (--trace-max-size={args.trace_max_size})."
        )
    reduced = {s: q for s, q in _size_queries(args.size_queries).items() if q < args.queries}
    for size, count in reduced.items():
        results["notes"].append(
            f"Timed queries reduced to {count} per engine at {size:,} services to bound run time."
        )
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(build_table(results))
    print()
    print(latency_table(results))
    print()
    print(reading(results))
    print(f"\nwrote {out} in {results['total_seconds'] / 60:.1f} min")
    if not args.no_docs:
        command = "python -m bench.search " + shlex.join(argv if argv is not None else sys.argv[1:])
        update_docs(args.docs, section(results, command.strip()))
        print(f"updated {args.docs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
