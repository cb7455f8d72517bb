# Two commands: `make run` serves the room, `make test` runs every test (browser tests included).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 0.0.0.0
PORT ?= 5000

.PHONY: run test lint format bench translations system-packages

run: $(VENV)/.installed
	$(BIN)/kiosk serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-dev system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/fanout.py

# After changing a French string: extract, merge into each language's catalog, translate what is new
# (tests/test_translations.py lists it), then compile. Catalogs live in kiosk/translations/.
BABEL_KEYWORDS := -k _ -k gettext -k N_ -k _l
translations: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output -o kiosk/translations/messages.pot .
	$(BIN)/pybabel update -i kiosk/translations/messages.pot -d kiosk/translations --no-fuzzy-matching
	$(BIN)/pybabel compile -d kiosk/translations

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

# Chromium drives the browser tests and zbarimg reads QR codes back; both come from Debian.
system-packages:
	@command -v chromium >/dev/null && command -v zbarimg >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium zbar-tools; }
