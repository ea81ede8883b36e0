"""Tiled softmax cross-entropy of local rows against gathered columns, without the [B, N] logit matrix.

For rows ``q`` [B, D] (a rank's local anchors), columns ``k`` [N, D] (the gathered candidates) and a scale
``s``, the logits are ``z_ij = s <q_i, k_j>``, accumulated in float32 (float64 for float64 inputs). Row ``i``'s
loss is ``lse_j z_ij - sum_j T_ij z_ij`` over its valid columns, with targets

    ``T_ij = a_i [j == t_i] + c_i S_ij``

``t_i`` the row's positive column. Hard targets: ``a = 1, c = 0``. Soft targets of weight ``w`` (as
``megacxr.losses.contrastive.soft_target_matrix``): ``a = 1 - w``, ``c = w / sum_j S_ij`` (``a = 1, c = 0`` for
a row whose similarities are all zero), ``S`` computed per tile from label features (the rule of
``label_similarity``) or sliced from a given dense matrix and clamped at 0; columns beyond ``S``'s width (extra
negatives) have ``S = 0``. With ``row_ids`` / ``col_ids``, a column ``j < len(col_ids)`` with
``col_ids[j] == row_ids[i]`` other than ``t_i`` is masked out of row ``i`` (a study drawn twice is not its own
negative).

Forward, per column tile: the tile's log-sum-exp and row max, the target logit, and the soft sums
``sum_j S_ij z_ij``, ``sum_j S_ij``; the tiles' log-sum-exps are combined at the end. Saved for backward: the
inputs (no copies), ``lse`` [B] and the per-tile log-sum-exps [B, tiles]. Backward recomputes each tile:
``G = softmax - T``, ``dq = s G k``, ``dk = s G^T q`` and ``ds = sum_ij G_ij <q_i, k_j> = sum_i <q_i, (G k)_i>``
(no extra pass over the tiles). Peak memory: the inputs, their gradients and one [B, tile] block.

Implementations (``impl``): ``chunked`` (torch ops per column tile, any device; CPU tiles use the fused
``log_softmax`` / ``softmax`` kernels, several times faster on CPU than ``exp`` / ``logsumexp``), ``triton``
(``megacxr.kernels.contrastive_triton``: CUDA tensors, or CPU tensors under ``TRITON_INTERPRET=1``),
``reference`` (the full logit matrix under plain autograd) and ``auto`` (Triton for CUDA tensors when
importable, else ``CPU_AUTO``). The scale gradient is the derivative of this call's sum only: nothing here is a
collective (``megacxr.losses.gather`` explains why that is exact after the engine's average over ranks).
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from typing import NamedTuple

import torch
from torch.autograd.function import once_differentiable

__all__ = ["CPU_AUTO", "IMPLS", "TileTargets", "TiledResult", "label_features", "resolve_impl", "tile_size",
           "similarity_tile", "tiled_cross_entropy", "triton_available", "triton_interpreting"]

IMPLS = ("reference", "chunked", "triton", "auto")
# what ``auto`` picks off CUDA. benchmarks/bench_contrastive.py (RESULTS.md, 2026-11-22): on CPU the chunked
# path takes 1.0-1.2x the reference's time (it recomputes the logits: 4 matmuls instead of 3), so it is not at
# least as fast and ``auto`` keeps the reference there; ``chunked`` is the choice when memory binds.
CPU_AUTO = "reference"
TILE_ELEMENTS = 1 << 20          # elements of one [B, tile] block of the chunked path (4 MiB in float32)
MIN_TILE = 128


def triton_available() -> bool:
    try:
        importlib.import_module("triton")
    except Exception:        # not installed, or a broken install: the torch paths serve
        return False
    return True


def triton_interpreting() -> bool:
    """``TRITON_INTERPRET`` is on: Triton kernels run on CPU tensors through its interpreter (tests)."""
    return os.environ.get("TRITON_INTERPRET", "").strip().lower() in ("1", "true", "yes", "on")


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
            raise RuntimeError(f"impl='triton' runs on CUDA tensors (got {device.type}); on CPU only under "
                               "TRITON_INTERPRET=1")
    return impl


# ------------------------------------------------------------------------------------------ targets and labels

@dataclass
class TileTargets:
    """What each row scores: its positive column, optional same-study masking, optional soft targets."""

    target: torch.Tensor                          # [B] int64: the column of each row's positive
    row_ids: torch.Tensor | None = None           # [B] int64 study ids of the rows (masking)
    col_ids: torch.Tensor | None = None           # [Nm] int64 study ids of columns 0..Nm-1 (masking)
    soft_weight: float = 0.0
    row_features: torch.Tensor | None = None      # [B, F] ``label_features`` of the rows' labels
    col_features: torch.Tensor | None = None      # [Ns, F] of columns 0..Ns-1
    similarity: torch.Tensor | None = None        # or a given dense [B, Ns] similarity (clamped at 0)

    @property
    def masked(self) -> bool:
        return self.row_ids is not None

    @property
    def soft(self) -> bool:
        return self.soft_weight > 0 and (self.col_features is not None or self.similarity is not None)

    @property
    def n_mask(self) -> int:
        return 0 if self.col_ids is None else int(self.col_ids.shape[0])

    @property
    def n_sim(self) -> int:
        if self.similarity is not None:
            return int(self.similarity.shape[1])
        return 0 if self.col_features is None else int(self.col_features.shape[0])

    def check(self, b: int, n: int) -> None:
        if tuple(self.target.shape) != (b,):
            raise ValueError(f"target must be [{b}], got {tuple(self.target.shape)}")
        if b and not (0 <= int(self.target.min()) and int(self.target.max()) < n):
            raise ValueError(f"target values must index the {n} columns")
        if (self.row_ids is None) != (self.col_ids is None):
            raise ValueError("row_ids and col_ids go together")
        if self.row_ids is not None:
            if tuple(self.row_ids.shape) != (b,) or self.col_ids.ndim != 1 or self.n_mask > n:
                raise ValueError(f"row_ids must be [{b}] and col_ids [<= {n}], got {tuple(self.row_ids.shape)} "
                                 f"and {tuple(self.col_ids.shape)}")
        if not 0.0 <= float(self.soft_weight) <= 1.0:
            raise ValueError(f"soft_weight must be in [0, 1], got {self.soft_weight}")
        if self.similarity is not None and (self.col_features is not None or self.row_features is not None):
            raise ValueError("give label features or a similarity matrix, not both")
        if self.col_features is not None:
            rf, cf = self.row_features, self.col_features
            if rf is None or rf.ndim != 2 or cf.ndim != 2 or rf.shape[0] != b or rf.shape[1] != cf.shape[1]:
                raise ValueError("row_features [B, F] and col_features [Ns, F] must come together")
        if self.n_sim > n or (self.similarity is not None and self.similarity.shape[0] != b):
            raise ValueError(f"the similarity covers at most the {n} columns of the {b} rows")
        if self.soft and self.masked:
            raise ValueError("same-study masking and soft targets do not combine")


def label_features(labels: torch.Tensor) -> torch.Tensor:
    """``[n, K]`` CheXpert-style labels (1, 0, -1 uncertain, NaN unknown) -> ``[n, 3 * P]`` float32 features.

    ``v | v * v | known`` with ``v`` = 1, 0, 0.5 (for -1) and 0 for unknown; ``P`` = K rounded up to a multiple
    of 16 (zero padding, the width of a tensor-core dot). Every entry is a multiple of 1/4, so the dot
    products of ``similarity_tile`` over 16 findings are exact in float32.
    """
    if labels.ndim != 2:
        raise ValueError(f"labels must be [n, K], got {tuple(labels.shape)}")
    x = labels.detach().double()
    known = ~torch.isnan(x)
    if bool((known & (x != 1) & (x != 0) & (x != -1)).any()):
        raise ValueError("label values must be 1, 0, -1 or NaN")
    v = torch.where(known, torch.where(x == -1, torch.full_like(x, 0.5), x), torch.zeros_like(x))
    n, k = x.shape
    p = max(16, -(-k // 16) * 16)
    out = torch.zeros((n, 3 * p), dtype=torch.float32, device=labels.device)
    out[:, :k], out[:, p:p + k], out[:, 2 * p:2 * p + k] = v, v * v, known.double()
    return out


def similarity_tile(fa: torch.Tensor, fb: torch.Tensor, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """``label_similarity`` of the studies behind features ``fa`` [A, F] and ``fb`` [C, F], as [A, C]."""
    p = fa.shape[1] // 3
    fa, fb = fa.to(dtype), fb.to(dtype)
    va, va2, ka = fa[:, :p], fa[:, p:2 * p], fa[:, 2 * p:]
    vb, vb2, kb = fb[:, :p], fb[:, p:2 * p], fb[:, 2 * p:]
    dot, na2, nb2, shared = va @ vb.T, va2 @ kb.T, ka @ vb2.T, ka @ kb.T
    denom = (na2 * nb2).sqrt_()
    cos = torch.where(denom > 0, dot / denom.clamp(min=torch.finfo(dtype).tiny), torch.zeros_like(dot))
    both_zero = (na2 == 0) & (nb2 == 0) & (shared > 0)
    return torch.where(both_zero, torch.ones_like(cos), cos).clamp_(0.0, 1.0)


def _sim_slice(spec: TileTargets, c0: int, c1: int, dtype: torch.dtype) -> torch.Tensor | None:
    """Soft-target similarities of all rows to columns ``c0 .. min(c1, Ns)``, or None when none fall there."""
    stop = min(c1, spec.n_sim)
    if not spec.soft or stop <= c0:
        return None
    if spec.similarity is not None:
        return spec.similarity[:, c0:stop].to(dtype).clamp(min=0)
    return similarity_tile(spec.row_features, spec.col_features[c0:stop], dtype)


def _coefficients(spec: TileTargets, ss: torch.Tensor | None, like: torch.Tensor):
    """Per-row ``(a, c)`` of ``T = a one_hot + c S``."""
    b = like.shape[0]
    if not spec.soft:
        return like.new_ones(b), like.new_zeros(b)
    w = float(spec.soft_weight)
    has = ss > 0
    a = torch.where(has, torch.full_like(ss, 1.0 - w), torch.ones_like(ss))
    c = torch.where(has, w / ss.clamp(min=torch.finfo(ss.dtype).tiny), torch.zeros_like(ss))
    return a, c


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
    same = spec.row_ids[:, None] == spec.col_ids[None, c0:c0 + w]
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
        lse_tiles = []
        for c0 in range(0, n, tile):
            c1 = min(n, c0 + tile)
            z = qs @ k[c0:c1].to(wide).T
            masked = _mask_tile(z, spec, c0, c1)
            mx, arg = z.max(dim=1)
            # at the argmax log_softmax is exactly -log(sum exp(z - max)): lse = max + log(sum ...)
            lse = mx - torch.log_softmax(z, dim=1).gather(1, arg[:, None]).squeeze(1)
            if masked:                                # a row with every column of this tile masked
                lse = torch.where(torch.isneginf(mx), mx, lse)
            lse_tiles.append(lse)
            torch.maximum(row_max, mx, out=row_max)
            rows, cols = _target_rows(spec, c0, c1)
            zt[rows] = z[rows, cols]
            sim = _sim_slice(spec, c0, c1, wide)
            if sim is not None:
                sz += (sim * z[:, :sim.shape[1]]).sum(1)
                ss += sim.sum(1)
        lse_tiles = torch.stack(lse_tiles, 1) if lse_tiles else qs.new_zeros((b, 0))
        return torch.logsumexp(lse_tiles, 1), row_max, zt, sz, ss, (lse_tiles,)

    @staticmethod
    def backward(q, k, s, spec: TileTargets, tile: int | None, lse, a, c, saved, need_q: bool, need_k: bool,
                 g_out):
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
            g = torch.softmax(z, dim=1)                              # exp(z - lse_tile)
            if masked:
                g.masked_fill_(torch.isneginf(lse_tiles[:, i])[:, None], 0.0)
            g.mul_(torch.exp(lse_tiles[:, i] - lse)[:, None])        # exp(z - lse)
            rows, cols = _target_rows(spec, c0, c1)
            g[rows, cols] -= a[rows]
            sim = _sim_slice(spec, c0, c1, wide)
            if sim is not None:
                g[:, :sim.shape[1]].addcmul_(c[:, None], sim, value=-1.0)
            if dqu is not None:
                dqu.addmm_(g, kc)
            if dk is not None:                                       # dk = s g0 G^T q = g0 G^T qs
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
        same[:, :spec.n_mask] = spec.row_ids[:, None] == spec.col_ids[None, :]
        same[rows, spec.target] = False
        zm = z.masked_fill(same, float("-inf"))
    lse = torch.logsumexp(zm, 1)
    zt = z[rows, spec.target]
    tgt = zt
    if spec.soft:
        sim = _sim_slice(spec, 0, n, wide)
        sim = torch.nn.functional.pad(sim, (0, n - sim.shape[1]))
        ss = sim.sum(1)
        a, c = _coefficients(spec, ss, ss)
        tgt = a * zt + c * (sim * z).sum(1)
    with torch.no_grad():
        row_max = zm.amax(1) if n else zm.new_full((b,), float("-inf"))
    return TiledResult((lse - tgt).sum(), row_max, zt.detach())


# --------------------------------------------------------------------------------------------- autograd glue

class _TiledCE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, q, k, scale, spec, backend, opts):
        s = scale.detach().to(_wide(q.dtype))
        lse, row_max, zt, sz, ss, saved = backend.forward(q, k, s, spec, opts)
        a, c = _coefficients(spec, ss, lse)
        tgt = a * zt + c * sz if spec.soft else zt
        ctx.save_for_backward(q, k, scale, lse, a, c, *saved)
        ctx.spec, ctx.backend, ctx.opts = spec, backend, opts
        ctx.mark_non_differentiable(row_max, zt)
        return (lse - tgt).sum(), row_max, zt

    @staticmethod
    @once_differentiable
    def backward(ctx, g_loss, _g_max, _g_zt):
        q, k, scale, lse, a, c, *saved = ctx.saved_tensors
        need_q, need_k, need_s = ctx.needs_input_grad[:3]
        s = scale.detach().to(lse.dtype)
        g = g_loss.to(lse.dtype)
        dqu, dk = ctx.backend.backward(q, k, s, ctx.spec, ctx.opts, lse, a, c, saved, need_q or need_s, need_k, g)
        grad_q = (dqu * (s * g)).to(q.dtype) if need_q else None
        grad_s = None
        if need_s:
            grad_s = (g * (q.to(lse.dtype) * dqu).sum()).to(scale.dtype).reshape(scale.shape)
        return grad_q, dk, grad_s, None, None, None


class TiledResult(NamedTuple):
    loss: torch.Tensor             # sum over the rows of their cross-entropy (differentiable)
    row_max: torch.Tensor          # [B] detached: the largest valid logit of each row
    target_logit: torch.Tensor     # [B] detached: z_{i, t_i}, the same value as in the tiles


def tiled_cross_entropy(rows: torch.Tensor, cols: torch.Tensor, logit_scale: torch.Tensor | float,
                        targets: TileTargets, *, impl: str = "auto", tile: int | None = None,
                        blocks: dict | None = None) -> TiledResult:
    """Sum over ``rows`` of the softmax cross-entropy against ``cols`` (see the module docstring).

    ``rows`` [B, D] and ``cols`` [N, D] of one floating dtype; ``logit_scale`` a scalar tensor (its gradient is
    returned) or a float. ``tile``: columns per block of the chunked path (default: about ``TILE_ELEMENTS / B``);
    ``blocks``: Triton block sizes (``BM``, ``BN``, ``BD``, ``splits``; tests use small ones).
    Accuracy of row ``i`` (argmax == target): ``target_logit >= row_max`` (a tie counts as correct).
    """
    if rows.ndim != 2 or cols.ndim != 2 or rows.shape[1] != cols.shape[1]:
        raise ValueError(f"rows and cols must be [B, D] and [N, D], got {tuple(rows.shape)} and "
                         f"{tuple(cols.shape)}")
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
        from megacxr.kernels.contrastive_triton import TritonBackend

        backend, opts = TritonBackend, dict(blocks or {})
    else:
        backend, opts = _Chunked, tile
    loss, row_max, zt = _TiledCE.apply(rows, cols, scale, targets, backend, opts)
    return TiledResult(loss, row_max, zt)
