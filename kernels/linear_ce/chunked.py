"""Fused linear cross-entropy for the MNTP head: LM head + cross-entropy without the [K, V] logits.

``linear_cross_entropy(hidden, weight, target, bias)`` is ``F.cross_entropy(F.linear(hidden, weight, bias)
.float(), target, reduction=...)`` (with an optional Gemma-2 soft cap ``cap * tanh(logits / cap)``) computed
over blocks of ``row_chunk`` rows, and optionally of ``vocab_chunk`` vocabulary entries, so that at most one
[rows, vocab] block of logits exists at a time:

* a head that trains: row blocks (default ``2^24 / V`` rows), each scored over the whole vocabulary, with the
  block's gradients (``softmax - one_hot``, times the soft cap's derivative) pushed through the two gradient
  matmuls at once (as liger-kernel does: the loss is the end of the graph, so its gradient is known in the
  forward up to the incoming scalar). Three matmuls, like the plain path; the gradients are held from the
  forward to the backward (``[K, H]`` and a float32 ``[V, H]`` accumulator for the weight). With
  ``vocab_chunk`` < V: two passes over vocabulary blocks per row block (log-sum-exp, then the gradients on
  recomputed logits; four matmuls).
* a frozen head (LoRA on the encoder: the MNTP recipe): one pass over vocabulary blocks (default: all rows,
  ``2^24 / K`` vocabulary entries, at least 4096) with an online log-sum-exp; the hidden states' gradient
  ``sum_v softmax_v W_v - W_target`` is accumulated like FlashAttention's output and rescaled when the running
  maximum moves. Two matmuls, and the head is streamed once per matmul instead of once per row block.

Logits follow the reference's precision: the matmul runs in the weight's dtype (bf16 models get bf16 logits,
as ``lm_head(x).float()`` does) and everything after it in float32; the gradient matmuls take the gradient in
the weight's dtype for ``hidden`` (as autograd does) and accumulate the weight's gradient in float32.

``impl``: ``reference`` (the plain expression), ``chunked`` (the above), ``liger`` (liger-kernel's
``LigerFusedLinearCrossEntropyLoss``, CUDA only, an optional import that is never a dependency), ``auto``
(liger on CUDA when importable, else chunked). The MNTP loss built on it is ``megacxr.losses.linear_ce.
mntp_loss_fused``.
"""

from __future__ import annotations

import importlib

import torch
import torch.nn.functional as F
from torch.autograd.function import once_differentiable

__all__ = ["IGNORE_INDEX", "LINEAR_CE_IMPLS", "linear_cross_entropy", "liger_available"]

IGNORE_INDEX = -100  # rows with this target are left out (as in F.cross_entropy)

LINEAR_CE_IMPLS = ("reference", "chunked", "liger", "auto")
BLOCK_ELEMENTS = 1 << 24  # default logits per [rows, vocab] block: 64 MiB in float32
MIN_VOCAB_CHUNK = 4096  # narrowest default vocabulary block of the frozen-head path


def liger_available() -> bool:
    try:
        importlib.import_module("liger_kernel.transformers.fused_linear_cross_entropy")
    except Exception:  # not installed, or no GPU build of triton: the chunked path serves
        return False
    return True


def _resolve(impl: str, device: torch.device) -> str:
    if impl not in LINEAR_CE_IMPLS:
        raise ValueError(f"unknown impl {impl!r}; choose one of {', '.join(LINEAR_CE_IMPLS)}")
    if impl == "auto":
        return "liger" if device.type == "cuda" and liger_available() else "chunked"
    if impl == "liger" and (device.type != "cuda" or not liger_available()):
        raise RuntimeError("impl='liger' needs liger-kernel and CUDA tensors")
    return impl


def _wide(z: torch.Tensor) -> torch.Tensor:
    return z if z.dtype in (torch.float32, torch.float64) else z.float()


def _capped(z: torch.Tensor, cap: float | None) -> torch.Tensor:
    return z if cap is None else cap * torch.tanh(z / cap)


def _block_lse(zc: torch.Tensor) -> torch.Tensor:
    """Row log-sum-exp through the fused ``log_softmax`` kernel (exact at the argmax, fast on CPU)."""
    mx, arg = zc.max(dim=1)
    return mx - torch.log_softmax(zc, dim=1).gather(1, arg[:, None]).squeeze(1)


def _logits(h, weight, bias, c0: int, c1: int, cap):
    return _capped(_wide(F.linear(h, weight[c0:c1], None if bias is None else bias[c0:c1])), cap)


