"""Tiled softmax cross-entropy of local rows against gathered columns, without the [B, N] logit matrix.

For rows ``q`` [B, D] (a rank's local anchors), columns ``k`` [N, D] (the gathered candidates) and a scale
``s``, the logits are ``z_ij = s <q_i, k_j>``, accumulated in float32 (float64 for float64 inputs). Row ``i``'s
loss is ``lse_j z_ij - sum_j T_ij z_ij`` over its valid columns, with targets

    ``T_ij = a_i [j == t_i] + c_i S_ij + d_i exp(y_ij - m_i)``

``t_i`` the row's positive column. Hard targets: ``a = 1, c = d = 0``. Label soft targets of weight ``wl`` (as
``megacxr.losses.contrastive.soft_target_matrix``): ``c = wl / sum_j S_ij`` (``c = 0`` and the weight back on
the positive for a row whose similarities are all zero), ``S`` computed per tile from label features (the rule
of ``label_similarity``) or sliced from a given dense matrix and clamped at 0; columns beyond ``S``'s width
(extra negatives) have ``S = 0``. Text soft targets of weight ``wt`` (as ``mixed_soft_targets``):
``wt * softmax_j(y_ij)`` over the first ``Nt`` columns, ``y_ij = <u_i, u_j> / tau`` from the reports' embeddings,
computed per tile with an online softmax (running max ``m_i``, sum ``Z_i``, and ``sum_j exp(y_ij - m_i) z_ij``),
so ``d_i = wt / Z_i``; the backward recomputes ``y`` per tile. ``a_i`` is what is left for the positive:
``1 - wt - wl`` (``1 - wt`` when the label part fell back to the one-hot).
With ``row_ids`` / ``col_ids``, a column ``j < len(col_ids)`` with
``col_ids[j] == row_ids[i]`` other than ``t_i`` is masked out of row ``i`` (a study drawn twice is not its own
negative); with ``[B, K]`` / ``[Nm, K]`` ids (several kinds: study, identical report text), a column sharing
any kind of id with the row.

Forward, per column tile: the tile's log-sum-exp and row max, the target logit, the label sums
``sum_j S_ij z_ij``, ``sum_j S_ij`` and the text softmax's running sums; the tiles' log-sum-exps are combined at
the end. Saved for backward: the inputs (no copies), ``lse`` [B], the per-tile log-sum-exps [B, tiles] and the
row coefficients. Backward recomputes each tile:
``G = softmax - T``, ``dq = s G k``, ``dk = s G^T q`` and ``ds = sum_ij G_ij <q_i, k_j> = sum_i <q_i, (G k)_i>``
(no extra pass over the tiles). Peak memory: the inputs, their gradients and one [B, tile] block.

Implementations (``impl``): ``chunked`` (torch ops per column tile, any device; CPU tiles use the fused
``log_softmax`` / ``softmax`` kernels, several times faster on CPU than ``exp`` / ``logsumexp``), ``triton``
(``megacxr.kernels.contrastive.triton_kernel``: CUDA tensors, or CPU tensors under ``TRITON_INTERPRET=1``),
``reference`` (the full logit matrix under plain autograd) and ``auto`` (Triton for CUDA tensors when
importable, else ``CPU_AUTO``). The scale gradient is the derivative of this call's sum only: nothing here is a
collective (``megacxr.losses.gather`` explains why that is exact after the engine's average over ranks).
"""

from __future__ import annotations

from typing import NamedTuple

import torch
from torch.autograd.function import once_differentiable

from megacxr.kernels.contrastive.targets import (
    TileTargets,
    label_features,
    same_id_tile,
    similarity_tile,
    text_logits_tile,
    triton_available,
    triton_interpreting,
)

__all__ = [
    "CPU_AUTO",
    "Coefficients",
    "IMPLS",
    "TileTargets",
    "TiledResult",
    "label_features",
    "resolve_impl",
    "tile_size",
    "similarity_tile",
    "tiled_cross_entropy",
    "triton_available",
    "triton_interpreting",
]

IMPLS = ("reference", "chunked", "triton", "auto")
# what ``auto`` picks off CUDA. benchmarks/bench_contrastive.py (RESULTS.md, 2026-11-22): on CPU the chunked
# path takes 1.0-1.2x the reference's time (it recomputes the logits: 4 matmuls instead of 3), so it is not at
# least as fast and ``auto`` keeps the reference there; ``chunked`` is the choice when memory binds.
CPU_AUTO = "reference"
TILE_ELEMENTS = 1 << 20  # elements of one [B, tile] block of the chunked path (4 MiB in float32)
MIN_TILE = 128


