#!/usr/bin/env bash
# Every GPU figure megacxr owes, in one command, on one lent H100/H200 with no network (benchmarks/gpu/README.md).
#   bash benchmarks/gpu/run.sh                      # on the GPU machine: about 8 minutes, appends to RESULTS.md
#   bash benchmarks/gpu/run.sh --device cpu --tiny  # the same parts at toy sizes on a CPU (its test)
# Wheels carried in benchmarks/gpu/wheels/ (deepspeed, webdataset, pydicom, liger-kernel) are installed first,
# offline, into $MEGACXR_SITE (on PYTHONPATH); megacxr runs from the checkout (the image has torch, triton, timm).
# Nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="${PYTHON:-python3}"  # the lent machine's image names its interpreter python3
shopt -s nullglob
wheels=(benchmarks/gpu/wheels/*.whl)
# the CPU dry run uses this machine's own environment (the carried wheels are built for the lent machine's Python)
if ((${#wheels[@]})) && [[ " $* " != *" --device cpu "* ]]; then
  SITE="${MEGACXR_SITE:-/tmp/megacxr-site}"
  echo "installing ${#wheels[@]} carried wheel(s) offline into $SITE"
  "$PY" -m pip install --quiet --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SITE" "${wheels[@]}"
  export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
fi
# megacxr from this checkout: on the path (its kernels/ folders join megacxr.kernels from there), installed only
# where the checkout alone does not import (the image may lack a setuptools new enough for the editable install)
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
if ! "$PY" -c "import megacxr.kernels" 2>/dev/null; then
  "$PY" -m pip install --quiet --no-index --no-deps --no-build-isolation -e . \
    || "$PY" -m pip install --quiet --user --no-index --no-deps --no-build-isolation -e . \
    || echo "warning: megacxr could not be installed; running from the checkout"
fi
# the lent GPU exists to record its figures: --record by default (--no-write still prints only)
exec "$PY" benchmarks/gpu/run.py --record "$@"
