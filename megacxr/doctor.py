"""``megacxr doctor``: what this machine has, and whether every fast path computes what its reference does here.

A user runs it on a cluster node before a long job (as ``ds_report`` for DeepSpeed):

* environment: torch / CUDA / NCCL versions, each GPU with its memory and the peak bf16 TFLOP/s the profiler
  uses for MFU, DeepSpeed and its ops' compatibility, transformers / peft / webdataset versions, each optional
  accelerator (flash-attn, liger-kernel, triton, apex, bitsandbytes, timm, vLLM, wandb) installed or not,
  ``/dev/shm`` size, the open-files limit, CPU cores against the planned loader workers, thread settings and the
  ``NCCL_*`` variables;
* checks, each fast path against its reference on this device, on small random inputs: attention (SDPA with a
  packed block-diagonal mask and with a padded mask, the flash varlen kernel, FlexAttention compiled as
  transformers compiles it, forward only on CPU; against the one-sequence-at-a-time reference, over two
  packings of different lengths, one after another in this process), the tiled contrastive loss (chunked
  and Triton, float32 and bfloat16; loss and gradients against the full-matrix reference), the fused linear
  cross-entropy (chunked and liger), apex's fused RMSNorm and one bitsandbytes 8-bit AdamW step. Each check says
  its largest error, the tolerance, its verdict and its time against the reference's.

Verdicts: ``ok``, ``wrong`` (installed and usable, but outside the tolerance: exit code 1), ``not installed``,
``unusable`` (installed but not on this device, e.g. a CUDA-only kernel on a CPU) and ``skipped`` (with why).
Tolerances follow the dtype: float32 1e-4 and bfloat16 3e-2, relative to the reference's largest magnitude.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

from megacxr.clihelp import non_negative_int
from megacxr.kernels.attention.backends import (
    dense_mask,
    flex_compile_context,
    flex_cpu_compiles,
    packed_mask_mod,
    varlen_attention_reference,
    varlen_kernel,
)
from megacxr.kernels.contrastive.targets import triton_available, triton_interpreting
from megacxr.kernels.linear_ce.chunked import liger_available, linear_cross_entropy
from megacxr.losses.contrastive import info_nce
from megacxr.losses.tiled import info_nce_tiled
from megacxr.profile import PEAK_TFLOPS
from megacxr.train.threads import cpu_cores

__all__ = ["Check", "environment", "main", "run_checks"]

TOLERANCE = {torch.float32: 1e-4, torch.bfloat16: 3e-2}
PACKAGES = ("torch", "deepspeed", "transformers", "peft", "webdataset", "tokenizers", "safetensors")
ACCELERATORS = {
    "flash-attn": "flash_attn",
    "liger-kernel": "liger_kernel",
    "triton": "triton",
    "apex (NVIDIA)": "apex",
    "bitsandbytes": "bitsandbytes",
    "timm": "timm",
    "vllm": "vllm",
    "wandb": "wandb",
}
GPU_ONLY = {"flash-attn", "liger-kernel", "apex (NVIDIA)", "bitsandbytes", "vllm"}


@dataclass
class Check:
    name: str
    status: str  # ok, wrong, not installed, unusable, skipped
    max_error: float | None = None
    tolerance: float | None = None
    ms_reference: float | None = None
    ms_fast: float | None = None
    note: str = ""


# ------------------------------------------------------------------------------------------------ environment


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def environment(device: str, workers: int) -> dict:
    """The machine's facts (module docstring)."""
    env: dict = {"python": sys.version.split()[0], "versions": {p: _version(p) for p in PACKAGES}}
    env["cuda"] = torch.version.cuda if torch.cuda.is_available() else None
    env["nccl"] = ".".join(map(str, torch.cuda.nccl.version())) if torch.cuda.is_available() else None
    env["gpus"] = []
    for i in range(torch.cuda.device_count()):
        p = torch.cuda.get_device_properties(i)
        peak = next((v for k, v in PEAK_TFLOPS.items() if k in p.name), None)
        env["gpus"].append({"name": p.name, "memory_gib": round(p.total_memory / 2**30, 1), "peak_bf16_tflops": peak})
    env["accelerators"] = {}
    for name, module in ACCELERATORS.items():
        installed = _installed(module)
        usable = installed and (device == "cuda" or name not in GPU_ONLY)
        env["accelerators"][name] = {"installed": installed, "usable_here": usable}
    env["deepspeed_ops"] = _deepspeed_ops()
    shm = os.statvfs("/dev/shm") if Path("/dev/shm").is_dir() else None
    env["dev_shm_gib"] = round(shm.f_frsize * shm.f_blocks / 2**30, 1) if shm else None
    env["open_files_limit"] = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    ranks = max(1, torch.cuda.device_count()) if device == "cuda" else 1
    env["cpu_cores"] = cpu_cores()
    env["planned_loader_workers"] = {"per_rank": workers, "ranks": ranks, "total": workers * ranks}
    env["threads"] = {"torch": torch.get_num_threads(), "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS")}
    env["nccl_env"] = {k: v for k, v in sorted(os.environ.items()) if k.startswith("NCCL_")}
    return env


