"""Contrastive losses of the supcon and clip stages over the global batch (plain reference implementations).

* ``info_nce``: supervised InfoNCE of stage 2 (llm2vec style). Anchor ``i``'s target is ``positives[i]``;
  its candidates are ALL positives and ALL hard negatives of the global batch (gathered from every rank);
  cross-entropy over them, mean over the global anchors. Hard negatives are negatives for every anchor, not
  only for their owner (as in llm2vec); ``negative_owner`` changes nothing in the loss and only feeds the
  ``hard_negative_acc`` diagnostic. With ``sample_ids``, a candidate positive ``j != i`` of the same study as
  anchor ``i`` (a study drawn twice in one global batch) is masked out instead of counted as a negative; with
  ``text_ids`` (ids of the rows' normalised report text, ``megacxr.data.text.text_id``), so is one whose report
  text is identical ("No acute cardiopulmonary process." written for many studies is not a negative of itself).
* ``clip_loss``: symmetric image-report InfoNCE. Image rows score all texts of the global batch plus all
  extra text negatives (negated reports); text rows score all images. Extra negatives are columns of the
  image->text direction only, never targets or anchors. Optional soft targets ("Bringing CLIP to the
  Clinic"): ``target = (1 - w) * one_hot + w * S / rowsum(S)``, ``S`` a non-negative similarity of the row's
  study to every column study (``label_similarity`` of CheXpert label vectors, or given); used for both
  directions (the similarity is symmetric). ``w = 0`` is plain InfoNCE exactly. ``mixed_soft_targets`` adds
  the textual similarity (a softmax of the reports' embedding similarity inside the global batch, detached,
  with its own temperature) beside the label one, as a dense ``soft_targets`` matrix. With ``sample_ids`` (hard targets
  only), another pair of the row's study is left out of the softmax in both directions, as in ``info_nce``; with
  ``text_ids``, another pair whose report text is identical.
* ``siglip_loss``: SigLIP's sigmoid loss, ``-1/B_global * sum over all image-text pairs of
  log sigmoid(z_ij * (scale * <x_i, y_j> + bias))``, ``z`` = +1 on matched pairs, -1 elsewhere.
* ``LogitScale``: a learnable ``exp(parameter)`` clamped to ``max_scale`` (CLIP's temperature).

Every loss follows the gradient convention of ``megacxr.losses.gather`` (engine averages parameter gradients;
local loss scaled by ``W / N_global``; the logit scale is used locally only) and returns a
``ContrastiveOutput``: ``loss`` to backpropagate, ``global_loss`` (detached, equal on all ranks, the
one-process loss) and ``info`` (detached global diagnostics). Logits are computed in at least float32.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import nn

from megacxr.errors import ConfigError
from megacxr.kernels.contrastive.targets import same_id_tile
from megacxr.losses.gather import all_gather_no_grad, all_gather_parts, all_reduce_sum, world_info

__all__ = [
    "ContrastiveOutput",
    "LogitScale",
    "clip_loss",
    "finish_nce",
    "info_nce",
    "label_similarity",
    "mask_ids",
    "masked_pair_counts",
    "siglip_loss",
    "mixed_soft_targets",
    "soft_target_matrix",
    "text_similarity_targets",
]


class ContrastiveOutput(NamedTuple):
    loss: torch.Tensor  # local loss, scaled so that its mean over ranks is the global loss
    global_loss: torch.Tensor  # detached one-process loss over the global batch, same on every rank
    info: dict[str, torch.Tensor]  # detached global diagnostics (accuracies, counts)


class LogitScale(nn.Module):
    """``exp(log_scale)`` clamped to ``max_scale``; initialised to ``1 / init_temperature`` (CLIP: 1/0.07)."""

    def __init__(self, init_temperature: float = 0.07, max_scale: float = 100.0, learnable: bool = True):
        super().__init__()
        if not init_temperature > 0:
            raise ConfigError("must be > 0", field="logit_scale.init_temperature")
        if not max_scale >= 1.0 / init_temperature:
            raise ConfigError(
                f"must be >= 1 / init_temperature = {1.0 / init_temperature:g}", field="logit_scale.max_scale"
            )
        self.max_scale = float(max_scale)
        # shape [1], not []: DeepSpeed broadcasts parameters as bytes, which a 0-d tensor cannot be viewed as
        self.log_scale = nn.Parameter(torch.tensor([math.log(1.0 / init_temperature)]), requires_grad=learnable)

    def forward(self) -> torch.Tensor:
        # at least float32: a bf16 parameter (DeepSpeed bf16) would give a scale off by up to 0.4%
        p = self.log_scale.to(torch.promote_types(self.log_scale.dtype, torch.float32))
        return p.clamp(max=math.log(self.max_scale)).exp().reshape(())

    @property
    def temperature(self) -> float:
        return 1.0 / float(self.forward().detach())

    def extra_repr(self) -> str:
        return f"temperature={self.temperature:.4g}, max_scale={self.max_scale:g}"


# ------------------------------------------------------------------------------------------------------ helpers


def _wide(t: torch.Tensor) -> torch.Tensor:
    return t if t.dtype in (torch.float32, torch.float64) else t.float()


def _scale(logit_scale, temperature: float | None):
    if logit_scale is not None:
        if isinstance(logit_scale, torch.Tensor):
            if logit_scale.numel() != 1:
                raise ValueError(f"logit_scale must be a scalar, got shape {tuple(logit_scale.shape)}")
            return _wide(logit_scale.reshape(()))
        return float(logit_scale)
    if temperature is None or not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    return 1.0 / float(temperature)


def _check_pair(a: torch.Tensor, b: torch.Tensor, names: tuple[str, str]) -> None:
    if a.ndim != 2 or a.shape != b.shape:
        raise ValueError(f"{names[0]} and {names[1]} must both be [B, D]; got {tuple(a.shape)} and {tuple(b.shape)}")


def _extra(x: torch.Tensor | None, like: torch.Tensor, name: str) -> torch.Tensor:
    """``x`` as an [N, D] tensor of ``like``'s dtype ([0, D] for None), so that every rank joins the gather."""
    if x is None:
        return like.new_empty((0, like.shape[1]))
    if x.ndim != 2 or x.shape[1] != like.shape[1]:
        raise ValueError(f"{name} must be [N, {like.shape[1]}], got {tuple(x.shape)}")
    return x.to(like.dtype)


