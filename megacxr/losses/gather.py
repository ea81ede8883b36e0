"""Cross-rank gathers for the contrastive losses: exact gradients, variable sizes, and the scaling convention.

Gradient convention (every loss in ``megacxr.losses`` follows it):

* The training engine (DeepSpeed, DDP) AVERAGES parameter gradients over the ``W`` ranks of the data-parallel
  group. Each rank calls a loss on its local batch only.
* A loss gathers the embeddings of all ranks with ``all_gather_with_grad`` (or ``all_gather_parts``). Its
  backward all-reduces (sums) the gradient of the gathered tensor and returns to each rank the slice of its
  own rows: the SUM over ranks of the gradient that every rank's loss sends to those rows.
* Rank ``r`` scores only its local anchors ("rows") against the gathered candidates ("columns") and returns
  ``local_loss_r = W / N_global * sum(per-anchor losses of rank r)``, with ``N_global`` the number of anchors
  of the global batch (sizes are gathered, so ranks may hold different batch sizes: a supcon batch that
  dropped a duplicate key, an uneven last batch). Then ``mean_r local_loss_r`` equals the one-process loss
  ``L`` over the global batch, and:

  - an embedding row ``x`` held by rank ``r`` receives ``sum_r' d local_loss_r' / dx = W * dL/dx`` (the
    gradient is W times the one-process gradient on the embeddings themselves);
  - a parameter ``theta`` replicated on every rank receives on rank ``r`` the chain rule through its local
    embeddings, ``W * (dx_r/dtheta)^T dL/dx_r``; the engine's average over ranks is
    ``sum_r (dx_r/dtheta)^T dL/dx_r = dL/dtheta``, the exact one-process gradient;
  - a learnable logit scale (or bias) is used directly, never through a collective, so rank ``r`` gets
    ``d local_loss_r / ds`` and the engine's average is exactly ``dL/ds``. Summing it across ranks inside the
    loss (as Inf-CL does) and then letting the engine average would give ``W * dL/ds``.

* Each loss also returns ``global_loss`` (detached): ``L`` itself, identical on every rank, for logging.

Without ``torch.distributed`` initialised, or with a group of one rank, every function here is a no-op and the
losses are plain one-process losses. All ranks of the group must call the same losses in the same order
with tensors of the same trailing shape and dtype (a rank with no rows of some kind passes an empty tensor or
``None`` where the loss allows it; the losses exchange sizes first and never branch on local sizes).

Backward collective (``gather_backward``): each rank needs only its own rows of the gradient summed over ranks,
which is by definition a reduce-scatter. On NCCL the backward is one ``reduce_scatter_tensor`` over the
gradient padded to equal per-rank blocks: each rank sends and receives ``(W - 1) / W`` of the gathered gradient,
half of what an ``all_reduce`` of the whole gradient moves (a ring all-reduce is a reduce-scatter followed by
an all-gather). Elsewhere (gloo on CPU) the default stays ``all_reduce`` of the whole gradient, then the own
slice. Both give the same sum per row; ``with gather_backward("reduce_scatter"):`` (or ``"all_reduce"``) picks
one for the gathers made inside it (the choice is taken at the forward and kept for its backward).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import torch
import torch.distributed as dist

__all__ = [
    "GATHER_BACKWARDS",
    "all_gather_no_grad",
    "all_gather_parts",
    "all_gather_with_grad",
    "all_reduce_sum",
    "gather_backward",
    "gather_sizes",
    "world_info",
]


GATHER_BACKWARDS = ("auto", "all_reduce", "reduce_scatter")
_BACKWARD = {"mode": "auto"}  # set by gather_backward; "auto": reduce_scatter on NCCL, all_reduce elsewhere


@contextlib.contextmanager
def gather_backward(mode: str):
    """Within the context, gathers made with ``all_gather_with_grad`` / ``all_gather_parts`` run their backward
    with ``mode``: ``auto`` (reduce-scatter on NCCL, all-reduce elsewhere), ``all_reduce`` or ``reduce_scatter``."""
    if mode not in GATHER_BACKWARDS:
        raise ValueError(f"unknown gather backward {mode!r}; choose one of {', '.join(GATHER_BACKWARDS)}")
    before = _BACKWARD["mode"]
    _BACKWARD["mode"] = mode
    try:
        yield
    finally:
        _BACKWARD["mode"] = before


def _backward_mode(group) -> str:
    mode = _BACKWARD["mode"]
    if mode == "auto":
        return "reduce_scatter" if dist.get_backend(group) == "nccl" else "all_reduce"
    return mode


def _active(group) -> bool:
    return dist.is_available() and dist.is_initialized() and dist.get_world_size(group) > 1


def world_info(group=None) -> tuple[int, int]:
    """``(rank, world_size)`` in ``group`` (the default group when None); ``(0, 1)`` without distributed."""
    if not (dist.is_available() and dist.is_initialized()):
        return 0, 1
    return dist.get_rank(group), dist.get_world_size(group)


def gather_sizes(counts: Sequence[int], group=None, device: torch.device | str | None = None) -> list[list[int]]:
    """Every rank's ``counts`` (same length on all ranks), in rank order: ``[W][k]``, one collective."""
    counts = [int(c) for c in counts]
    if not _active(group):
        return [counts]
    world = dist.get_world_size(group)
    local = torch.tensor(counts, dtype=torch.long, device=device)
    out = [torch.empty_like(local) for _ in range(world)]
    dist.all_gather(out, local, group=group)
    return [t.tolist() for t in out]