def _deepspeed_ops() -> dict | None:
    if not _installed("deepspeed"):
        return None
    import deepspeed.ops  # slow to import (it probes the accelerator): only when asked for the environment

    return {k: bool(v) for k, v in sorted(getattr(deepspeed.ops, "__compatible_ops__", {}).items())}


# ----------------------------------------------------------------------------------------------------- checks


def _timed(fn: Callable, device: str):
    if device == "cuda":
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    out = fn()
    if device == "cuda":
        torch.cuda.synchronize()
    return out, (time.perf_counter() - t0) * 1e3


def _compare(name: str, ref: list, fast: list, dtype, ms_ref: float, ms_fast: float, note: str = "") -> Check:
    scale = max(float(r.detach().float().abs().max()) for r in ref) or 1.0
    err = (
        max(float((r.detach().float() - f.detach().float()).abs().max()) for r, f in zip(ref, fast, strict=False))
        / scale
    )
    tol = TOLERANCE[dtype]
    return Check(name, "ok" if err <= tol else "wrong", err, tol, round(ms_ref, 3), round(ms_fast, 3), note)


def _packings(device, dtype, gen):
    """Two packed rows (3 and 5 sequences: different total lengths) as (q, k, v [T, H, D], cu_seqlens)."""
    out = []
    for lengths in ((7, 12, 5), (3, 9, 16, 4, 11)):
        t = sum(lengths)
        q, k, v = (torch.randn(t, 4, 16, generator=gen).to(device, dtype) for _ in range(3))
        cu = torch.tensor([0, *torch.tensor(lengths).cumsum(0).tolist()], dtype=torch.int32, device=device)
        out.append((q, k, v, cu, max(lengths)))
    return out


def _sdpa_packed(q, k, v, cu, _max):
    doc = torch.repeat_interleave(torch.arange(len(cu) - 1, device=q.device), (cu[1:] - cu[:-1]).long())
    mask = dense_mask(packed_mask_mod(doc, False), 1, q.shape[0], q.device)
    out = F.scaled_dot_product_attention(*(x.transpose(0, 1)[None] for x in (q, k, v)), attn_mask=mask)
    return out[0].transpose(0, 1)


def _sdpa_padded(q, k, v, cu, max_len):
    """The packed row unpacked to a right-padded batch, SDPA with a key-padding mask, packed back."""
    lengths = (cu[1:] - cu[:-1]).tolist()
    pad = [torch.zeros(max_len, *q.shape[1:], dtype=q.dtype, device=q.device) for _ in lengths]
    qs, ks, vs = ([p.clone() for p in pad] for _ in range(3))
    for i, (a, n) in enumerate(zip(cu[:-1].tolist(), lengths, strict=False)):
        qs[i][:n], ks[i][:n], vs[i][:n] = q[a : a + n], k[a : a + n], v[a : a + n]
    valid = torch.arange(max_len, device=q.device)[None, :] < torch.tensor(lengths, device=q.device)[:, None]
    mask = valid[:, None, None, :]
    out = F.scaled_dot_product_attention(*(torch.stack(x).transpose(1, 2) for x in (qs, ks, vs)), attn_mask=mask)
    return torch.cat([out[i].transpose(0, 1)[:n] for i, n in enumerate(lengths)])


