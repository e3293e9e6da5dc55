"""Benchmarks for Around Here; each one is a runnable package (`python -m bench.<name>`)."""
