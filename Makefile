# Around Here: `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app web
# This machine is a development machine: the app shares one set of secrets between its processes
# through var/secrets.env (web/local_secrets.py). A deployment says AROUND_HERE_ENV=production and sets
# its own (README, "Deploying safely").
export AROUND_HERE_ENV ?= development
# Where the embedded database, index and secrets live (the app reads the same variable).
export AROUND_HERE_VAR ?= $(CURDIR)/var
# The crisis safety net is its own small package (bot/safety), installed editable into both environments.
SAFETY := bot/safety
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(SAFETY)/pyproject.toml | sha1sum | cut -c1-12)
# The assistant: Python 3.10 (pyenv) with Rasa 3.6.21 in bot/.venv.
BOT_PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10) $(shell command -v python3.10))
BOT_VENV := bot/.venv
BOT_STAMP := $(BOT_VENV)/.installed-$(shell cat bot/requirements.txt $(SAFETY)/pyproject.toml | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run jobs test test-app test-bot setup bot-setup bot-model data lint bench-search bench-api bench-bot clean
.PHONY: browser-deps bench-web bench-portal bench-load bench-sms bench-insight
.PHONY: i18n-extract i18n-update i18n-compile

$(STAMP): pyproject.toml $(SAFETY)/pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed for the app"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]' -e $(SAFETY)
	rm -f $(VENV)/.installed-*
	touch $@

setup: $(STAMP)

$(BOT_STAMP): bot/requirements.txt $(SAFETY)/pyproject.toml
	@test -n "$(BOT_PYTHON)" || { echo "Python 3.10 is needed for the assistant (pyenv install 3.10)" >&2; exit 1; }
	test -x $(BOT_VENV)/bin/python || $(BOT_PYTHON) -m venv $(BOT_VENV)
	$(BOT_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BOT_VENV)/bin/python -m pip install --quiet -r bot/requirements.txt -e $(SAFETY)
	rm -f $(BOT_VENV)/.installed-*
	touch $@

bot-setup: $(BOT_STAMP)

## Database schema, sample data and search index on the embedded defaults (SQLite under var/).
data: setup i18n-compile
	mkdir -p $(AROUND_HERE_VAR)
	$(FLASK) directory migrate
	$(FLASK) directory load-sample
	$(FLASK) directory ensure-index

## The assistant's model, trained from bot/data when it is missing or older than what it is made from.
BOT_MODEL := bot/models/around-here.tar.gz
$(BOT_MODEL): $(BOT_STAMP) bot/config.yml $(shell find bot/data bot/domain -name '*.yml' 2>/dev/null)
	cd bot && RASA_TELEMETRY_ENABLED=false .venv/bin/python scripts/build_nlu_data.py
	cd bot && RASA_TELEMETRY_ENABLED=false .venv/bin/rasa train --domain domain --data data --config config.yml \
		--out models --fixed-model-name around-here

bot-model: $(BOT_MODEL)

## Everything a resident meets, on this machine: the web app (pages, widget, chat relay, SMS webhook) on
## $(PORT), the assistant's REST channel on $(RASA_PORT) and its action server on $(ACTIONS_PORT), which
## searches the directory through a small web process of its own on 127.0.0.1:$(API_PORT) (so the relay's
## threads, waiting for the assistant, never hold up the searches the assistant waits for). Ctrl-C
## stops them all. Without Python 3.10 the web app runs alone (chat then answers from the directory).
## Every process gets the same secrets (var/secrets.env, created once, mode 0600); the assistant and its
## action server listen on 127.0.0.1 only, and the assistant's HTTP API needs RASA_TOKEN.
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
API_PORT ?= 8001
# The assistant keeps conversations in a SQLite file (the redacting SQL tracker store: never what a
# resident typed), kept TRACKER_RETENTION_DAYS after their last turn (`make jobs` purges). With a Redis
# that answers at REDIS_URL (by default the local one, if `redis-cli ping` answers) there are
# ASSISTANT_INSTANCES (default 2) Rasa servers, each with its own action server, on RASA_PORT,
# RASA_PORT+1, ... and ACTIONS_PORT, ACTIONS_PORT+1, ...: they share the SQLite file and take turns on
# a conversation through Redis locks, and the relay keeps each conversation to one of them
# (web/assistants.py). Without Redis there is one.
TRACKER_STORE_URL ?= sqlite:///$(abspath $(AROUND_HERE_VAR))/trackers.db
TRACKER_RETENTION_DAYS ?= 1
ifeq ($(origin REDIS_URL),undefined)
REDIS_URL := $(shell redis-cli ping 2>/dev/null | grep -qx PONG && echo redis://127.0.0.1:6379/1)
endif
ASSISTANT_INSTANCES ?= 2
PUBLIC_URL ?= http://$(HOST):$(PORT)
RUN_ENV = set -a && . "$(AROUND_HERE_VAR)/secrets.env" && set +a && export PUBLIC_URL=$(PUBLIC_URL)
# Rate limits are counted in the local Redis when one answers, so the two workers share one count;
# otherwise each worker counts its own (memory://) and every limit is doubled (web/ratelimit.py).
run: export RATELIMIT_STORAGE_URI ?= $(shell redis-cli ping 2>/dev/null | grep -qx PONG && echo redis://127.0.0.1:6379/0 || echo memory://)
run: data
	$(PY) -m web.local_secrets "$(AROUND_HERE_VAR)"
	@# A year of sample demand for the insight pages, once (var/insight-demo.json); remove-demo removes it.
	@test -f "$(AROUND_HERE_VAR)/insight-demo.json" || { $(RUN_ENV) && $(FLASK) insight demo; } || \
		echo "  The sample insight demand was not made (see above); the rest starts anyway"
	@echo
	@echo "  Around Here is starting: open $(PUBLIC_URL)/  (chat widget demo: /widget/demo)"
	@case "$$RATELIMIT_STORAGE_URI" in memory:*) echo "  No local Redis answers (redis-cli ping): each worker counts rate limits for itself";; esac
	@echo
	@$(RUN_ENV); if [ -n "$(BOT_PYTHON)" ]; then \
		$(MAKE) --no-print-directory bot-model && \
		trap 'kill 0' EXIT INT TERM; \
		INDEX_IN_BACKGROUND=1 $(VENV)/bin/gunicorn -c python:web.gunicorn_config --workers 1 --threads 4 \
			--bind 127.0.0.1:$(API_PORT) 'web.wsgi:app' & \
		instances=1; endpoints=endpoints.local.yml; \
		if [ -n "$(REDIS_URL)" ] && redis-cli -u "$(REDIS_URL)" ping 2>/dev/null | grep -qx PONG; then \
			instances=$(ASSISTANT_INSTANCES); endpoints=endpoints.local-redis.yml; \
		else echo "  No Redis answers at REDIS_URL: one assistant instance (several share locks in Redis)"; fi; \
		urls=; for i in $$(seq 0 $$((instances - 1))); do \
			rasa_port=$$(($(RASA_PORT) + i)); actions_port=$$(($(ACTIONS_PORT) + i)); \
			(cd bot && RASA_TELEMETRY_ENABLED=false SANIC_HOST=127.0.0.1 \
				DIRECTORY_API_URL=http://127.0.0.1:$(API_PORT)/api \
				exec .venv/bin/rasa run actions --actions actions --port $$actions_port) & \
			(cd bot && RASA_TELEMETRY_ENABLED=false ACTION_ENDPOINT=http://127.0.0.1:$$actions_port/webhook \
				TRACKER_STORE_URL="$(TRACKER_STORE_URL)" REDIS_URL="$(REDIS_URL)" \
				exec .venv/bin/rasa run --enable-api --auth-token "$$RASA_TOKEN" --interface 127.0.0.1 \
				--port $$rasa_port --model models/around-here.tar.gz \
				--endpoints $$endpoints --credentials credentials.yml) & \
			urls=$$urls$${urls:+,}http://127.0.0.1:$$rasa_port; \
		done; \
		echo "  The assistant: $$instances instance(s) at $$urls"; \
		RASA_URLS=$$urls INDEX_IN_BACKGROUND=1 $(VENV)/bin/gunicorn -c python:web.gunicorn_config --workers 2 \
			--threads 8 --bind $(HOST):$(PORT) --access-logfile - 'web.wsgi:app'; \
	else \
		echo "  Python 3.10 not found: the assistant is not started (the chat answers from the directory)"; \
		INDEX_IN_BACKGROUND=1 $(VENV)/bin/gunicorn -c python:web.gunicorn_config --workers 2 --threads 8 --bind $(HOST):$(PORT) \
			--access-logfile - 'web.wsgi:app'; \
	fi

## The daily jobs once, with the same secrets and PUBLIC_URL as `make run` (links in reminder emails).
jobs: data
	$(PY) -m web.local_secrets "$(AROUND_HERE_VAR)"
	@$(RUN_ENV) && $(FLASK) directory send-reminders && $(FLASK) directory purge-archived && \
		$(FLASK) portal purge-unconfirmed && $(FLASK) portal send-moderation-digest && $(FLASK) sms purge && \
		$(FLASK) insight rollup && \
		$(PY) bot/scripts/purge_trackers.py --url "$(TRACKER_STORE_URL)" --days $(TRACKER_RETENTION_DAYS)

## Web app translations (messages domain; the assistant's bot.po catalogs are maintained separately).
## extract: code and templates -> locales/messages.pot; update: merge it into every language's
## messages.po (English is the source language and repeats each msgid); compile: .po -> .mo (build outputs).
I18N_LANGUAGES := pl ur ar en
I18N_KEYWORDS := lazy_gettext _l lazy_ngettext:1,2 lazy_pgettext:1c,2 html_gettext
PYBABEL := $(VENV)/bin/pybabel

i18n-extract: setup
	$(PYBABEL) --quiet extract -F babel.cfg $(addprefix -k ,$(I18N_KEYWORDS)) -c TRANSLATORS: \
		--add-location=file --sort-by-file --no-wrap --project="Around Here" --version=0.1 \
		--copyright-holder="the Around Here contributors" \
		-o locales/messages.pot web directory

i18n-update: setup
	for lang in $(I18N_LANGUAGES); do \
		$(PYBABEL) --quiet update -i locales/messages.pot -d locales -D messages -l $$lang \
			--init-missing --ignore-obsolete --no-wrap || exit 1; \
	done
	$(PY) -c 'from web.i18n import fill_source_catalog as f; f("locales/en/LC_MESSAGES/messages.po")'

i18n-compile: setup
	$(PYBABEL) --quiet compile -d locales -D messages

lint: setup
	$(VENV)/bin/ruff check .

## Everything: lint, the assistant's checks (validate, train from scratch, test stories, held-out NLU
## scores, action and end-to-end tests; bot/scripts/ci.sh), then the app's tests, which use the model
## the assistant's checks trained (the chat relay, SMS and browser tests talk to a real assistant).
test: lint test-bot test-app

test-app: setup i18n-compile browser-deps
	$(PY) -m pytest

## The browser tests' JavaScript: axe-core, pinned in tests/browser/package-lock.json, installed with
## `npm ci` (tests/browser/node_modules, git-ignored). Without npm the browser tests skip, saying why.
BROWSER_DEPS := tests/browser/node_modules/.package-lock.json

$(BROWSER_DEPS): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/browser && npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: the browser tests will be skipped (apt-get install -y npm)"; fi

browser-deps: $(BROWSER_DEPS)

test-bot: setup bot-setup
	NLU_MIN_INTENT_F1=$${NLU_MIN_INTENT_F1:-0.82} NLU_MIN_NEED_F1=$${NLU_MIN_NEED_F1:-0.74} bash bot/scripts/ci.sh

bench-search: setup
	$(PY) -m bench.search

bench-api: setup
	$(PY) -m bench.api

bench-bot: setup bot-setup
	$(BOT_VENV)/bin/python -m bench.bot

bench-web: setup
	$(PY) -m bench.web

bench-portal: setup
	$(PY) -m bench.portal

## Neighbourhood insight: recording overhead on /api/search, 1,000,000 events rolled up and the
## neighbourhood page at that size, on SQLite and on the local PostgreSQL (BENCH_POSTGRES_URL) if it answers.
bench-insight: setup
	$(PY) -m bench.insight

## Load through a stack already running on BENCH_URL, started with limits that let one address send
## it all, e.g. `CHAT_RATE_LIMIT_CLIENT=100000/60 CHAT_RATE_LIMIT_SESSION=1000/60
## TWILIO_AUTH_TOKEN=bench-token SMS_LIMIT_GLOBAL_MINUTE=100000 PORT=8100 make run` (docs/benchmarks.md,
## "Capacity"). bench-load steps the chat's arrival rate up to the highest held at p95 <= 500 ms;
## bench-sms measures the SMS webhook (5 texts/s open loop, then 20 senders back to back).
BENCH_URL ?= http://127.0.0.1:8100
bench-load: setup
	$(PY) -m bench.load search --url $(BENCH_URL)

bench-sms: setup
	$(PY) -m bench.sms --url $(BENCH_URL) --token $${TWILIO_AUTH_TOKEN:-bench-token}

clean:
	rm -rf var .pytest_cache
