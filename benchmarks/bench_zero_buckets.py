"""ZeRO-1/2 bucket size: a tiny ``mntp`` run on 2 ranks (``deepspeed --num_gpus 2``, gloo on CPU) with DeepSpeed's
default buckets (``reduce_bucket_size`` and ``allgather_bucket_size`` of 5e8 elements, what megacxr generated
before) against megacxr's default (the trainable parameter count, capped at 5e8:
``megacxr.train.engine.deepspeed_config``), with and without ``run.deterministic``. DeepSpeed 0.19 allocates a
fresh reduction bucket at every micro-step; under ``torch.use_deterministic_algorithms`` torch fills every new
tensor (``fill_uninitialized_memory``), so the default bucket costs a 2 GB write per step. The baseline is the same
run with ``engine.extra`` setting both keys to 5e8.

Inputs, made in a temporary folder: 200 synthetic MIMIC-CXR studies (seed 0) built into shards and a random
``tiny`` Llama with a tokenizer trained on their reports (``run.init_model=tiny``). Baseline and ours alternate
over ``--repeats``; each figure is the median of the global samples/s that ``megacxr.train`` logs for its steps
after the second (metrics.jsonl); the median over repeats is printed with the range, and the ratio ours /
baseline. Appends a dated entry to ``benchmarks/RESULTS.md`` with ``--record``.

    python benchmarks/bench_zero_buckets.py [--repeats 3] [--steps 10] [--stages 1 2] [--record]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_shards import append_results, git_commit  # noqa: E402
from bench_threads import _port, make_inputs  # noqa: E402

BIN = Path(sys.executable).parent
DEEPSPEED_DEFAULT = 500_000_000
BASELINE = (
    f"engine.extra={{zero_optimization: {{reduce_bucket_size: {DEEPSPEED_DEFAULT}, "
    f"allgather_bucket_size: {DEEPSPEED_DEFAULT}}}}}"
)


def train(root: Path, shards: Path, stage: int, deterministic: bool, baseline: bool, steps: int, tag: str) -> float:
    out = root / tag
    args = [
        "--config",
        str(REPO / "configs" / "mntp.yaml"),
        "preset=tiny",
        f"mntp.model.path={root / 'model'}",
        "run.init_model=tiny",
        f"data.stream.manifests=[{shards}]",
        f"run.out_dir={out}",
        "logging.wandb=disabled",
        "engine.precision=fp32",
        f"engine.zero_stage={stage}",
        f"run.deterministic={str(deterministic).lower()}",
        f"run.max_steps={steps}",
        "run.log_every=1",
        "run.save_every=0",
        "run.export=false",
        "data.micro_batch=8",
        *([BASELINE] if baseline else []),
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO), "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}
    env.update(WANDB_MODE="disabled", OMP_NUM_THREADS="1")
    cmd = [str(BIN / "deepspeed"), "--num_gpus", "2", "--master_port", str(_port()), "--module", "megacxr.train"]
    res = subprocess.run([*cmd, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{res.stderr[-3000:]}")
    rows = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    return float(np.median([r["samples_per_s"] for r in rows if r["step"] > 2]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--steps", type=int, default=10, help="training steps per run (the first two are not timed)")
    ap.add_argument("--stages", type=int, nargs="+", default=[1, 2], choices=[1, 2], help="ZeRO stages to measure")
    ap.add_argument("--record", action="store_true", help="append the entry to benchmarks/RESULTS.md")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_zero_buckets_") as tmp:
        root = Path(tmp)
        shards = make_inputs(root)
        train(root, shards, 2, False, False, 3, "init")  # builds the tiny model once
        for stage in args.stages:
            for deterministic in (True, False):
                base, ours = [], []
                for r in range(args.repeats):
                    tag = f"{stage}{'d' if deterministic else 'n'}{r}"
                    base.append(train(root, shards, stage, deterministic, True, args.steps, f"base{tag}"))
                    ours.append(train(root, shards, stage, deterministic, False, args.steps, f"ours{tag}"))
                    print(
                        f"ZeRO-{stage}, deterministic={deterministic}, repeat {r}: baseline {base[-1]:.1f}, "
                        f"ours {ours[-1]:.1f} samples/s",
                        flush=True,
                    )
                rows.append((stage, deterministic, base, ours))
    cores = len(os.sched_getaffinity(0))
    lines = [
        f"## {dt.date.today()} ZeRO-1/2 bucket size (`benchmarks/bench_zero_buckets.py --repeats {args.repeats}`)",
        "",
        f"- machine: {platform.platform()}, {platform.machine()}, {cores} CPUs; Python {platform.python_version()}",
        f"- commit: {git_commit()}",
        "- inputs: `megacxr.train`, configs/mntp.yaml preset=tiny (random tiny Llama), fp32, micro-batch 8, 200 "
        f"synthetic MIMIC-CXR studies, {args.steps} steps (the first two not timed), 2 ranks under "
        "`deepspeed --num_gpus 2` (gloo); baseline: DeepSpeed's default buckets (5e8 elements, what megacxr "
        "generated before); ours: the trainable parameter count; global samples/s, median of "
        f"{args.repeats} interleaved repeats, range in brackets",
        "",
        "| ZeRO stage | run.deterministic | baseline samples/s | ours samples/s | ours / baseline |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for stage, deterministic, base, ours in rows:
        b, o = float(np.median(base)), float(np.median(ours))
        lines.append(
            f"| {stage} | {str(deterministic).lower()} | {b:.1f} [{min(base):.1f}-{max(base):.1f}] | "
            f"{o:.1f} [{min(ours):.1f}-{max(ours):.1f}] | {o / b:.2f} |"
        )
    print("\n".join(lines))
    if args.record:
        append_results(lines)
        print("appended to benchmarks/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
