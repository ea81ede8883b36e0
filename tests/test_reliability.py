"""Long-run reliability (issue 8), with real runs of ``python -m megacxr.train`` and the ``deepspeed`` launcher:
kill -9 of a 2-process run resumes to the same losses, a shard deleted during a run is skipped and reported,
non-finite losses abort with the step and the batch's sample keys. (Preemption by signal and stop file, atomic
checkpoints and weights-only loading are tested in tests/test_train.py.)"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, read_metrics, train_cli

CONFIGS = REPO / "configs"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def _args(corpus, out, *extra):
    shards, model = corpus
    return ["--config", str(CONFIGS / "mntp.yaml"), f"model.path={model}", f"data.stream.manifests=[{shards}]",
            f"run.out_dir={out}", "data.num_workers=1", "logging.wandb=disabled", "run.export=false",
            "engine.precision=fp32", *extra]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(predicate, proc, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        if proc.poll() is not None:
            raise AssertionError(f"the run ended early ({proc.returncode}):\n{proc.communicate()[0][-4000:]}")
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_kill_9_of_a_two_process_run_resumes_to_the_same_losses(train_corpus, tmp_path):
    common = ["run.max_steps=8", "run.log_every=1", "run.save_every=2", "engine.zero_stage=2",
              "run.deterministic=true", "data.micro_batch=8"]
    launcher = [str(BIN / "deepspeed"), "--num_gpus", "2", "--master_port"]
    train_cli(_args(train_corpus, tmp_path / "straight", *common), launcher=launcher + [str(_free_port())])

    out = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "PATH": f"{BIN}:{os.environ['PATH']}"}
    cmd = launcher + [str(_free_port()), "--module", "megacxr.train", *_args(train_corpus, out, *common)]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    latest = out / "checkpoints" / "latest"
    _wait_for(lambda: latest.is_file() and latest.read_text().strip() >= "step00000004", proc)
    os.killpg(proc.pid, signal.SIGKILL)          # the launcher and both ranks, mid-run
    proc.communicate(timeout=60)
    killed_at = latest.read_text().strip()
    assert killed_at < "step00000008", "the run finished before it was killed"

    res = train_cli(_args(train_corpus, out, *common), launcher=launcher + [str(_free_port())])
    assert f"resumed from {out / 'checkpoints' / killed_at}" in res.stdout + res.stderr
    straight = {r["step"]: r["loss"] for r in read_metrics(tmp_path / "straight")}
    resumed: dict[int, float] = {}
    for r in read_metrics(out):                  # steps logged twice (before the kill and after): the last counts
        resumed[r["step"]] = r["loss"]
    assert sorted(resumed) == sorted(straight) == list(range(1, 9))
    for step in range(1, 9):
        assert resumed[step] == pytest.approx(straight[step], rel=1e-6, abs=1e-7), step


def test_a_shard_deleted_during_the_run_is_skipped_and_reported(train_corpus, tmp_path):
    shards = tmp_path / "shards"
    shutil.copytree(train_corpus[0], shards)
    out = tmp_path / "run"
    args = _args((shards, train_corpus[1]), out, "run.max_steps=40", "run.log_every=1", "data.micro_batch=8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "megacxr.train", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _wait_for(lambda: (out / "metrics.jsonl").is_file() and len(read_metrics(out)) >= 2, proc)
    train_tars = sorted((shards / "train").glob("*.tar"))
    assert len(train_tars) >= 3
    for tar in train_tars[:2]:
        tar.unlink()
    output = proc.communicate(timeout=600)[0]
    assert proc.returncode == 0, output[-4000:]
    last = read_metrics(out)[-1]
    assert last["step"] == 40 and last["skipped_truncated_shards"] >= 1
    assert "truncated/unreadable shards" in output, output[-3000:]


def test_non_finite_losses_abort_naming_the_step_and_the_sample_keys(train_corpus, tmp_path):
    res = subprocess.run([sys.executable, "-m", "megacxr.train",
                          *_args(train_corpus, tmp_path / "run", "run.max_steps=60", "optim.lr=.inf",
                                 "optim.warmup_steps=0", "optim.grad_clip=0", "optim.name=torch_adamw")],
                         cwd=REPO, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"})
    assert res.returncode != 0
    assert "non-finite losses in a row at step" in res.stderr and "sample keys" in res.stderr
    assert "micro-batch skipped" in res.stderr
    assert "MRN" not in res.stderr            # keys are opaque; never a patient identifier
