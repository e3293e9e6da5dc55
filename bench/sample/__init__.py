"""The sample directory's generator: invented Stockport services (and real national helplines) for demos,
development and tests, written as the ORUK package `directory/interchange/data/sample.json`."""
