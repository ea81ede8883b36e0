"""Tiled contrastive losses: the results of ``megacxr.losses.contrastive`` without their logit matrices.

``clip_loss_tiled``, ``info_nce_tiled`` and ``siglip_loss_tiled`` take the arguments of ``clip_loss``,
``info_nce`` and ``siglip_loss`` plus ``impl`` and return the same ``ContrastiveOutput`` (loss, global_loss,
info with the same keys), under the same cross-rank convention (``megacxr.losses.gather``): the embeddings are
gathered with exact gradients, each rank scores its local rows against the gathered columns, the local loss is
scaled by ``W / N_global`` and the logit scale is used locally, so the engine's average of its gradient is the
one-process gradient (never W times it). What changes is the per-rank memory: the reference holds
``B_local x B_global`` logits per direction (plus their softmax and gradients); here the rows are scored tile by
tile (``megacxr.kernels.contrastive.tiled_ce``) and only the gathered embeddings (``B_global x D``) and their gradients
grow with the global batch.

``impl``: ``reference`` (the plain functions themselves), ``chunked`` (torch, any device), ``triton`` (CUDA;
CPU only under ``TRITON_INTERPRET=1``), ``auto`` (Triton on CUDA when importable, else
``megacxr.kernels.contrastive.tiled_ce.CPU_AUTO``, chosen by measurement). ``siglip_loss_tiled`` has no Triton kernel:
``triton`` runs its chunked path (each column tile under activation checkpointing). Top-1 accuracies count a
row as correct when its target logit is the row's maximum (a tie counts as correct; the reference's argmax
takes the first maximal column).

``contrastive_impl(name)`` gives the stage code the three losses for a config value (``supcon.loss.impl``,
``clip.loss.impl``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint

from megacxr.errors import ConfigError
from megacxr.kernels.contrastive.tiled_ce import (
    IMPLS,
    TileTargets,
    label_features,
    resolve_impl,
    tile_size,
    tiled_cross_entropy,
)
from megacxr.losses.contrastive import (
    ContrastiveOutput,
    _finish,
    _ratio,
    _wide,
    clip_inputs,
    clip_loss,
    finish_nce,
    info_nce,
    mask_ids,
    masked_pair_counts,
    nce_inputs,
    siglip_inputs,
    siglip_loss,
)
from megacxr.losses.gather import all_gather_no_grad

__all__ = ["ContrastiveImpl", "clip_loss_tiled", "contrastive_impl", "info_nce_tiled", "siglip_loss_tiled"]


def _scalar(scale) -> torch.Tensor | float:
    return scale.detach() if isinstance(scale, torch.Tensor) else scale


# ---------------------------------------------------------------------------------------------------- info_nce


def _masking(target: torch.Tensor, ids: torch.Tensor | None, group, table, text_kind: bool):
    """``(TileTargets, masked pairs, identical-text pairs)``: masking of the gathered columns sharing an id with
    the row (``mask_ids``: study, identical text), counted by sorting (no [B, B_global] matrix)."""
    if ids is None:
        zero = torch.zeros((), dtype=torch.int64, device=target.device)
        return TileTargets(target), zero, zero
    ids_g, _ = all_gather_no_grad(ids, group, sizes=[r[0] for r in table])
    masked, identical = masked_pair_counts(ids, ids_g, text_kind)
    return TileTargets(target, row_ids=ids.contiguous(), col_ids=ids_g.contiguous()), masked, identical


def info_nce_tiled(
    anchors: torch.Tensor,
    positives: torch.Tensor,
    negatives: torch.Tensor | None = None,
    *,
    temperature: float = 0.05,
    logit_scale: torch.Tensor | float | None = None,
    normalize: bool = True,
    sample_ids: torch.Tensor | None = None,
    negative_owner: torch.Tensor | None = None,
    group=None,
    impl: str = "auto",
    tile: int | None = None,
    blocks: dict | None = None,
    text_ids: torch.Tensor | None = None,
) -> ContrastiveOutput:
    """``info_nce`` (supervised InfoNCE over the global batch) computed tile by tile; same arguments and output."""
    if resolve_impl(impl, anchors.device) == "reference":
        return info_nce(
            anchors,
            positives,
            negatives,
            temperature=temperature,
            logit_scale=logit_scale,
            normalize=normalize,
            sample_ids=sample_ids,
            negative_owner=negative_owner,
            group=group,
            text_ids=text_ids,
        )
    ids = mask_ids(sample_ids, text_ids, anchors.shape[0])
    anchors, positives, negatives, scale, (pos_g, neg_g), (pos_sl, _), table = nce_inputs(
        anchors, positives, negatives, temperature, logit_scale, normalize, ids, negative_owner, group
    )
    b, n, b_global = anchors.shape[0], negatives.shape[0], pos_g.shape[0]
    device = anchors.device
    target = torch.arange(pos_sl.start, pos_sl.stop, device=device)
    spec, masked, identical = _masking(target, ids, group, table, text_ids is not None)
    cols = pos_g if neg_g.shape[0] == 0 else torch.cat([pos_g, neg_g])
    res = tiled_cross_entropy(anchors, cols, scale, spec, impl=impl, tile=tile, blocks=blocks)

    with torch.no_grad():
        zero = res.row_max.new_zeros(())
        correct = (res.target_logit >= res.row_max).sum() if b else zero
        hn_correct, hn_total = zero, zero
        if negative_owner is not None and n:
            owner = negative_owner.long().to(device)
            neg = (_wide(anchors[owner]) * _wide(negatives)).sum(1) * _scalar(scale)
            hn_correct = (res.target_logit[owner] > neg.to(res.target_logit.dtype)).sum()
            hn_total = zero + float(n)
    counts = (correct, hn_correct, hn_total, masked, identical)
    return finish_nce(res.loss, b_global, b_global + neg_g.shape[0], counts, group)


# ---------------------------------------------------------------------------------------------------- clip loss


def clip_loss_tiled(
    image: torch.Tensor,
    text: torch.Tensor,
    logit_scale: torch.Tensor | float,
    *,
    labels: torch.Tensor | None = None,
    soft_targets: torch.Tensor | None = None,
    soft_weight: float | None = None,
    extra_text_negatives: torch.Tensor | None = None,
    normalize: bool = False,
    sample_ids: torch.Tensor | None = None,
    group=None,
    impl: str = "auto",
    tile: int | None = None,
    blocks: dict | None = None,
    text_weight: float = 0.0,
    text_temperature: float = 0.1,
    text_ids: torch.Tensor | None = None,
) -> ContrastiveOutput:
    """``clip_loss`` (symmetric image-report InfoNCE, optional soft targets and extra text negatives, optional
    same-study masking) computed tile by tile; same arguments and output. Soft targets from ``labels`` are
    computed per tile from the label vectors (``label_features``), and textual ones (``text_weight``) per tile
    from the reports' embeddings with an online softmax: never a ``B_local x B_global`` matrix."""
    if resolve_impl(impl, image.device) == "reference":
        return clip_loss(
            image,
            text,
            logit_scale,
            labels=labels,
            soft_targets=soft_targets,
            soft_weight=soft_weight,
            extra_text_negatives=extra_text_negatives,
            normalize=normalize,
            sample_ids=sample_ids,
            group=group,
            text_weight=text_weight,
            text_temperature=text_temperature,
            text_ids=text_ids,
        )
    wt = float(text_weight)
    if wt > 0:
        if soft_targets is not None:
            raise ValueError("text soft targets are built here: give labels (or nothing), not soft_targets")
        wl = float(soft_weight or 0.0) if labels is not None else 0.0
        if wl < 0 or wl + wt > 1.0 + 1e-12:
            raise ValueError(f"soft weights must be >= 0 with label + text <= 1, got {wl} and {wt}")
        if not float(text_temperature) > 0:
            raise ValueError(f"the text-target temperature must be > 0, got {text_temperature}")
        if wl == 0:
            labels = None
        soft_weight = wl if labels is not None else None
    ids = mask_ids(sample_ids, text_ids, image.shape[0])
    image, text, extra, scale, soft, (img_g, txt_g, ext_g), sl, table = clip_inputs(
        image, text, logit_scale, labels, soft_targets, soft_weight, extra_text_negatives, normalize, group, ids
    )
    b, b_global = image.shape[0], img_g.shape[0]
    target = torch.arange(sl.start, sl.stop, device=image.device)
    spec, masked, identical = _masking(target, ids, group, table, text_ids is not None)
    if soft and float(soft_weight) > 0:
        if labels is not None:
            labels_g, _ = all_gather_no_grad(labels, group, sizes=[r[0] for r in table])
            spec = TileTargets(
                target,
                soft_weight=float(soft_weight),
                row_features=label_features(labels),
                col_features=label_features(labels_g),
            )
        else:
            if tuple(soft_targets.shape) != (b, b_global):
                raise ValueError(f"soft_targets must be [{b}, {b_global}], got {tuple(soft_targets.shape)}")
            spec = TileTargets(target, soft_weight=float(soft_weight), similarity=soft_targets.detach())
    if wt > 0:  # the text part beside the label part: (1 - wl - wt) one-hot + wl L / rowsum + wt softmax(y)
        wide = torch.promote_types(text.dtype, torch.float32)
        spec = TileTargets(
            target,
            soft_weight=spec.soft_weight,
            row_features=spec.row_features,
            col_features=spec.col_features,
            text_weight=wt,
            row_text=F.normalize(text.detach().to(wide), dim=-1),
            col_text=F.normalize(txt_g.detach().to(wide), dim=-1),
            text_temperature=float(text_temperature),
        )
    cols = txt_g if ext_g.shape[0] == 0 else torch.cat([txt_g, ext_g])
    i2t = tiled_cross_entropy(image, cols, scale, spec, impl=impl, tile=tile, blocks=blocks)
    t2i = tiled_cross_entropy(text, img_g, scale, spec, impl=impl, tile=tile, blocks=blocks)

    with torch.no_grad():
        zero = i2t.row_max.new_zeros(())
        stats = {
            "i2t_correct": (i2t.target_logit >= i2t.row_max).sum() if b else zero,
            "t2i_correct": (t2i.target_logit >= t2i.row_max).sum() if b else zero,
            "masked_duplicates": masked,
            "identical_texts": identical,
        }
    out = _finish(0.5 * (i2t.loss + t2i.loss), b_global, stats, group)
    out.info["num_pairs"] = torch.tensor(float(b_global), dtype=torch.float64)
    _ratio(out.info, "i2t_correct", "num_pairs", "i2t_accuracy")
    _ratio(out.info, "t2i_correct", "num_pairs", "t2i_accuracy")
    return out


