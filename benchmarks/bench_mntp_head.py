"""MNTP head at a 128k vocabulary: fused linear cross-entropy vs the reference, memory and time, in one run.

Inputs: hidden states ``[B, L, H]`` of a padded batch with about 20% of the tokens masked (never position 0),
an ``nn.Linear(H, V, bias=False)`` LM head, float32; V = 128,256 (Llama 3's vocabulary). Methods, all through
the MNTP loss (predecessor rows, labels, sum over the scored tokens / count):

* reference: ``megacxr.losses.mntp_loss`` as the ``mntp`` stage calls it (``chunk_size=None``: one
  ``[K, V]`` logit matrix for the K scored tokens);
* reference, checkpointed chunks: ``mntp_loss(chunk_size=256)`` (each chunk's head and cross-entropy under
  activation checkpointing: the backward recomputes them);
* fused: ``megacxr.losses.linear_ce.mntp_loss_fused(impl="chunked")`` (trainable head: row blocks of
  ``2^24 / V`` rows, the block's gradients computed in the forward; frozen head: one pass over vocabulary
  blocks with an online log-sum-exp); on CUDA with liger-kernel installed, also ``impl="liger"``.

Two cases: a trainable head (full fine-tuning: the head's weight gets a gradient) and a frozen head (LoRA on the
encoder: only the hidden states get one). Peak memory as in ``bench_contrastive.py``: a fresh subprocess per
measurement, peak RSS (``VmHWM`` after ``clear_refs``) during one forward + backward minus the RSS before it,
glibc's mmap threshold pinned at 1 MiB; on CUDA ``torch.cuda.max_memory_allocated``. Time: forward + backward,
median of ``--repeats`` interleaved runs. Appends a dated entry to ``benchmarks/RESULTS.md``.

    python benchmarks/bench_mntp_head.py [--quick] [--hidden 1024] [--tokens 1024] [--repeats 2] [--record]
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

from megacxr.losses.linear_ce import liger_available, mntp_loss_fused  # noqa: E402
from megacxr.losses.mntp import mntp_loss  # noqa: E402

MIB = 1 << 20
VOCAB = 128256


def make_inputs(tokens: int, hidden: int, vocab: int, device: str, trainable: bool, seed: int = 0) -> dict:
    """A [B, 200] padded batch holding about ``tokens`` masked labels (20%), its hidden states and a head."""
    g = torch.Generator().manual_seed(seed)
    length = 200
    rows = max(1, round(tokens / (0.2 * length)))
    labels = torch.full((rows, length), -100, dtype=torch.long)
    pick = torch.rand(rows, length, generator=g) < 0.2
    pick[:, 0] = False
    labels[pick] = torch.randint(0, vocab, (int(pick.sum()),), generator=g)
    h = torch.randn(rows, length, hidden, generator=g).to(device).requires_grad_()
    torch.manual_seed(seed)
    head = nn.Linear(hidden, vocab, bias=False).to(device)
    head.weight.requires_grad_(trainable)
    return {"hidden": h, "labels": labels.to(device), "head": head}


def step(method: str, x: dict) -> None:
    if method == "reference":
        out = mntp_loss(x["hidden"], x["labels"], x["head"])
    elif method == "reference-ckpt":
        out = mntp_loss(x["hidden"], x["labels"], x["head"], chunk_size=256)
    else:
        out = mntp_loss_fused(x["hidden"], x["labels"], x["head"], impl=method)
    out.loss.backward()
    x["hidden"].grad = None
    x["head"].weight.grad = None


def check_equal(device: str, meths: list[str]) -> float:
    worst = 0.0
    for trainable in (True, False):
        x = make_inputs(150, 48, 3001, device, trainable, seed=1)
        outs = []
        for m in meths:
            out = (
                mntp_loss(x["hidden"], x["labels"], x["head"])
                if m.startswith("reference")
                else mntp_loss_fused(x["hidden"], x["labels"], x["head"], impl=m, chunk_size=64)
            )
            out.loss.backward()
            outs.append([out.loss.detach(), x["hidden"].grad] + ([x["head"].weight.grad] if trainable else []))
            x["hidden"].grad = x["head"].weight.grad = None
        for other in outs[1:]:
            for a, b in zip(other, outs[0], strict=False):
                worst = max(worst, float((a - b).norm() / b.norm()))
    return worst


def methods(device: str) -> list[str]:
    return ["reference", "reference-ckpt", "chunked"] + (["liger"] if device == "cuda" and liger_available() else [])


def _status_kb(key: str) -> int:
    return int(re.search(rf"{key}:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))


def worker(spec: dict) -> dict:
    device = spec["device"]
    step(spec["method"], make_inputs(64, 32, 1000, device, spec["trainable"]))  # warm-up
    x = make_inputs(spec["tokens"], spec["hidden"], spec["vocab"], device, spec["trainable"])
    out = {"scored": int((x["labels"] != -100).sum())}
    if spec.get("memory"):
        if device == "cuda":
            torch.cuda.synchronize()
            torch.cuda.reset_peak_memory_stats()
            base = torch.cuda.memory_allocated()
        else:
            Path("/proc/self/clear_refs").write_text("5")
            base = _status_kb("VmRSS") * 1024
        t0 = time.perf_counter()
        step(spec["method"], x)
        if device == "cuda":
            torch.cuda.synchronize()
            out["peak"] = torch.cuda.max_memory_allocated() - base
        else:
            out["peak"] = _status_kb("VmHWM") * 1024 - base
        out["first_s"] = time.perf_counter() - t0
    times = {m: [] for m in spec.get("time", [])}
    for _ in range(spec.get("repeats", 0)):
        for m in times:
            if device == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            step(m, x)
            if device == "cuda":
                torch.cuda.synchronize()
            times[m].append(time.perf_counter() - t0)
    out["times"] = times
    return out


def run_worker(spec: dict, timeout: int = 900) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    if spec.get("memory"):  # pinned mmap threshold: RSS = live memory (see bench_contrastive)
        env["MALLOC_MMAP_THRESHOLD_"] = str(MIB)
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", json.dumps(spec)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}", "stderr": proc.stderr[-400:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _median(v: list[float]) -> float:
    v = sorted(v)
    return v[len(v) // 2] if len(v) % 2 else 0.5 * (v[len(v) // 2 - 1] + v[len(v) // 2])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="smoke run: vocabulary 16k, nothing written")
    ap.add_argument("--hidden", type=int, default=1024, help="hidden size H (Llama-3.2-1B: 2048)")
    ap.add_argument("--tokens", type=int, default=1024, help="about this many scored (masked) tokens")
    ap.add_argument("--repeats", type=int, default=2, help="interleaved timed repeats (median)")
    ap.add_argument(
        "--record",
        "--write",
        dest="record",
        action="store_true",
        help="append the entry to benchmarks/RESULTS.md (without it: print only)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only (the default; kept for older command lines)")
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    device = "cuda" if torch.cuda.is_available() else "cpu"
    write = args.record and not args.no_write
    vocab, hidden, tokens = (16384, 256, 256) if args.quick else (VOCAB, args.hidden, args.tokens)
    meths = methods(device)
    t_start = time.perf_counter()
    err = check_equal(device, meths)
    print(f"equivalence (150 tokens, V=3001): max relative difference {err:.2e}")
    res = {}
    for trainable in (True, False):
        base = {"device": device, "tokens": tokens, "hidden": hidden, "vocab": vocab, "trainable": trainable}
        for m in meths:
            res[(trainable, m)] = run_worker({**base, "method": m, "memory": True})
            print(f"  trainable={trainable} {m}: {res[(trainable, m)]}", flush=True)
        res[(trainable, "time")] = run_worker({**base, "method": "chunked", "time": meths, "repeats": args.repeats})
        print(f"  trainable={trainable} times: {res[(trainable, 'time')]}", flush=True)
    total = time.perf_counter() - t_start

    scored = res[(True, meths[0])].get("scored", "?")
    logits = scored * vocab * 4 if isinstance(scored, int) else 0
    lines = [
        f"## {dt.date.today().isoformat()} MNTP head: fused linear cross-entropy vs reference "
        f"(`benchmarks/bench_mntp_head.py{' --quick' if args.quick else ''}`)",
        "",
        f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs"
        + (f", {torch.cuda.get_device_name()}" if device == "cuda" else "")
        + f"; Python {platform.python_version()}, torch {torch.__version__}; load average at start "
        f"{os.getloadavg()[0]:.1f} (other jobs share these cores)",
        f"- commit: {git_commit()}",
        f"- vocabulary {vocab:,}, hidden {hidden}, float32, {scored} scored tokens (20% of a padded batch), "
        f"bias-free `nn.Linear` head; one [K, V] float32 logit matrix = {logits / MIB:,.0f} MiB; methods "
        f"agree to {err:.1e} (relative, loss and gradients)",
        "- peak memory: fresh subprocess per measurement, peak RSS during one forward + backward minus the "
        "RSS before it (`VmHWM` after `clear_refs`; glibc mmap threshold pinned at 1 MiB); includes the "
        "gradients (the head's weight gradient is V x H floats when it trains)"
        if device == "cpu"
        else "- peak memory: `torch.cuda.max_memory_allocated` during one forward + backward",
        "",
        "| head | method | peak MiB | ratio to reference | fwd + bwd s (median [range]) | time ratio |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for trainable in (True, False):
        ref_peak = res[(trainable, "reference")].get("peak")
        times = res[(trainable, "time")].get("times", {})
        for m in meths:
            peak = res[(trainable, m)].get("peak", res[(trainable, m)].get("error"))
            ratio = f"{ref_peak / peak:.1f}x below" if m != "reference" and isinstance(peak, int) else ""
            t = times.get(m, [])
            t_ref = times.get("reference", [])
            t_txt = f"{_median(t):.2f} [{min(t):.2f}-{max(t):.2f}]" if t else "-"
            t_ratio = f"{_median(t) / _median(t_ref):.2f}" if t and t_ref and m != "reference" else ""
            pk = f"{peak / MIB:,.0f}" if isinstance(peak, int) else str(peak)
            lines.append(
                f"| {'trainable' if trainable else 'frozen (LoRA)'} | {m} | {pk} | {ratio} | {t_txt} | {t_ratio} |"
            )
    lines += ["", f"- run time {total:.0f} s"]
    print("\n".join(lines))
    if write:
        append_results(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
