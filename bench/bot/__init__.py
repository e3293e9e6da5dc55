"""Assistant benchmark: training time, model load, NLU parse and full-turn latency, memory, and a
comparison of NLU pipelines on the held-out examples. Runs on the bot's Python (bot/.venv)."""
