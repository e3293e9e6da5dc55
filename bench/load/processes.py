"""The stack's processes, found by their command lines, and what they spent: CPU time and resident
memory, read from the processes themselves (psutil) so the numbers include work no request timing
shows (Rasa's tracker handling, the action server, the directory API behind the actions).

Found: gunicorn serving `web.wsgi:app` (masters and workers, labelled by the port they bind: the
relay and, under `make run`, the actions' own directory API), `rasa run` (the assistant) and
`rasa run actions` (the action server). On a machine with other stacks, pass `--ports` (this
stack's ports) or `--pid LABEL=PID`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import psutil

_BIND = re.compile(r"(?:--bind|-b)[= ]?\S*?:(\d+)")
_PORT = re.compile(r"(?:--port|-p)[= ](\d+)")


@dataclass(frozen=True)
class StackProcess:
    label: str
    pid: int


def classify(cmdline: list[str]) -> str | None:
    """'web:8100', 'rasa:5005' or 'actions:5055' (the port it serves, when its command line says it) for a
    process of the stack; None for anything else."""
    joined = " ".join(cmdline)
    names = [part.rsplit("/", 1)[-1] for part in cmdline[:3]]
    if "gunicorn" in names or "gunicorn" in joined.split(" ", 2)[:2]:
        if "web.wsgi:app" not in joined:
            return None
        port = _BIND.search(joined)
        return f"web:{port.group(1)}" if port else "web"
    if "rasa" in names:
        rest = cmdline[names.index("rasa") + 1 :]
        port = _PORT.search(joined)
        suffix = f":{port.group(1)}" if port else ""
        if rest[:2] == ["run", "actions"]:
            return "actions" + suffix
        if rest[:1] == ["run"]:
            return "rasa" + suffix
    return None


def find_stack(ports: set[int] | None = None) -> list[StackProcess]:
    """Every process of a stack on this machine; with `ports`, only those serving one of them (several
    stacks on one machine)."""
    found: list[StackProcess] = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        label = classify(process.info.get("cmdline") or [])
        if label is None or (ports and not label.endswith(tuple(f":{port}" for port in ports))):
            continue
        try:
            parent = process.parent()
            role = "worker" if parent is not None and classify(parent.cmdline()) == label else ""
        except psutil.Error:
            role = ""
        found.append(StackProcess(f"{label} {role}".strip(), process.pid))
    return sorted(found, key=lambda p: (p.label, p.pid))


def parse_pids(values: list[str]) -> list[StackProcess]:
    """--pid LABEL=PID, as many as given."""
    result = []
    for value in values:
        label, _, pid = value.partition("=")
        result.append(StackProcess(label, int(pid)))
    return result


def snapshot(processes: list[StackProcess]) -> dict[int, dict[str, float]]:
    """CPU seconds so far (user + system, the process's own) and resident memory in MB, per pid."""
    values: dict[int, dict[str, float]] = {}
    for item in processes:
        try:
            process = psutil.Process(item.pid)
            with process.oneshot():
                times = process.cpu_times()
                values[item.pid] = {
                    "cpu_s": times.user + times.system,
                    "rss_mb": process.memory_info().rss / 2**20,
                }
        except psutil.Error:
            continue  # gone: left out, and the report says so
    return values


def usage(
    processes: list[StackProcess],
    before: dict[int, dict[str, float]],
    after: dict[int, dict[str, float]],
    *,
    turns: int,
    samples: list[dict[int, dict[str, float]]] | None = None,
) -> dict[str, Any]:
    """CPU-ms per turn per process and in total, and memory at the start and end (and the peak seen)."""
    rows: dict[str, Any] = {}
    total_cpu = 0.0
    for item in processes:
        key = f"{item.label} ({item.pid})"
        if item.pid not in before or item.pid not in after:
            rows[key] = {"gone": True}
            continue
        cpu_ms = (after[item.pid]["cpu_s"] - before[item.pid]["cpu_s"]) * 1000
        total_cpu += cpu_ms
        start, end = before[item.pid]["rss_mb"], after[item.pid]["rss_mb"]
        peak = max([end, *(s[item.pid]["rss_mb"] for s in samples or [] if item.pid in s)])
        rows[key] = {
            "cpu_ms": round(cpu_ms, 1),
            "cpu_ms_per_turn": round(cpu_ms / turns, 2) if turns else None,
            "rss_start_mb": round(start, 1),
            "rss_end_mb": round(end, 1),
            "rss_peak_mb": round(peak, 1),
            "rss_growth_pct": round((end - start) / start * 100, 1) if start else None,
        }
    return {
        "processes": rows,
        "total_cpu_ms_per_turn": round(total_cpu / turns, 2) if turns else None,
        "total_rss_end_mb": round(sum(r.get("rss_end_mb", 0) for r in rows.values()), 1),
    }
