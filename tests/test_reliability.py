"""Long-run reliability (issue 8), with real runs of ``python -m megacxr.train`` and the ``deepspeed`` launcher:
kill -9 of a 2-process run resumes to the same losses; shards deleted or cut short during a run are skipped and
reported; non-finite losses and gradient norms are skipped on every rank and abort after K in a row with the step
and the batch's sample keys; a crash in the middle of a checkpoint write leaves the previous checkpoint usable
(faults injected by tests/multiproc/faults.py). Preemption by signal and stop file, atomic checkpoints and
weights-only loading are tested in tests/test_train.py."""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from helpers.cli import REPO, free_port, read_metrics, train_cli

CONFIGS = REPO / "configs"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


def _args(corpus, out, *extra):
    shards, model = corpus
    return [
        "--config",
        str(CONFIGS / "mntp.yaml"),
        f"mntp.model.path={model}",
        f"data.stream.manifests=[{shards}]",
        f"run.out_dir={out}",
        "data.num_workers=1",
        "logging.wandb=disabled",
        "run.export=false",
        "engine.precision=fp32",
        *extra,
    ]


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
    common = [
        "run.max_steps=8",
        "run.log_every=1",
        "run.save_every=2",
        "engine.zero_stage=2",
        "run.deterministic=true",
        "data.micro_batch=8",
    ]
    launcher = [str(BIN / "deepspeed"), "--num_gpus", "2", "--master_port"]
    train_cli(_args(train_corpus, tmp_path / "straight", *common), launcher=launcher + [str(free_port())])

    out = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "PATH": f"{BIN}:{os.environ['PATH']}"}
    cmd = launcher + [str(free_port()), "--module", "megacxr.train", *_args(train_corpus, out, *common)]
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    latest = out / "checkpoints" / "latest"
    _wait_for(lambda: latest.is_file() and latest.read_text().strip() >= "step00000004", proc)
    os.killpg(proc.pid, signal.SIGKILL)  # the launcher and both ranks, mid-run
    proc.communicate(timeout=60)
    killed_at = latest.read_text().strip()
    assert killed_at < "step00000008", "the run finished before it was killed"

    res = train_cli(_args(train_corpus, out, *common), launcher=launcher + [str(free_port())])
    assert f"resumed from {out / 'checkpoints' / killed_at}" in res.stdout + res.stderr
    straight = {r["step"]: r["loss"] for r in read_metrics(tmp_path / "straight")}
    resumed: dict[int, float] = {}
    for r in read_metrics(out):  # steps logged twice (before the kill and after): the last counts
        resumed[r["step"]] = r["loss"]
    assert sorted(resumed) == sorted(straight) == list(range(1, 9))
    for step in range(1, 9):
        assert resumed[step] == pytest.approx(straight[step], rel=1e-6, abs=1e-7), step


