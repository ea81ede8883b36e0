"""Attention backends for a decoder LLM used as a (bidirectional) encoder, through public transformers APIs only.

No private transformers code is patched. Every backend gets its masking from things a model's public forward
accepts: the ``is_causal`` keyword (``TransformersKwargs``; ``False`` makes transformers build bidirectional masks),
a prepared 4-D mask or a FlexAttention ``BlockMask`` (returned as is by ``masking_utils``), the flash-attention
keywords ``cu_seq_lens_q/k`` and ``max_length_q/k``, and one attention function registered with
``transformers.AttentionInterface.register``.

Backends (``attention: auto|sdpa|flex|flash|eager``):

* ``eager``: transformers' reference implementation with an additive float ``[B, 1, L, L]`` mask.
* ``sdpa``: transformers' SDPA implementation with a boolean ``[B, 1, L, L]`` mask (block-diagonal for packed
  batches, which rules out SDPA's flash kernel; memory is ``T^2`` bytes).
* ``flex``: transformers' ``flex_attention`` implementation with a ``BlockMask`` built from a document-id (packed)
  or key-padding (padded) ``mask_mod``. A GPU path: on CPU it runs forward only (PyTorch has no CPU backward).
  transformers compiles ``flex_attention`` with automatic dynamic shapes: at the second distinct sequence length
  the compiler generates a dynamic-shape kernel, and on CPU (torch 2.13's C++ code generation for flex) that
  kernel can fail to compile (``cur_qSplitSize8 was not declared``). ``flex_compile_context(device)`` wraps the
  encoder's forward on CPU so that every shape gets a static kernel instead (one compile per distinct shape; the
  packed layout changes shape in steps of ``token_budget``, so there are few); GPUs keep dynamic shapes. On a CPU
  without AVX-512 (``torch.backends.cpu.get_cpu_capability()`` AVX2 or less) the compiled kernel computes wrong
  values from the second shape on (NaN or another attention: measured on an AVX2 AMD EPYC with torch 2.13, any
  ``simdlen``), so ``flex_cpu_compiles()`` is False there and the encoder refuses flex on that CPU.
* ``flash``: ``megacxr_varlen``, registered here, calls a varlen kernel over ``cu_seqlens`` with ``causal=False``:
  ``flash_attn.flash_attn_varlen_func`` when flash-attn is installed, else ``torch.nn.attention.varlen.varlen_attn``
  (CUDA only). Padded batches are unpadded to the packed layout first (``encoder.py`` does that).
* ``auto``: ``flash`` when a varlen kernel and CUDA are available and the dtype is 16-bit, else ``sdpa`` (``eager``
  for models with attention-logit soft-capping, e.g. Gemma-2, which SDPA cannot compute).

The same ``mask_mod`` (``packed_mask_mod`` / ``padded_mask_mod``) builds the dense masks and the ``BlockMask``, so
all backends attend over exactly the same pairs. Sliding-window layers (Mistral, Gemma-2/3) attend over the whole
sequence on every backend: a bidirectional encoder of reports (at most a few hundred tokens) stays inside the
window anyway.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import inspect
from collections.abc import Callable

import torch

from megacxr.errors import ConfigError

__all__ = [
    "ATTENTION_BACKENDS",
    "HF_IMPLEMENTATION",
    "additive_mask",
    "block_mask",
    "dense_mask",
    "flex_compile_context",
    "flex_cpu_compiles",
    "flash_attention_forward",
    "packed_mask_mod",
    "padded_mask_mod",
    "resolve_backend",
    "varlen_attention_reference",
    "varlen_kernel",
]

ATTENTION_BACKENDS = ("auto", "sdpa", "flex", "flash", "eager")
# no "flash" in the name: transformers treats any such name as one of its own flash-attn integrations
FLASH_NAME = "megacxr_varlen"
# backend -> the ``attn_implementation`` name transformers knows it by
HF_IMPLEMENTATION = {"eager": "eager", "sdpa": "sdpa", "flex": "flex_attention", "flash": FLASH_NAME}


# ------------------------------------------------------------------------------------------------------- masks


def packed_mask_mod(doc: torch.Tensor, causal: bool) -> Callable:
    """``mask_mod(b, h, q, kv)`` of a packed row: same document (``doc[T]``; the padding tail is its own)."""

    def mod(b, h, q, kv):
        same = doc[q] == doc[kv]
        return same & (kv <= q) if causal else same

    return mod


def padded_mask_mod(valid: torch.Tensor, causal: bool) -> Callable:
    """``mask_mod`` of a padded batch (``valid[B, L]`` bool): real keys only, and the diagonal, so that a padding
    query never has an empty row."""

    def mod(b, h, q, kv):
        keep = valid[b, kv]
        if causal:
            keep = keep & (kv <= q)
        return keep | (q == kv)

    return mod


def dense_mask(mask_mod: Callable, batch: int, length: int, device) -> torch.Tensor:
    """Boolean ``[batch, 1, length, length]`` mask (True = attend) from a ``mask_mod``, by broadcasting."""
    b = torch.arange(batch, device=device)[:, None, None, None]
    h = torch.zeros((), dtype=torch.long, device=device)
    q = torch.arange(length, device=device)[None, None, :, None]
    kv = torch.arange(length, device=device)[None, None, None, :]
    return mask_mod(b, h, q, kv).expand(batch, 1, length, length)


def additive_mask(keep: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """0 where ``keep``, the dtype's minimum elsewhere (eager attention adds it to the scores)."""
    out = torch.zeros(keep.shape, dtype=dtype, device=keep.device)
    return out.masked_fill_(~keep, torch.finfo(dtype).min)


