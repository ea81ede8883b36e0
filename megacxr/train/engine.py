"""Distributed set-up and the DeepSpeed engine, generated from ``TrainConfig``.

* ``init_distributed(cfg)``: works under the ``deepspeed`` launcher (which passes ``--local_rank``), ``torchrun``
  and a plain single process (it sets RANK=0, WORLD_SIZE=1 and a free MASTER_PORT itself). Backend: NCCL on CUDA,
  gloo on CPU (DeepSpeed's CPU accelerator).
* ``deepspeed_config(cfg, world_size, trainable)``: the DeepSpeed JSON. ``train_batch_size = micro_batch * grad_accum *
  world_size``; ZeRO stage, bf16/fp16, gradient clipping, warmup + cosine (``WarmupCosineLR``) or warmup +
  constant (``WarmupLR``), and the optimizer when DeepSpeed builds it (``adamw``: its fused AdamW on GPU,
  torch's AdamW through DeepSpeed on CPU). Keys of
  ``engine.extra`` are deep-merged last; one that would change a generated key is refused (the typed setting is
  named) unless ``engine.allow_override`` (then the diff is logged). Given the trainable parameter count, ZeRO-1/2's
  ``reduce_bucket_size`` and ``allgather_bucket_size`` are that count, capped at DeepSpeed's default of 5e8 (unless
  ``engine.extra`` sets them). The trainer saves the result as ``<out_dir>/deepspeed.json`` beside ``config.yaml``.
* ``build_optimizer(cfg, params)``: None when DeepSpeed builds the optimizer; a client optimizer for
  ``torch_adamw``, ``adamw_8bit`` (bitsandbytes) and ``apex_fused_adam`` (apex). The GPU-only ones are optional
  imports: when missing, a warning and the ``adamw`` path (``resolve_optimizer`` says which one runs).
* ``param_groups(module, weight_decay)``: decay on matrices only.
* ``maybe_apex_rmsnorm(model)``: swaps Llama/Mistral/Qwen2-style RMSNorm modules for apex's fused one when apex
  is installed; returns how many were swapped (0 without apex: the model is left as it is).
"""

from __future__ import annotations

import atexit
import importlib
import logging
import os
import re
import socket
import warnings
from typing import Any

import torch
import torch.distributed as dist

from megacxr.config import deep_merge
from megacxr.errors import ConfigError
from megacxr.log import launch_env
from megacxr.train.cpu_ops import skip_cpu_comm_op, sweep_stale_shm_buffers

log = logging.getLogger("megacxr.train")