def _finish(local_sum: torch.Tensor, n_global: int, stats: dict[str, torch.Tensor], group) -> ContrastiveOutput:
    """Scale the local sum of per-anchor losses; all-reduce it with the diagnostics in one collective."""
    _, world = world_info(group)
    denom = max(n_global, 1)
    names = list(stats)
    vec = torch.stack([local_sum.detach().double()] + [stats[k].detach().double() for k in names])
    red = all_reduce_sum(vec, group)
    info = {k: red[i + 1] for i, k in enumerate(names)}
    return ContrastiveOutput(local_sum * (world / denom), (red[0] / denom).to(local_sum.dtype), info)


def _ratio(info: dict, num: str, den: str, out: str) -> None:
    info[out] = info.pop(num) / info[den].clamp(min=1)


def mask_ids(sample_ids: torch.Tensor | None, text_ids: torch.Tensor | None, b: int) -> torch.Tensor | None:
    """The ids whose equality leaves a pair out of the softmax: ``[B]`` (one kind), ``[B, 2]`` (study and text:
    a pair sharing either is masked) or None."""
    for name, ids in (("sample_ids", sample_ids), ("text_ids", text_ids)):
        if ids is not None and tuple(ids.shape) != (b,):
            raise ValueError(f"{name} must be [{b}], got {tuple(ids.shape)}")
    kinds = [ids.long() for ids in (sample_ids, text_ids) if ids is not None]
    if not kinds:
        return None
    return kinds[0] if len(kinds) == 1 else torch.stack(kinds, dim=1)


def _equal_pairs(rows: torch.Tensor, cols: torch.Tensor) -> torch.Tensor:
    """Number of (row, column) pairs with equal ids, by sorting (``O((B + N) log N)``, no [B, N] matrix)."""
    ordered, rows = cols.sort().values, rows.contiguous()
    return (torch.searchsorted(ordered, rows, right=True) - torch.searchsorted(ordered, rows)).sum()