def block_mask(mask_mod: Callable, batch: int | None, length: int, device):
    """A FlexAttention ``BlockMask`` for ``mask_mod`` (``batch=None`` broadcasts over the batch)."""
    from torch.nn.attention.flex_attention import create_block_mask

    return create_block_mask(mask_mod, batch, None, length, length, device=device)


FLEX_CPU_SHAPES = 64  # compiled flex kernels kept per call site on CPU (one per distinct shape) before eager


def flex_compile_context(device) -> contextlib.AbstractContextManager:
    """Around a forward that runs flex attention: on CPU, static shapes for the compiled ``flex_attention`` (see
    the module docstring); elsewhere nothing."""
    if torch.device(device).type != "cpu":
        return contextlib.nullcontext()
    # torch._dynamo.config is the documented switchboard of the compiler; patched for this forward only
    return torch._dynamo.config.patch(automatic_dynamic_shapes=False, recompile_limit=FLEX_CPU_SHAPES)


def flex_cpu_compiles() -> bool:
    """Whether compiled flex attention computes the right values on this CPU: its C++ kernel with AVX-512 (or
    AMX) vectors; with AVX2 or less it is wrong from the second shape on (module docstring)."""
    return torch.backends.cpu.get_cpu_capability().upper().startswith(("AVX512", "AMX"))


# ------------------------------------------------------------------------------------------------ varlen kernels


def varlen_attention_reference(
    q,
    k,
    v,
    cu_seqlens_q,
    cu_seqlens_k,
    max_seqlen_q,
    max_seqlen_k,
    dropout_p=0.0,
    softmax_scale=None,
    causal=False,
    softcap=0.0,
    **_,
):
    """Pure-PyTorch ``flash_attn_varlen_func`` (``[T, H, D]`` inputs, GQA, soft-capping), one sequence at a time.

    The specification of what the varlen kernels compute; tests check the ``flash`` wiring against it on CPU."""
    if dropout_p:
        raise ValueError("the reference varlen attention has no dropout")
    scale = softmax_scale if softmax_scale is not None else q.shape[-1] ** -0.5
    rep = q.shape[1] // k.shape[1]
    out = torch.zeros_like(q)
    cu_q, cu_k = cu_seqlens_q.tolist(), cu_seqlens_k.tolist()
    for i in range(len(cu_q) - 1):
        qs = q[cu_q[i] : cu_q[i + 1]].transpose(0, 1).float()  # [H, Lq, D]
        ks = k[cu_k[i] : cu_k[i + 1]].transpose(0, 1).float().repeat_interleave(rep, dim=0)
        vs = v[cu_k[i] : cu_k[i + 1]].transpose(0, 1).float().repeat_interleave(rep, dim=0)
        scores = qs @ ks.transpose(-1, -2) * scale
        if softcap:
            scores = softcap * torch.tanh(scores / softcap)
        if causal:
            lq, lk = scores.shape[-2:]
            scores = scores.masked_fill(
                torch.ones(lq, lk, dtype=torch.bool, device=q.device).triu(lk - lq + 1), float("-inf")
            )
        out[cu_q[i] : cu_q[i + 1]] = (scores.softmax(-1) @ vs).transpose(0, 1).to(q.dtype)
    return out


@functools.cache
def _varlen_parameters() -> frozenset[str]:
    """The keyword names this torch's ``varlen_attn`` takes: its signature changed between releases (2.10:
    ``is_causal``; 2.11: ``window_size`` and ``scale``; later: ``enable_gqa``)."""
    from torch.nn.attention.varlen import varlen_attn

    return frozenset(inspect.signature(varlen_attn).parameters)