__all__ = [
    "build_optimizer",
    "deepspeed_config",
    "init_distributed",
    "maybe_apex_rmsnorm",
    "param_groups",
    "arch_list_for_deepspeed",
    "resolve_optimizer",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# FutureWarnings that the user can do nothing about and that would otherwise repeat every step on every rank:
# torch deprecates the collectives DeepSpeed's ZeRO-3 calls (two per step), transformers a name peft calls
QUIET_WARNINGS = (
    r"`torch\.distributed\.(all_gather_into_tensor|reduce_scatter_tensor)` is deprecated",
    r"`is_gradient_checkpointing` is deprecated",
)


def quiet_known_warnings() -> None:
    for pattern in QUIET_WARNINGS:
        warnings.filterwarnings("ignore", message=pattern, category=FutureWarning)


def shutdown_distributed() -> None:
    """Leave the process group: gloo's threads are torn down before the interpreter exits (a process left with a
    live group can end with "terminate called without an active exception", exit 250, after its work is done).
    ``init_distributed`` registers it to run at exit: DeepSpeed keeps its handle on the group, so a process that
    trains twice (a notebook, ``megacxr profile --sweep``) keeps one group for its lifetime."""
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()


def init_distributed(backend: str = "auto", local_rank: int | None = None) -> tuple[int, int, int]:
    """Initialise torch.distributed (via DeepSpeed) once; returns ``(rank, world_size, local_rank)``."""
    import deepspeed  # start-up cost: imported when a run starts, not with the module

    quiet_known_warnings()

    if local_rank is not None and "LOCAL_RANK" not in os.environ:
        os.environ["LOCAL_RANK"] = str(local_rank)
    launch_env()  # a bad RANK / WORLD_SIZE / LOCAL_RANK is a one-line error before any process group starts
    if "RANK" not in os.environ or "WORLD_SIZE" not in os.environ:  # plain single process
        os.environ.update(RANK="0", WORLD_SIZE="1", LOCAL_RANK=os.environ.get("LOCAL_RANK", "0"))
        os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
        os.environ.setdefault("MASTER_PORT", str(_free_port()))
    if not dist.is_initialized():
        atexit.register(shutdown_distributed)
        if not torch.cuda.is_available():  # see megacxr.train.cpu_ops: an op training never uses, and its leaks
            skip_cpu_comm_op()
            if int(os.environ.get("LOCAL_RANK", 0)) == 0:
                sweep_stale_shm_buffers()
        if backend == "auto":
            backend = "nccl" if torch.cuda.is_available() else "gloo"
        deepspeed.init_distributed(dist_backend=backend, auto_mpi_discovery=False)
    local = int(os.environ.get("LOCAL_RANK", 0))
    if torch.cuda.is_available():
        torch.cuda.set_device(local)
    return dist.get_rank(), dist.get_world_size(), local


_DS_ARCH = re.compile(r"^(?:sm_)?(\d+)\.?(\d)[a-z]?(\+PTX)?$")


def arch_list_for_deepspeed(value: str) -> str | None:
    """``TORCH_CUDA_ARCH_LIST`` as DeepSpeed's just-in-time op builder can read it, or None when it already can.

    DeepSpeed (0.19) reads each entry as dotted numbers with an optional ``+PTX``, so the architecture-specific
    entries torch and the CUDA images use (``9.0a`` for Hopper, ``10.0a`` / ``10.0f`` / ``12.0f`` for Blackwell)
    stop every JIT build with ``ValueError: invalid literal for int() ... '0a'``: on the first GPU run, an H200
    image set such a list and DeepSpeed's fused Adam did not build. The base architecture of each entry builds
    that op alike (it uses no architecture-specific instruction)."""
    entries = [e for e in re.split(r"[;\s]+", value.strip()) if e]
    out = []
    for e in entries:
        m = _DS_ARCH.match(e)
        if not m:
            return None  # not a list we understand: left to DeepSpeed as it is
        fixed = f"{m.group(1)}.{m.group(2)}{m.group(3) or ''}"
        if fixed not in out:
            out.append(fixed)
    joined = ";".join(out)
    return None if joined == ";".join(entries) else joined


def _deepspeed_readable_arch_list() -> None:
    value = os.environ.get("TORCH_CUDA_ARCH_LIST", "")
    fixed = arch_list_for_deepspeed(value) if value else None
    if fixed is not None:
        log.warning(
            "TORCH_CUDA_ARCH_LIST=%r has entries DeepSpeed's op builder cannot read; building its fused AdamW "
            "for %r in this process",
            value,
            fixed,
        )
        os.environ["TORCH_CUDA_ARCH_LIST"] = fixed


def resolve_optimizer(name: str) -> str:
    """The optimizer that will actually run for ``optim.name`` (optional GPU packages may be missing)."""
    if name == "adamw_8bit":
        try:
            importlib.import_module("bitsandbytes")
        except Exception as exc:  # noqa: BLE001 - ImportError, or a CUDA-less build failing at import
            log.warning(
                "optim.name=adamw_8bit needs bitsandbytes (%s); using DeepSpeed's fused AdamW instead",
                type(exc).__name__,
            )
            name = "adamw"
    if name == "apex_fused_adam":
        try:
            _ = importlib.import_module("apex.optimizers").FusedAdam  # NVIDIA apex, not the PyPI package 'apex'
        except Exception as exc:  # noqa: BLE001
            log.warning(
                "optim.name=apex_fused_adam needs NVIDIA apex (%s); using DeepSpeed's fused AdamW instead",
                type(exc).__name__,
            )
            name = "adamw"
    if name == "adamw":  # DeepSpeed builds its fused AdamW just in time: from an arch list it can read
        _deepspeed_readable_arch_list()
    return name


def param_groups(module: torch.nn.Module, weight_decay: float) -> list[dict]:
    decay, no_decay = [], []
    for p in module.parameters():
        if p.requires_grad:
            (decay if p.dim() >= 2 and weight_decay > 0 else no_decay).append(p)
    groups = [
        g
        for g in ({"params": decay, "weight_decay": float(weight_decay)}, {"params": no_decay, "weight_decay": 0.0})
        if g["params"]
    ]
    if not groups:
        raise ValueError("the model has no trainable parameters")
    return groups


def build_optimizer(cfg, groups: list[dict]):
    """A client optimizer, or None when DeepSpeed builds its own from the JSON (``adamw``)."""
    name = resolve_optimizer(cfg.optim.name)
    o = cfg.optim
    kw = {"lr": float(o.lr), "betas": tuple(float(b) for b in o.betas), "eps": float(o.eps)}
    if name == "torch_adamw":
        return torch.optim.AdamW(groups, **kw)
    if name == "adamw_8bit":
        import bitsandbytes as bnb

        return bnb.optim.AdamW8bit(groups, **kw)
    if name == "apex_fused_adam":
        from apex.optimizers import FusedAdam

        return FusedAdam(groups, adam_w_mode=True, **kw)
    return None


# DeepSpeed's default bucket, in elements, for ZeRO-1/2's gradient reduction and parameter all-gather
DEEPSPEED_BUCKET_ELEMENTS = 500_000_000


def deepspeed_config(cfg, world_size: int, trainable: int | None = None) -> dict[str, Any]:
    """The DeepSpeed JSON of ``cfg`` for ``world_size`` ranks (``trainable``: the trainable parameter count, which
    sizes ZeRO-1/2's buckets; see the module docstring)."""
    e, o = cfg.engine, cfg.optim
    micro, accum = int(cfg.data.micro_batch), int(e.grad_accum)
    ds: dict[str, Any] = {
        "train_micro_batch_size_per_gpu": micro,
        "gradient_accumulation_steps": accum,
        "train_batch_size": micro * accum * int(world_size),
        "gradient_clipping": float(o.grad_clip),
        "steps_per_print": 10**9,  # we log ourselves
        "wall_clock_breakdown": False,
        "zero_optimization": {"stage": int(e.zero_stage)},
        "bf16": {"enabled": e.precision == "bf16"},
        "fp16": {"enabled": e.precision == "fp16", "initial_scale_power": 16},
    }
    if int(e.zero_stage) == 3:
        # gather the full (16-bit) weights on save_16bit_model; export gathers itself, so this stays off
        ds["zero_optimization"].update({"stage3_gather_16bit_weights_on_model_save": False})
    if e.offload_optimizer and int(e.zero_stage) > 0:
        ds["zero_optimization"]["offload_optimizer"] = {"device": "cpu"}
    name = resolve_optimizer(o.name)
    if name == "adamw":
        ds["optimizer"] = {
            "type": "AdamW",
            "params": {
                "lr": float(o.lr),
                "betas": [float(b) for b in o.betas],
                "eps": float(o.eps),
                "weight_decay": float(o.weight_decay),
            },
        }
        if not torch.cuda.is_available():
            # on CPU DeepSpeed would compile its C++ Adam just in time (a minute, redone whenever the ninja binary
            # changes); torch's AdamW is the same update
            ds["optimizer"]["params"]["torch_adam"] = True
    else:
        ds["zero_allow_untested_optimizer"] = True
    warmup = min(int(o.warmup_steps), int(cfg.run.max_steps))
    # DeepSpeed's schedulers need >= 1 warmup step; "no warmup" is one step that already starts at the full rate
    start = 0.0 if warmup else 1.0
    if o.schedule == "cosine":
        ds["scheduler"] = {
            "type": "WarmupCosineLR",
            "params": {
                # update u runs at iteration u (loop.build_engine); one more step puts the floor on the last update
                "total_num_steps": int(cfg.run.max_steps) + 1,
                "warmup_num_steps": max(warmup, 1),
                "warmup_min_ratio": start,
                "cos_min_ratio": float(o.min_lr_ratio),
                "warmup_type": "linear",
            },
        }
    else:
        ds["scheduler"] = {
            "type": "WarmupLR",
            "params": {
                "warmup_min_lr": start * float(o.lr),
                "warmup_max_lr": float(o.lr),
                "warmup_num_steps": max(warmup, 1),
                "warmup_type": "linear",
            },
        }
    out = deep_merge(ds, _checked_extra(ds, dict(e.extra), bool(e.allow_override)))
    if trainable and int(e.zero_stage) in (1, 2):
        # ZeRO-1/2 allocate a fresh reduction bucket of this many elements at every micro-step (DeepSpeed 0.19's
        # setup_buckets). Its default, 5e8 elements (2 GB in fp32, twice with overlap_comm), is far more than a LoRA
        # run's gradients; under run.deterministic torch fills every new tensor, and on CPU that write took 1.2 s a
        # step (benchmarks/bench_zero_buckets.py). A bucket as large as every trainable parameter reduces them in
        # one go, as the default does for any model below 5e8; engine.extra still wins.
        bucket = min(DEEPSPEED_BUCKET_ELEMENTS, int(trainable))
        for key in ("reduce_bucket_size", "allgather_bucket_size"):
            out["zero_optimization"].setdefault(key, bucket)
    return out


# generated DeepSpeed keys -> the typed setting that produces them (for the refusal message)
_TYPED_SOURCE = {
    "train_micro_batch_size_per_gpu": "data.micro_batch",
    "gradient_accumulation_steps": "engine.grad_accum",
    "train_batch_size": "data.micro_batch x engine.grad_accum x ranks",
    "gradient_clipping": "optim.grad_clip",
    "zero_optimization": "engine.zero_stage / engine.offload_optimizer",
    "bf16": "engine.precision",
    "fp16": "engine.precision",
    "optimizer": "optim.*",
    "scheduler": "optim.* and run.max_steps",
    "steps_per_print": "run.log_every",
    "wall_clock_breakdown": "(megacxr logs its own timings)",
}


def _leaves(d: dict, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(v, dict) and v:
            out.update(_leaves(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def _checked_extra(generated: dict, extra: dict, allow: bool) -> dict:
    """``engine.extra`` unless it changes a key the typed config generates: then a ConfigError naming the typed
    setting (so that the saved config.yaml stays the truth), or with ``engine.allow_override`` a logged diff."""
    have = _leaves(generated)
    changed = {k: (have[k], v) for k, v in _leaves(extra).items() if k in have and have[k] != v}
    if changed and not allow:
        key, (old, new) = next(iter(changed.items()))
        raise ConfigError(
            f"would change the generated DeepSpeed key {key} from {old!r} to {new!r}; set "
            f"{_TYPED_SOURCE.get(key.split('.')[0], 'the typed setting')} instead, or "
            f"engine.allow_override=true to override on purpose",
            field=f"engine.extra.{key}",
        )
    for key, (old, new) in changed.items():
        log.warning(
            "engine.extra overrides the generated DeepSpeed key %s: %r -> %r (engine.allow_override)", key, old, new
        )
    return extra


def maybe_apex_rmsnorm(model: torch.nn.Module) -> int:
    """Replace ``weight * x / rms(x)`` RMSNorm modules (Llama, Mistral, Qwen2: not Gemma's ``1 + weight``) with
    apex's ``FusedRMSNorm`` when NVIDIA apex is installed; 0 (model untouched) otherwise."""
    try:
        from apex.normalization import FusedRMSNorm
    except Exception:  # noqa: BLE001 - not installed (the usual case), or built without CUDA
        return 0
    swapped = 0
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            kind = type(child).__name__
            if kind not in ("LlamaRMSNorm", "MistralRMSNorm", "Qwen2RMSNorm", "Qwen3RMSNorm"):
                continue
            weight = child.weight
            fused = FusedRMSNorm(weight.shape, eps=float(getattr(child, "variance_epsilon", 1e-6)))
            fused.to(device=weight.device, dtype=weight.dtype)
            with torch.no_grad():
                fused.weight.copy_(weight)
            fused.weight.requires_grad_(weight.requires_grad)
            setattr(parent, name, fused)
            swapped += 1
    return swapped
