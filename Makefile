# eventwire — the two commands a newcomer needs: `make demo` and `make test`.
# Both create .venv on first use and reinstall only when pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= eventwire.duckdb

.PHONY: demo test lint typecheck eval bench stress clean

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

## test: install dev extras, lint, run the test suite
test: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests
	$(BIN)/pytest -q

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
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache .ruff_cache
