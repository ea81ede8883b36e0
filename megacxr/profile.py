"""``megacxr profile``: how fast, how full, and where the time goes, for one stage config, before a cluster week.

``megacxr profile --config configs/STAGE.yaml --mode {data,model,step} [--steps N] [--warmup W] [--json FILE]
[--peak-tflops X] [--sweep 8,16,32 [--plot FILE.png]] [key=value ...]``, also under the training launchers
(``deepspeed --module megacxr.profile ...``, ``torchrun -m megacxr.profile ...``).

* ``data``: the pipeline alone (this rank's loader): samples/s, tokens/s (real tokens), bytes/s, per rank and per
  worker.
* ``model``: the step on one real batch kept in device memory: forward, backward and optimizer time; no data
  loading.
* ``step``: the full training step: data wait, forward, backward, optimizer; the share of time spent waiting.

``model`` and ``step`` time the training loop's own step function (``megacxr.train.step.train_step``: the
``engine.grad_accum`` micro-batches of one optimizer step, the non-finite guard included), not a copy of it.

Figures are medians over the timed steps (the first ``--warmup`` excluded) with the 10th-90th percentile spread;
global rates sum the ranks. FLOPs come from the model's shape and the batch's real lengths
(``megacxr.train.flops``: 6N per token for trained weights, 4N for frozen ones, plus attention); MFU divides the
achieved FLOP/s per rank by the device's peak (a table of GPUs by name, or ``--peak-tflops``; none on a CPU unless
given). Peak memory: ``torch.cuda.max_memory_allocated`` on a GPU, the process's peak RSS on a CPU. Communication is
inside the backward and optimizer times (DeepSpeed overlaps it). ``--sweep`` repeats the model/step measurement
for each micro-batch size and writes a PNG of throughput and memory against batch size (drawn with Pillow). The
figures also go to ``<run.out_dir>/profile/metrics.jsonl`` and to wandb when enabled (``logging.wandb``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import resource
import sys
import time
from pathlib import Path

import numpy as np
import torch

from megacxr.clihelp import Parser, non_negative_int, positive_int
from megacxr.config import to_dict
from megacxr.errors import MegacxrError
from megacxr.log import setup_logging
from megacxr.train import collectives
from megacxr.train.collectives import all_reduce
from megacxr.train.config import load_train_config
from megacxr.train.engine import init_distributed
from megacxr.train.guard import StepGuard
from megacxr.train.loop import build_engine, build_loader
from megacxr.train.metrics import MetricsLogger
from megacxr.train.stages import get_stage
from megacxr.train.step import PHASES, PhaseTimer, train_step
from megacxr.train.threads import set_cpu_threads

log = logging.getLogger("megacxr.profile")

__all__ = ["PEAK_TFLOPS", "main", "profile_run"]

# dense bf16/fp16 tensor-core peaks (TFLOP/s) by device-name substring
PEAK_TFLOPS = {
    "H200": 989.0,
    "H100": 989.0,
    "A100": 312.0,
    "L40S": 362.0,
    "L4": 121.0,
    "A10G": 125.0,
    "A10": 125.0,
    "V100": 125.0,
    "MI300": 1307.0,
}


def _peak_memory_mib(device) -> float:
    if torch.device(device).type == "cuda":
        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def _peak_tflops(device, precision: str, given: float | None) -> float | None:
    if given:
        return float(given)
    if torch.device(device).type != "cuda" or precision == "fp32":
        return None
    name = torch.cuda.get_device_name()
    return next((v for k, v in PEAK_TFLOPS.items() if k in name), None)


def _stats(xs: list[float]) -> dict:
    a = np.asarray(xs, dtype=np.float64)
    return {"median": float(np.median(a)), "p10": float(np.percentile(a, 10)), "p90": float(np.percentile(a, 90))}


def _nbytes(obj) -> int:
    if isinstance(obj, torch.Tensor):
        return obj.numel() * obj.element_size()
    if isinstance(obj, dict):
        return sum(_nbytes(v) for v in obj.values())
    if isinstance(obj, (list, tuple)):
        return sum(_nbytes(v) for v in obj)
    return 0


def _samples(batch: dict, default: int) -> int:
    return len(batch.get("keys", ())) or default


def profile_run(
    cfg,
    mode: str,
    steps: int = 20,
    warmup: int = 3,
    peak_tflops: float | None = None,
    local_rank: int | None = None,
) -> dict:
    """One measurement of ``cfg`` in ``mode``; returns the figures (the JSON the CLI writes)."""
    rank, world, local = init_distributed(cfg.engine.backend, local_rank)
    threads = set_cpu_threads(cfg.engine.cpu_threads, rank)
    stage = get_stage(cfg)
    out: dict = {
        "stage": cfg.stage,
        "mode": mode,
        "ranks": world,
        "micro_batch": cfg.data.micro_batch,
        "zero_stage": cfg.engine.zero_stage,
        "precision": cfg.engine.precision,
        "attention": stage.attention(),
        "steps": steps,
        "warmup": warmup,
        "cpu_threads": threads.threads,
        "cpu_threads_source": threads.source,
        "model": stage.model_name(),
    }
    if mode == "data":
        it = iter(build_loader(cfg, stage, rank, world))
        times, samples, tokens, nbytes = [], 0, 0, 0
        for i in range(warmup + steps):
            t0 = time.perf_counter()
            batch = next(it)
            if i >= warmup:
                times.append(time.perf_counter() - t0)
                samples += _samples(batch, cfg.data.micro_batch)
                tokens += stage.tokens(stage.for_step(batch, i + 1))
                nbytes += _nbytes(batch)
        seconds = sum(times)
        per_rank = {
            "samples_per_s": samples / seconds,
            "tokens_per_s": tokens / seconds,
            "bytes_per_s": nbytes / seconds,
        }
        g = all_reduce([per_rank["samples_per_s"], per_rank["tokens_per_s"], per_rank["bytes_per_s"]])
        out.update(
            per_rank=per_rank,
            global_={"samples_per_s": g[0], "tokens_per_s": g[1], "bytes_per_s": g[2]},
            per_worker_samples_per_s=per_rank["samples_per_s"] / max(1, cfg.data.num_workers),
            batch_time_s=_stats(times),
            num_workers=cfg.data.num_workers,
        )
        out["global"] = out.pop("global_")
        return out

    # the training loop's own step (megacxr.train.step.train_step, guard included), timed phase by phase
    _, engine, _ = build_engine(cfg, world, local)
    device = engine.device
    it = iter(build_loader(cfg, stage, rank, world))
    fixed = stage.for_step(next(it), 1)
    flops = stage.flops(engine.module, fixed)
    next_batch = (lambda: next(it)) if mode == "step" else (lambda: fixed)
    guard = StepGuard(
        engine,
        cfg.run.max_bad_steps,
        cfg.engine.precision,
        cfg.engine.zero_stage,
        Path(cfg.run.out_dir) / "profile",
        rank,
    )
    timer = PhaseTimer(device)
    parts: dict[str, list[float]] = {k: [] for k in (*PHASES, "step")}
    samples = tokens = 0
    engine.train()
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    for i in range(warmup + steps):
        micro = train_step(engine, next_batch, guard, int(cfg.engine.grad_accum), i, timer, prepare=stage.for_step)
        times = timer.take()
        if i >= warmup:
            for k in PHASES:
                parts[k].append(times[k])
            parts["step"].append(sum(times.values()))
            samples += sum(_samples(m.batch, cfg.data.micro_batch) for m in micro)
            tokens += sum(stage.tokens(m.batch) for m in micro)
    seconds = sum(parts["step"])
    # FLOPs of the batches actually trained on: the fixed batch's count scaled by real tokens (model mode: exactly
    # grad_accum times the fixed batch)
    step_flops_mean = flops["total"] * (tokens / steps) / max(stage.tokens(fixed), 1)
    tflops = step_flops_mean * steps / seconds / 1e12
    peak = _peak_tflops(device, cfg.engine.precision, peak_tflops)
    g = all_reduce([samples / seconds, tokens / seconds, tflops])
    out.update(
        per_rank={
            "samples_per_s": samples / seconds,
            "tokens_per_s": tokens / seconds,
            "tflops": tflops,
            "mfu": tflops / peak if peak else None,
        },
        peak_tflops=peak,
        flops_per_step=flops,
        time_s={k: _stats(v) for k, v in parts.items()},
        data_wait_share=sum(parts["data"]) / seconds,
        peak_memory_mib=_peak_memory_mib(device),
        device=str(device) if device.type != "cuda" else torch.cuda.get_device_name(),
        skipped_steps=guard.counts(),
    )
    out["global"] = {"samples_per_s": g[0], "tokens_per_s": g[1], "tflops": g[2]}
    return out


def format_profile(r: dict) -> str:
    lines = [
        f"profile: stage {r['stage']}, mode {r['mode']}, {r['ranks']} rank(s), micro-batch {r['micro_batch']}, "
        f"ZeRO-{r['zero_stage']}, {r['precision']}; {r['steps']} timed steps after {r['warmup']} warm-up"
    ]
    pr, gl = r["per_rank"], r["global"]
    lines.append(f"  {'':24}{'per rank':>14}{'global':>14}")
    lines.append(f"  {'samples/s':24}{pr['samples_per_s']:14.1f}{gl['samples_per_s']:14.1f}")
    lines.append(f"  {'tokens/s (real)':24}{pr['tokens_per_s']:14.0f}{gl['tokens_per_s']:14.0f}")
    if r["mode"] == "data":
        lines.append(f"  {'bytes/s':24}{pr['bytes_per_s']:14.3g}{gl['bytes_per_s']:14.3g}")
        lines.append(f"  per worker: {r['per_worker_samples_per_s']:.1f} samples/s ({r['num_workers']} workers)")
        return "\n".join(lines)
    lines.append(f"  {'TFLOP/s':24}{pr['tflops']:14.4g}{gl['tflops']:14.4g}")
    mfu = "n/a (no peak known: pass --peak-tflops)" if pr["mfu"] is None else f"{100 * pr['mfu']:.1f}%"
    lines.append(f"  MFU {mfu}; peak memory {r['peak_memory_mib']:.0f} MiB; device {r['device']}")
    lines.append(f"  {'time per step (ms)':24}{'median':>10}{'p10':>10}{'p90':>10}")
    for k in ("data", "forward", "backward", "optimizer", "step"):
        s = r["time_s"][k]
        lines.append(f"  {k:24}{1e3 * s['median']:10.1f}{1e3 * s['p10']:10.1f}{1e3 * s['p90']:10.1f}")
    lines.append(f"  data wait: {100 * r['data_wait_share']:.1f}% of step time")
    return "\n".join(lines)


def _spread(r: dict, key: str) -> tuple[float, float]:
    """p10-p90 range of a rate: the median rate scaled by the step time's median / p90 and median / p10."""
    value = r["global"][key] if key in r["global"] else r[key]
    t = (r.get("time_s") or {}).get("step")
    if key != "samples_per_s" or not t or not t["p10"] or not t["p90"]:
        return value, value
    return value * t["median"] / t["p90"], value * t["median"] / t["p10"]