def resolve_impl(impl: str, device: torch.device) -> str:
    """``impl`` with ``auto`` resolved for tensors on ``device``; a clear error where ``triton`` cannot run."""
    if impl not in IMPLS:
        raise ValueError(f"unknown impl {impl!r}; choose one of {', '.join(IMPLS)}")
    if impl == "auto":
        return "triton" if device.type == "cuda" and triton_available() else CPU_AUTO
    if impl == "triton":
        if not triton_available():
            raise RuntimeError("impl='triton' needs the triton package (pip install triton)")
        if device.type != "cuda" and not triton_interpreting():
            raise RuntimeError(
                f"impl='triton' runs on CUDA tensors (got {device.type}); on CPU only under TRITON_INTERPRET=1"
            )
    return impl


def _sim_slice(spec: TileTargets, c0: int, c1: int, dtype: torch.dtype) -> torch.Tensor | None:
    """Soft-target similarities of all rows to columns ``c0 .. min(c1, Ns)``, or None when none fall there."""
    stop = min(c1, spec.n_sim)
    if not spec.soft or stop <= c0:
        return None
    if spec.similarity is not None:
        return spec.similarity[:, c0:stop].to(dtype).clamp(min=0)
    return similarity_tile(spec.row_features, spec.col_features[c0:stop], dtype)


class Coefficients(NamedTuple):
    """Per-row factors of ``T = a one_hot + c S + d exp(y - m)`` (``d``, ``m`` None without text targets)."""

    a: torch.Tensor
    c: torch.Tensor
    d: torch.Tensor | None = None
    m: torch.Tensor | None = None


def _coefficients(spec: TileTargets, ss: torch.Tensor | None, like: torch.Tensor, text=None) -> Coefficients:
    """The row factors from the forward's sums: ``ss`` (label similarity row sums), ``text`` = (running max,
    sum of exp, weighted sum) of the text softmax or None."""
    b = like.shape[0]
    wt = float(spec.text_weight) if spec.text_soft else 0.0
    if spec.soft:
        wl = float(spec.soft_weight)
        has = ss > 0
        a = torch.where(has, torch.full_like(ss, 1.0 - wl - wt), torch.full_like(ss, 1.0 - wt))
        c = torch.where(has, wl / ss.clamp(min=torch.finfo(ss.dtype).tiny), torch.zeros_like(ss))
    else:
        a, c = like.new_full((b,), 1.0 - wt), like.new_zeros(b)
    if text is None:
        return Coefficients(a, c)
    m, z_sum, _ = text
    return Coefficients(a, c, wt / z_sum, m)


def _targets_dot(spec: TileTargets, co: Coefficients, zt, sz, text) -> torch.Tensor:
    """``sum_j T_ij z_ij`` per row."""
    out = co.a * zt
    if spec.soft:
        out = out + co.c * sz
    if text is not None:
        out = out + co.d * text[2]
    return out


def _wide(dtype: torch.dtype) -> torch.dtype:
    return torch.float64 if dtype == torch.float64 else torch.float32


