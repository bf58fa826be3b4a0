VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install check lint test screenshots bench seed

install:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[test]'

lint:
	$(VENV)/bin/ruff check explorer tests benchmarks scripts
	$(VENV)/bin/ruff format --check explorer tests benchmarks scripts

test:
	$(PY) -m pytest

check: lint test

seed:
	$(VENV)/bin/libya-explore ingest seeds --db db/libya.db

screenshots: seed
	$(PY) scripts/export_screenshots.py

bench:
	$(PY) benchmarks/run_all.py