def test_shards_deleted_or_cut_short_during_the_run_are_skipped_and_reported(train_corpus, tmp_path):
    shards = tmp_path / "shards"
    shutil.copytree(train_corpus[0], shards)
    out = tmp_path / "run"
    args = _args((shards, train_corpus[1]), out, "run.max_steps=40", "run.log_every=1", "data.micro_batch=8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "megacxr.train", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    _wait_for(lambda: (out / "metrics.jsonl").is_file() and len(read_metrics(out)) >= 2, proc)
    train_tars = sorted((shards / "train").glob("*.tar"))
    assert len(train_tars) >= 3
    train_tars[0].unlink()
    cut = train_tars[1]
    with open(cut, "r+b") as f:  # in place, as a half-finished copy would leave it
        f.truncate(cut.stat().st_size // 2)
    output = proc.communicate(timeout=600)[0]
    assert proc.returncode == 0, output[-4000:]
    last = read_metrics(out)[-1]
    assert last["step"] == 40 and last["skipped_truncated_shards"] >= 2 and last["skipped_truncated_samples"] >= 1
    assert "truncated/unreadable shards" in output, output[-3000:]
    assert str(cut) in output or str(train_tars[0]) in output  # rate-limited: the latest one is named


def test_non_finite_losses_abort_naming_the_step_and_the_sample_keys(train_corpus, tmp_path):
    out = tmp_path / "run"
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "megacxr.train",
            *_args(
                train_corpus,
                out,
                "run.max_steps=60",
                "optim.lr=.inf",
                "optim.warmup_steps=0",
                "optim.grad_clip=0",
                "optim.name=torch_adamw",
                "data.micro_batch=8",
            ),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"},
    )
    assert res.returncode == 3, res.stderr[-3000:]
    assert "non-finite steps in a row at step" in res.stderr and "non-finite loss" in res.stderr
    assert "micro-batch skipped" in res.stderr and "Traceback" not in res.stderr
    bad = json.loads((out / "bad_batch-rank0.json").read_text())
    assert len(bad["keys"]) == 8 and all(k in res.stderr for k in bad["keys"])
    assert "MRN" not in res.stderr  # keys are opaque; never a patient identifier


FAULTS = REPO / "tests" / "multiproc" / "faults.py"


def _fault_run(args, env, launcher=None):
    cmd = [*launcher, str(FAULTS), *args] if launcher else [sys.executable, str(FAULTS), *args]
    return subprocess.run(
        cmd,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={
            **os.environ,
            "PYTHONPATH": str(REPO),
            "OMP_NUM_THREADS": "1",
            "PATH": f"{BIN}:{os.environ['PATH']}",
            **env,
        },
    )


def _expected_lrs(args, steps):
    """The learning rate of applied updates 1..steps, from the DeepSpeed scheduler our config generates."""
    from deepspeed.runtime.lr_schedules import WarmupCosineLR

    from megacxr.train.config import load_train_config
    from megacxr.train.engine import deepspeed_config

    cfg = load_train_config(args[1], args[2:])
    sched_cfg = deepspeed_config(cfg, 1)["scheduler"]
    assert sched_cfg["type"] == "WarmupCosineLR"
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=float(cfg.optim.lr))
    sched = WarmupCosineLR(opt, **sched_cfg["params"])
    lrs = []
    for update in range(1, steps + 1):  # update u runs at iteration u (megacxr.train.loop.build_engine)
        sched.step(update)
        lrs.append(sched.get_lr()[0])
    return lrs


@pytest.mark.parametrize("zero_stage", [0, 3])
def test_a_non_finite_gradient_on_one_rank_skips_that_step_on_every_rank(train_corpus, tmp_path, zero_stage):
    """Rank 1's gradient is NaN at micro-steps 3 and 4 (the loss stays finite): both ranks skip those two updates
    (ZeRO-0: our guard; ZeRO-3: DeepSpeed's optimizer), the schedule does not advance, the run finishes."""
    out = tmp_path / "run"
    args = _args(
        train_corpus,
        out,
        "run.max_steps=6",
        "run.log_every=1",
        f"engine.zero_stage={zero_stage}",
        "optim.warmup_steps=2",
        "data.micro_batch=4",
    )
    res = _fault_run(
        args,
        {"FAULT_NAN_GRAD": "1:3,4"},
        launcher=[str(BIN / "deepspeed"), "--num_gpus", "2", "--master_port", str(free_port())],
    )
    output = res.stdout + res.stderr
    assert res.returncode == 0, output[-5000:]
    m = read_metrics(out)
    assert [r["step"] for r in m] == list(range(1, 7))
    # a NaN update would have made every weight NaN, and every later loss with it
    assert all(math.isfinite(r["loss"]) and math.isfinite(r["grad_norm"]) for r in m)
    assert m[-1]["skipped_nonfinite_grad"] == 2 and m[-1]["skipped_nonfinite"] == 0
    assert [r["skipped_nonfinite_grad"] for r in m[:2]] == [0, 0]
    assert output.count("non-finite gradient norm") >= 2 and "optimizer step skipped" in output
    assert [r["lr"] for r in m] == pytest.approx(_expected_lrs(args, 6), rel=1e-9)


