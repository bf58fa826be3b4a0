VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: install check fuzz lint imports types test screenshots bench seed serve datasette exports browser

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

# Property tests with fresh random examples (the default profile replays the same ones).
fuzz:
	$(PY) -m pytest -q -p no:cacheprovider --hypothesis-profile=explore $$(grep -l 'from hypothesis' tests/*.py)

seed:
	$(VENV)/bin/libya-explore ingest seeds --db db/libya.db

screenshots: seed
	$(PY) scripts/export_screenshots.py

bench:
	$(PY) benchmarks/run_all.py

# The explorer in a browser (textual-serve), loopback only: http://127.0.0.1:8000
serve: seed
	$(VENV)/bin/libya-explore serve --db db/libya.db

# datasette with the package's plugin: http://127.0.0.1:8001 (needs the datasette extra)
datasette: seed
	$(VENV)/bin/libya-explore datasette db/libya.db

# Every export of db/libya.db into exports/ (ftm needs the ftm extra)
exports: seed
	mkdir -p exports
	for kind in entities mentions cooccurrence; do \
		$(VENV)/bin/libya-explore export $$kind --db db/libya.db -o exports/$$kind.csv || exit 1; \
	done
	$(VENV)/bin/libya-explore export graph --db db/libya.db -o exports/actors.graphml
	$(VENV)/bin/libya-explore export graph --db db/libya.db -o exports/actors.gexf
	$(VENV)/bin/libya-explore export ftm --db db/libya.db -o exports/actors.ftm.json

# Debian's chromium and its driver, for tests/test_serve.py (as root; .ci/run does the same)
browser:
	apt-get update -q && apt-get install -y -q chromium chromium-driver
