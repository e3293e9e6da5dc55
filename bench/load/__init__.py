"""`python -m bench.load`: many residents at once, through the chat relay or the signed SMS webhook.

Closed loop (N conversations back to back), open loop (new conversations arriving at a fixed rate,
with think time between turns), a step search for the highest rate held at a p95 target, and a soak
that watches the stack's memory. Messages come from `messages.yml`, not a fixed script.

Why asyncio and httpx rather than Locust: an open loop needs arrivals that do not wait for answers,
which Locust's users (each a closed loop with a wait time) only approximate; Locust's gevent
monkey-patching would also have to run inside the test process that hosts the live server. httpx is
already the assistant client's library, and one event loop keeps hundreds of requests in flight
cheaply. The client runs on the same machine as the stack: its own CPU is in `client_cpu_ms`.
"""
