"""Search relevance as a scored suite: resident phrasings in four languages, graded against the sample
directory, for Whoosh (through `/api/search`), SQLite FTS5 and PostgreSQL full text in one run.

`python -m bench.search.relevance` prints the table; `tests/directory/search/test_relevance_suite.py` keeps
floors for Whoosh in `make test`. The grading is in `scoring.py`, the cases in `data/*.yml`.
"""
