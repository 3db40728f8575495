# eventwire — the two commands a newcomer needs: `make demo` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= eventwire.duckdb

.PHONY: demo test lint typecheck eval bench stress clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.installed

## demo: install, ingest the bundled demo corpus into $(DB), print the run summary, articles and events
demo: $(VENV)/.installed
	$(BIN)/eventwire ingest examples/corpus --db $(DB)
	$(BIN)/eventwire articles --db $(DB)
	$(BIN)/eventwire events --db $(DB)
	@echo
	@echo "Open the dashboard:  $(BIN)/eventwire serve --db $(DB)   then visit http://127.0.0.1:8000/"

## browser: Debian's chromium for the dashboard tests (Playwright drives it; no browser download)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium; \
	  else echo "chromium is missing: install it with 'apt-get install chromium'"; exit 1; fi; }

## test: install dev extras and chromium, lint, run the test suite (browser tests must run, not skip)
test: $(VENV)/.installed-dev browser
	$(BIN)/ruff check src tests
	EVENTWIRE_REQUIRE_BROWSER=1 $(BIN)/pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

## eval: every golden evaluation; fails if a score drops below its recorded floor
eval: $(VENV)/.installed
	$(BIN)/eventwire eval all

## bench: throughput next to a bare spaCy parse (slow; not part of `make test`)
bench: $(VENV)/.installed
	$(BIN)/eventwire bench

## stress: long-running reliability tests (kill/resume loops, load), not part of `make test`
stress: $(VENV)/.installed-dev
	$(BIN)/pytest -q -m slow --timeout 3600

clean:
	rm -rf $(VENV) $(DB) $(DB).wal $(DB).snapshot $(DB).parts .pytest_cache .ruff_cache
