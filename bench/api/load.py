"""A small closed-loop HTTP load generator: N client threads, keep-alive, bounded in time and count.

Traffic goes only to the loopback address of the server this benchmark started.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    elapsed_s: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def rps(self) -> float:
        return self.requests / self.elapsed_s if self.elapsed_s else 0.0


def run_load(
    port: int, next_path: Callable[[int], str], *, clients: int, seconds: float, max_requests: int
) -> LoadResult:
    """Each client sends requests back to back until time or the request budget runs out."""
    result = LoadResult()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    counter = iter(range(max_requests))

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            started = time.perf_counter()
            try:
                connection.request("GET", next_path(index))
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    result.errors += 1
                continue
            elapsed_ms = (time.perf_counter() - started) * 1000
            with lock:
                result.latencies_ms.append(elapsed_ms)
                result.statuses[status] = result.statuses.get(status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    result.elapsed_s = time.perf_counter() - started
    return result