def _attention_checks(device: str) -> list[Check]:
    gen = torch.Generator().manual_seed(0)
    out = []
    for dtype in (torch.float32, torch.bfloat16):
        rows = _packings(device, dtype, gen)
        for name, fn in (("sdpa packed", _sdpa_packed), ("sdpa padded", _sdpa_padded)):
            ref, fast, t_ref, t_fast = [], [], 0.0, 0.0
            for q, k, v, cu, m in rows:
                r, dt_r = _timed(lambda: varlen_attention_reference(q, k, v, cu, cu, m, m), device)  # noqa: B023 - called in this iteration
                f, dt_f = _timed(lambda: fn(q, k, v, cu, m), device)  # noqa: B023 - called in this iteration
                ref.append(r)
                fast.append(f)
                t_ref, t_fast = t_ref + dt_r, t_fast + dt_f
            out.append(_compare(f"attention: {name} ({_short(dtype)})", ref, fast, dtype, t_ref, t_fast))
    kernel = varlen_kernel(device)
    if kernel is None:
        status = "unusable" if _installed("flash_attn") else "not installed"
        out.append(Check("attention: flash varlen", status, note="needs CUDA and flash-attn or torch varlen_attn"))
    else:
        rows = _packings(device, torch.bfloat16, gen)
        ref, fast = [], []
        try:
            for q, k, v, cu, m in rows:
                ref.append(varlen_attention_reference(q, k, v, cu, cu, m, m))
                fast.append(kernel(q, k, v, cu, cu, m, m, causal=False))
            out.append(_compare("attention: flash varlen (bf16)", ref, fast, torch.bfloat16, 0.0, 0.0))
        except Exception as exc:  # noqa: BLE001 - a kernel that raises is this path's verdict, not the doctor's end
            out.append(_raised("attention: flash varlen (bf16)", exc))
    out.append(_flex_check(device, gen))
    return out