def _ticks(top: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values from 0 to ``top``."""
    raw = top / n
    mag = 10 ** np.floor(np.log10(raw)) if raw > 0 else 1.0
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [k * step for k in range(int(top / step) + 1)]


def plot_sweep(rows: list[dict], path: Path) -> Path:
    """A PNG of global samples/s (median, p10-p90 bar) and peak memory against micro-batch size, with y-axis ticks
    and a title naming stage, model, device and parallel set-up (Pillow only)."""
    from PIL import Image, ImageDraw

    w, h, pad, left = 960, 420, 70, 70
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    r0 = rows[0]
    d.text(
        (pad, 10),
        f"megacxr profile: stage {r0['stage']}, model {r0.get('model', '?')}, device "
        f"{r0.get('device', '?')}, {r0['mode']} mode, {r0['ranks']} rank(s), ZeRO-{r0['zero_stage']}, "
        f"{r0['precision']}",
        fill="black",
    )
    xs = [r["micro_batch"] for r in rows]
    for panel, (key, label, colour) in enumerate(
        (
            ("samples_per_s", "samples/s (global; bar: p10-p90)", (31, 119, 180)),
            ("peak_memory_mib", "peak memory (MiB)", (214, 39, 40)),
        )
    ):
        x0 = left + panel * (w // 2)
        x1, y0, y1 = x0 + w // 2 - left - 30, pad, h - pad
        ys = [r["global"][key] if key in r["global"] else r[key] for r in rows]
        spans = [_spread(r, key) for r in rows]
        top = max(max(hi for _, hi in spans), max(ys)) * 1.1 or 1.0
        d.rectangle([x0, y0, x1, y1], outline="black")
        d.text((x0, 40), f"{label} vs micro-batch", fill="black")
        for t in _ticks(top):
            ty = y1 - (y1 - y0) * t / top
            d.line([(x0 - 5, ty), (x0, ty)], fill="black")
            d.line([(x0 + 1, ty), (x1 - 1, ty)], fill=(225, 225, 225))
            d.text((x0 - 8 - 7 * len(f"{t:g}"), ty - 6), f"{t:g}", fill="black")
        scale = lambda v: y1 - (y1 - y0) * v / top  # noqa: E731, B023
        pts = [(x0 + 20 + (x1 - x0 - 40) * i / max(1, len(xs) - 1), scale(y)) for i, y in enumerate(ys)]
        d.line(pts, fill=colour, width=3)
        for (px, py), x, y, (lo, hi) in zip(pts, xs, ys, spans, strict=False):
            if hi > lo:
                d.line([(px, scale(lo)), (px, scale(hi))], fill=colour, width=1)
                d.line([(px - 5, scale(lo)), (px + 5, scale(lo))], fill=colour)
                d.line([(px - 5, scale(hi)), (px + 5, scale(hi))], fill=colour)
            d.ellipse([px - 4, py - 4, px + 4, py + 4], fill=colour)
            d.text((px - 8, y1 + 8), str(x), fill="black")
            d.text((px + 6, py - 16), f"{y:,.0f}" if y >= 100 else f"{y:.3g}", fill="black")
        d.text(((x0 + x1) // 2 - 40, y1 + 28), "micro-batch size", fill="black")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path)
    return path


def _flat(prefix: str, obj, out: dict) -> dict:
    if isinstance(obj, dict):
        for k, v in obj.items():
            _flat(f"{prefix}{k}." if not isinstance(v, (int, float)) else f"{prefix}{k}", v, out)
    elif isinstance(obj, (int, float)) and not isinstance(obj, bool):
        out[prefix.rstrip(".")] = obj
    return out


def _to_metrics(cfg, rows: list[dict]) -> None:
    """The figures as JSON lines in ``<run.out_dir>/profile/metrics.jsonl`` and in wandb when enabled."""
    logger = MetricsLogger(Path(cfg.run.out_dir) / "profile", True, cfg.logging, to_dict(cfg))
    try:
        for r in rows:
            logger.log({"step": int(r["micro_batch"]), "mode": r["mode"], **_flat("", r, {})})
    finally:
        logger.close()


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="megacxr profile", description="throughput, MFU and bottlenecks of a stage")
    p.add_argument("--config", required=True, type=Path, help="stage YAML, e.g. configs/supcon.yaml")
    p.add_argument(
        "--mode",
        choices=["data", "model", "step"],
        default="step",
        help="data: the loader alone; model: the step on one batch kept in memory; step: both",
    )
    p.add_argument("--steps", type=positive_int, default=20, help="timed steps")
    p.add_argument("--warmup", type=non_negative_int, default=3, help="steps run before timing")
    p.add_argument("--json", type=Path, default=None, help="write the figures here")
    p.add_argument("--peak-tflops", type=float, default=None, help="the device's peak, for MFU")
    p.add_argument("--sweep", default=None, help="micro-batch sizes, e.g. 8,16,32 (model/step modes)")
    p.add_argument("--plot", type=Path, default=None, help="PNG of the sweep (default: next to --json)")
    p.add_argument("--local_rank", "--local-rank", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("overrides", nargs="*", help="dotted key=value config overrides, e.g. data.micro_batch=32")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_intermixed_args(argv)
    setup_logging()
    try:
        cfg = load_train_config(args.config, args.overrides)
        sizes = [int(x) for x in args.sweep.split(",")] if args.sweep else [cfg.data.micro_batch]
        rows = []
        for size in sizes:
            run_cfg = dataclasses.replace(cfg, data=dataclasses.replace(cfg.data, micro_batch=size))
            rows.append(profile_run(run_cfg, args.mode, args.steps, args.warmup, args.peak_tflops, args.local_rank))
    except MegacxrError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if collectives.rank() != 0:
        return 0
    for r in rows:
        print(format_profile(r))
    result: dict = rows[0] if len(rows) == 1 else {"sweep": rows}
    if len(rows) > 1:
        print("\nsweep: micro-batch, global samples/s, tokens/s, peak MiB")
        for r in rows:
            print(
                f"  {r['micro_batch']:6d} {r['global']['samples_per_s']:12.1f} {r['global']['tokens_per_s']:12.0f} "
                f"{r.get('peak_memory_mib', float('nan')):10.0f}"
            )
        if args.mode != "data":
            plot = args.plot or (args.json.with_suffix(".png") if args.json else Path("profile_sweep.png"))
            print(f"plot: {plot_sweep(rows, plot)}")
    _to_metrics(cfg, rows)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
