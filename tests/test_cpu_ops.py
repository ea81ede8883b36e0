"""DeepSpeed's CPU communication op: a lock file left by a killed process no longer hangs the next run.

torch's cpp_extension guards every load of a JIT op with a bare lock file and waits for it forever; a run killed
inside that window (pre-emption at start-up, ``kill -9``, a test timeout) used to hang every later run on the
machine. These tests leave such a file behind (and kill a real process inside the load) and check that a run
starts anyway, removes the file and says so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

INIT = (
    "import logging; logging.basicConfig(level=logging.INFO)\n"
    "from megacxr.train.engine import init_distributed\n"
    "print('ranks', init_distributed())\n"
)


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}


def _build_dir() -> Path:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from megacxr.train.cpu_ops import prepare_cpu_comm_op; print(prepare_cpu_comm_op())",
        ],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=300,
        cwd=REPO,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    where = out.stdout.strip().splitlines()[-1]
    if where == "None":
        pytest.skip("no DeepSpeed CPU communication op on this machine (a CUDA machine)")
    return Path(where)


@pytest.mark.slow
def test_a_stale_build_lock_is_removed_and_the_run_starts():
    build_dir = _build_dir()
    lock = build_dir / "lock"
    lock.touch()  # what a process killed inside torch's load leaves behind
    old = time.time() - 3600
    os.utime(lock, (old, old))
    res = subprocess.run(
        [sys.executable, "-c", INIT], capture_output=True, text=True, env=_env(), timeout=120, cwd=REPO
    )
    assert res.returncode == 0, res.stderr[-3000:]
    assert "ranks (0, 1, 0)" in res.stdout
    assert not lock.exists()
    assert "removing a stale build lock" in res.stderr and str(lock) in res.stderr


@pytest.mark.slow
def test_a_run_killed_while_it_holds_the_build_lock_does_not_hang_the_next_one():
    """A real process is SIGKILLed while it holds both locks (megacxr's flock and torch's file); the next run
    gets megacxr's lock from the kernel at once and clears torch's file."""
    build_dir = _build_dir()
    holder = (
        "import fcntl, os, sys, time\n"
        f"root = {str(build_dir.parent)!r}\n"
        "g = open(os.path.join(root, 'megacxr.lock'), 'a+'); fcntl.flock(g, fcntl.LOCK_EX)\n"
        f"os.open({str(build_dir / 'lock')!r}, os.O_CREAT | os.O_EXCL)\n"
        "print('holding', flush=True); time.sleep(600)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "holding"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert (build_dir / "lock").exists()
    res = subprocess.run(
        [sys.executable, "-c", INIT], capture_output=True, text=True, env=_env(), timeout=120, cwd=REPO
    )
    assert res.returncode == 0, res.stderr[-3000:]
    assert "ranks (0, 1, 0)" in res.stdout
    assert not (build_dir / "lock").exists()
