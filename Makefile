# Two commands: `make run` serves the room, `make test` runs every test (browser tests included) and
# prints the branch coverage, which must not fall below its floor (pyproject.toml, fail_under).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 0.0.0.0
PORT ?= 5000
# The page scripts' linter comes from npm, pinned in package-lock.json (needs Node.js 20.19 or newer).
NPM_TOOLS := node_modules/.installed
ESLINT := node_modules/.bin/eslint kiosk/static/js

# The tests run a second time on PostgreSQL (a database made for the run, dropped at its end).
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-postgres lint format bench bench-cluster translations system-packages

run: $(VENV)/.installed
	$(BIN)/kiosk serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-dev $(NPM_TOOLS) system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(ESLINT)
	$(BIN)/pytest --cov --cov-report=term-missing:skip-covered
	$(MAKE) --no-print-directory test-postgres

# The same tests on PostgreSQL, browser tests left out (they drive the pages the first pass covers).
test-postgres: $(VENV)/.installed-dev system-packages
	KIOSK_TEST_DATABASE_URL='$(TEST_DATABASE_URL)' $(BIN)/pytest -m "not browser and not cluster" -p no:cacheprovider

lint: $(VENV)/.installed-dev $(NPM_TOOLS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(ESLINT)

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# BENCH_ARGS="--quick --clients 50" gives a short run (see `python bench/fanout.py --help`).
BENCH_ARGS ?=
bench: $(VENV)/.installed-dev system-packages
	$(BIN)/python bench/fanout.py $(BENCH_ARGS)

# A forum day on this machine: one worker with SQLite against 3 workers on PostgreSQL and Redis behind
# nginx, as docs/deploy.md sets them up (PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379).
# CLUSTER_ARGS="--screens 100" gives a shorter run.
CLUSTER_ARGS ?=
bench-cluster: $(VENV)/.installed-dev system-packages
	$(BIN)/python bench/cluster.py $(CLUSTER_ARGS)

# After changing a French string: extract, merge into each language's catalog, translate what is new
# (tests/test_translations.py lists it), then compile. Catalogs live in kiosk/translations/.
BABEL_KEYWORDS := -k _ -k gettext -k N_ -k _l -k plural_forms:1,2
translations: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output -o kiosk/translations/messages.pot .
	$(BIN)/pybabel update -i kiosk/translations/messages.pot -d kiosk/translations --no-fuzzy-matching
	$(BIN)/pybabel compile -d kiosk/translations

$(NPM_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# Chromium drives the browser tests and zbarimg reads QR codes back; pg_dump (postgresql-client) is what
# `kiosk backup` runs on PostgreSQL; nginx is the reverse proxy of a forum day (docs/deploy.md) and of its
# cluster test and bench. All come from Debian.
system-packages:
	@command -v chromium >/dev/null && command -v zbarimg >/dev/null && command -v pg_dump >/dev/null && \
	  { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium zbar-tools postgresql-client nginx; }
