"""Logging set-up: one format for the CLI and training; only rank 0 logs at INFO under a distributed launch."""

from __future__ import annotations

import logging
import os
import sys


def rank() -> int:
    for var in ("RANK", "SLURM_PROCID", "OMPI_COMM_WORLD_RANK"):
        if var in os.environ:
            try:
                return int(os.environ[var])
            except ValueError:
                pass
    return 0


def setup_logging(verbose: bool = False) -> None:
    level = logging.DEBUG if verbose else logging.INFO
    if rank() != 0:
        level = logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    root = logging.getLogger("megacxr")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
