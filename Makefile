# megacxr: `make demo` runs the main job on bundled (synthetic) demo data; `make test` runs the tests.
# Both create .venv and install what they need on a fresh machine.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO ?= demo_out
PYTEST_ARGS ?=
# the venv's tools first (DeepSpeed's just-in-time CPU op build uses the ninja on PATH: one binary, one build)
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: install demo test test-fast bench clean

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# The CPU build of torch first: a looser requirement on a fresh environment pulls GBs of CUDA wheels.
	$(BIN)/python -m pip install -q torch==2.13.0
	# DeepSpeed is published as source only; build it without its CUDA/C++ ops (they compile just in time where
	# they run) and without build isolation (its setup imports the torch installed above).
	DS_BUILD_OPS=0 $(BIN)/python -m pip install -q --no-build-isolation deepspeed==0.19.8
	$(BIN)/python -m pip install -q -e '.[train,dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/python -m megacxr demo --out $(DEMO)

test: install
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Skips the multi-process tests marked slow (CI runs them all).
test-fast: install
	$(BIN)/python -m pytest -q -m "not slow" $(PYTEST_ARGS)

bench: install
	$(BIN)/python benchmarks/bench_shards.py
	$(BIN)/python benchmarks/bench_loader.py

clean:
	rm -rf $(DEMO) .pytest_cache
