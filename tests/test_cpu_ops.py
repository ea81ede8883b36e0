"""DeepSpeed's CPU shared-memory op: a 2-process run neither builds it nor leaves buffers in /dev/shm, and
buffers that earlier runs left behind are swept unless a live process maps them."""

from __future__ import annotations

import mmap
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from helpers.cli import REPO, free_port

from megacxr.train.cpu_ops import SHM_PREFIX, sweep_stale_shm_buffers

BIN = Path(sys.executable).parent
SHM = Path("/dev/shm")

# all-reduce a tensor through the engine's distributed set-up, as training does; each rank writes its own
# file (two ranks printing to one pipe can interleave their lines)
SCRIPT = """
import sys, torch, torch.distributed as dist
from pathlib import Path
from megacxr.train.engine import init_distributed
rank, world, _ = init_distributed("gloo")
import deepspeed.comm as dscomm
t = torch.tensor([float(rank + 1)])
dscomm.all_reduce(t)
Path(sys.argv[1], f"rank{rank}.txt").write_text(f"sum {float(t)} world {world}")
"""

pytestmark = pytest.mark.skipif(torch.cuda.is_available() or not SHM.is_dir(), reason="CPU with /dev/shm only")


def _ours() -> set[str]:
    return {p.name for p in SHM.glob(f"{SHM_PREFIX}_*")}


@pytest.mark.slow
def test_a_two_process_run_builds_no_op_and_leaves_no_shared_memory(tmp_path):
    before = _ours()
    script = tmp_path / "allreduce.py"
    script.write_text(SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "TORCH_EXTENSIONS_DIR": str(tmp_path / "ext")}
    res = subprocess.run(
        [str(BIN / "torchrun"), "--nproc_per_node", "2", "--master_port", str(free_port()), str(script), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=REPO,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    assert [(tmp_path / f"rank{r}.txt").read_text() for r in (0, 1)] == ["sum 3.0 world 2"] * 2
    assert _ours() == before  # nothing new in /dev/shm
    assert not (tmp_path / "ext").exists()  # nothing compiled
    assert "deepspeed_shm_comm" not in res.stdout + res.stderr


def test_stale_buffers_are_swept_and_mapped_ones_kept(tmp_path):
    stale, live = tmp_path / f"{SHM_PREFIX}_0_127.0.0.1_1_0", tmp_path / f"{SHM_PREFIX}_0_127.0.0.1_1_1"
    other = tmp_path / "someone_elses_buffer"
    for p in (stale, live, other):
        p.write_bytes(b"\0" * 4096)
    with open(live, "r+b") as fh, mmap.mmap(fh.fileno(), 4096) as mapped:  # a live run's buffer
        files, size = sweep_stale_shm_buffers(tmp_path)
        assert mapped[0] == 0
    assert (files, size) == (1, 4096)
    assert not stale.exists() and live.exists() and other.exists()
