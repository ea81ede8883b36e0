"""Cluster behaviour of real training runs (issue 14), CPU / gloo, several processes:

* a SIGTERM to the whole process group of a 2-rank x 2-worker run (what SLURM, ``timeout`` and ``kill -TERM
  -PGID`` send) ends in a checkpoint and exit 0 on every rank, and the same command resumes to the losses of an
  uninterrupted run;
* elastic resume in epoch mode: 1 rank -> 2 ranks -> 1 rank with 2 loader workers, each stopped mid-epoch: the
  samples trained in epoch 0 are exactly the epoch (``run.sample_log``), and the optimizer continues (its step
  count in every checkpoint is the run's step);
* a ZeRO-2 checkpoint of 2 ranks resumes on 1 rank through DeepSpeed's universal checkpoint, optimizer included.

The ranks of the group-signal test are started the way ``srun`` starts them, one process per rank with RANK /
WORLD_SIZE / LOCAL_RANK / LOCAL_WORLD_SIZE, so that each rank's own exit status is seen."""

from __future__ import annotations

import json
import os
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
        "logging.wandb=disabled",
        "run.export=false",
        "engine.precision=fp32",
        "data.micro_batch=4",
        "run.log_every=1",
        *extra,
    ]


def _torchrun(n: int) -> list[str]:
    return [str(BIN / "torchrun"), "--nproc_per_node", str(n), "--master_port", str(free_port())]


# what srun's step daemon does: start one process per rank in its own process group and report each exit status
_STEP = """
import json, os, signal, subprocess, sys
signal.signal(signal.SIGTERM, signal.SIG_IGN)      # the daemon survives the group signal; the ranks get it
world, out, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
procs = []
for rank in range(world):
    env = {**os.environ, "RANK": str(rank), "WORLD_SIZE": str(world), "LOCAL_RANK": str(rank),
           "LOCAL_WORLD_SIZE": str(world)}
    log = open(os.path.join(out, f"rank{rank}.log"), "w")
    procs.append(subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  preexec_fn=lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL)))
json.dump([p.wait() for p in procs], open(os.path.join(out, "exit_codes.json"), "w"))
"""


def _launch_ranks(args: list[str], world: int, logs: Path) -> subprocess.Popen:
    """``world`` rank processes in one new process group (the group a batch system signals)."""
    logs.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "WANDB_MODE": "offline",
        "MASTER_ADDR": "127.0.0.1",
        "MASTER_PORT": str(free_port()),
        "PATH": f"{BIN}:{os.environ['PATH']}",
    }
    env.pop("OMP_NUM_THREADS", None)  # the default environment: threads come from megacxr
    return subprocess.Popen(
        [sys.executable, "-c", _STEP, str(world), str(logs), sys.executable, "-m", "megacxr.train", *args],
        cwd=REPO,
        env=env,
        start_new_session=True,
    )


def _finish(step: subprocess.Popen, logs: Path, timeout: int) -> tuple[list[int], list[str]]:
    step.wait(timeout=timeout)
    codes = json.loads((logs / "exit_codes.json").read_text())
    return codes, [(logs / f"rank{r}.log").read_text() for r in range(len(codes))]


def test_group_sigterm_to_two_ranks_with_two_workers_checkpoints_exits_0_and_resumes_exactly(train_corpus, tmp_path):
    common = ["run.max_steps=30", "data.num_workers=2", "run.deterministic=true", "data.stream.mode=epoch"]
    train_cli(_args(train_corpus, tmp_path / "straight", *common), launcher=_torchrun(2))

    out = tmp_path / "signalled"
    step = _launch_ranks(_args(train_corpus, out, *common), 2, tmp_path / "logs1")
    metrics = out / "metrics.jsonl"
    deadline = time.time() + 300
    while not (metrics.is_file() and len(metrics.read_text().splitlines()) >= 3):
        assert time.time() < deadline and step.poll() is None, "the run ended or hung before step 3"
        time.sleep(0.05)
    os.killpg(step.pid, signal.SIGTERM)  # every rank and every DataLoader worker of the group
    codes, logs = _finish(step, tmp_path / "logs1", 120)
    assert codes == [0, 0], logs[0][-3000:] + logs[1][-3000:]
    assert "received SIGTERM" in logs[0] and "checkpoint written" in logs[0]
    cores = len(os.sched_getaffinity(0))
    assert f"CPU threads per rank: {max(1, cores // 2)} (cores/ranks; {cores} cores, 2 ranks on this node)" in logs[0]
    stopped = (out / "checkpoints" / "latest").read_text().strip()
    assert stopped < "step00000030", "the run finished before the signal"

    codes, logs = _finish(
        _launch_ranks(_args(train_corpus, out, *common), 2, tmp_path / "logs2"), tmp_path / "logs2", 600
    )
    assert codes == [0, 0], logs[0][-3000:] + logs[1][-3000:]
    assert f"resumed from {out / 'checkpoints' / stopped}" in logs[0]
    straight = {r["step"]: r["loss"] for r in read_metrics(tmp_path / "straight")}
    resumed = {r["step"]: r["loss"] for r in read_metrics(out)}  # steps logged twice: the later one counts
    assert sorted(resumed) == sorted(straight) == list(range(1, 31))
    for step in range(1, 31):
        assert resumed[step] == pytest.approx(straight[step], rel=1e-6, abs=1e-7), step