def _rows_first(hidden, weight, bias, target, cap, row_chunk, vocab_chunk, need_h, need_w, need_b, wide):
    """Row blocks; per block the whole vocabulary (or two passes over vocabulary blocks): for a head that trains."""
    k, v = hidden.shape[0], weight.shape[0]
    gh = torch.empty_like(hidden) if need_h else None
    gw = torch.zeros(weight.shape, dtype=wide, device=weight.device) if need_w else None
    gb = torch.zeros(v, dtype=wide, device=weight.device) if need_b else None
    total = torch.zeros((), dtype=wide, device=hidden.device)
    blocks = [(c0, min(v, c0 + vocab_chunk)) for c0 in range(0, v, vocab_chunk)]
    keep = len(blocks) == 1
    for r0 in range(0, k, row_chunk):
        h, t = hidden[r0 : r0 + row_chunk], target[r0 : r0 + row_chunk]
        rows = torch.arange(h.shape[0], device=h.device)
        lses, zt = [], torch.zeros(h.shape[0], dtype=wide, device=h.device)
        for c0, c1 in blocks:
            zc = _logits(h, weight, bias, c0, c1, cap)
            lses.append(_block_lse(zc))
            inside = ((t >= c0) & (t < c1)).nonzero().squeeze(1)
            zt[inside] = zc[inside, t[inside] - c0]
        lse_blocks = torch.stack(lses, 1)
        lse = torch.logsumexp(lse_blocks, 1)
        total += (lse - zt).sum()
        if not (need_h or need_w or need_b):
            continue
        for i, (c0, c1) in enumerate(blocks):
            if not keep:
                zc = _logits(h, weight, bias, c0, c1, cap)
            g = torch.softmax(zc, dim=1)
            if not keep:
                g.mul_(torch.exp(lse_blocks[:, i] - lse)[:, None])
            inside = ((t >= c0) & (t < c1)).nonzero().squeeze(1)
            g[rows[inside], t[inside] - c0] -= 1.0
            if cap is not None:  # d(cap tanh(z / cap)) / dz = 1 - (zc / cap)^2
                g.mul_(1.0 - (zc / cap).square_())
            if need_h:
                part = g.to(weight.dtype) @ weight[c0:c1]
                if c0 == 0:
                    gh[r0 : r0 + row_chunk] = part
                else:
                    gh[r0 : r0 + row_chunk] += part
            if need_w:
                gw[c0:c1].addmm_(g.T, h.to(wide))
            if need_b:
                gb[c0:c1] += g.sum(0)
    return total, (gh, gw, gb)


def _vocab_online(hidden, weight, bias, target, cap, row_chunk, vocab_chunk, need_h, wide):
    """Vocabulary blocks in one pass with an online log-sum-exp, the hidden states' gradient rescaled as the
    running maximum moves (FlashAttention's output accumulator with the head's rows as values): a frozen head is
    read once per matmul, two matmuls in all."""
    k, v = hidden.shape[0], weight.shape[0]
    gh = torch.empty_like(hidden) if need_h else None
    total = torch.zeros((), dtype=wide, device=hidden.device)
    for r0 in range(0, k, row_chunk):
        h, t = hidden[r0 : r0 + row_chunk], target[r0 : r0 + row_chunk]
        n = h.shape[0]
        m = torch.full((n,), float("-inf"), dtype=wide, device=h.device)
        mass, zt = torch.zeros_like(m), torch.zeros_like(m)
        acc = torch.zeros((n, h.shape[1]), dtype=wide, device=h.device) if need_h else None
        for c0 in range(0, v, vocab_chunk):
            c1 = min(v, c0 + vocab_chunk)
            zc = _logits(h, weight, bias, c0, c1, cap)
            lse_c = _block_lse(zc)
            inside = ((t >= c0) & (t < c1)).nonzero().squeeze(1)
            zt[inside] = zc[inside, t[inside] - c0]
            m_new = torch.maximum(m, lse_c)
            alpha, beta = torch.exp(m - m_new), torch.exp(lse_c - m_new)
            mass = mass * alpha + beta
            m = m_new
            if need_h:
                g = torch.softmax(zc, dim=1)  # exp(zc - lse_c)
                if cap is not None:
                    g.mul_(1.0 - (zc / cap).square_())
                acc.mul_(alpha[:, None]).add_(_wide(g.to(weight.dtype) @ weight[c0:c1]) * beta[:, None])
        total += (m + mass.log() - zt).sum()
        if need_h:  # minus the target's row of the head (times the cap's slope)
            slope = 1.0 - (zt / cap) ** 2 if cap is not None else torch.ones_like(zt)
            gh[r0 : r0 + row_chunk] = acc / mass[:, None] - slope[:, None] * _wide(weight.index_select(0, t))
    return total, (gh, None, None)


