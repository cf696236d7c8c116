# newswatch — one command for each thing a person does here.
#   make install   create .venv and install pinned dependencies (idempotent)
#   make run       the main job: the scheduler (Prefect server + UI, monitor every 30 min)
#   make test      ruff (format + lint), mypy, pytest
#   make bench     throughput benchmarks, reported as ratios
#   make screenshots  a PNG of each page of the web view, in screenshots/ (not committed)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SRC    := src flows tests benchmarks

.PHONY: install run test lint typecheck pytest bench lock clean browser screenshots

# The browser the web view's tests drive: Debian's Chromium (Playwright's own download needs
# the internet); installed here when missing, as root or through sudo.
CHROMIUM ?= /usr/bin/chromium

install: $(STAMP) browser

browser:
	@test -x $(CHROMIUM) || command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the web view's browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -q chromium >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium >/dev/null; }; }

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

run: install
	$(BIN)/newswatch serve

lint: install
	$(BIN)/ruff format --check $(SRC)
	$(BIN)/ruff check $(SRC)

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: install
	$(BIN)/python -m benchmarks.bench_extract
	$(BIN)/python -m benchmarks.bench_ingest
	$(BIN)/python -m benchmarks.bench_flows
	$(BIN)/python -m benchmarks.bench_noop
	NEWSWATCH_TEST_DATABASE_URL=$${NEWSWATCH_TEST_DATABASE_URL-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/python -m benchmarks.bench_pipeline
	NEWSWATCH_TEST_DATABASE_URL=$${NEWSWATCH_TEST_DATABASE_URL-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/python -m benchmarks.bench_workers
	NEWSWATCH_TEST_DATABASE_URL=$${NEWSWATCH_TEST_DATABASE_URL-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/python -m benchmarks.bench_store
	NEWSWATCH_TEST_DATABASE_URL=$${NEWSWATCH_TEST_DATABASE_URL-postgresql://postgres@127.0.0.1:5432/test} $(BIN)/python -m benchmarks.bench_web

# Each page of the web view over the seeds and the dev set, as Chromium draws it.
screenshots: install
	NEWSWATCH_SCREENSHOTS=$(CURDIR)/screenshots $(BIN)/pytest -q tests/web/test_browser.py -k screenshots
	@echo "screenshots in $(CURDIR)/screenshots/"

# Re-pin after changing dependencies in pyproject.toml.
lock: install
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^newswatch' > requirements.lock.new && (echo 'setuptools==80.10.2'; cat requirements.lock.new) > requirements.lock && rm requirements.lock.new

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
