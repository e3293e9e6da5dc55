"""The crisis safety net measured on its labelled corpus (`python -m bench.safety`)."""
