"""CPU threads per rank: ``megacxr profile`` of a tiny ``supcon`` step with torch's default threads (one per core
in every process, what megacxr did before ``megacxr.train.threads``) against megacxr's default (cores / ranks on
the node, loader workers one thread), on 1 rank (plain process) and 2 ranks (``deepspeed --num_gpus 2``, the
launcher that sets no ``OMP_NUM_THREADS``), in the default environment (``OMP_NUM_THREADS`` removed).

Inputs, made in a temporary folder: 200 synthetic MIMIC-CXR studies (seed 0) built into shards and a random
``tiny`` Llama with a tokenizer trained on their reports (``run.init_model=tiny``). Baseline and ours alternate
over ``--repeats``; each figure is the global samples/s that ``megacxr profile --mode step`` reports (median of
its timed steps); the median over repeats is printed with the range, and the ratio ours / baseline. Appends a
dated entry to ``benchmarks/RESULTS.md`` with ``--record``.

    python benchmarks/bench_threads.py [--repeats 3] [--steps 12] [--record]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_shards import append_results, git_commit  # noqa: E402

BIN = Path(sys.executable).parent


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_inputs(root: Path) -> Path:
    from megacxr.shards.build import build_shards
    from megacxr.shards.config import ShardBuildConfig
    from megacxr.synth import generate

    info = generate("mimic-cxr", root / "data", studies=200, seed=0, image_size=64)
    shards = root / "shards"
    build_shards(
        ShardBuildConfig(
            source="mimic-cxr",
            images=str(root / "data" / info["images"]),
            reports=str(root / "data" / info["reports"]),
            out=str(shards),
            workers=1,
            progress=False,
            shard_samples=25,
        )
    )
    return shards


def profile(root: Path, shards: Path, ranks: int, threads: int, steps: int, tag: str) -> float:
    out = root / f"{tag}.json"
    args = [
        "--config",
        str(REPO / "configs" / "supcon.yaml"),
        "preset=tiny",
        f"supcon.model.path={root / 'model'}",
        "run.init_model=tiny",
        f"data.stream.manifests=[{shards}]",
        f"run.out_dir={root / 'run'}",
        "logging.wandb=disabled",
        f"engine.cpu_threads={threads}",
        "--mode",
        "step",
        "--steps",
        str(steps),
        "--warmup",
        "3",
        "--json",
        str(out),
    ]
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    env.update(PYTHONPATH=str(REPO), PATH=f"{BIN}:{env.get('PATH', '')}", WANDB_MODE="disabled")
    if ranks == 1:
        cmd = [sys.executable, "-m", "megacxr.profile", *args]
    else:
        cmd = [
            str(BIN / "deepspeed"),
            "--num_gpus",
            str(ranks),
            "--master_port",
            str(_port()),
            "--module",
            "megacxr.profile",
            *args,
        ]
    res = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{res.stderr[-3000:]}")
    return float(json.loads(out.read_text())["global"]["samples_per_s"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--steps", type=int, default=12, help="timed steps per profile run")
    ap.add_argument(
        "--record",
        "--write",
        dest="record",
        action="store_true",
        help="append the entry to benchmarks/RESULTS.md (without it: print only)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only (the default; kept for older command lines)")
    args = ap.parse_args(argv)
    cores = len(os.sched_getaffinity(0))
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_threads_") as tmp:
        root = Path(tmp)
        shards = make_inputs(root)
        profile(root, shards, 1, 0, 2, "init")  # builds the tiny model once
        for ranks in (1, 2):
            base, ours = [], []
            for r in range(args.repeats):
                base.append(profile(root, shards, ranks, cores, args.steps, f"base{ranks}_{r}"))
                ours.append(profile(root, shards, ranks, 0, args.steps, f"ours{ranks}_{r}"))
                print(
                    f"{ranks} rank(s), repeat {r}: baseline {base[-1]:.1f}, ours {ours[-1]:.1f} samples/s", flush=True
                )
            rows.append((ranks, base, ours))
    lines = [
        f"## {dt.date.today()} CPU threads per rank (`benchmarks/bench_threads.py --repeats {args.repeats}`)",
        "",
        f"- machine: {platform.platform()}, {platform.machine()}, {cores} CPUs; Python {platform.python_version()}",
        f"- commit: {git_commit()}",
        "- inputs: `megacxr profile --mode step`, configs/supcon.yaml preset=tiny (random tiny Llama), 200 "
        f"synthetic MIMIC-CXR studies, {args.steps} timed steps after 3 warm-up, OMP_NUM_THREADS unset; "
        "2 ranks under `deepspeed --num_gpus 2`; baseline: engine.cpu_threads=<cores> (torch's default, the "
        "behaviour before); ours: engine.cpu_threads=0 (cores / ranks); global samples/s, median of "
        f"{args.repeats} interleaved repeats, range in brackets",
        "",
        "| ranks | baseline samples/s | ours samples/s | ours / baseline |",
        "| --- | ---: | ---: | ---: |",
    ]
    for ranks, base, ours in rows:
        b, o = float(np.median(base)), float(np.median(ours))
        lines.append(
            f"| {ranks} | {b:.1f} [{min(base):.1f}-{max(base):.1f}] | {o:.1f} [{min(ours):.1f}-"
            f"{max(ours):.1f}] | {o / b:.2f} |"
        )
    print("\n".join(lines))
    if args.record and not args.no_write:
        append_results(lines)
        print("appended to benchmarks/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