def masked_pair_counts(ids: torch.Tensor, ids_g: torch.Tensor, text_kind: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """``(masked, identical_texts)``: pairs of local row ``i`` and gathered column ``j`` other than the row's
    own pair (which shares every id) that share any id (left out of the softmax), and those sharing the text id
    (the last kind when ``text_kind``). Sort-based, so the tiled losses count without a [B, B_global] mask."""
    b = ids.shape[0]
    if ids.ndim == 1:
        n = _equal_pairs(ids, ids_g) - b
        return n, (n if text_kind else n.new_zeros(()))
    study, text = _equal_pairs(ids[:, 0], ids_g[:, 0]), _equal_pairs(ids[:, 1], ids_g[:, 1])
    both = torch.unique(torch.cat([ids, ids_g]), dim=0, return_inverse=True)[1]
    return study + text - _equal_pairs(both[:b], both[b:]) - b, text - b


# ------------------------------------------------------------------------------------------------- supcon loss


def nce_inputs(anchors, positives, negatives, temperature, logit_scale, normalize, sample_ids, negative_owner, group):
    """The checks and gather shared by ``info_nce`` and its tiled version: ``(anchors, positives, negatives, scale,
    (positives, negatives) gathered, their slices of this rank, size table)``. ``sample_ids`` here is already
    ``mask_ids(sample_ids, text_ids)``."""
    _check_pair(anchors, positives, ("anchors", "positives"))
    negatives = _extra(negatives, positives, "negatives")
    b, n = anchors.shape[0], negatives.shape[0]
    if sample_ids is not None and sample_ids.shape[0] != b:
        raise ValueError(f"sample_ids must be [{b}], got {tuple(sample_ids.shape)}")
    if negative_owner is not None:
        if tuple(negative_owner.shape) != (n,):
            raise ValueError(f"negative_owner must be [{n}], got {tuple(negative_owner.shape)}")
        if n and not (0 <= int(negative_owner.min()) and int(negative_owner.max()) < b):
            raise ValueError(f"negative_owner values must index the {b} local anchors")
    scale = _scale(logit_scale, temperature)
    if normalize:
        anchors, positives, negatives = (F.normalize(t, dim=-1) for t in (anchors, positives, negatives))

    gathered, slices, table = all_gather_parts([positives, negatives], group)
    if gathered[0].shape[0] == 0:
        raise ValueError("info_nce on an empty global batch")
    return anchors, positives, negatives, scale, gathered, slices, table


def info_nce(
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
    text_ids: torch.Tensor | None = None,
) -> ContrastiveOutput:
    """Supervised InfoNCE over the global batch (see the module docstring).

    ``anchors``, ``positives``: [B, D] local rows (row i of both from one study); ``negatives``: [N, D] local
    hard negatives or None (ranks may differ in B and N, and some may have none). ``logit_scale`` (a scalar
    tensor, e.g. ``LogitScale()()``) overrides ``1 / temperature``. ``sample_ids`` [B] int64 (e.g. a hash of
    the study key) masks same-study positives of other rows. ``negative_owner`` [N]: the local anchor index
    each negative belongs to (diagnostic only). ``info``: ``accuracy`` (top-1 target among candidates),
    ``hard_negative_acc`` (positive scored above its own hard negative, per owned negative), ``num_anchors``,
    ``num_candidates``, ``masked_duplicates`` (candidate pairs masked by ``sample_ids`` or ``text_ids``),
    ``identical_texts`` (candidate pairs whose ``text_ids`` are equal; 0 without them). ``text_ids`` [B] int64:
    rows with equal ids (identical normalised report text) are not each other's negatives.
    """
    ids = mask_ids(sample_ids, text_ids, anchors.shape[0])
    anchors, positives, negatives, scale, (pos_g, neg_g), (pos_sl, neg_sl), table = nce_inputs(
        anchors, positives, negatives, temperature, logit_scale, normalize, ids, negative_owner, group
    )
    b, n, b_global = anchors.shape[0], negatives.shape[0], pos_g.shape[0]
    logits = (_wide(anchors) @ _wide(torch.cat([pos_g, neg_g])).T) * scale  # [B, B_global + N_global]
    target = torch.arange(pos_sl.start, pos_sl.stop, device=logits.device)

    masked = identical = logits.new_zeros(())
    if ids is not None:
        same, identical = same_study_mask(ids, target, group, table, text_ids is not None)
        mask = F.pad(same, (0, neg_g.shape[0]), value=False)
        logits = logits.masked_fill(mask, float("-inf"))
        masked = mask.sum()

    local_sum = F.cross_entropy(logits, target, reduction="sum")
    with torch.no_grad():
        correct = (logits.argmax(dim=1) == target).sum() if b else logits.new_zeros(())
        hn_correct, hn_total = logits.new_zeros(()), logits.new_zeros(())
        if negative_owner is not None and n:
            owner = negative_owner.long().to(logits.device)
            neg_cols = b_global + torch.arange(neg_sl.start, neg_sl.stop, device=logits.device)
            hn_correct = (logits[owner, target[owner]] > logits[owner, neg_cols]).sum()
            hn_total = logits.new_tensor(float(n))
    counts = (correct, hn_correct, hn_total, masked, identical)
    return finish_nce(local_sum, b_global, b_global + neg_g.shape[0], counts, group)


def finish_nce(local_sum, b_global: int, n_candidates: int, counts, group) -> ContrastiveOutput:
    """``info_nce``'s output from its local sum and local counts ``(correct, hard-negative correct, hard
    negatives, masked pairs, identical-text pairs)``, reduced over the ranks in one collective (shared with the
    tiled version)."""
    names = ("correct", "hn_correct", "hn_total", "masked_duplicates", "identical_texts")
    out = _finish(local_sum, b_global, dict(zip(names, counts, strict=True)), group)
    info = out.info
    info["num_anchors"] = torch.tensor(float(b_global), dtype=torch.float64)
    info["num_candidates"] = torch.tensor(float(n_candidates), dtype=torch.float64)
    _ratio(info, "correct", "num_anchors", "accuracy")
    _ratio(info, "hn_correct", "hn_total", "hard_negative_acc")
    return out


def same_study_mask(
    ids: torch.Tensor, target: torch.Tensor, group, table, text_kind: bool = False
) -> tuple[torch.Tensor, torch.Tensor]:
    """``([B, B_global] mask, identical-text pairs)``: the mask is True where global column ``j`` shares an id
    with row ``i`` (``mask_ids``: another draw of its study, or identical report text), its own positive
    ``target[i]`` excluded: pairs to leave out of the softmax rather than count as negatives. The count is of
    pairs sharing the text id (the last kind, when ``text_kind``)."""
    ids_g, _ = all_gather_no_grad(ids, group, sizes=[r[0] for r in table])
    rows = torch.arange(ids.shape[0], device=ids.device)
    same = same_id_tile(ids, ids_g)
    same[rows, target] = False
    identical = same.new_zeros((), dtype=torch.int64)
    if text_kind:
        text = ids if ids.ndim == 1 else ids[:, -1]
        text_g = ids_g if ids_g.ndim == 1 else ids_g[:, -1]
        eq = text[:, None] == text_g[None, :]
        eq[rows, target] = False
        identical = eq.sum()
    return same, identical


# ---------------------------------------------------------------------------------------------- soft targets


def label_similarity(labels_a: torch.Tensor, labels_b: torch.Tensor) -> torch.Tensor:
    """``[A, B]`` clinical similarity in [0, 1] of CheXpert-style label vectors ``[A, K]`` and ``[B, K]``.

    Values: 1 positive, 0 negative, -1 uncertain, NaN unknown. Rule: map 1 -> 1, 0 -> 0, -1 -> 0.5; compare
    each pair over the findings known (non-NaN) in BOTH vectors only, by cosine similarity. When both are
    all-negative over their shared findings they agree: 1. No shared known finding: 0 (nothing to compare).
    One all-negative and one not: 0. A study with at least one known finding has similarity 1 with itself.
    """
    if labels_a.ndim != 2 or labels_b.ndim != 2 or labels_a.shape[1] != labels_b.shape[1]:
        raise ValueError(
            f"label matrices must be [A, K] and [B, K], got {tuple(labels_a.shape)} and {tuple(labels_b.shape)}"
        )

    def prep(x):
        x = x.double()
        known = ~torch.isnan(x)
        bad = known & (x != 1) & (x != 0) & (x != -1)
        if bool(bad.any()):
            raise ValueError("label values must be 1, 0, -1 or NaN")
        v = torch.where(known, torch.where(x == -1, torch.full_like(x, 0.5), x), torch.zeros_like(x))
        return v, known.double()

    va, ka = prep(labels_a)
    vb, kb = prep(labels_b)
    dot = va @ vb.T  # unknown entries are 0 in v: only jointly known terms count
    na2 = (va * va) @ kb.T  # |a|^2 over entries known in both
    nb2 = ka @ (vb * vb).T
    shared = ka @ kb.T
    denom = (na2 * nb2).sqrt()
    cos = torch.where(denom > 0, dot / denom.clamp(min=1e-300), torch.zeros_like(dot))
    both_zero = (na2 == 0) & (nb2 == 0) & (shared > 0)
    return torch.where(both_zero, torch.ones_like(cos), cos).clamp(0.0, 1.0)


def soft_target_matrix(similarity: torch.Tensor, target: torch.Tensor, weight: float) -> torch.Tensor:
    """``(1 - weight) * one_hot(target) + weight * similarity / rowsum``; all-zero rows become one-hot."""
    sim = similarity.clamp(min=0)
    total = sim.sum(dim=1, keepdim=True)
    one_hot = F.one_hot(target, sim.shape[1]).to(sim.dtype)
    norm = torch.where(total > 0, sim / total.clamp(min=torch.finfo(sim.dtype).tiny), one_hot)
    return (1.0 - weight) * one_hot + weight * norm


def text_similarity_targets(text: torch.Tensor, text_global: torch.Tensor, temperature: float) -> torch.Tensor:
    """``[B, B_global]``: row i a softmax over the global batch's reports of ``<t_i, t_j> / temperature`` (unit
    vectors, float32 or wider, detached): the textual half of "Bringing CLIP to the Clinic"'s soft targets."""
    if not float(temperature) > 0:
        raise ValueError(f"the text-target temperature must be > 0, got {temperature}")
    dtype = torch.promote_types(text.dtype, torch.float32)
    t = F.normalize(text.detach().to(dtype), dim=-1)
    g = F.normalize(text_global.detach().to(dtype), dim=-1)
    return torch.softmax(t @ g.T / float(temperature), dim=1)


def mixed_soft_targets(
    text: torch.Tensor,
    labels: torch.Tensor | None,
    *,
    label_weight: float,
    text_weight: float,
    text_temperature: float,
    group=None,
) -> tuple[torch.Tensor, float]:
    """``(S [B, B_global], w)`` for ``clip_loss(soft_targets=S, soft_weight=w)`` so that each row's target is
    ``(1 - wl - wt) one_hot + wl * L / rowsum(L) + wt * P``: ``L`` the label similarity (``label_similarity`` of
    the gathered labels; a row with none is its one-hot), ``P`` the text similarity (``text_similarity_targets``
    over the gathered reports). ``S`` rows sum to 1, ``w = wl + wt``. Every rank builds its own rows from the
    gathered (detached) texts and labels: the rows of the one-process matrix."""
    wl, wt = float(label_weight), float(text_weight)
    if wl < 0 or wt < 0 or wl + wt > 1.0 + 1e-12 or wl + wt == 0:
        raise ValueError(f"soft weights must be >= 0 with 0 < label + text <= 1, got {wl} and {wt}")
    text_g, sl = all_gather_no_grad(text, group)
    mix = wt * text_similarity_targets(text, text_g, text_temperature)
    if wl > 0:
        if labels is None:
            raise ValueError("label soft targets need the labels")
        labels_g, _ = all_gather_no_grad(labels, group)
        sim = label_similarity(labels, labels_g).to(mix.dtype)
        total = sim.sum(dim=1, keepdim=True)
        target = torch.arange(sl.start, sl.stop, device=mix.device)
        one_hot = F.one_hot(target, sim.shape[1]).to(mix.dtype)
        mix = mix + wl * torch.where(total > 0, sim / total.clamp(min=torch.finfo(mix.dtype).tiny), one_hot)
    return mix / (wl + wt), wl + wt


def _soft_ce_sum(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    return -(targets.to(logits.dtype) * F.log_softmax(logits, dim=1)).sum()


# ---------------------------------------------------------------------------------------------------- clip loss


def clip_inputs(
    image, text, logit_scale, labels, soft_targets, soft_weight, extra_text_negatives, normalize, group, sample_ids=None
):
    """The checks and gather shared by ``clip_loss`` and its tiled version: ``(image, text, extra, scale, soft,
    (image, text, extra) gathered, this rank's slice, size table)``."""
    _check_pair(image, text, ("image", "text"))
    extra = _extra(extra_text_negatives, text, "extra_text_negatives")
    soft = labels is not None or soft_targets is not None
    if labels is not None and soft_targets is not None:
        raise ValueError("give labels or soft_targets, not both")
    if soft != (soft_weight is not None):
        raise ValueError("soft_weight goes with labels or soft_targets (and they need a soft_weight)")
    if soft and not 0.0 <= float(soft_weight) <= 1.0:
        raise ValueError(f"soft_weight must be in [0, 1], got {soft_weight}")
    if sample_ids is not None:  # already ``mask_ids(sample_ids, text_ids)``
        if sample_ids.shape[0] != image.shape[0]:
            raise ValueError(f"sample_ids must be [{image.shape[0]}], got {tuple(sample_ids.shape)}")
        if soft and float(soft_weight) > 0:
            # a second draw of the study has label similarity 1: the soft target already makes it a positive
            raise ValueError(
                "sample_ids / text_ids (masking) and soft targets (soft_weight > 0) do not combine: the soft target "
                "already scores a same-study or same-text pair as a positive"
            )
    if labels is not None and (labels.ndim != 2 or labels.shape[0] != image.shape[0]):
        raise ValueError(f"labels must be [{image.shape[0]}, K], got {tuple(labels.shape)}")
    scale = _scale(logit_scale, None)
    if normalize:
        image, text, extra = (F.normalize(t, dim=-1) for t in (image, text, extra))
    gathered, (sl, _, _), table = all_gather_parts([image, text, extra], group)
    if gathered[0].shape[0] == 0:
        raise ValueError("clip_loss on an empty global batch")
    return image, text, extra, scale, soft, gathered, sl, table


def clip_loss(
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
    text_weight: float = 0.0,
    text_temperature: float = 0.1,
    text_ids: torch.Tensor | None = None,
) -> ContrastiveOutput:
    """Symmetric image-report InfoNCE over the global batch: ``(CE_image->text + CE_text->image) / 2``.

    ``image``, ``text``: [B, D] local pairs (the caller normalises unless ``normalize``). Soft targets take
    ``soft_weight`` w in [0, 1] plus either ``labels`` [B, K] (CheXpert-style, gathered, ``label_similarity``)
    or ``soft_targets`` [B, B_global] (a non-negative similarity of each local study to every global study in
    rank order). ``extra_text_negatives`` [M, D]: extra columns of the image->text direction only (target 0).
    ``sample_ids`` [B] int64 (hard targets only): another pair of the same study in the global batch is left out
    of both directions' softmax instead of counted as a negative. ``info``: ``i2t_accuracy``, ``t2i_accuracy``
    (top-1 on the hard targets), ``num_pairs``, ``masked_duplicates`` (pairs left out, per direction).
    ``text_weight`` > 0 adds textual soft targets (``mixed_soft_targets``: ``soft_weight`` is then the label
    part's weight, with ``labels``, and ``text_temperature`` the text softmax's temperature).
    ``text_ids`` [B] int64 (hard targets only): another pair whose normalised report text is identical is left
    out of both directions' softmax too (``info["identical_texts"]`` counts such pairs per direction).
    """
    if float(text_weight) > 0:
        if soft_targets is not None:
            raise ValueError("text soft targets are built here: give labels (or nothing), not soft_targets")
        wl = float(soft_weight or 0.0) if labels is not None else 0.0
        t = F.normalize(text, dim=-1) if normalize else text
        soft_targets, soft_weight = mixed_soft_targets(
            t, labels, label_weight=wl, text_weight=text_weight, text_temperature=text_temperature, group=group
        )
        labels = None
    ids = mask_ids(sample_ids, text_ids, image.shape[0])
    image, text, extra, scale, soft, (img_g, txt_g, ext_g), sl, table = clip_inputs(
        image, text, logit_scale, labels, soft_targets, soft_weight, extra_text_negatives, normalize, group, ids
    )
    b, b_global = image.shape[0], img_g.shape[0]
    logits_i2t = (_wide(image) @ _wide(torch.cat([txt_g, ext_g])).T) * scale  # [B, B_global + M_global]
    logits_t2i = (_wide(text) @ _wide(img_g).T) * scale  # [B, B_global]
    target = torch.arange(sl.start, sl.stop, device=logits_i2t.device)
    masked = identical = logits_i2t.new_zeros(())
    if ids is not None:
        same, identical = same_study_mask(ids, target, group, table, text_ids is not None)
        logits_i2t = logits_i2t.masked_fill(F.pad(same, (0, ext_g.shape[0]), value=False), float("-inf"))
        logits_t2i = logits_t2i.masked_fill(same, float("-inf"))
        masked = same.sum()

    if soft and float(soft_weight) > 0:
        if labels is not None:
            labels_g, _ = all_gather_no_grad(labels, group, sizes=[r[0] for r in table])
            sim = label_similarity(labels, labels_g)
        else:
            sim = soft_targets.detach()
            if tuple(sim.shape) != (b, b_global):
                raise ValueError(f"soft_targets must be [{b}, {b_global}], got {tuple(sim.shape)}")
        tmat = soft_target_matrix(sim.to(logits_t2i.dtype), target, float(soft_weight))
        i2t = _soft_ce_sum(logits_i2t, F.pad(tmat, (0, ext_g.shape[0])))
        t2i = _soft_ce_sum(logits_t2i, tmat)
    else:
        i2t = F.cross_entropy(logits_i2t, target, reduction="sum")
        t2i = F.cross_entropy(logits_t2i, target, reduction="sum")

    with torch.no_grad():
        zero = logits_i2t.new_zeros(())
        stats = {
            "i2t_correct": (logits_i2t.argmax(1) == target).sum() if b else zero,
            "t2i_correct": (logits_t2i.argmax(1) == target).sum() if b else zero,
            "masked_duplicates": masked,
            "identical_texts": identical,
        }
    out = _finish(0.5 * (i2t + t2i), b_global, stats, group)
    out.info["num_pairs"] = torch.tensor(float(b_global), dtype=torch.float64)
    _ratio(out.info, "i2t_correct", "num_pairs", "i2t_accuracy")
    _ratio(out.info, "t2i_correct", "num_pairs", "t2i_accuracy")
    return out


# -------------------------------------------------------------------------------------------------- siglip loss


def siglip_inputs(image, text, logit_scale, logit_bias, normalize, group):
    """The checks and gather shared by ``siglip_loss`` and its tiled version: ``(image, scale, bias, gathered
    text, this rank's slice)``."""
    _check_pair(image, text, ("image", "text"))
    scale = _scale(logit_scale, None)
    bias = _wide(logit_bias.reshape(())) if isinstance(logit_bias, torch.Tensor) else float(logit_bias)
    if normalize:
        image, text = F.normalize(image, dim=-1), F.normalize(text, dim=-1)
    (txt_g,), (sl,), _ = all_gather_parts([text], group)
    if txt_g.shape[0] == 0:
        raise ValueError("siglip_loss on an empty global batch")
    return image, scale, bias, txt_g, sl


def siglip_loss(
    image: torch.Tensor,
    text: torch.Tensor,
    logit_scale: torch.Tensor | float,
    logit_bias: torch.Tensor | float,
    *,
    normalize: bool = False,
    group=None,
) -> ContrastiveOutput:
    """SigLIP's pairwise sigmoid loss over all image-text pairs of the global batch, normalised by B_global.

    Local image rows score the gathered texts; ``logit_bias`` (SigLIP initialises it to -10, the scale to
    10) is used locally like the scale. ``info``: ``pos_prob`` (mean sigmoid on the matched pairs).
    """
    image, scale, bias, txt_g, sl = siglip_inputs(image, text, logit_scale, logit_bias, normalize, group)
    b, b_global = image.shape[0], txt_g.shape[0]
    logits = (_wide(image) @ _wide(txt_g).T) * scale + bias  # [B, B_global]
    rows = torch.arange(b, device=logits.device)
    cols = torch.arange(sl.start, sl.stop, device=logits.device)
    sign = torch.full_like(logits, -1.0)
    sign[rows, cols] = 1.0
    local_sum = -F.logsigmoid(sign * logits).sum()
    with torch.no_grad():
        pos = torch.sigmoid(logits[rows, cols]).sum()
    out = _finish(local_sum, b_global, {"pos_prob": pos}, group)
    out.info["pos_prob"] = out.info["pos_prob"] / b_global
    return out
