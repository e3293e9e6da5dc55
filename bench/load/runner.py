"""Closed and open loops over a channel, and what they add up to.

Closed loop: `conversations` workers, each sending its conversation's turns back to back (plus any
think time) and starting a new conversation when one ends, until the time is up. Open loop: a new
conversation starts every 1/rate seconds whether or not earlier ones were answered, so a slow server
meets more work, not less, as residents would give it; arrivals stop at the end, and the conversations
already started finish (within `grace`).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.search.measure import summarise

from .channels import Channel, Turn
from .script import conversation


@dataclass
class RunResult:
    turns: list[Turn] = field(default_factory=list)
    conversations: int = 0
    elapsed_s: float = 0.0
    window_s: float = 0.0  # arrivals (or new turns) stop then; throughput counts turns started before it
    client_cpu_ms: float = 0.0

    def summary(self) -> dict[str, Any]:
        answered = [t for t in self.turns if t.error is None]
        errors = Counter(t.error for t in self.turns if t.error)
        queued = [t.latency_ms - t.relay_ms for t in answered if t.relay_ms is not None]
        count = len(self.turns)
        window = self.window_s or self.elapsed_s
        in_window = sum(1 for t in answered if t.started < window)
        return {
            "turns": count,
            "conversations": self.conversations,
            "elapsed_s": round(self.elapsed_s, 2),
            "turns_per_s": round(in_window / window, 2) if window else 0.0,
            "latency_ms": summarise([t.latency_ms for t in answered]),
            "errors": sum(errors.values()),
            "error_kinds": dict(errors),
            "fallback": sum(t.fallback for t in answered),
            "fallback_share": round(sum(t.fallback for t in answered) / len(answered), 4)
            if answered
            else 0.0,
            "throttled": sum(t.throttled for t in self.turns),
            # time outside the relay's own handling: the server's accept backlog and the wire
            "outside_relay_ms": summarise(queued) if queued else None,
            # the relay's own Server-Timing entries (assistant, queue when admission control says it, relay)
            "server_timing_ms": {
                name: summarise([t.timings[name] for t in answered if name in t.timings])
                for name in sorted({name for t in answered for name in t.timings})
            },
            "client_cpu_ms": round(self.client_cpu_ms, 1),
        }


def _client(timeout: float, connections: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        trust_env=False,  # loopback or the named server only, never a proxy from the environment
    )


async def _converse(
    channel: Channel,
    client: httpx.AsyncClient,
    texts: list[str],
    *,
    think: Callable[[], float],
    result: RunResult,
    origin: float,
    stop_at: float | None = None,
) -> None:
    state = channel.new_conversation()
    for number, text in enumerate(texts):
        if number:
            await asyncio.sleep(think())
        if stop_at is not None and time.perf_counter() >= stop_at:
            return
        if not number:
            result.conversations += 1
        started = time.perf_counter()
        turn = await channel.send(client, state, text)
        turn.started = started - origin
        result.turns.append(turn)
        if turn.error in ("timeout", "connection"):
            await asyncio.sleep(0.1)  # a server that is down is not hammered in a tight loop
            return  # the conversation is broken, as it would be for the resident


def _thinker(rng: random.Random, mean: float) -> Callable[[], float]:
    """Think time around `mean` (uniform from half to one and a half times it): no lockstep."""
    return lambda: rng.uniform(mean * 0.5, mean * 1.5) if mean > 0 else 0.0


async def closed_loop(
    channel: Channel,
    *,
    conversations: int,
    seconds: float,
    think: float = 0.0,
    seed: int = 1,
    timeout: float = 20.0,
) -> RunResult:
    result = RunResult(window_s=seconds)
    rng = random.Random(seed)
    cpu = time.process_time()
    origin = time.perf_counter()
    stop_at = origin + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < stop_at:
            texts = conversation(rng, channel=channel.name)
            await _converse(
                channel,
                client,
                texts,
                think=_thinker(rng, think),
                result=result,
                origin=origin,
                stop_at=stop_at,
            )

    async with _client(timeout, conversations) as client:
        await asyncio.gather(*(worker(client) for _ in range(conversations)))
    result.elapsed_s = time.perf_counter() - origin
    result.client_cpu_ms = (time.process_time() - cpu) * 1000
    return result


async def open_loop(
    channel: Channel,
    *,
    rate: float,
    seconds: float,
    think: float = 2.0,
    seed: int = 1,
    timeout: float = 20.0,
    grace: float = 60.0,
    single_turn: bool = False,
) -> RunResult:
    """`rate` new conversations per second for `seconds`; `single_turn`: each is one message (a new
    text from a new sender, for SMS)."""
    result = RunResult(window_s=seconds)
    rng = random.Random(seed)
    cpu = time.process_time()
    origin = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []
    async with _client(timeout, 1000) as client:
        arrivals = int(rate * seconds)
        for index in range(arrivals):
            delay = origin + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            texts = conversation(rng, channel=channel.name)
            if single_turn:
                texts = [next(t for t in texts if t not in _follow_ups(channel.name))]
            tasks.append(
                asyncio.create_task(
                    _converse(
                        channel, client, texts, think=_thinker(rng, think), result=result, origin=origin
                    )
                )
            )
        done, pending = await asyncio.wait(tasks, timeout=grace) if tasks else (set(), set())
        for task in pending:
            task.cancel()
        for task in done:
            task.result()  # a bug in the client should show, not vanish
    result.elapsed_s = time.perf_counter() - origin
    result.client_cpu_ms = (time.process_time() - cpu) * 1000
    return result


def _follow_ups(channel: str) -> set[str]:
    from .script import vocabulary

    words = vocabulary()
    return set(words.sms_follow_ups if channel == "sms" else words.follow_ups) | set(words.openers)


def held(summary: dict[str, Any], *, p95_ms: float, max_fallback: float) -> bool:
    """A rate is held when nothing failed, few answers came from the fallback and p95 met the target."""
    latency = summary["latency_ms"]
    return (
        summary["turns"] > 0
        and summary["errors"] == 0
        and summary["fallback_share"] <= max_fallback
        and latency.get("p95", float("inf")) <= p95_ms
    )


async def step_search(
    channel: Channel,
    *,
    start: float,
    step: float,
    stop: float,
    seconds: float,
    think: float,
    p95_ms: float = 500.0,
    max_fallback: float = 0.01,
    seed: int = 1,
    timeout: float = 20.0,
    report: Callable[[float, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Open loops at rising arrival rates until one is not held; the last held one is the answer."""
    steps: list[dict[str, Any]] = []
    best: dict[str, Any] | None = None
    rate = start
    while rate <= stop + 1e-9:
        run = await open_loop(channel, rate=rate, seconds=seconds, think=think, seed=seed, timeout=timeout)
        summary = {"rate": rate, **run.summary()}
        summary["held"] = held(summary, p95_ms=p95_ms, max_fallback=max_fallback)
        steps.append(summary)
        if report:
            report(rate, summary)
        if not summary["held"]:
            break
        best = summary
        rate = round(rate + step, 6)
        seed += 1
    return {
        "p95_target_ms": p95_ms,
        "max_fallback_share": max_fallback,
        "highest_held_rate": best["rate"] if best else None,
        "highest_held_turns_per_s": best["turns_per_s"] if best else None,
        "steps": steps,
    }
