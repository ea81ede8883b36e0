"""Paths of the repository and its test data, and the commands tests run: the CLI, training under a launcher (in a
process group of its own), the metrics a run wrote, a free port, a README block."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data"

REAL_CXR = DATA / "real_cxr"

REPO = TESTS.parent


def readme_python(after: str, swaps: dict[str, str]) -> str:
    """The first fenced Python block of README.md after the text ``after``, with each ``swaps`` key (which must
    still be there: the README shows what the test swaps) replaced; README's code blocks run as tests."""
    text = (REPO / "README.md").read_text()
    start = text.index(after)
    code = text[text.index("```python\n", start) + len("```python\n") :]
    code = textwrap.dedent(code[: code.index("```")])
    for old, new in swaps.items():
        assert old in code, f"README block after {after!r} no longer shows {old!r}"
        code = code.replace(old, new)
    return code


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for a launcher's --master_port)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_cli(*args: str, check: bool = False, env: dict | None = None, timeout: int = 300):
    """Run ``python -m megacxr ARGS`` in a subprocess (the real CLI, as users run it)."""
    proc = subprocess.run(
        [sys.executable, "-m", "megacxr", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"megacxr {' '.join(args)} -> {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def run_group(cmd: list[str], timeout: int, env: dict) -> subprocess.CompletedProcess:
    """``cmd`` in a process group of its own; on timeout the whole group is killed (a launcher's ranks and their
    loader workers too, which would otherwise live on, holding memory and ports, into the next tests)."""
    import signal

    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise AssertionError(
            f"{' '.join(map(str, cmd))} timed out after {timeout} s:\n{out[-3000:]}\n{err[-6000:]}"
        ) from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def train_cli(args: list[str], launcher: list[str] | None = None, timeout: int = 600, env: dict | None = None):
    """Run ``python -m megacxr.train`` (or it under a launcher command) from the repo root; raise with the output
    tail on failure."""
    bin_dir = Path(sys.executable).parent
    if launcher is None:
        cmd = [sys.executable, "-m", "megacxr.train", *args]
    elif Path(launcher[0]).name == "deepspeed":
        cmd = [*launcher, "--module", "megacxr.train", *args]
    else:  # torchrun
        cmd = [*launcher, "-m", "megacxr.train", *args]
    full_env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "WANDB_MODE": "offline",
        "OMP_NUM_THREADS": "1",
        "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}",
        **(env or {}),
    }
    res = run_group(cmd, timeout, full_env)
    if res.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, cmd))} failed ({res.returncode}):\n{res.stdout[-3000:]}\n{res.stderr[-6000:]}"
        )
    return res


def read_metrics(out_dir: Path) -> list[dict]:
    import json

    return [json.loads(line) for line in (Path(out_dir) / "metrics.jsonl").read_text().splitlines()]
