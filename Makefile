# Around Here: `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app web
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
# The assistant: Python 3.10 (pyenv) with Rasa 3.6.21 in bot/.venv.
BOT_PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10) $(shell command -v python3.10))
BOT_VENV := bot/.venv
BOT_STAMP := $(BOT_VENV)/.installed-$(shell sha1sum bot/requirements.txt | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-app test-bot setup bot-setup data lint bench-search bench-api bench-bot clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed for the app"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

$(BOT_STAMP): bot/requirements.txt
	@test -n "$(BOT_PYTHON)" || { echo "Python 3.10 is needed for the assistant (pyenv install 3.10)" >&2; exit 1; }
	test -x $(BOT_VENV)/bin/python || $(BOT_PYTHON) -m venv $(BOT_VENV)
	$(BOT_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BOT_VENV)/bin/python -m pip install --quiet -r bot/requirements.txt
	rm -f $(BOT_VENV)/.installed-*
	touch $@

bot-setup: $(BOT_STAMP)

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

## Everything: lint, the assistant's checks (validate, train from scratch, test stories, held-out NLU
## scores, action and end-to-end tests; bot/scripts/ci.sh), then the app's tests, which use the model
## the assistant's checks trained (the chat relay, SMS and browser tests talk to a real assistant).
test: lint test-bot test-app

test-app: setup
	$(PY) -m pytest

test-bot: setup bot-setup
	NLU_MIN_INTENT_F1=$${NLU_MIN_INTENT_F1:-0.82} NLU_MIN_NEED_F1=$${NLU_MIN_NEED_F1:-0.74} bash bot/scripts/ci.sh

bench-search: setup
	$(PY) -m bench.search

bench-api: setup
	$(PY) -m bench.api

bench-bot: setup bot-setup
	$(BOT_VENV)/bin/python -m bench.bot

clean:
	rm -rf var .pytest_cache