def _adam_steps(checkpoint: Path) -> set[int]:
    """The step counts of the optimizer state saved in a ZeRO-0 (model states) or ZeRO-1/2 (optimizer) file."""
    files = sorted(checkpoint.glob("*optim_states.pt")) or [checkpoint / "mp_rank_00_model_states.pt"]
    state = torch.load(files[0], map_location="cpu", weights_only=False)
    opt = state.get("optimizer") or state["optimizer_state_dict"]["base_optimizer_state"]
    return {int(v["step"]) for v in opt["state"].values()}


def test_epoch_mode_resumes_on_other_ranks_and_workers_with_every_sample_of_the_epoch_once(train_corpus, tmp_path):
    out = tmp_path / "run"
    common = ["run.max_steps=40", "data.stream.mode=epoch", "run.sample_log=true"]
    train_cli(_args(train_corpus, out, *common, "data.num_workers=1", "run.stop_after=3"))
    res = train_cli(_args(train_corpus, out, *common, "data.num_workers=1", "run.stop_after=6"), launcher=_torchrun(2))
    assert (
        "elastic resume: the checkpoint was written by 1 rank(s) x 1 worker(s), batch 4, this run has 2 rank(s)"
        in res.stderr
    )
    res = train_cli(_args(train_corpus, out, *common, "data.num_workers=2"))
    assert "written by 2 rank(s) x 1 worker(s), batch 4, this run has 1 rank(s) x 2 worker(s)" in res.stderr

    records = [
        json.loads(line) for f in sorted((out / "samples").glob("rank*.jsonl")) for line in f.read_text().splitlines()
    ]
    epoch0 = [k for r in records if r["epoch"] == 0 for k in r["keys"]]
    from megacxr.data.plan import StreamConfig, load_shard_set

    want = {f"{i}" for i in ()}
    shard_set = load_shard_set(StreamConfig(manifests=[str(train_corpus[0])], split="train"))
    import tarfile

    want = set()
    for shard in shard_set.by_ref.values():
        with tarfile.open(shard.path) as tar:
            want |= {m.name.split(".", 1)[0] for m in tar.getmembers()}
    assert len(epoch0) == len(set(epoch0)) == len(want) and set(epoch0) == want
    assert {r["epoch"] for r in records} == {0, 1}  # and training went on into epoch 1
    ckpts = out / "checkpoints"
    assert _adam_steps(ckpts / "step00000006") == {6}  # 2 ranks went on from 1 rank's step 3
    assert _adam_steps(ckpts / "step00000040") == {40}


def test_zero2_checkpoint_of_two_ranks_resumes_on_one_rank_through_the_universal_format(train_corpus, tmp_path):
    out = tmp_path / "run"
    common = ["run.max_steps=4", "engine.zero_stage=2", "data.num_workers=1", "run.save_every=2"]
    train_cli(_args(train_corpus, out, *common, "run.stop_after=2"), launcher=_torchrun(2))
    res = train_cli(_args(train_corpus, out, *common))
    assert "converting it to DeepSpeed's universal format" in res.stderr
    assert f"resumed from {out / 'checkpoints' / 'step00000002'} at step 2" in res.stderr
    assert _adam_steps(out / "checkpoints" / "step00000004") == {4}
    assert [r["step"] for r in read_metrics(out)] == [1, 2, 3, 4]
    ds = json.loads((out / "deepspeed.json").read_text())  # the JSON the run used, saved beside config.yaml
    assert ds["zero_optimization"]["stage"] == 2 and ds["train_batch_size"] == 4
    assert ds["checkpoint"] == {"load_universal": True}
