"""DeepSpeed's just-in-time CPU op, built so that a killed process can never hang the next run.

On a CPU (no CUDA) DeepSpeed's communication backend compiles and loads its shared-memory op
(``ShareMemCommBuilder``) through ``torch.utils.cpp_extension``, which guards every load, even a no-op one, with a
bare lock file (``<build dir>/lock``). A process killed while it holds that file (a job pre-empted at start-up, a
test timeout, ``kill -9``, a node that lost power) leaves it behind, and every later run on that machine then
waits for it forever, silently: torch's ``FileBaton`` has no timeout and no owner check.

``prepare_cpu_comm_op()`` runs before DeepSpeed initialises (``init_distributed`` calls it):

* the build goes to a folder of megacxr's own, keyed by the Python environment and the torch and DeepSpeed
  versions (``~/.cache/megacxr/torch_extensions/<key>``), unless ``TORCH_EXTENSIONS_DIR`` is set. Only megacxr
  builds there, and two environments no longer rebuild each other's op (ninja rebuilds when the command line,
  which names the environment's include paths, changes);
* it takes an ``flock`` on ``megacxr.lock`` in that folder (the kernel releases it when its holder dies, however it
  dies), so the local ranks build one after the other; the holder of that lock knows that no megacxr process is
  inside torch's lock, so a torch lock file it finds is stale: it is removed, with a warning naming it;
* the environment's own ``ninja`` is put first on PATH (two ninja versions rebuild each other's output);
* it loads the op once, which DeepSpeed's own call then finds in its cache of loaded ops.

``python -m megacxr.train.cpu_ops`` builds it ahead of time (``make install`` does, so that no test or first
training step pays the one-to-two-minute compile inside its time limit).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import Optional

import torch

log = logging.getLogger("megacxr.train")

OP_NAME = "deepspeed_shm_comm"
EXTENSIONS_ENV = "TORCH_EXTENSIONS_DIR"

__all__ = ["extensions_dir", "prepare_cpu_comm_op"]


def extensions_dir() -> Path:
    """Where torch's cpp_extension builds DeepSpeed's JIT ops for this process; sets ``TORCH_EXTENSIONS_DIR`` to
    megacxr's own folder when the user has not chosen one (torch reads it at every load)."""
    chosen = os.environ.get(EXTENSIONS_ENV)
    if chosen:
        return Path(chosen)
    import deepspeed  # start-up cost: only a run that is about to initialise DeepSpeed gets here

    key = f"{sys.prefix}|{torch.__version__}|{deepspeed.__version__}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    python = f"py{sys.version_info[0]}{sys.version_info[1]}"
    root = Path.home() / ".cache" / "megacxr" / "torch_extensions" / f"{python}-{digest}"
    root.mkdir(parents=True, exist_ok=True)
    os.environ[EXTENSIONS_ENV] = str(root)
    return root


def _comm_builder():
    """DeepSpeed's shared-memory comm builder where this accelerator has one and it can build here, else None."""
    import deepspeed.ops  # start-up cost, as above
    from deepspeed.accelerator import get_accelerator

    builder = get_accelerator().create_op_builder("ShareMemCommBuilder")
    if builder is None or not deepspeed.ops.__compatible_ops__.get(builder.NAME, False):
        return None
    return builder


def _own_ninja_first() -> None:
    """torch builds with the ``ninja`` first on PATH, and ninja rebuilds the op from scratch when another ninja
    version built it last (a venv's ninja and the system's, alternating with how Python was started): the
    environment's own ninja, where it has one, goes first."""
    own = Path(sys.executable).parent
    path = os.environ.get("PATH", "")
    if (own / "ninja").exists() and path.split(os.pathsep)[0] != str(own):
        os.environ["PATH"] = str(own) + os.pathsep + path


def _remove_stale_torch_lock(build_dir: Path) -> bool:
    """Called with megacxr's flock held: a torch lock file here was left by a process that died inside a load."""
    lock = build_dir / "lock"
    if not lock.exists():
        return False
    age = time.time() - lock.stat().st_mtime
    log.warning(
        "removing a stale build lock %s (%.0f s old) left by a process that was killed while loading DeepSpeed's "
        "CPU op; without this every run on this machine would wait for it forever",
        lock,
        age,
    )
    lock.unlink(missing_ok=True)
    return True


def prepare_cpu_comm_op(rank: int = 0, force: bool = False) -> Optional[Path]:
    """Build (first time) and load DeepSpeed's CPU communication op, safe against stale locks; returns the build
    folder, or None where there is nothing to do (a CUDA machine, or an accelerator without the op)."""
    if torch.cuda.is_available() and not force:
        return None
    root = extensions_dir()
    builder = _comm_builder()
    if builder is None:
        return None
    _own_ninja_first()
    build_dir = root / OP_NAME
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(root / "megacxr.lock", "a+") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)  # released by the kernel when this process ends, however it ends
        try:
            _remove_stale_torch_lock(build_dir)
            if rank == 0 and not any(build_dir.glob("*.so")):
                log.info(
                    "DeepSpeed is compiling its CPU communication op (first run in this environment only, "
                    "1-2 minutes; cached under %s)",
                    root,
                )
            builder.load(verbose=False)
        finally:
            fcntl.flock(guard, fcntl.LOCK_UN)
    return build_dir


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    where = prepare_cpu_comm_op(force=True)
    print(f"DeepSpeed CPU communication op ready under {where}" if where else "no DeepSpeed CPU op to build here")