def _flex_check(device: str, gen) -> Check:
    """Compiled FlexAttention (as transformers compiles it) over the packings, one shape after another in this
    process (the second shape is where CPU compilation used to fail), forward only: bf16 on a GPU, fp32 on CPU
    (under the encoder's static-shape context there)."""
    try:
        from torch.nn.attention.flex_attention import create_block_mask, flex_attention
    except ImportError:
        return Check("attention: flex", "unusable", note="this torch has no torch.nn.attention.flex_attention")
    if device != "cuda" and not flex_cpu_compiles():
        cap = torch.backends.cpu.get_cpu_capability()
        note = f"compiled flex is wrong on a CPU without AVX-512 ({cap}); the encoder refuses flex on this CPU"
        return Check("attention: flex", "skipped", note=note)
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    compiled = torch.compile(flex_attention)
    ref, fast = [], []
    t0 = time.perf_counter()
    try:
        for q, k, v, cu, m in _packings(device, dtype, gen):
            doc = torch.repeat_interleave(torch.arange(len(cu) - 1, device=device), (cu[1:] - cu[:-1]).long())
            bm = create_block_mask(packed_mask_mod(doc, False), None, None, q.shape[0], q.shape[0], device=device)
            with flex_compile_context(device):
                o = compiled(*(x.transpose(0, 1)[None] for x in (q, k, v)), block_mask=bm)
            ref.append(varlen_attention_reference(q, k, v, cu, cu, m, m))
            fast.append(o[0].transpose(0, 1))
    except Exception as exc:  # a compiler failure is this path's verdict, not the doctor's crash
        # on a GPU flex is a training path, so a failure there is a broken fast path; on CPU it serves
        # forward-only use and may just lack a C++ compiler
        status = "wrong" if device == "cuda" else "unusable"
        return Check("attention: flex", status, note=f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
    note = "forward only on CPU (no CPU backward: training refuses flex there)" if device != "cuda" else ""
    ms = (time.perf_counter() - t0) * 1000 / len(fast)
    name = f"attention: flex ({_short(dtype)}, {len(fast)} lengths)"
    return _compare(name, ref, fast, dtype, 0.0, ms, note)


def _short(dtype) -> str:
    return {torch.float32: "fp32", torch.bfloat16: "bf16"}[dtype]


def _contrastive_checks(device: str) -> list[Check]:
    out = []
    gen = torch.Generator().manual_seed(1)
    for impl in ("chunked", "triton"):
        for dtype in (torch.float32, torch.bfloat16):
            name = f"contrastive loss: {impl} ({_short(dtype)})"
            if impl == "triton" and not triton_available():
                out.append(Check(name, "not installed"))
                continue
            if impl == "triton" and device != "cuda" and not triton_interpreting():
                out.append(Check(name, "unusable", note="CUDA tensors (on CPU only under TRITON_INTERPRET=1)"))
                continue
            a, p, n = (torch.randn(rows, 32, generator=gen).to(device, dtype) for rows in (48, 48, 16))

            def run(fn, **kw):
                leaves = [x.clone().requires_grad_(True) for x in (a, p, n)]  # noqa: B023 - called in this iteration
                res = fn(*leaves, temperature=0.05, **kw)
                res.loss.backward()
                return [res.loss.float(), *(x.grad.float() for x in leaves)]

            ref, t_ref = _timed(lambda: run(info_nce), device)
            fast, t_fast = _timed(lambda: run(info_nce_tiled, impl=impl, tile=16), device)  # noqa: B023 - called in this iteration
            out.append(_compare(name, ref, fast, dtype, t_ref, t_fast, "loss and gradients"))
    return out


def _linear_ce_checks(device: str) -> list[Check]:
    out = []
    gen = torch.Generator().manual_seed(2)
    for impl in ("chunked", "liger"):
        name = f"linear cross-entropy: {impl}"
        if impl == "liger" and not (device == "cuda" and liger_available()):
            out.append(Check(name, "unusable" if _installed("liger_kernel") else "not installed", note="CUDA only"))
            continue
        dtype = torch.float32 if impl == "chunked" else torch.bfloat16
        h = torch.randn(40, 64, generator=gen).to(device, dtype)
        w = torch.randn(1000, 64, generator=gen).to(device, dtype) * 0.05
        t = torch.randint(0, 1000, (40,), generator=gen).to(device)
        t[::7] = -100

        def run(kind):
            hh, ww = h.clone().requires_grad_(True), w.clone().requires_grad_(True)  # noqa: B023 - called in this iteration
            loss = linear_cross_entropy(hh, ww, t, impl=kind, reduction="sum", row_chunk=16, vocab_chunk=256)  # noqa: B023 - called in this iteration
            loss.backward()
            return [loss.float(), hh.grad.float(), ww.grad.float()]

        ref, t_ref = _timed(lambda: run("reference"), device)
        fast, t_fast = _timed(lambda: run(impl), device)  # noqa: B023 - called in this iteration
        out.append(_compare(name + f" ({_short(dtype)})", ref, fast, dtype, t_ref, t_fast, "loss and gradients"))
    return out


def _apex_check(device: str) -> Check:
    if not _installed("apex"):
        return Check("apex fused RMSNorm", "not installed", note="NVIDIA apex (not the PyPI package named apex)")
    if device != "cuda":
        return Check("apex fused RMSNorm", "unusable", note="CUDA only")
    from apex.normalization import FusedRMSNorm  # optional GPU dependency

    x = torch.randn(64, 256, device=device)
    norm = FusedRMSNorm(256, eps=1e-6).to(device)
    ref, t_ref = _timed(lambda: x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * norm.weight, device)
    fast, t_fast = _timed(lambda: norm(x), device)
    return _compare("apex fused RMSNorm", [ref], [fast], torch.float32, t_ref, t_fast)


def _bnb_check(device: str) -> Check:
    if not _installed("bitsandbytes"):
        return Check("bitsandbytes AdamW8bit step", "not installed")
    if device != "cuda":
        return Check("bitsandbytes AdamW8bit step", "unusable", note="CUDA only")
    import bitsandbytes as bnb  # optional GPU dependency

    g = torch.Generator(device="cpu").manual_seed(3)
    w0, grad = torch.randn(4096, generator=g).to(device), torch.randn(4096, generator=g).to(device)
    params = [torch.nn.Parameter(w0.clone()) for _ in range(2)]
    opts = [torch.optim.AdamW([params[0]], lr=1e-2), bnb.optim.AdamW8bit([params[1]], lr=1e-2, min_8bit_size=1)]
    times = []
    for p, opt in zip(params, opts, strict=False):
        p.grad = grad.clone()
        times.append(_timed(opt.step, device)[1])
    # one step moves every weight by about lr * sign(grad): compare the updates, relative to lr
    ref, fast = [(params[0] - w0) / 1e-2], [(params[1] - w0) / 1e-2]
    return _compare("bitsandbytes AdamW8bit step", ref, fast, torch.bfloat16, *times, "8-bit states: bf16 tolerance")


def _raised(name: str, exc: BaseException) -> Check:
    """A fast path that raised: broken ("wrong"), with the exception's first line."""
    first = (str(exc).strip().splitlines() or [""])[0][:160]
    return Check(name, "wrong", note=f"raised {type(exc).__name__}: {first}")


def run_checks(device: str) -> list[Check]:
    """Every check; a group that raises is reported as one broken check and the others still run (the doctor
    first ran on a GPU with a torch whose flash kernel took other arguments, and crashed before its report)."""
    groups = [
        ("attention", _attention_checks),
        ("contrastive loss", _contrastive_checks),
        ("fused linear cross-entropy", _linear_ce_checks),
        ("apex fused RMSNorm", lambda d: [_apex_check(d)]),
        ("bitsandbytes AdamW8bit step", lambda d: [_bnb_check(d)]),
    ]
    out: list[Check] = []
    for name, group in groups:
        try:
            out += group(device)
        except Exception as exc:  # noqa: BLE001 - reported as that group's verdict
            out.append(_raised(name, exc))
    return out


# --------------------------------------------------------------------------------------------------------- cli


def _cell(v, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def format_report(env: dict, checks: list[Check]) -> str:
    lines = [f"python {env['python']}; " + ", ".join(f"{k} {v or '-'}" for k, v in env["versions"].items())]
    lines.append(f"CUDA {env['cuda'] or '-'}, NCCL {env['nccl'] or '-'}; GPUs: " + (
        ", ".join(f"{g['name']} {g['memory_gib']} GiB (peak bf16 {g['peak_bf16_tflops'] or '?'} TFLOP/s)"
                  for g in env["gpus"]) or "none"))  # fmt: skip
    acc = env["accelerators"]
    lines.append(
        "accelerators: "
        + ", ".join(
            f"{k} {'usable' if v['usable_here'] else 'installed' if v['installed'] else 'no'}" for k, v in acc.items()
        )
    )
    ops = env["deepspeed_ops"]
    if ops is not None:
        lines.append(f"DeepSpeed ops compatible: {sum(ops.values())} of {len(ops)}")
    workers = env["planned_loader_workers"]
    lines.append(
        f"/dev/shm {env['dev_shm_gib']} GiB; open files {env['open_files_limit']}; {env['cpu_cores']} cores for "
        f"{workers['total']} loader workers + {workers['ranks']} rank(s); torch threads {env['threads']['torch']} "
        f"(OMP_NUM_THREADS={env['threads']['OMP_NUM_THREADS'] or 'unset'}); NCCL vars: "
        + (", ".join(f"{k}={v}" for k, v in env["nccl_env"].items()) or "none")
    )
    if workers["total"] + workers["ranks"] > env["cpu_cores"]:
        lines.append("WARNING: more loader workers and ranks than cores: set data.num_workers lower")
    lines.append("")
    width = max(len(c.name) for c in checks) + 2
    lines.append(
        f"{'check':<{width}}{'verdict':<15}{'max error':>11}{'tolerance':>11}{'ms ref':>10}{'ms fast':>10}  note"
    )
    for c in checks:
        lines.append(
            f"{c.name:<{width}}{c.status:<15}{_cell(c.max_error, '.2e'):>11}{_cell(c.tolerance, '.0e'):>11}"
            f"{_cell(c.ms_reference, '.2f'):>10}{_cell(c.ms_fast, '.2f'):>10}  {c.note}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="megacxr doctor", description=__doc__.split("\n\n")[0])
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--json", type=Path, default=None, help="write the environment and the checks here")
    ap.add_argument(
        "--workers", type=non_negative_int, default=2, help="planned data.num_workers per rank (core count check)"
    )
    args = ap.parse_args(argv)
    if args.device == "cuda" and not torch.cuda.is_available():
        print("megacxr doctor: error: --device cuda but no CUDA device is visible", file=sys.stderr)
        return 2
    env = environment(args.device, args.workers)
    checks = run_checks(args.device)
    print(format_report(env, checks))
    wrong = [c.name for c in checks if c.status == "wrong"]
    if args.json:
        report = {"device": args.device, "environment": env, "checks": [asdict(c) for c in checks]}
        report["verdict"] = "wrong" if wrong else "ok"
        args.json.write_text(json.dumps(report, indent=1))
    if wrong:
        print(f"\n{len(wrong)} fast path(s) disagree with their reference: {', '.join(wrong)}", file=sys.stderr)
        return 1
    print("\nevery installed fast path usable here agrees with its reference")
    return 0
