"""Search benchmark: synthetic Stockport directories, Whoosh latency and memory, and an FTS5 baseline.

Run `python -m bench.search --help`. Each size is measured in fresh subprocesses so that one size's
memory high-water mark never leaks into the next.
"""
