"""The MNTP loss with its LM head and cross-entropy fused: ``mntp_loss_fused``.

``megacxr.losses.mntp.mntp_loss`` with the ``[K, V]`` logits never materialised: the rows it scores go through
``megacxr.kernels.linear_ce.linear_cross_entropy`` (chunked torch, or liger-kernel on CUDA; see that kernel's
README). Same arguments and the same ``MntpOutput``.
"""

from __future__ import annotations

import torch
from torch import nn

from megacxr.kernels.linear_ce import LINEAR_CE_IMPLS, liger_available, linear_cross_entropy
from megacxr.losses.gather import all_reduce_sum, world_info
from megacxr.losses.mntp import IGNORE_INDEX, MntpOutput, mntp_loss, scored_rows

__all__ = ["LINEAR_CE_IMPLS", "linear_cross_entropy", "liger_available", "mntp_loss_fused"]


def mntp_loss_fused(
    hidden: torch.Tensor,
    labels: torch.Tensor,
    lm_head: nn.Module,
    *,
    cu_seqlens: torch.Tensor | None = None,
    logit_softcap: float | None = None,
    chunk_size: int | None = None,
    vocab_chunk: int | None = None,
    global_mean: bool = False,
    group=None,
    ignore_index: int = IGNORE_INDEX,
    impl: str = "auto",
) -> MntpOutput:
    """``mntp_loss`` with the fused head + cross-entropy (``chunk_size`` = rows per block).

    ``lm_head`` must hold its matrix as ``.weight`` [V, H] (and ``.bias`` or None), as ``nn.Linear`` does.
    Under ZeRO-3 the weight is partitioned: read inside a DeepSpeed forward, DeepSpeed gathers it and makes it an
    external parameter of the module running (call this from a small module of its own, as the trainer's
    ``MntpHeadLoss`` does, so that the head is whole for the loss alone); read anywhere else it is an empty
    placeholder, and then this is ``mntp_loss`` itself (the head's own forward, full logits).
    """
    weight = getattr(lm_head, "weight", None)
    # a ZeRO-3 parameter outside its module's forward is an empty placeholder (shape (0,))
    readable = isinstance(weight, torch.Tensor) and weight.ndim == 2 and weight.numel() > 0
    if impl == "reference" or not readable:
        return mntp_loss(
            hidden,
            labels,
            lm_head,
            cu_seqlens=cu_seqlens,
            logit_softcap=logit_softcap,
            chunk_size=chunk_size,
            global_mean=global_mean,
            group=group,
            ignore_index=ignore_index,
        )
    h, pred, target, dropped, pos = scored_rows(hidden, labels, cu_seqlens, chunk_size, logit_softcap, ignore_index)
    k = int(pos.numel())
    local_sum = linear_cross_entropy(
        pred,
        weight,
        target,
        getattr(lm_head, "bias", None),
        softcap=logit_softcap,
        ignore_index=ignore_index,
        reduction="sum",
        row_chunk=chunk_size,
        vocab_chunk=vocab_chunk,
        impl=impl,
    )

    n_dropped = int(dropped.sum())
    counts = torch.tensor([k, n_dropped], dtype=torch.float64, device=h.device)
    stats = all_reduce_sum(torch.cat([local_sum.detach().double().reshape(1), counts]), group)
    _, world = world_info(group)
    k_global = int(stats[1])
    loss = local_sum * (world / max(k_global, 1)) if global_mean else local_sum / max(k, 1)
    global_loss = (stats[0] / max(k_global, 1)).to(local_sum.dtype)
    info = {
        "dropped_start_labels": n_dropped,
        "global_num_masked": k_global,
        "global_dropped_start_labels": int(stats[2]),
    }
    return MntpOutput(loss, k, global_loss, info)
