# The two set-up commands are `make run` and `make test`; both create or reuse .venv and install
# from requirements.lock, the versions the test suite passed with.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
PIP := python -m pip --quiet --disable-pip-version-check

.PHONY: run test check bench bench-full install lock clean

# pip and setuptools come from the lock first; the project then builds with them (no build
# isolation, which would fetch whatever setuptools is newest). setuptools' box warning that
# folders named like the packages may shadow them is about this very checkout: silenced.
$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/$(PIP) install -c $(LOCK) pip setuptools
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/$(PIP) install --no-build-isolation -c $(LOCK) -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/newsbrief run

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Each writes its figures into docs/performance.md too (the latest run of its kind).
bench: $(STAMP)
	$(BIN)/python -m bench.run --quick --doc docs/performance.md $(BENCH_ARGS)

bench-full: $(STAMP)
	$(BIN)/python -m bench.run --full --doc docs/performance.md $(BENCH_ARGS)

# After a change to the dependencies in pyproject.toml: resolve afresh in a scratch
# environment (the newest releases within pyproject's ranges) and pin the result.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/$(PIP) install --upgrade pip setuptools
	.lock-venv/bin/$(PIP) install --no-build-isolation -e '.[dev]'
	{ echo "# Pinned by \`make lock\` from pyproject.toml; install with \`make install\`."; \
	  .lock-venv/bin/python -m pip freeze --all --exclude-editable; } > $(LOCK)
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .lock-venv build *.egg-info
