"""API benchmark: ORUK `/services` throughput and latency under concurrent clients, and import rate."""
