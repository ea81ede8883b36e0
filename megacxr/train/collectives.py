"""The few collectives the trainer calls outside DeepSpeed (the loop, validation, checkpoints, the text cache
build, the stop-file check, the profiler), written once. Each works the same without a process group (a plain
``python -m megacxr.train`` or a test): it returns the local value and never blocks.

Loss-level collectives with gradients live in ``megacxr.losses.gather``; process-group set-up and tear-down in
``megacxr.train.engine``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
import torch.distributed as dist

__all__ = ["all_gather_objects", "all_reduce", "all_true", "any_true", "barrier", "distributed", "rank", "world_size"]

_OPS = {"sum": "SUM", "min": "MIN", "max": "MAX"}


def distributed() -> bool:
    """Whether a process group is up (of any size)."""
    return dist.is_available() and dist.is_initialized()


def rank() -> int:
    return dist.get_rank() if distributed() else 0


def world_size() -> int:
    return dist.get_world_size() if distributed() else 1


def barrier() -> None:
    if distributed():
        dist.barrier()


def all_reduce(values: Sequence[float], op: str = "sum") -> list[float]:
    """``values`` reduced over the ranks element by element (``op``: sum, min or max), in float64: integer counts
    stay exact up to 2**53."""
    if op not in _OPS:
        raise ValueError(f"all_reduce: op must be one of {sorted(_OPS)}, got {op!r}")
    if world_size() == 1:
        return [float(v) for v in values]
    t = torch.tensor([float(v) for v in values], dtype=torch.float64)
    dist.all_reduce(t, op=getattr(dist.ReduceOp, _OPS[op]))
    return t.tolist()


def all_true(flag: bool) -> bool:
    """True when ``flag`` holds on every rank (a collective: call it on all ranks)."""
    return all_reduce([1.0 if flag else 0.0], "min")[0] > 0


def any_true(flag: bool) -> bool:
    """True when ``flag`` holds on some rank (a collective: call it on all ranks)."""
    return all_reduce([1.0 if flag else 0.0], "max")[0] > 0


def all_gather_objects(obj: Any) -> list:
    """Every rank's ``obj``, in rank order (picklable values the trainer made itself, never read from disk)."""
    if world_size() == 1:
        return [obj]
    out: list = [None] * world_size()
    dist.all_gather_object(out, obj)
    return out
