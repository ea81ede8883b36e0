"""MNTP head under ZeRO-3 at a 128k vocabulary: the fused head vs full logits, peak memory per rank, in one run.

The 1B preset's configuration: ZeRO-3 over 2 ranks (``deepspeed --num_gpus 2``, gloo on CPU, NCCL on GPUs), a
Llama-3.2-1B-shaped head (vocabulary 128,256, hidden 2048, tied to the input embedding, so partitioned like
the rest), float32. Each rank's "encoder" is the embedding and one linear layer (the head is what is
measured); the loss is the trainer's own ``megacxr.train.stages.mntp.MntpHeadLoss`` with ``fused`` False (the
reference: the head's own forward, one ``[K, V]`` float32 logit matrix) or True (``mntp_loss_fused``: the
head gathered for the loss alone, no logit matrix). Two heads: frozen (LoRA on the encoder, the recipe) and
trainable (full fine-tuning).

Memory: a fresh launch per (method, head); every rank runs one warm-up step (ZeRO-3's trace and buffers), then
peak RSS during one forward + backward minus the RSS before it (``VmHWM`` after ``clear_refs``, glibc's mmap
threshold pinned at 1 MiB, as in ``bench_mntp_head.py``; on CUDA ``torch.cuda.max_memory_allocated``); the
table gives the larger of the two ranks. Both methods hold the gathered head (1 GiB in float32) while they use
it, so the difference is the logits and their gradient. Appends a dated entry to ``benchmarks/RESULTS.md``.

    python benchmarks/bench_mntp_head_zero3.py [--quick] [--tokens 1024] [--record]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

import torch
from torch import nn

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_shards import append_results, git_commit  # noqa: E402

MIB = 1 << 20
VOCAB, HIDDEN = 128256, 2048  # Llama-3.2-1B


class HeadModel(nn.Module):
    """Embedding -> one linear layer -> the trainer's MNTP head loss; the head is tied to the embedding."""

    def __init__(self, vocab: int, hidden: int, fused: bool, trainable: bool):
        from megacxr.train.stages.mntp import MntpHeadLoss

        super().__init__()
        self.embed = nn.Embedding(vocab, hidden)
        self.mix = nn.Linear(hidden, hidden)
        self.lm_head = nn.Linear(hidden, vocab, bias=False)
        self.lm_head.weight = self.embed.weight
        self.embed.weight.requires_grad_(trainable)
        self.head_loss = MntpHeadLoss()
        self.fused = fused

    def forward(self, batch: dict) -> dict:
        hidden = self.mix(self.embed(batch["input_ids"]))
        out = self.head_loss(hidden, batch["labels"], self.lm_head, None, None, self.fused)
        return {"loss": out.loss, "scored": out.info["global_num_masked"]}


def make_batch(tokens: int, vocab: int, rank: int) -> dict:
    """``[rows, 200]`` ids with about ``tokens`` masked labels (20%; never position 0)."""
    g = torch.Generator().manual_seed(rank)
    rows = max(1, round(tokens / 40))
    ids = torch.randint(0, vocab, (rows, 200), generator=g)
    labels = torch.full_like(ids, -100)
    pick = torch.rand(rows, 200, generator=g) < 0.2
    pick[:, 0] = False
    labels[pick] = ids[pick]
    return {"input_ids": ids, "labels": labels}


