# The two set-up commands are `make run` and `make test`; both create or reuse .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check bench bench-full install install-embeddings clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# A fresh 3.11 venv ships pip 23.2, which mis-resolves some extras: upgrade it first.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The optional sentence model for storylines (NEWSBRIEF_EMBEDDINGS=minilm). torch comes first
# and pinned: a plain `torch` requirement would pull a multi-gigabyte CUDA build.
install-embeddings: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check 'torch==2.13.0'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,embeddings]'

run: $(STAMP)
	$(BIN)/newsbrief run

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench.run --quick $(BENCH_ARGS)

bench-full: $(STAMP)
	$(BIN)/python -m bench.run --full $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
