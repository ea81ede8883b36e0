# megacxr: `make demo` runs the main job on bundled (synthetic) demo data; `make test` runs the tests.
# Both create .venv and install what they need on a fresh machine.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO ?= demo_out
PYTEST_ARGS ?=
# Two pytest-xdist workers: most tests are one process on one thread, so two share a 2-core machine well (the
# whole suite: 23 min -> 13 min on the 2-core CI VM, 2026-12-04). PYTEST_WORKERS=0 runs in one process. Work
# stealing (--dist worksteal) with the long tests first (tests/conftest.py) keeps both busy to the end.
PYTEST_WORKERS ?= 2
# the venv's tools first (DeepSpeed's just-in-time CPU op build uses the ninja on PATH: one binary, one build)
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: install constraints demo test test-fast lint format bench clean

# Every install takes the exact versions of constraints.txt (the ones the suite passed with); pyproject.toml
# keeps compatible ranges for users who install the package into their own environment.
PIP := $(BIN)/python -m pip install -q -c constraints.txt

$(STAMP): pyproject.toml Makefile constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# The CPU build of torch first: a looser requirement on a fresh environment pulls GBs of CUDA wheels.
	$(PIP) torch==2.13.0
	# DeepSpeed is published as source only; build it without its CUDA/C++ ops (they compile just in time where
	# they run) and without build isolation (its setup imports the torch installed above).
	DS_BUILD_OPS=0 $(PIP) --no-build-isolation deepspeed==0.19.8
	$(PIP) -e '.[train,dev]'
	touch $(STAMP)

# Rewrite constraints.txt from the current .venv (after a deliberate upgrade there); then run `make test`.
constraints: install
	{ sed -n '1,3p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable | sed 's/+cpu$$//'; } > constraints.new
	mv constraints.new constraints.txt

install: $(STAMP)

demo: install
	$(BIN)/python -m megacxr demo --out $(DEMO)

# The 25 slowest tests close the log: the suite's budget is 20 minutes on a 2-core machine.
test: install
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist worksteal --durations=25 $(PYTEST_ARGS)

# Skips the multi-process tests marked slow (CI runs them all).
test-fast: install
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) --dist worksteal -m "not slow" $(PYTEST_ARGS)

# ruff (pyproject.toml [tool.ruff]: line length 120; pycodestyle, pyflakes and import-order rules; ruff's formatter)
LINT_PATHS := megacxr kernels tests benchmarks
lint: install
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

format: install
	$(BIN)/ruff check --select I --fix $(LINT_PATHS)
	$(BIN)/ruff format $(LINT_PATHS)

bench: install
	$(BIN)/python benchmarks/bench_shards.py
	$(BIN)/python benchmarks/bench_loader.py

clean:
	rm -rf $(DEMO) .pytest_cache
