#!/usr/bin/env bash
# Every GPU figure megacxr owes, in one command, on one lent H100/H200 with no network (benchmarks/gpu/README.md).
#   bash benchmarks/gpu/run.sh                      # on the GPU machine: about 8 minutes, appends to RESULTS.md
#   bash benchmarks/gpu/run.sh --device cpu --tiny  # the same parts at toy sizes on a CPU (its test)
# Wheels carried in benchmarks/gpu/wheels/ (deepspeed, webdataset, pydicom, liger-kernel) are installed first,
# offline, into $MEGACXR_SITE (on PYTHONPATH); then megacxr itself, editable and without dependencies (the image
# has torch, transformers, peft, triton, timm). Nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PYTHON:-python}"
shopt -s nullglob
wheels=(benchmarks/gpu/wheels/*.whl)
if ((${#wheels[@]})); then
  SITE="${MEGACXR_SITE:-/tmp/megacxr-site}"
  echo "installing ${#wheels[@]} carried wheel(s) offline into $SITE"
  "$PY" -m pip install --quiet --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SITE" "${wheels[@]}"
  export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
fi
if ! "$PY" -c "import megacxr.kernels" 2>/dev/null; then
  # megacxr.kernels is the top-level kernels/ folder, mapped by the install (pyproject.toml): install it
  "$PY" -m pip install --quiet --no-index --no-deps --no-build-isolation -e . \
    || "$PY" -m pip install --quiet --user --no-index --no-deps --no-build-isolation -e .
fi
# the lent GPU exists to record its figures: --record by default (--no-write still prints only)
exec "$PY" benchmarks/gpu/run.py --record "$@"