def tile_size(b: int, n: int, tile: int | None) -> int:
    if tile is not None:
        if int(tile) <= 0:
            raise ValueError(f"tile must be positive, got {tile}")
        return int(tile)
    return max(MIN_TILE, min(max(n, 1), TILE_ELEMENTS // max(b, 1)))


# ----------------------------------------------------------------------------------------- chunked torch path


def _mask_tile(z: torch.Tensor, spec: TileTargets, c0: int, c1: int) -> bool:
    """Fill the masked entries of tile ``z`` (columns c0..c1) with -inf; True when the tile has any."""
    w = min(c1, spec.n_mask) - c0
    if not spec.masked or w <= 0:
        return False
    same = same_id_tile(spec.row_ids, spec.col_ids[c0 : c0 + w])
    t = spec.target - c0
    rows = ((t >= 0) & (t < w)).nonzero().squeeze(1)
    same[rows, t[rows]] = False
    z[:, :w].masked_fill_(same, float("-inf"))
    return True


def _target_rows(spec: TileTargets, c0: int, c1: int) -> tuple[torch.Tensor, torch.Tensor]:
    t = spec.target
    rows = ((t >= c0) & (t < c1)).nonzero().squeeze(1)
    return rows, t[rows] - c0


class _Chunked:
    @staticmethod
    def forward(q, k, s, spec: TileTargets, tile: int | None):
        wide, (b, n) = s.dtype, (q.shape[0], k.shape[0])
        tile = tile_size(b, n, tile)
        qs = q.to(wide) * s
        row_max = qs.new_full((b,), float("-inf"))
        zt, sz, ss = qs.new_zeros(b), qs.new_zeros(b), qs.new_zeros(b)
        t_max, t_sum, t_dot = qs.new_full((b,), float("-inf")), qs.new_zeros(b), qs.new_zeros(b)
        lse_tiles = []
        for c0 in range(0, n, tile):
            c1 = min(n, c0 + tile)
            z = qs @ k[c0:c1].to(wide).T
            masked = _mask_tile(z, spec, c0, c1)
            mx, arg = z.max(dim=1)
            # at the argmax log_softmax is exactly -log(sum exp(z - max)): lse = max + log(sum ...)
            lse = mx - torch.log_softmax(z, dim=1).gather(1, arg[:, None]).squeeze(1)
            if masked:  # a row with every column of this tile masked
                lse = torch.where(torch.isneginf(mx), mx, lse)
            lse_tiles.append(lse)
            torch.maximum(row_max, mx, out=row_max)
            rows, cols = _target_rows(spec, c0, c1)
            zt[rows] = z[rows, cols]
            sim = _sim_slice(spec, c0, c1, wide)
            if sim is not None:
                sz += (sim * z[:, : sim.shape[1]]).sum(1)
                ss += sim.sum(1)
            y = text_logits_tile(spec, c0, c1, wide)
            if y is not None:  # online softmax of the text logits, and its weighted sum of z
                t_new = torch.maximum(t_max, y.max(dim=1).values)
                e = torch.exp(y - t_new[:, None])
                alpha = torch.exp(t_max - t_new)
                t_sum = t_sum * alpha + e.sum(1)
                t_dot = t_dot * alpha + (e * z[:, : y.shape[1]]).sum(1)
                t_max = t_new
        lse_tiles = torch.stack(lse_tiles, 1) if lse_tiles else qs.new_zeros((b, 0))
        text = (t_max, t_sum, t_dot) if spec.text_soft and spec.n_text else None
        return torch.logsumexp(lse_tiles, 1), row_max, zt, sz, ss, text, (lse_tiles,)

    @staticmethod
    def backward(q, k, s, spec: TileTargets, tile: int | None, lse, co, saved, need_q: bool, need_k: bool, g_out):
        (lse_tiles,) = saved
        wide, (b, n) = s.dtype, (q.shape[0], k.shape[0])
        tile = tile_size(b, n, tile)
        qs = q.to(wide) * s
        dqu = qs.new_zeros(q.shape) if need_q else None
        dk = torch.empty_like(k) if need_k else None
        for i, c0 in enumerate(range(0, n, tile)):
            c1 = min(n, c0 + tile)
            kc = k[c0:c1].to(wide)
            z = qs @ kc.T
            masked = _mask_tile(z, spec, c0, c1)
            g = torch.softmax(z, dim=1)  # exp(z - lse_tile)
            if masked:
                g.masked_fill_(torch.isneginf(lse_tiles[:, i])[:, None], 0.0)
            g.mul_(torch.exp(lse_tiles[:, i] - lse)[:, None])  # exp(z - lse)
            rows, cols = _target_rows(spec, c0, c1)
            g[rows, cols] -= co.a[rows]
            sim = _sim_slice(spec, c0, c1, wide)
            if sim is not None:
                g[:, : sim.shape[1]].addcmul_(co.c[:, None], sim, value=-1.0)
            y = text_logits_tile(spec, c0, c1, wide)
            if y is not None:
                g[:, : y.shape[1]].sub_(torch.exp(y - co.m[:, None]).mul_(co.d[:, None]))
            if dqu is not None:
                dqu.addmm_(g, kc)
            if dk is not None:  # dk = s g0 G^T q = g0 G^T qs
                dk[c0:c1] = torch.mm(g.T, qs).mul_(g_out)
        return dqu, dk


# ------------------------------------------------------------------------------------ reference (full matrix)


def _reference(q, k, scale, spec: TileTargets):
    """The plain computation with the whole [B, N] matrix (autograd): for ``impl='reference'``."""
    wide = _wide(q.dtype)
    z = (q.to(wide) @ k.to(wide).T) * scale
    b, n = z.shape
    rows = torch.arange(b, device=z.device)
    zm = z
    if spec.masked:
        same = torch.zeros_like(z, dtype=torch.bool)
        same[:, : spec.n_mask] = same_id_tile(spec.row_ids, spec.col_ids)
        same[rows, spec.target] = False
        zm = z.masked_fill(same, float("-inf"))
    lse = torch.logsumexp(zm, 1)
    zt = z[rows, spec.target]
    sz = ss = text = None
    if spec.soft:
        sim = _sim_slice(spec, 0, n, wide)
        sim = torch.nn.functional.pad(sim, (0, n - sim.shape[1]))
        sz, ss = (sim * z).sum(1), sim.sum(1)
    if spec.text_soft and spec.n_text:
        p = torch.softmax(text_logits_tile(spec, 0, n, wide), dim=1)
        text = (p.new_zeros(b), p.new_ones(b), (p * z[:, : p.shape[1]]).sum(1))  # (m, Z, sum P z) with m = log Z = 0
    tgt = _targets_dot(spec, _coefficients(spec, ss, zt, text), zt, sz, text)
    with torch.no_grad():
        row_max = zm.amax(1) if n else zm.new_full((b,), float("-inf"))
    return TiledResult((lse - tgt).sum(), row_max, zt.detach())


# --------------------------------------------------------------------------------------------- autograd glue


class _TiledCE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, q, k, scale, spec, backend, opts):
        s = scale.detach().to(_wide(q.dtype))
        lse, row_max, zt, sz, ss, text, saved = backend.forward(q, k, s, spec, opts)
        co = _coefficients(spec, ss, lse, text)
        tgt = _targets_dot(spec, co, zt, sz, text)
        ctx.save_for_backward(q, k, scale, lse, *saved)
        ctx.co, ctx.spec, ctx.backend, ctx.opts = co, spec, backend, opts  # [B] vectors: small
        ctx.mark_non_differentiable(row_max, zt)
        return (lse - tgt).sum(), row_max, zt

    @staticmethod
    @once_differentiable
    def backward(ctx, g_loss, _g_max, _g_zt):
        q, k, scale, lse, *saved = ctx.saved_tensors
        need_q, need_k, need_s = ctx.needs_input_grad[:3]
        s = scale.detach().to(lse.dtype)
        g = g_loss.to(lse.dtype)
        dqu, dk = ctx.backend.backward(q, k, s, ctx.spec, ctx.opts, lse, ctx.co, saved, need_q or need_s, need_k, g)
        grad_q = (dqu * (s * g)).to(q.dtype) if need_q else None
        grad_s = None
        if need_s:
            grad_s = (g * (q.to(lse.dtype) * dqu).sum()).to(scale.dtype).reshape(scale.shape)
        return grad_q, dk, grad_s, None, None, None


class TiledResult(NamedTuple):
    loss: torch.Tensor  # sum over the rows of their cross-entropy (differentiable)
    row_max: torch.Tensor  # [B] detached: the largest valid logit of each row
    target_logit: torch.Tensor  # [B] detached: z_{i, t_i}, the same value as in the tiles


def tiled_cross_entropy(
    rows: torch.Tensor,
    cols: torch.Tensor,
    logit_scale: torch.Tensor | float,
    targets: TileTargets,
    *,
    impl: str = "auto",
    tile: int | None = None,
    blocks: dict | None = None,
) -> TiledResult:
    """Sum over ``rows`` of the softmax cross-entropy against ``cols`` (see the module docstring).

    ``rows`` [B, D] and ``cols`` [N, D] of one floating dtype; ``logit_scale`` a scalar tensor (its gradient is
    returned) or a float. ``tile``: columns per block of the chunked path (default: about ``TILE_ELEMENTS / B``);
    ``blocks``: Triton block sizes (``BM``, ``BN``, ``BD``, ``splits``; tests use small ones).
    Accuracy of row ``i`` (argmax == target): ``target_logit >= row_max`` (a tie counts as correct).
    """
    if rows.ndim != 2 or cols.ndim != 2 or rows.shape[1] != cols.shape[1]:
        raise ValueError(f"rows and cols must be [B, D] and [N, D], got {tuple(rows.shape)} and {tuple(cols.shape)}")
    if rows.dtype != cols.dtype or not rows.is_floating_point():
        raise ValueError(f"rows and cols must share one floating dtype, got {rows.dtype} and {cols.dtype}")
    targets.check(rows.shape[0], cols.shape[0])
    wide = _wide(rows.dtype)
    if isinstance(logit_scale, torch.Tensor):
        if logit_scale.numel() != 1:
            raise ValueError(f"logit_scale must be a scalar, got shape {tuple(logit_scale.shape)}")
        scale = logit_scale.reshape(())
        if scale.dtype not in (torch.float32, torch.float64):
            scale = scale.float()
    else:
        scale = torch.tensor(float(logit_scale), dtype=wide, device=rows.device)
    impl = resolve_impl(impl, rows.device)
    if impl == "reference":
        return _reference(rows, cols, scale.to(wide) if scale.dtype != wide else scale, targets)
    if impl == "triton":
        from megacxr.kernels.contrastive.triton_kernel import TritonBackend  # Triton: an optional dependency

        backend, opts = TritonBackend, dict(blocks or {})
    else:
        backend, opts = _Chunked, tile
    loss, row_max, zt = _TiledCE.apply(rows, cols, scale, targets, backend, opts)
    return TiledResult(loss, row_max, zt)
