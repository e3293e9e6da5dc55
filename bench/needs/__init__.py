"""Need understanding in four languages: the evaluation set and how it is scored (`python -m bench.needs`)."""
