# Around Here: `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app web
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup data lint bench-search bench-api clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed for the app"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

## Database schema, sample data and search index on the embedded defaults (SQLite under var/).
data: setup
	mkdir -p var
	$(FLASK) directory migrate
	$(FLASK) directory load-sample
	$(FLASK) directory ensure-index

run: data
	@echo
	@echo "  Around Here is starting: open http://$(HOST):$(PORT)/"
	@echo
	INDEX_IN_BACKGROUND=1 $(VENV)/bin/gunicorn --workers 2 --threads 4 --bind $(HOST):$(PORT) \
		--access-logfile - 'web.wsgi:app'

lint: setup
	$(VENV)/bin/ruff check .

test: setup lint
	$(PY) -m pytest

bench-search: setup
	$(PY) -m bench.search

bench-api: setup
	$(PY) -m bench.api

clean:
	rm -rf var .pytest_cache
