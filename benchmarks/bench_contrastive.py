"""Gathered contrastive loss: reference (full logit matrices) vs tiled (chunked torch, Triton on a GPU), one run.

One rank of ``W`` is simulated in one process: its ``B_local = B / W`` image and text rows are scored against
the gathered ``B x D`` columns of the other tower (both directions of the CLIP loss, logit scale
``exp(log_scale)`` learnable), forward + backward, float32 embeddings:

* reference: open_clip's local loss with gathered gradients, which is also ``megacxr.losses.clip_loss``'s
  arithmetic: ``logits_i2t = s * img_local @ txt_all.T`` and ``logits_t2i = s * txt_local @ img_all.T``
  (two ``B_local x B`` float32 matrices, kept with their softmax for the backward), ``F.cross_entropy``;
* chunked: ``megacxr.kernels.tiled_cross_entropy(impl="chunked")`` for each direction (what
  ``clip_loss_tiled`` runs on CPU);
* triton: the same with ``impl="triton"``, only where CUDA is available (the interpreter is not timed).

Peak memory: each (method, size) runs in a fresh subprocess; after a small warm-up and after the inputs exist,
the kernel's peak-RSS mark is reset (``/proc/self/clear_refs`` = 5) and the peak RSS (``VmHWM``) after one
forward + backward, minus the RSS before it, is the loss's peak memory (the inputs excluded; the gradients of
the gathered embeddings, ``2 B D`` floats, included for every method). glibc's mmap threshold is pinned at
1 MiB in that subprocess, so that every freed block of 1 MiB or more leaves the RSS (with the adaptive default,
freed tiles stay in the heap and the RSS counts memory no tensor holds). On CUDA, ``torch.cuda.max_memory_allocated``.
Time: forward + backward, median of ``--repeats`` runs of the methods interleaved in one process (range in
brackets). Appends a dated entry to ``benchmarks/RESULTS.md``; ``--quick`` is a smoke run that writes nothing
unless ``--write``.

    python benchmarks/bench_contrastive.py [--quick] [--repeats 3] [--record]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_shards import append_results, git_commit  # noqa: E402

from megacxr.kernels import TileTargets, tiled_cross_entropy  # noqa: E402
from megacxr.kernels.contrastive.tiled_ce import CPU_AUTO, triton_available  # noqa: E402

MIB = 1 << 20


# ------------------------------------------------------------------------------------------------ the losses


def make_inputs(b_local: int, b_global: int, d: int, device: str, seed: int = 0) -> dict:
    g = torch.Generator(device="cpu").manual_seed(seed)
    img = F.normalize(torch.randn(b_global, d, generator=g), dim=-1).to(device)
    txt = F.normalize(torch.randn(b_global, d, generator=g), dim=-1).to(device)
    return {
        "img_l": img[:b_local].clone().requires_grad_(),
        "txt_l": txt[:b_local].clone().requires_grad_(),
        "img_g": img.requires_grad_(),
        "txt_g": txt.requires_grad_(),
        "log_scale": torch.tensor(math.log(1 / 0.07), device=device, requires_grad=True),
    }


def loss_reference(x: dict) -> torch.Tensor:
    s = x["log_scale"].exp()
    target = torch.arange(x["img_l"].shape[0], device=s.device)  # rank 0's rows come first
    logits_i2t = (x["img_l"] @ x["txt_g"].T) * s
    logits_t2i = (x["txt_l"] @ x["img_g"].T) * s
    return 0.5 * (
        F.cross_entropy(logits_i2t, target, reduction="sum") + F.cross_entropy(logits_t2i, target, reduction="sum")
    )


def loss_tiled(x: dict, impl: str) -> torch.Tensor:
    s = x["log_scale"].exp()
    spec = TileTargets(torch.arange(x["img_l"].shape[0], device=s.device))
    return 0.5 * (
        tiled_cross_entropy(x["img_l"], x["txt_g"], s, spec, impl=impl).loss
        + tiled_cross_entropy(x["txt_l"], x["img_g"], s, spec, impl=impl).loss
    )


TEXT_WEIGHT, TEXT_TAU = 0.3, 0.05  # --text: textual soft targets of this weight and temperature


def loss_reference_text(x: dict) -> torch.Tensor:
    """With textual soft targets as ``clip_loss`` builds them: a dense detached ``B_local x B`` softmax of the
    reports' similarity beside the two logit matrices."""
    s = x["log_scale"].exp()
    b = x["img_l"].shape[0]
    p = torch.softmax(x["txt_l"].detach() @ x["txt_g"].detach().T / TEXT_TAU, dim=1)
    target = (1 - TEXT_WEIGHT) * F.one_hot(torch.arange(b, device=s.device), p.shape[1]).to(p.dtype) + TEXT_WEIGHT * p
    logits_i2t = (x["img_l"] @ x["txt_g"].T) * s
    logits_t2i = (x["txt_l"] @ x["img_g"].T) * s
    ce = -(target * F.log_softmax(logits_i2t, 1)).sum() - (target * F.log_softmax(logits_t2i, 1)).sum()
    return 0.5 * ce