# -------------------------------------------------------------------------------------------------- siglip loss


def _siglip_tile(image, cols, scale, bias, c0: int, pos_start: int) -> torch.Tensor:
    logits = (image @ _wide(cols).T) * scale + bias
    sign = torch.full_like(logits, -1.0)
    rows = torch.arange(image.shape[0], device=logits.device)
    j = rows + (pos_start - c0)
    inside = (j >= 0) & (j < logits.shape[1])
    sign[rows[inside], j[inside]] = 1.0
    return -F.logsigmoid(sign * logits).sum()


def siglip_loss_tiled(
    image: torch.Tensor,
    text: torch.Tensor,
    logit_scale: torch.Tensor | float,
    logit_bias: torch.Tensor | float,
    *,
    normalize: bool = False,
    group=None,
    impl: str = "auto",
    tile: int | None = None,
) -> ContrastiveOutput:
    """``siglip_loss`` over column tiles, each under activation checkpointing (recomputed in the backward)."""
    if resolve_impl(impl, image.device) == "reference":
        return siglip_loss(image, text, logit_scale, logit_bias, normalize=normalize, group=group)
    image, scale, bias, txt_g, sl = siglip_inputs(image, text, logit_scale, logit_bias, normalize, group)
    b, b_global = image.shape[0], txt_g.shape[0]
    img = _wide(image)
    size = tile_size(b, b_global, tile)
    use_ckpt = torch.is_grad_enabled()
    parts = []
    for i, cols in enumerate(torch.split(txt_g, size)):
        args = (img, cols, scale, bias, i * size, sl.start)
        parts.append(checkpoint(_siglip_tile, *args, use_reentrant=False) if use_ckpt else _siglip_tile(*args))
    local_sum = torch.stack(parts).sum()
    with torch.no_grad():
        pos_logits = (img * _wide(txt_g[sl.start : sl.stop])).sum(1) * _scalar(scale) + _scalar(bias)
        pos = torch.sigmoid(pos_logits).sum()
    out = _finish(local_sum, b_global, {"pos_prob": pos}, group)
    out.info["pos_prob"] = out.info["pos_prob"] / b_global
    return out


# --------------------------------------------------------------------------------------------------- dispatcher


class ContrastiveImpl(NamedTuple):
    name: str
    clip_loss: Callable[..., ContrastiveOutput]
    info_nce: Callable[..., ContrastiveOutput]
    siglip_loss: Callable[..., ContrastiveOutput]


def contrastive_impl(name: str = "auto") -> ContrastiveImpl:
    """The three contrastive losses for ``impl`` = ``reference | chunked | triton | auto``.

    ``reference`` gives the plain functions of ``megacxr.losses.contrastive``; the others the tiled entry points
    with that ``impl`` (``auto`` resolves per call, from the device of the embeddings).
    """
    if name not in IMPLS:
        raise ConfigError(f"unknown value {name!r}; choose one of {', '.join(IMPLS)}", field="impl")
    if name == "reference":
        return ContrastiveImpl(name, clip_loss, info_nce, siglip_loss)
    return ContrastiveImpl(
        name,
        functools.partial(clip_loss_tiled, impl=name),
        functools.partial(info_nce_tiled, impl=name),
        functools.partial(siglip_loss_tiled, impl=name),
    )
