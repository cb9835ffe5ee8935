# Quickstart: `make run` and `make test` on a fresh machine (only python3 needed).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# pytest-xdist: one worker per core; a test module stays on one worker, so its module-scoped
# fixtures run once and its shared files (the wheel build) are never written twice at once.
# `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile

.PHONY: run test test-fast lint gate baseline format clean

# Installs with the pinned versions in .ci/constraints.txt: scores depend on them.
$(STAMP): pyproject.toml .ci/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c .ci/constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/sumbench run --docs seeds --refs references --out results

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The project guards its own scores: the default run on the seeds must match the
# committed baseline (update it deliberately with `make baseline`, in the same commit).
test: lint
	$(PYTEST)
	$(MAKE) --no-print-directory gate

# The quick loop while coding: no subprocess/kill/corpus sweeps, no browser (CONTRIBUTING.md
# gives its time).
test-fast: $(STAMP)
	$(PYTEST) -m "not slow and not browser"

gate: $(STAMP)
	$(BIN)/sumbench check --baseline baselines/seeds.json --docs seeds --refs references

baseline: $(STAMP)
	$(BIN)/sumbench run --docs seeds --refs references --out results
	$(BIN)/sumbench baseline save --from results/results.json --to baselines/seeds.json

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache .hypothesis .sumbench-cache
