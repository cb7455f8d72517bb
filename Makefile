# Two commands: `make run` serves the room (`make bundle` writes the archive that installs it with no Internet),
# `make test` runs every test (browser tests included) and
# prints the branch coverage, which must not fall below its floor (pyproject.toml, fail_under), then runs
# the tests again on PostgreSQL (`make test-postgres`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 0.0.0.0
PORT ?= 5000
# The page scripts' linter comes from npm, pinned in package-lock.json (needs Node.js 20.19 or newer).
NPM_TOOLS := node_modules/.installed
ESLINT := node_modules/.bin/eslint kiosk/static/js

# `make test-postgres` runs the tests on PostgreSQL (a database made for the run, dropped at its end).
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres

.PHONY: run dev test test-postgres lint format bench bench-fanout profile bench-cluster translations communes \
	system-packages prerequisites bundle

# The room's path: Kiosk installed as a normal package (a developer's `make test` keeps it editable).
run: prerequisites $(VENV)/.installed
	$(BIN)/kiosk serve --host $(HOST) --port $(PORT)

# The developers' path: the same server from the editable install with the dev extra.
dev: prerequisites $(VENV)/.installed-dev
	$(BIN)/kiosk serve --host $(HOST) --port $(PORT)

# Before anything else: Python 3.11 or newer with venv, said in plain French when missing.
prerequisites:
	@sh install/prerequisites.sh $(PYTHON)

# One archive with Kiosk, every package it needs as wheels for this machine, and its installer:
# `tar xzf kiosk-hors-ligne-*.tar.gz && sh kiosk-hors-ligne/installer.sh` installs it with no Internet.
BUNDLE_DIR ?= dist
bundle: prerequisites
	@sh install/bundle.sh $(PYTHON) $(BUNDLE_DIR)

test: $(VENV)/.installed-dev $(NPM_TOOLS) system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(ESLINT)
	$(BIN)/pytest --cov --cov-report=term-missing:skip-covered
	$(MAKE) test-postgres

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

# A crowd of phones against Kiosk and a bare Socket.IO server (bench/crowd.py); BENCH_ARGS=--quick is a
# short run (under 10 minutes), BENCH_ARGS=--busy keeps both cores busy. `make bench-fanout` is the older
# fan-out bench per server mode, `make profile` where a write's time goes.
BENCH_ARGS ?=
bench: $(VENV)/.installed-dev system-packages
	$(BIN)/python bench/crowd.py $(BENCH_ARGS)

bench-fanout: $(VENV)/.installed-dev system-packages
	$(BIN)/python bench/fanout.py $(BENCH_ARGS)

profile: $(VENV)/.installed-dev
	$(BIN)/python bench/profile_write.py

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

# The offline commune list (kiosk/data/communes/, its README gives sources and licences): rebuilt from npm's
# @etalab/decoupage-administratif; COOP_COMMUNES=path/to/communes.csv (La Coop de la médiation numérique's
# list) also refreshes what that tool holds differently (coop.csv).
DECOUPAGE_VERSION ?= 6.0.0
COOP_COMMUNES ?=
communes: $(VENV)/.installed
	@tmp=$$(mktemp -d) && \
	  (cd $$tmp && npm pack --silent @etalab/decoupage-administratif@$(DECOUPAGE_VERSION) >/dev/null && \
	   tar xzf etalab-decoupage-administratif-$(DECOUPAGE_VERSION).tgz) && \
	  $(BIN)/python tools/communes.py $$tmp/package/data/communes.json $(COOP_COMMUNES); \
	  status=$$?; rm -rf $$tmp; exit $$status

$(NPM_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(VENV)/bin/python:
	@sh install/prerequisites.sh $(PYTHON)
	@[ -f $(VENV)/.installed ] || echo "Première installation : Kiosk télécharge ce qu’il lui faut (Internet nécessaire, une minute environ). Sans Internet, utilisez l’archive hors ligne (make bundle, voir docs/guide/)."
	$(PYTHON) -m venv $(VENV)

# Reinstalled when the sources change, unless the editable install of `make test` already follows them.
# Its data stays in this folder's instance/ (the .pth line tells the installed package where it is).
$(VENV)/.installed: pyproject.toml $(shell find kiosk -type f -not -name '*.pyc' 2>/dev/null) | $(VENV)/bin/python
	@if [ -f $(VENV)/.installed-dev ]; then touch $@; else \
	  $(BIN)/pip install --quiet --upgrade pip && \
	  $(BIN)/pip install --quiet . && \
	  $(BIN)/python install/instance_path.py $(CURDIR)/instance && touch $@; fi

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# Chromium drives the browser tests, zbarimg reads QR codes back, LibreOffice opens the exports as a
# French spreadsheet would, pg_dump (postgresql-client) is what `kiosk backup` runs on PostgreSQL,
# desktop-file-validate checks the start button, and nginx is the reverse proxy of a forum day
# (docs/deploy.md) and of its cluster test and bench. All come from Debian.
system-packages:
	@command -v chromium >/dev/null && command -v zbarimg >/dev/null && command -v soffice >/dev/null \
	  && command -v pg_dump >/dev/null && command -v desktop-file-validate >/dev/null \
	  && { command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium zbar-tools postgresql-client \
	    desktop-file-utils nginx && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui; }