def _torch_varlen(
    q,
    k,
    v,
    cu_seqlens_q,
    cu_seqlens_k,
    max_seqlen_q,
    max_seqlen_k,
    dropout_p=0.0,
    softmax_scale=None,
    causal=False,
    softcap=0.0,
    **_,
):
    """``torch.nn.attention.varlen.varlen_attn`` (PyTorch's flash kernel, CUDA) behind flash-attn's signature,
    whichever of its signatures this torch has: grouped key/value heads are repeated where it takes no
    ``enable_gqa``, the causal mask is ``is_causal`` where it takes no ``window_size``, and a softmax scale other
    than ``1/sqrt(D)`` scales the queries where it takes no ``scale``."""
    from torch.nn.attention.varlen import varlen_attn

    if dropout_p or softcap:
        raise ValueError("torch varlen_attn supports neither attention dropout nor soft-capping; install flash-attn")
    params = _varlen_parameters()
    kw = {}
    if q.shape[1] != k.shape[1]:
        if "enable_gqa" in params:
            kw["enable_gqa"] = True
        else:  # head h of the queries reads key/value head h // rep, as transformers' repeat_kv lays them out
            rep = q.shape[1] // k.shape[1]
            k, v = k.repeat_interleave(rep, dim=1), v.repeat_interleave(rep, dim=1)
    if "window_size" in params:
        kw["window_size"] = (-1, 0) if causal else (-1, -1)
    else:
        kw["is_causal"] = causal
    if softmax_scale is not None:
        if "scale" in params:
            kw["scale"] = softmax_scale
        elif abs(softmax_scale * q.shape[-1] ** 0.5 - 1.0) > 1e-12:
            q = q * (softmax_scale * q.shape[-1] ** 0.5)  # the kernel's own scale is 1/sqrt(D)
    return varlen_attn(q, k, v, cu_seqlens_q, cu_seqlens_k, max_seqlen_q, max_seqlen_k, **kw)


def varlen_kernel(device_type: str = "cuda") -> Callable | None:
    """The varlen attention kernel for ``device_type``, or None: flash-attn when importable, else PyTorch's
    ``varlen_attn``; both need CUDA."""
    if device_type != "cuda" or not torch.cuda.is_available():
        return None
    if importlib.util.find_spec("flash_attn") is not None:
        try:
            from flash_attn import flash_attn_varlen_func

            return flash_attn_varlen_func
        except ImportError:  # installed but built for another torch / CUDA
            pass
    if importlib.util.find_spec("torch.nn.attention.varlen") is not None:
        return _torch_varlen
    return None


def flash_attention_forward(
    module,
    query,
    key,
    value,
    attention_mask,
    scaling=None,
    dropout=0.0,
    softcap=None,
    is_causal=None,
    cu_seq_lens_q=None,
    cu_seq_lens_k=None,
    max_length_q=None,
    max_length_k=None,
    **kwargs,
):
    """The ``megacxr_varlen`` attention function: ``[1, H, T, D]`` packed states -> ``[1, T, H, D]``."""
    if cu_seq_lens_q is None or query.shape[0] != 1:
        raise RuntimeError(
            "megacxr_varlen attention needs a packed batch ([1, T] with cu_seq_lens_q); the encoder "
            "unpads padded batches before calling the model"
        )
    kernel = varlen_kernel(query.device.type)
    if kernel is None:
        raise RuntimeError(
            f"no varlen attention kernel for device {query.device.type!r} (flash-attn or torch "
            f"varlen_attn on CUDA); use attention=sdpa"
        )
    causal = bool(getattr(module, "is_causal", True) if is_causal is None else is_causal)
    cu_k = cu_seq_lens_q if cu_seq_lens_k is None else cu_seq_lens_k
    max_q = int(max_length_q)
    max_k = int(max_length_q if max_length_k is None else max_length_k)
    q, k, v = (t[0].transpose(0, 1) for t in (query, key, value))  # [T, H, D]
    extra = {"softcap": float(softcap)} if softcap else {}
    out = kernel(
        q,
        k,
        v,
        cu_seq_lens_q,
        cu_k,
        max_q,
        max_k,
        dropout_p=float(dropout),
        softmax_scale=scaling,
        causal=causal,
        **extra,
    )
    return out.unsqueeze(0), None


def _register() -> None:
    from transformers import AttentionInterface

    AttentionInterface.register(FLASH_NAME, flash_attention_forward)


_register()


# ---------------------------------------------------------------------------------------------- backend choice


def resolve_backend(name: str, dtype: torch.dtype, softcap: float | None = None, field: str = "model.attention") -> str:
    """The concrete backend for ``name`` (``auto`` resolved), or a ConfigError when it cannot run here."""
    if name not in ATTENTION_BACKENDS:
        raise ConfigError(
            f"unknown attention backend {name!r}; choose one of {', '.join(ATTENTION_BACKENDS)}", field=field
        )
    half = dtype in (torch.bfloat16, torch.float16)
    if name == "auto":
        if half and varlen_kernel("cuda") is not None:
            return "flash"
        return "eager" if softcap else "sdpa"
    if name == "flash":
        if varlen_kernel("cuda") is None:
            raise ConfigError(
                "attention=flash needs CUDA and flash-attn (pip install flash-attn) or a PyTorch "
                "with torch.nn.attention.varlen; use attention=sdpa (or auto)",
                field=field,
            )
        if not half:
            raise ConfigError("attention=flash needs dtype bfloat16 or float16", field=field)
    if name == "flex" and importlib.util.find_spec("torch.nn.attention.flex_attention") is None:
        raise ConfigError("attention=flex needs PyTorch with torch.nn.attention.flex_attention", field=field)
    if name == "sdpa" and softcap:
        raise ConfigError(
            f"this model soft-caps attention logits (attn_logit_softcapping={softcap}), which SDPA "
            f"cannot compute; use attention=eager, flex or flash",
            field=field,
        )
    return name