def _gather_padded(x: torch.Tensor, sizes: Sequence[int], group) -> torch.Tensor:
    """Concatenation in rank order of every rank's ``x`` (first dims ``sizes``), through a padded all_gather."""
    width = max(sizes)
    if width == 0:
        return x.new_empty((0, *x.shape[1:]))
    buf = x.new_zeros((width, *x.shape[1:]))
    buf[: x.shape[0]] = x
    out = [torch.empty_like(buf) for _ in sizes]
    dist.all_gather(out, buf.contiguous(), group=group)
    return torch.cat([o[:n] for o, n in zip(out, sizes, strict=False)], dim=0)


def _reduce_scatter_rows(grad: torch.Tensor, sizes: Sequence[int], rank: int, group) -> torch.Tensor:
    """This rank's rows of ``grad`` (rows of every rank in rank order, ``sizes`` each) summed over the ranks: the
    rows padded into equal blocks of ``max(sizes)``, one ``reduce_scatter_tensor``, the padding cut off."""
    width = max(sizes)
    buf = grad.new_zeros((len(sizes) * width, *grad.shape[1:]))
    offset = 0
    for r, n in enumerate(sizes):
        buf[r * width : r * width + n] = grad[offset : offset + n]
        offset += n
    out = grad.new_empty((width, *grad.shape[1:]))
    dist.reduce_scatter_tensor(out, buf, op=dist.ReduceOp.SUM, group=group)
    return out[: sizes[rank]]


class _AllGatherWithGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, sizes, rank, group):
        ctx.group, ctx.sizes, ctx.rank = group, sizes, rank
        ctx.start = sum(sizes[:rank])
        ctx.stop = ctx.start + sizes[rank]
        ctx.mode = _backward_mode(group)
        return _gather_padded(x, sizes, group)

    @staticmethod
    def backward(ctx, grad):
        if max(ctx.sizes) == 0:
            return grad.new_zeros((0, *grad.shape[1:])), None, None, None
        if ctx.mode == "reduce_scatter":
            return _reduce_scatter_rows(grad.contiguous(), ctx.sizes, ctx.rank, ctx.group), None, None, None
        grad = grad.contiguous().clone()  # all_reduce works in place; the incoming grad may be shared
        dist.all_reduce(grad, op=dist.ReduceOp.SUM, group=ctx.group)
        return grad[ctx.start : ctx.stop], None, None, None


def _local_sizes(x: torch.Tensor, group, sizes: Sequence[int] | None) -> list[int]:
    if sizes is None:
        return [s[0] for s in gather_sizes([x.shape[0]], group, x.device)]
    sizes = [int(s) for s in sizes]
    rank, world = world_info(group)
    if len(sizes) != world or sizes[rank] != x.shape[0]:
        raise ValueError(f"sizes {sizes} do not match world size {world} and local rows {x.shape[0]}")
    return sizes


def all_gather_with_grad(
    x: torch.Tensor, group=None, *, sizes: Sequence[int] | None = None
) -> tuple[torch.Tensor, slice]:
    """``(cat of every rank's x in rank order, slice of this rank's rows in it)`` with exact gradients.

    First dimensions may differ between ranks (``sizes``, the per-rank row counts, when already known, saves
    one collective). Backward returns to each rank the sum over ranks of the gradient of its own rows.
    No-op (``x`` itself) without distributed or with one rank.
    """
    if not _active(group):
        return x, slice(0, x.shape[0])
    rank, _ = world_info(group)
    sizes = _local_sizes(x, group, sizes)
    start = sum(sizes[:rank])
    return _AllGatherWithGrad.apply(x, tuple(sizes), rank, group), slice(start, start + sizes[rank])


def all_gather_no_grad(
    x: torch.Tensor, group=None, *, sizes: Sequence[int] | None = None
) -> tuple[torch.Tensor, slice]:
    """``all_gather_with_grad`` without autograd, for ids and labels."""
    if not _active(group):
        return x, slice(0, x.shape[0])
    rank, _ = world_info(group)
    sizes = _local_sizes(x, group, sizes)
    start = sum(sizes[:rank])
    with torch.no_grad():
        return _gather_padded(x.detach(), sizes, group), slice(start, start + sizes[rank])


def all_gather_parts(
    parts: Sequence[torch.Tensor], group=None
) -> tuple[list[torch.Tensor], list[slice], list[list[int]]]:
    """Gather several tensors of one trailing shape and dtype in ONE size exchange and ONE data collective.

    Returns, per part, the concatenation over ranks (rank order) and this rank's slice in it, and the size
    table ``[W][k]``. Gradients are exact as in ``all_gather_with_grad``.
    """
    parts = list(parts)
    counts = [p.shape[0] for p in parts]
    if not _active(group):
        return parts, [slice(0, n) for n in counts], [counts]
    rank, _ = world_info(group)
    table = gather_sizes(counts, group, parts[0].device)
    full, _ = all_gather_with_grad(torch.cat(parts, dim=0), group, sizes=[sum(row) for row in table])
    device = full.device
    outs, slices = [], []
    for k in range(len(parts)):
        index, offset, local_start = [], 0, 0
        for r, row in enumerate(table):
            begin = offset + sum(row[:k])
            if r == rank:
                local_start = len(index)
            index.extend(range(begin, begin + row[k]))
            offset += sum(row)
        outs.append(full.index_select(0, torch.tensor(index, dtype=torch.long, device=device)))
        slices.append(slice(local_start, local_start + table[rank][k]))
    return outs, slices, table


def all_reduce_sum(x: torch.Tensor, group=None) -> torch.Tensor:
    """A detached copy of ``x`` summed over ranks (``x`` itself, detached, without distributed)."""
    x = x.detach().clone()
    if _active(group):
        dist.all_reduce(x, op=dist.ReduceOp.SUM, group=group)
    return x