def loss_tiled_text(x: dict, impl: str) -> torch.Tensor:
    """The same targets computed tile by tile inside the loss (``TileTargets`` with the reports' embeddings)."""
    s = x["log_scale"].exp()
    spec = TileTargets(
        torch.arange(x["img_l"].shape[0], device=s.device),
        text_weight=TEXT_WEIGHT,
        row_text=x["txt_l"].detach(),
        col_text=x["txt_g"].detach(),
        text_temperature=TEXT_TAU,
    )
    return 0.5 * (
        tiled_cross_entropy(x["img_l"], x["txt_g"], s, spec, impl=impl).loss
        + tiled_cross_entropy(x["txt_l"], x["img_g"], s, spec, impl=impl).loss
    )


def _loss(method: str, x: dict) -> torch.Tensor:
    base, _, text = method.partition("+")
    if text:
        return loss_reference_text(x) if base == "reference" else loss_tiled_text(x, base)
    return loss_reference(x) if base == "reference" else loss_tiled(x, base)


def step(method: str, x: dict) -> None:
    loss = _loss(method, x)
    loss.backward()
    for t in x.values():
        t.grad = None


def check_equal(device: str, text: bool = False) -> float:
    """Largest relative difference (loss, every gradient) between the methods on a small awkward case."""
    worst = 0.0
    meths = methods(device, text)
    for method in meths[1:]:
        x = make_inputs(100, 700, 96, device, seed=1)
        outs = []
        for m in (meths[0], method):
            loss = _loss(m, x)
            loss.backward()
            outs.append([loss.detach()] + [t.grad.clone() for t in x.values()])
            for t in x.values():
                t.grad = None
        for a, b in zip(outs[1], outs[0], strict=False):
            worst = max(worst, float((a - b).norm() / b.norm()))
    return worst


def methods(device: str, text: bool = False) -> list[str]:
    out = ["reference", "chunked"]
    if device == "cuda" and triton_available():
        out.append("triton")
    return [m + "+text" for m in out] if text else out


# ------------------------------------------------------------------------------------------ subprocess worker


