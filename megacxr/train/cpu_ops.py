"""DeepSpeed's CPU shared-memory communication op: not loaded by megacxr, and its leftovers cleaned up.

On a CPU (no CUDA), ``deepspeed.init_distributed`` compiles and loads ``ShareMemCommBuilder`` and lets it create
two 69 MB buffers per rank in ``/dev/shm`` (``deepspeed_allreduce_buffer_*``). Training never uses it: DeepSpeed's
``all_reduce`` goes through torch.distributed (gloo); only ``inference_all_reduce`` would, and it falls back to the
same all-reduce without the op. Loading it cost three things, all met on our machines:

* a one-to-two-minute compile on the first run in every environment, silent;
* a hang forever: torch guards every load with a bare lock file (``<build dir>/lock``) and no owner check, so a
  process killed inside that window (a job pre-empted at start-up, a timeout, ``kill -9``) left every later run
  on the machine waiting for it; this stopped a CI run of ours;
* memory: the buffers are never removed, not even at a clean exit. ``/dev/shm`` is RAM: a few hundred runs on one
  node filled 18 of 24 GB, and the next multi-process run swapped and hung.

``skip_cpu_comm_op()`` (``init_distributed`` calls it before DeepSpeed initialises, on CPU only) marks the op
incompatible in DeepSpeed's own table of compatible ops, which DeepSpeed consults before building it, so nothing
is compiled, locked or allocated. ``sweep_stale_shm_buffers()`` removes buffers that earlier DeepSpeed runs (ours
before this change, or other programs) left behind: a buffer that no live process maps (``/proc/*/maps``) is
deleted, one in use is kept; it runs on each node's local rank 0 and logs what it freed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("megacxr.train")

__all__ = ["OP_NAME", "SHM_PREFIX", "skip_cpu_comm_op", "sweep_stale_shm_buffers"]

OP_NAME = "deepspeed_shm_comm"
SHM_PREFIX = "deepspeed_allreduce_buffer"
SHM_DIR = Path("/dev/shm")


def skip_cpu_comm_op() -> bool:
    """Keep DeepSpeed from building its CPU shared-memory op in this process; returns whether it was marked."""
    import deepspeed.ops  # start-up cost: only a run that is about to initialise DeepSpeed gets here

    table = getattr(deepspeed.ops, "__compatible_ops__", None)
    if not isinstance(table, dict):  # another DeepSpeed layout: nothing to mark, its default behaviour stays
        return False
    table[OP_NAME] = False
    return True


def _mapped_paths() -> set[str]:
    """Every file some live process maps (the ones this user may read)."""
    mapped: set[str] = set()
    for maps in Path("/proc").glob("[0-9]*/maps"):
        try:
            with open(maps, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    if SHM_PREFIX in line:
                        mapped.add(line.rsplit(None, 1)[-1].replace(" (deleted)", ""))
        except OSError:  # a process that ended meanwhile, or another user's
            continue
    return mapped


def sweep_stale_shm_buffers(shm_dir: Path = SHM_DIR) -> tuple[int, int]:
    """Delete DeepSpeed all-reduce buffers no live process maps; returns (files, bytes) removed."""
    if not shm_dir.is_dir():
        return 0, 0
    candidates = [p for p in shm_dir.glob(f"{SHM_PREFIX}_*") if p.is_file() and p.stat().st_uid == os.getuid()]
    if not candidates:
        return 0, 0
    in_use = _mapped_paths()
    files = size = 0
    for path in candidates:
        if str(path) in in_use:
            continue
        try:
            nbytes = path.stat().st_size
            path.unlink()
        except OSError:
            continue
        files, size = files + 1, size + nbytes
    if files:
        log.warning(
            "removed %d DeepSpeed shared-memory buffers (%.1f GB of RAM) that earlier runs left in %s",
            files,
            size / 1e9,
            shm_dir,
        )
    return files, size