def _status_kb(key: str) -> int:
    return int(re.search(rf"{key}:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))


def rank_worker(spec: dict) -> None:
    """One rank of a launch: a ZeRO-3 engine, a warm-up step, one measured step; rank results to a file."""
    import deepspeed

    from megacxr.train.engine import init_distributed

    torch.set_num_threads(max(1, (os.cpu_count() or 2) // 2))
    rank, world, _ = init_distributed("auto", None)
    torch.manual_seed(0)
    model = HeadModel(spec["vocab"], spec["hidden"], spec["fused"], spec["trainable"])
    params = [p for p in model.parameters() if p.requires_grad]
    ds = {
        "train_micro_batch_size_per_gpu": 1,
        "gradient_accumulation_steps": 1,
        "train_batch_size": world,
        "zero_optimization": {"stage": 3},
        "zero_allow_untested_optimizer": True,
        "steps_per_print": 10**9,
    }
    engine, *_ = deepspeed.initialize(
        model=model, model_parameters=params, optimizer=torch.optim.SGD(params, lr=0.0), config=ds
    )
    device = engine.device
    cuda = torch.device(device).type == "cuda"
    warm = {k: v[:2].to(device) for k, v in make_batch(spec["tokens"], spec["vocab"], rank).items()}
    batch = {k: v.to(device) for k, v in make_batch(spec["tokens"], spec["vocab"], rank).items()}
    engine.backward(engine(warm)["loss"])
    engine.optimizer.zero_grad()
    if cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        base = torch.cuda.memory_allocated()
    else:
        Path("/proc/self/clear_refs").write_text("5")
        base = _status_kb("VmRSS") * 1024
    t0 = time.perf_counter()
    out = engine(batch)
    engine.backward(out["loss"])
    if cuda:
        torch.cuda.synchronize()
        peak = torch.cuda.max_memory_allocated() - base
    else:
        peak = _status_kb("VmHWM") * 1024 - base
    result = {"rank": rank, "peak": peak, "seconds": time.perf_counter() - t0, "scored": int(out["scored"])}
    Path(spec["out"]).with_suffix(f".rank{rank}.json").write_text(json.dumps(result))


def launch(spec: dict, workdir: Path, timeout: int = 1200) -> dict:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = workdir / f"{'fused' if spec['fused'] else 'reference'}-{'train' if spec['trainable'] else 'frozen'}"
    spec = {**spec, "out": str(out)}
    env = {**os.environ, "PYTHONPATH": str(REPO), "MALLOC_MMAP_THRESHOLD_": str(MIB), "OMP_NUM_THREADS": "1"}
    cmd = [str(Path(sys.executable).parent / "deepspeed"), "--num_gpus", "2", "--master_port", str(port)]
    proc = subprocess.run(
        [*cmd, __file__, "--rank-worker", json.dumps(spec)], capture_output=True, text=True, timeout=timeout, env=env
    )
    ranks = [json.loads(p.read_text()) for p in sorted(workdir.glob(out.name + ".rank*.json"))]
    if proc.returncode != 0 or len(ranks) != 2:
        return {"error": f"exit {proc.returncode}", "stderr": proc.stderr[-600:]}
    return {"peak": max(r["peak"] for r in ranks), "seconds": max(r["seconds"] for r in ranks), "ranks": ranks}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rank-worker", help=argparse.SUPPRESS)
    ap.add_argument("--local_rank", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="smoke run: vocabulary 16k, hidden 256, nothing written")
    ap.add_argument("--tokens", type=int, default=1024, help="about this many scored (masked) tokens per rank")
    ap.add_argument(
        "--record",
        "--write",
        dest="record",
        action="store_true",
        help="append the entry to benchmarks/RESULTS.md (without it: print only)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only (the default; kept for older command lines)")
    args = ap.parse_args(argv)
    if args.rank_worker:
        rank_worker(json.loads(args.rank_worker))
        return 0
    import tempfile

    vocab, hidden, tokens = (16384, 256, 256) if args.quick else (VOCAB, HIDDEN, args.tokens)
    write = args.record and not (args.quick or args.no_write)
    t_start, load = time.perf_counter(), os.getloadavg()[0]
    res = {}
    with tempfile.TemporaryDirectory() as tmp:
        for trainable in (False, True):
            for fused in (False, True):
                spec = {"vocab": vocab, "hidden": hidden, "tokens": tokens, "fused": fused, "trainable": trainable}
                res[(trainable, fused)] = launch(spec, Path(tmp))
                print(f"  trainable={trainable} fused={fused}: {res[(trainable, fused)]}", flush=True)
    total = time.perf_counter() - t_start
    scored = next((r["ranks"][0]["scored"] for r in res.values() if "ranks" in r), "?")
    per_rank = scored // 2 if isinstance(scored, int) else "?"
    logits = per_rank * vocab * 4 if isinstance(per_rank, int) else 0
    lines = [
        f"## {dt.date.today().isoformat()} MNTP head under ZeRO-3: fused vs full logits "
        f"(`benchmarks/bench_mntp_head_zero3.py{' --quick' if args.quick else ''}`)",
        "",
        f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}, torch {torch.__version__}; load average at start {load:.1f}",
        f"- commit: {git_commit()}",
        f"- ZeRO-3, 2 ranks (`deepspeed --num_gpus 2`, gloo), float32; vocabulary {vocab:,}, hidden {hidden}, head "
        f"tied to the embedding (Llama-3.2-1B); about {per_rank} scored tokens per rank ({scored} global); one "
        f"[K, V] float32 logit matrix per rank = {logits / MIB:,.0f} MiB; the gathered head = "
        f"{vocab * hidden * 4 / MIB:,.0f} MiB",
        "- peak memory per rank (the larger of the two): fresh launch per row, one warm-up step, then peak RSS during "
        "one forward + backward minus the RSS before it (`VmHWM` after `clear_refs`, mmap threshold 1 MiB)",
        "",
        "| head | method | peak MiB per rank | ratio to full logits | fwd + bwd s |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for trainable in (False, True):
        ref = res[(trainable, False)].get("peak")
        for fused in (False, True):
            r = res[(trainable, fused)]
            peak = r.get("peak")
            pk = f"{peak / MIB:,.0f}" if isinstance(peak, int) else r.get("error", "?")
            ratio = f"{ref / peak:.1f}x below" if fused and isinstance(peak, int) and isinstance(ref, int) else ""
            secs = f"{r['seconds']:.1f}" if "seconds" in r else "-"
            lines.append(
                f"| {'trainable' if trainable else 'frozen (LoRA)'} | "
                f"{'fused (`mntp_loss_fused`)' if fused else 'full logits (`mntp_loss`)'} | {pk} | {ratio} | {secs} |"
            )
    lines += ["", f"- run time {total:.0f} s"]
    print("\n".join(lines))
    if write:
        append_results(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