def test_a_skipped_micro_batch_keeps_the_step_count_on_deepspeeds_accumulation_boundary(train_corpus, tmp_path):
    """grad_accum=2 and a NaN loss at micro-step 3: step 2 is made of micro-steps 4 and 5, so our step count and
    DeepSpeed's (its checkpoint's global_steps) agree at the end."""
    out = tmp_path / "run"
    args = _args(
        train_corpus,
        out,
        "run.max_steps=4",
        "run.log_every=1",
        "engine.grad_accum=2",
        "data.micro_batch=4",
        "engine.zero_stage=2",
    )
    res = _fault_run(args, {"FAULT_NAN_LOSS": "*:3"})
    assert res.returncode == 0, res.stderr[-3000:]
    m = read_metrics(out)
    assert [r["step"] for r in m] == [1, 2, 3, 4] and m[-1]["skipped_nonfinite"] == 1
    assert all(math.isfinite(r["loss"]) for r in m)
    ckpt = out / "checkpoints" / "step00000004"
    states = torch.load(ckpt / "mp_rank_00_model_states.pt", map_location="cpu", weights_only=False)
    assert states["global_steps"] == 4 and states["megacxr_step"] == 4


def test_non_finite_gradients_in_a_row_abort_naming_the_step_and_the_sample_keys(train_corpus, tmp_path):
    out = tmp_path / "run"
    args = _args(
        train_corpus,
        out,
        "run.max_steps=20",
        "run.log_every=1",
        "engine.zero_stage=2",
        "run.max_bad_steps=3",
        "run.save_every=1",
        "data.micro_batch=8",
    )
    res = _fault_run(args, {"FAULT_NAN_GRAD": "*:3-"})
    assert res.returncode == 3, res.stderr[-3000:]
    # micro-steps 3, 4, 5 were bad; step 3 never got an update, so it is the step named
    assert "3 non-finite steps in a row at step 3 (the last: non-finite gradient norm" in res.stderr
    bad = json.loads((out / "bad_batch-rank0.json").read_text())
    assert bad["step"] == 3 and len(bad["keys"]) == 8 and all(k in res.stderr for k in bad["keys"])
    assert [r["step"] for r in read_metrics(out)] == [1, 2]
    assert (out / "checkpoints" / "latest").read_text().strip() == "step00000002"


def test_a_crash_while_a_checkpoint_is_written_leaves_the_previous_one_usable(train_corpus, tmp_path):
    """SIGKILL after DeepSpeed wrote step 4's files but before the rename: ``latest`` still names step 2, the same
    command resumes from it, recomputes steps 3-4 to the same losses, and the next save removes the leftover."""
    out = tmp_path / "run"
    ckpts = out / "checkpoints"
    args = _args(
        train_corpus,
        out,
        "run.max_steps=6",
        "run.log_every=1",
        "run.save_every=2",
        "run.keep_last=2",
        "run.deterministic=true",
        "data.micro_batch=4",
    )
    res = _fault_run(args, {"FAULT_KILL_IN_SAVE": "step00000004"})
    assert res.returncode == -signal.SIGKILL, (res.returncode, res.stderr[-3000:])
    assert (ckpts / "latest").read_text().strip() == "step00000002"
    assert any((ckpts / "step00000004.partial").iterdir()) and not (ckpts / "step00000004").exists()
    before = {r["step"]: r["loss"] for r in read_metrics(out)}
    assert sorted(before) == [1, 2, 3, 4]

    res = _fault_run(args, {})
    assert res.returncode == 0, res.stderr[-3000:]
    assert f"resumed from {ckpts / 'step00000002'}" in res.stderr
    after = read_metrics(out)[4:]
    assert [r["step"] for r in after] == [3, 4, 5, 6]
    for r in after[:2]:
        assert r["loss"] == pytest.approx(before[r["step"]], rel=1e-6, abs=1e-7), r["step"]
    assert sorted(p.name for p in ckpts.iterdir()) == ["latest", "step00000004", "step00000006"]
