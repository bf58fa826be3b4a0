VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install check lint imports types test screenshots bench seed

install:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[test]'

lint:
	$(VENV)/bin/ruff check explorer tests benchmarks scripts
	$(VENV)/bin/ruff format --check explorer tests benchmarks scripts

# The layers and import rules of README "Architecture" ([tool.importlinter] in pyproject.toml).
imports:
	$(VENV)/bin/lint-imports --no-logo

# mypy over the package: every function annotated and checked ([tool.mypy] in pyproject.toml).
types:
	$(VENV)/bin/mypy explorer

test:
	$(PY) -m pytest

check: lint imports types test

seed:
	$(VENV)/bin/libya-explore ingest seeds --db db/libya.db

screenshots: seed
	$(PY) scripts/export_screenshots.py

bench:
	$(PY) benchmarks/run_all.py