class _LinearCE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, hidden, weight, bias, target, cap, row_chunk, vocab_chunk, grads):
        k, v = hidden.shape[0], weight.shape[0]
        wide = torch.float64 if weight.dtype == torch.float64 else torch.float32
        need_h, need_w, need_b = (grads and n for n in ctx.needs_input_grad[:3])
        if need_w or need_b:
            vocab_chunk = vocab_chunk or v
            row_chunk = row_chunk or max(1, BLOCK_ELEMENTS // vocab_chunk)
            total, grads = _rows_first(
                hidden, weight, bias, target, cap, row_chunk, vocab_chunk, need_h, need_w, need_b, wide
            )
        else:
            row_chunk = row_chunk or min(max(k, 1), max(1, BLOCK_ELEMENTS // MIN_VOCAB_CHUNK))
            vocab_chunk = vocab_chunk or min(v, max(MIN_VOCAB_CHUNK, BLOCK_ELEMENTS // row_chunk))
            total, grads = _vocab_online(hidden, weight, bias, target, cap, row_chunk, vocab_chunk, need_h, wide)
        ctx.grads, ctx.dtypes = grads, (weight.dtype, None if bias is None else bias.dtype)
        return total

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        (gh, gw, gb), (w_dtype, b_dtype) = ctx.grads, ctx.dtypes
        ctx.grads = None
        g = g.to(gw.dtype if gw is not None else torch.float64)
        # in place: the buffers are this backward's alone (no second weight-sized copy)
        out_h = gh.mul_(g.to(gh.dtype)) if gh is not None else None
        out_w = gw.mul_(g).to(w_dtype) if gw is not None else None
        out_b = gb.mul_(g).to(b_dtype) if gb is not None else None
        return out_h, out_w, out_b, None, None, None, None, None


def _reference(hidden, weight, bias, target, cap, reduction, ignore_index):
    logits = _capped(_wide(F.linear(hidden, weight, bias)), cap)
    return F.cross_entropy(logits, target, reduction=reduction, ignore_index=ignore_index)


def linear_cross_entropy(
    hidden: torch.Tensor,
    weight: torch.Tensor,
    target: torch.Tensor,
    bias: torch.Tensor | None = None,
    *,
    softcap: float | None = None,
    ignore_index: int = IGNORE_INDEX,
    reduction: str = "sum",
    row_chunk: int | None = None,
    vocab_chunk: int | None = None,
    impl: str = "auto",
) -> torch.Tensor:
    """Cross-entropy of ``F.linear(hidden, weight, bias)`` (logits in float32) against ``target``.

    ``hidden`` [K, H], ``weight`` [V, H], ``bias`` [V] or None, ``target`` [K] (``ignore_index`` rows are left
    out); ``reduction`` ``sum`` or ``mean`` (over the rows scored). ``row_chunk`` and ``vocab_chunk`` bound the
    logits block (defaults: about ``BLOCK_ELEMENTS`` logits, shaped as the module docstring says).
    """
    if hidden.ndim != 2 or weight.ndim != 2 or hidden.shape[1] != weight.shape[1]:
        raise ValueError(f"hidden [K, H] and weight [V, H] disagree: {tuple(hidden.shape)} vs {tuple(weight.shape)}")
    if tuple(target.shape) != (hidden.shape[0],):
        raise ValueError(f"target must be [{hidden.shape[0]}], got {tuple(target.shape)}")
    if reduction not in ("sum", "mean"):
        raise ValueError(f"reduction must be 'sum' or 'mean', got {reduction!r}")
    if softcap is not None and not softcap > 0:
        raise ValueError(f"softcap must be > 0, got {softcap}")
    for name, val in (("row_chunk", row_chunk), ("vocab_chunk", vocab_chunk)):
        if val is not None and int(val) <= 0:
            raise ValueError(f"{name} must be positive, got {val}")
    impl = _resolve(impl, hidden.device)
    if impl == "reference":
        return _reference(hidden, weight, bias, target.long(), softcap, reduction, ignore_index)
    if impl == "liger":
        # here, not at the top: liger-kernel is an optional, CUDA-only import
        from liger_kernel.transformers.fused_linear_cross_entropy import LigerFusedLinearCrossEntropyLoss

        out = LigerFusedLinearCrossEntropyLoss(ignore_index=ignore_index, reduction=reduction, softcap=softcap)(
            weight, hidden, target.long(), bias
        )
        return out[0] if isinstance(out, tuple) else out

    keep = (target != ignore_index).nonzero().squeeze(1)
    h, t = hidden.index_select(0, keep), target.index_select(0, keep).long()
    v = weight.shape[0]
    if v and bool(((t < 0) | (t >= v)).any()):
        raise ValueError(f"target values must be in [0, {v}) or ignore_index")
    vocab_chunk = min(max(v, 1), int(vocab_chunk)) if vocab_chunk else None
    row_chunk = int(row_chunk) if row_chunk else None
    total = _LinearCE.apply(h, weight, bias, t, softcap, row_chunk, vocab_chunk, torch.is_grad_enabled())
    return total / max(int(keep.numel()), 1) if reduction == "mean" else total