def _status_kb(key: str) -> int:
    return int(re.search(rf"{key}:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))


def worker(spec: dict) -> dict:
    torch.manual_seed(0)
    if spec.get("threads"):
        torch.set_num_threads(int(spec["threads"]))
    device = spec["device"]
    step(spec["method"], make_inputs(64, 256, 32, device))  # warm-up: libraries, thread pool
    x = make_inputs(spec["b_local"], spec["b_global"], spec["d"], device)
    out = {}
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
        for m in times:  # interleaved
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
    # glibc's adaptive mmap threshold would keep freed blocks (tiles, gradients) in the heap and in the RSS;
    # pinned at 1 MiB every block of 1 MiB or more is its own mapping, returned on free: RSS = live memory
    # the repository first, then whatever the caller had (benchmarks/gpu/run.sh puts its carried wheels there)
    path = os.pathsep.join(x for x in (str(REPO), os.environ.get("PYTHONPATH", "")) if x)
    env = {**os.environ, "PYTHONPATH": path}
    if spec.get("memory"):  # only there: timed runs keep glibc's defaults
        env["MALLOC_MMAP_THRESHOLD_"] = str(MIB)
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", json.dumps(spec)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    if proc.returncode != 0:
        return {
            "error": f"exit {proc.returncode}" + (" (killed: out of memory?)" if proc.returncode < 0 else ""),
            "stderr": proc.stderr[-400:],
        }
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------------------------------- main


def _median(v: list[float]) -> float:
    v = sorted(v)
    return v[len(v) // 2] if len(v) % 2 else 0.5 * (v[len(v) // 2 - 1] + v[len(v) // 2])


def _fmt_t(v: list[float]) -> str:
    return f"{_median(v):.2f} [{min(v):.2f}-{max(v):.2f}]" if v else "-"


def _mib(b) -> str:
    return f"{b / MIB:,.0f}" if isinstance(b, (int, float)) else str(b)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="smoke run: small sizes, nothing written")
    ap.add_argument("--repeats", type=int, default=3, help="interleaved timed repeats per size (median)")
    ap.add_argument("--b-local", type=int, default=1024, help="per-rank batch of the scaling sweep")
    ap.add_argument("--threads", type=int, default=0, help="torch threads in the workers (0: torch's default)")
    ap.add_argument(
        "--record",
        "--write",
        dest="record",
        action="store_true",
        help="append the entry to benchmarks/RESULTS.md (without it: print only)",
    )
    ap.add_argument("--no-write", action="store_true", help="print only (the default; kept for older command lines)")
    ap.add_argument("--text", action="store_true", help="with textual soft targets (weight 0.3, temperature 0.05)")
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0
    device = "cuda" if torch.cuda.is_available() else "cpu"
    write = args.record and not args.no_write
    meths = methods(device, args.text)
    ref_name = meths[0]
    t_start = time.perf_counter()
    err = check_equal(device, args.text)
    print(f"equivalence on 100 rows x 700 columns, D=96: max relative difference {err:.2e}")

    if args.quick:
        b_local, sweep, head, timed = 128, [(1024, 128), (4096, 128)], (4096, 8, 128), [(2048, 128)]
    else:
        b_local = args.b_local
        sweep = [(b, 512) for b in (4096, 8192, 16384, 32768, 65536)] + [(4096, 1280), (65536, 1280)]
        head, timed = (65536, 8, 512), [(16384, 512), (16384, 1280)]
    mem = {}
    for b, d in sweep:
        for m in meths:
            mem[(b_local, b, d, m)] = run_worker(
                {"method": m, "device": device, "b_local": b_local, "b_global": b, "d": d, "memory": True}
            )
            print(f"  memory B_local={b_local} B={b} D={d} {m}: {mem[(b_local, b, d, m)]}", flush=True)
    hb, hw, hd = head
    for m in meths:
        mem[(hb // hw, hb, hd, m)] = run_worker(
            {"method": m, "device": device, "b_local": hb // hw, "b_global": hb, "d": hd, "memory": True}
        )
        print(f"  memory B_local={hb // hw} B={hb} D={hd} {m}: {mem[(hb // hw, hb, hd, m)]}", flush=True)
    tim = {}
    for b, d in timed:
        tim[(b, d)] = run_worker(
            {
                "method": ref_name,
                "device": device,
                "b_local": b_local,
                "b_global": b,
                "d": d,
                "time": meths,
                "repeats": args.repeats,
                "threads": args.threads,
            }
        )["times"]
        print(f"  time B_local={b_local} B={b} D={d}: {tim[(b, d)]}", flush=True)
    total = time.perf_counter() - t_start

    def peak(key):
        r = mem[key]
        return r.get("peak", r.get("error"))

    lines = [
        f"## {dt.date.today().isoformat()} contrastive loss: reference vs tiled"
        + (" with textual soft targets" if args.text else "")
        + f" (`benchmarks/bench_contrastive.py{' --quick' if args.quick else ''}{' --text' if args.text else ''}`)",
        "",
        f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs"
        + (f", {torch.cuda.get_device_name()}" if device == "cuda" else "")
        + f"; Python {platform.python_version()}, torch {torch.__version__}; timed runs with "
        f"{args.threads or torch.get_num_threads()} torch thread(s); load average at start "
        f"{os.getloadavg()[0]:.1f} (other jobs share these cores)",
        f"- commit: {git_commit()}",
        f"- one simulated rank: its B_local rows of both towers against the gathered B x D columns, both "
        f"directions of the CLIP loss, learnable logit scale, float32, forward + backward; reference = "
        f"open_clip's local loss with gathered gradients (= `clip_loss`'s arithmetic: two B_local x B logit "
        f"matrices); chunked = `tiled_cross_entropy(impl='chunked')` (`clip_loss_tiled` on CPU); "
        f"methods agree to {err:.1e} (relative, loss and all gradients)"
        + (
            f"; `+text`: targets (1 - {TEXT_WEIGHT}) one-hot + {TEXT_WEIGHT} softmax(<t_i, t_j> / {TEXT_TAU}), the "
            "reference with that softmax as a dense B_local x B matrix (as `clip_loss`), the tiled paths computing "
            "it per tile inside the loss"
            if args.text
            else ""
        ),
        "- peak memory: fresh subprocess per measurement, peak RSS (`VmHWM` after `clear_refs`) during one "
        "forward + backward minus the RSS before it (inputs excluded; includes the gradients of the "
        "gathered embeddings, 2 B D floats, for every method); glibc's mmap threshold pinned at 1 MiB "
        "(`MALLOC_MMAP_THRESHOLD_`) so that freed blocks leave the RSS"
        if device == "cpu"
        else "- peak memory: `torch.cuda.max_memory_allocated` during one forward + backward minus the memory "
        "before it",
        "",
        "| B_local | B global (W) | D | method | peak MiB | peak - 2BD·4 B (MiB) | ratio to reference |",
        "| ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    rows = sorted({k[:3] for k in mem}, key=lambda k: (k[2], k[0], k[1]))
    for bl, b, d in rows:
        ref = peak((bl, b, d, ref_name))
        for m in meths:
            p = peak((bl, b, d, m))
            extra = _mib(p - 2 * b * d * 4) if isinstance(p, int) else "-"
            ratio = f"{ref / p:.1f}x below" if m != ref_name and isinstance(p, int) and isinstance(ref, int) else ""
            lines.append(f"| {bl} | {b} ({b // bl}) | {d} | {m} | {_mib(p)} | {extra} | {ratio} |")
    lines += [
        "",
        "| B_local | B global | D | method | fwd + bwd s (median [range]) | ratio to reference |",
        "| ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for (b, d), t in tim.items():
        for m in meths:
            ratio = f"{_median(t[m]) / _median(t[ref_name]):.2f}" if m != ref_name else ""
            lines.append(f"| {b_local} | {b} | {d} | {m} | {_fmt_t(t[m])} | {ratio} |")
    hk = (hb // hw, hb, hd)
    lines += [
        "",
        f"- single cold runs of the memory measurements ({hk[1]} over {hw} ranks, D={hd}; fresh mappings, "
        f"page faults included): "
        + ", ".join(f"{m} {mem[(*hk, m)].get('first_s', float('nan')):.1f} s" for m in meths),
        f"- `auto` off CUDA is `{CPU_AUTO}` (kernels/contrastive/tiled_ce.py: the chunked path recomputes the "
        f"logits, 4 matmuls instead of 3, and is not faster on CPU); run time {total:.0f} s",
    ]
    print("\n".join(lines))
    if write:
        append_results(lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
