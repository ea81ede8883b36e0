"""Masked next-token prediction loss of stage 1 (llm2vec convention), for padded and packed batches.

The label at position ``i`` is predicted from the hidden state at ``i - 1`` of the same sequence. A position
that starts a sequence (position 0 of every row, and every ``cu_seqlens`` boundary of a packed row, the
padding tail's start included) has no predecessor in its sequence: a label there is dropped and counted
(``info["dropped_start_labels"]``; ``megacxr.data.masking`` never masks those positions, so a non-zero count
means the batch was built by something else). Only the predecessor rows of the scored labels are gathered and
fed to the LM head: full ``[T, V]`` logits never exist. ``chunk_size`` bounds the logits alive at once: each
chunk's head and cross-entropy run under activation checkpointing (non-reentrant), so the backward recomputes
one chunk's logits at a time instead of keeping all of them. Logits are taken in at least float32, with an
optional soft cap (``cap * tanh(logits / cap)``, Gemma-2 style).

Reduction: the mean over the scored tokens of this rank; with ``global_mean=True`` the token counts are
all-reduced and the local loss is ``W * local_sum / global_count``, so that the engine's average of gradients
over the ``W`` ranks is the gradient of the mean over ALL scored tokens of the global batch (ranks with more
masked tokens weigh more, as in one process). ``global_loss`` (detached, same on every rank) is that global
mean in both modes.
"""

from __future__ import annotations

from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.checkpoint import checkpoint

from megacxr.losses.gather import all_reduce_sum, world_info

__all__ = ["IGNORE_INDEX", "MntpOutput", "mntp_loss", "sequence_starts"]

IGNORE_INDEX = -100


class MntpOutput(NamedTuple):
    loss: torch.Tensor  # to backpropagate
    num_masked: int  # labels scored on this rank
    global_loss: torch.Tensor  # detached mean over all scored labels of all ranks
    info: dict  # dropped_start_labels, global_num_masked, global_dropped_start_labels


def sequence_starts(
    shape: tuple[int, ...], cu_seqlens: torch.Tensor | None = None, device: torch.device | str | None = None
) -> torch.Tensor:
    """Bool mask over the flattened tokens of a ``shape = (*, L)`` layout: True where a sequence starts.

    Position 0 of every row always starts one; ``cu_seqlens`` (offsets into the flattened tokens, as in a packed
    ``[1, T]`` row) adds every boundary below the token count (``cu_seqlens[-1]`` starts the padding tail).
    """
    n = 1
    for s in shape:
        n *= int(s)
    row_len = int(shape[-1]) if shape else 0
    start = torch.zeros(n, dtype=torch.bool, device=device)
    if n == 0:
        return start
    start[::row_len] = True
    if cu_seqlens is not None:
        cu = cu_seqlens.to(device=start.device, dtype=torch.long)
        if cu.ndim != 1 or cu.numel() == 0 or int(cu[0]) != 0:
            raise ValueError("cu_seqlens must be a 1-D tensor starting at 0")
        if bool((cu[1:] < cu[:-1]).any()) or int(cu[-1]) > n:
            raise ValueError(f"cu_seqlens must be non-decreasing and at most the {n} tokens")
        start[cu[cu < n]] = True
    return start


def _ce_sum(pred: torch.Tensor, target: torch.Tensor, lm_head: nn.Module, softcap: float | None) -> torch.Tensor:
    logits = lm_head(pred)
    if logits.dtype not in (torch.float32, torch.float64):
        logits = logits.float()
    if softcap is not None:
        logits = softcap * torch.tanh(logits / softcap)
    return F.cross_entropy(logits, target, reduction="sum")


def scored_rows(hidden, labels, cu_seqlens, chunk_size, logit_softcap, ignore_index):
    """Checks, then ``(h [N, H], pred [K, H], target [K], dropped [N] bool, pos [K])``: the predecessor rows of the
    K scored labels (a label at a sequence start has no predecessor in its sequence: dropped)."""
    if hidden.ndim < 2 or tuple(hidden.shape[:-1]) != tuple(labels.shape):
        raise ValueError(f"hidden [*, L, H] and labels [*, L] disagree: {tuple(hidden.shape)} vs {tuple(labels.shape)}")
    if chunk_size is not None and int(chunk_size) <= 0:
        raise ValueError(f"chunk_size must be positive, got {chunk_size}")
    if logit_softcap is not None and not logit_softcap > 0:
        raise ValueError(f"logit_softcap must be > 0, got {logit_softcap}")
    h = hidden.reshape(-1, hidden.shape[-1])
    y = labels.reshape(-1).to(device=h.device, dtype=torch.long)
    start = sequence_starts(tuple(labels.shape), cu_seqlens, device=h.device)
    labeled = y != ignore_index
    pos = (labeled & ~start).nonzero().squeeze(1)
    return h, h.index_select(0, pos - 1), y.index_select(0, pos), labeled & start, pos


def mntp_loss(
    hidden: torch.Tensor,
    labels: torch.Tensor,
    lm_head: nn.Module,
    *,
    cu_seqlens: torch.Tensor | None = None,
    logit_softcap: float | None = None,
    chunk_size: int | None = None,
    global_mean: bool = False,
    group=None,
    ignore_index: int = IGNORE_INDEX,
) -> MntpOutput:
    """MNTP loss: ``hidden [*, L, H]``, ``labels [*, L]`` (``ignore_index`` where not masked).

    Padded batches: ``[B, L, H]`` / ``[B, L]``; packed: ``[1, T, H]`` / ``[1, T]`` with ``cu_seqlens``.
    ``lm_head`` maps ``[K, H] -> [K, V]`` and sees only the K predecessor rows of the scored labels.
    """
    h, pred, target, dropped, pos = scored_rows(hidden, labels, cu_seqlens, chunk_size, logit_softcap, ignore_index)

    k = int(pos.numel())
    if chunk_size is None or k <= chunk_size:
        local_sum = _ce_sum(pred, target, lm_head, logit_softcap)
    else:
        use_ckpt = torch.is_grad_enabled()
        parts = []
        for c in range(0, k, int(chunk_size)):
            p, t = pred[c : c + chunk_size], target[c : c + chunk_size]
            if use_ckpt:
                parts.append(checkpoint(_ce_sum, p, t, lm_head, logit_softcap, use_reentrant=False))
            else:
                parts.append(_ce_sum(p, t, lm_head, logit_softcap))
        local_sum = torch.stack(parts).sum()

    n_dropped = int(dropped.sum())
    counts = torch.tensor([k, n_dropped], dtype=torch.float64, device=h.device)
    stats = all_reduce_sum(torch.cat([local_sum.detach().double().reshape(1), counts]), group)
    _, world = world_info(group)
    k_global = int(stats[1])
    if global_mean:
        loss = local_sum * (world / max(k_global, 1))
    else:
        loss = local_sum / max(k, 1)
    global_loss = (stats[0] / max(k_global, 1)).to(local_sum.dtype)
    info = {
        "dropped_start_labels": n_dropped,
        "global_num_masked": k_global,
        "global_dropped_start_labels": int(stats[2]),
    }
    return MntpOutput(loss, k, global_loss, info)
