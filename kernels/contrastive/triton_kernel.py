"""Triton kernels of the tiled contrastive cross-entropy (the math is in ``megacxr.kernels.contrastive.tiled_ce``).

Three kernels, each recomputing logit tiles ``z = s Q_rows K_cols^T`` with float32 accumulation (loops over
the embedding dimension in ``BD`` steps, so any D works):

* ``fwd``: grid (row blocks, column splits). Each program runs an online log-sum-exp over its split's column
  tiles and writes per-row partials ``(max, sum exp, target logit, sum S z, sum S)`` to a [5, splits, B]
  buffer; torch combines the splits (flash-decoding style: a rank's rows are few, its columns many, so the
  columns are split to fill the GPU), and with text targets the text softmax's ``(max, sum exp, sum exp z)``
  in 3 more rows.
* ``dq``: grid (row blocks, column splits): ``G = exp(z - lse) - T``, ``dQ_split += G K`` into a float32
  [splits, B, D] buffer (summed by torch).
* ``dk``: grid (column blocks): loops over all row tiles, ``dK += G^T Q`` into a float32 [N, D] buffer.

Masking (``MASK`` kinds of id per row: study, identical text; a column sharing any is masked), label soft
targets (label features -> ``label_similarity`` per tile, or a dense
similarity matrix) and text soft targets (the reports' embeddings -> a text logit tile ``y = <u_i, u_j> / tau``
per tile: an online softmax in ``fwd``, ``exp(y - m) d`` recomputed in ``dq`` / ``dk``) are constexpr variants.
The row / column partial gradients are accumulated in global memory
(load, add, store per D step, a CTA barrier between column tiles), which keeps registers bounded for D up to
1280 and beyond. With 16-bit inputs the dots run on 16-bit operands (``G`` rounded to the input dtype in the
gradient dots, as FlashAttention does) with float32 accumulation; float32 inputs use IEEE float32 dots unless
``torch.backends.cuda.matmul.allow_tf32`` is on.

Kernels are built on first use, so that ``TRITON_INTERPRET`` read at that time decides between compiled
kernels and the interpreter. The interpreter's ``tl.dot`` multiplies bfloat16 operands as their raw uint16
bits (triton 3.9), so under the interpreter 16-bit tiles are upcast to float32 after loading (``UPCAST``);
products of two bfloat16 values are exact in float32, so only the summation order differs from the GPU path.
Not tuned on a GPU yet: block sizes are plain defaults (``DEFAULT_BLOCKS``).
"""

from __future__ import annotations

import torch
import triton
import triton.language as tl

from megacxr.kernels.contrastive.targets import TileTargets, triton_interpreting

__all__ = ["DEFAULT_BLOCKS", "TritonBackend"]

DEFAULT_BLOCKS = {"BM": 64, "BN": 64, "BD": 64, "num_warps": 4}
INTERPRET_BLOCKS = {"BM": 16, "BN": 16, "BD": 16, "num_warps": 1}


# ----------------------------------------------------------------------------------- device functions (jit'ed)


def _logits_tile(
    q_ptr,
    k_ptr,
    scale,
    rows,
    cols,
    B,
    N,
    D,
    s_qm,
    s_qd,
    s_kn,
    s_kd,
    BM: tl.constexpr,
    BN: tl.constexpr,
    BD: tl.constexpr,
    UPCAST: tl.constexpr,
    PREC: tl.constexpr,
):
    acc = tl.zeros((BM, BN), dtype=tl.float32)
    rm = rows < B
    cm = cols < N
    for d0 in range(0, D, BD):
        dd = d0 + tl.arange(0, BD)
        dm = dd < D
        q = tl.load(q_ptr + rows[:, None] * s_qm + dd[None, :] * s_qd, mask=rm[:, None] & dm[None, :], other=0.0)
        k = tl.load(k_ptr + cols[:, None] * s_kn + dd[None, :] * s_kd, mask=cm[:, None] & dm[None, :], other=0.0)
        if UPCAST:
            q = q.to(tl.float32)
            k = k.to(tl.float32)
        acc = tl.dot(q, tl.trans(k), acc, input_precision=PREC)
    return acc * scale


def _valid_tile(rows, cols, tgt, B, N, rid_ptr, cid_ptr, n_mask, MASK: tl.constexpr):
    valid = (rows[:, None] < B) & (cols[None, :] < N)
    if MASK != 0:  # MASK kinds of id per row / column ([B, MASK] and [n_mask, MASK], row-major): any equal masks
        same = (rows[:, None] < 0) & (cols[None, :] < 0)
        for kind in tl.static_range(MASK):
            rid = tl.load(rid_ptr + rows * MASK + kind, mask=rows < B, other=0)
            cid = tl.load(cid_ptr + cols * MASK + kind, mask=cols < n_mask, other=0)
            same = same | (rid[:, None] == cid[None, :])
        same = same & (cols[None, :] < n_mask) & (cols[None, :] != tgt[:, None])
        valid = valid & (same == 0)
    return valid


def _soft_tile(
    fa_ptr,
    fb_ptr,
    sim_ptr,
    rows,
    cols,
    B,
    n_sim,
    s_fa,
    s_fb,
    s_sm,
    s_sn,
    BM: tl.constexpr,
    BN: tl.constexpr,
    KP: tl.constexpr,
    SOFT: tl.constexpr,
):
    """Similarities S [BM, BN] (0 outside B x n_sim): SOFT 1 from label features, 2 from a dense matrix."""
    rm = rows < B
    cm = cols < n_sim
    if SOFT == 1:
        kk = tl.arange(0, KP)
        pa = fa_ptr + rows[:, None] * s_fa + kk[None, :]
        pb = fb_ptr + cols[:, None] * s_fb + kk[None, :]
        va = tl.load(pa, mask=rm[:, None], other=0.0)
        va2 = tl.load(pa + KP, mask=rm[:, None], other=0.0)
        ka = tl.load(pa + 2 * KP, mask=rm[:, None], other=0.0)
        vb = tl.load(pb, mask=cm[:, None], other=0.0)
        vb2 = tl.load(pb + KP, mask=cm[:, None], other=0.0)
        kb = tl.load(pb + 2 * KP, mask=cm[:, None], other=0.0)
        dot = tl.dot(va, tl.trans(vb), input_precision="ieee")
        na2 = tl.dot(va2, tl.trans(kb), input_precision="ieee")
        nb2 = tl.dot(ka, tl.trans(vb2), input_precision="ieee")
        shared = tl.dot(ka, tl.trans(kb), input_precision="ieee")
        den = tl.sqrt_rn(na2 * nb2)
        cos = tl.where(den > 0, dot / tl.where(den > 0, den, 1.0), 0.0)
        sim = tl.where((na2 == 0) & (nb2 == 0) & (shared > 0), 1.0, cos)
        sim = tl.minimum(tl.maximum(sim, 0.0), 1.0)
    else:
        sim = tl.load(
            sim_ptr + rows[:, None] * s_sm + cols[None, :] * s_sn, mask=rm[:, None] & cm[None, :], other=0.0
        ).to(tl.float32)
        sim = tl.maximum(sim, 0.0)
    return tl.where(rm[:, None] & cm[None, :], sim, 0.0)


def _grad_tile(
    q_ptr,
    k_ptr,
    scale,
    rows,
    cols,
    tgt,
    lse,
    a,
    c,
    B,
    N,
    D,
    s_qm,
    s_qd,
    s_kn,
    s_kd,
    rid_ptr,
    cid_ptr,
    n_mask,
    fa_ptr,
    fb_ptr,
    sim_ptr,
    n_sim,
    s_fa,
    s_fb,
    s_sm,
    s_sn,
    ta_ptr,
    tb_ptr,
    n_text,
    E,
    s_ta,
    s_tb,
    inv_tau,
    td,
    tm,
    BM: tl.constexpr,
    BN: tl.constexpr,
    BD: tl.constexpr,
    KP: tl.constexpr,
    MASK: tl.constexpr,
    SOFT: tl.constexpr,
    TEXT: tl.constexpr,
    UPCAST: tl.constexpr,
    PREC: tl.constexpr,
):
    """``G = softmax - T`` on one tile (0 on invalid entries), float32."""
    z = _logits_tile(q_ptr, k_ptr, scale, rows, cols, B, N, D, s_qm, s_qd, s_kn, s_kd, BM, BN, BD, UPCAST, PREC)
    valid = _valid_tile(rows, cols, tgt, B, N, rid_ptr, cid_ptr, n_mask, MASK)
    g = tl.where(valid, tl.exp(z - lse[:, None]), 0.0)
    g = g - tl.where(valid & (cols[None, :] == tgt[:, None]), a[:, None], 0.0)
    if SOFT != 0:
        g = g - c[:, None] * _soft_tile(
            fa_ptr, fb_ptr, sim_ptr, rows, cols, B, n_sim, s_fa, s_fb, s_sm, s_sn, BM, BN, KP, SOFT
        )
    if TEXT:
        y = _text_tile(ta_ptr, tb_ptr, inv_tau, rows, cols, B, n_text, E, s_ta, s_tb, BM, BN, BD)
        tv = (rows[:, None] < B) & (cols[None, :] < n_text)
        g = g - tl.where(tv, td[:, None] * tl.exp(y - tm[:, None]), 0.0)
    return g


def _text_tile(
    ta_ptr, tb_ptr, inv_tau, rows, cols, B, n_text, E, s_ta, s_tb, BM: tl.constexpr, BN: tl.constexpr, BD: tl.constexpr
):
    """Text logits ``<u_i, u_j> / tau`` [BM, BN] (float32 features, IEEE dots; 0 outside B x n_text)."""
    return _logits_tile(ta_ptr, tb_ptr, inv_tau, rows, cols, B, n_text, E, s_ta, 1, s_tb, 1, BM, BN, BD, False, "ieee")


# ------------------------------------------------------------------------------------------------------ kernels


def _fwd_kernel(
    q_ptr,
    k_ptr,
    scale_ptr,
    tgt_ptr,
    rid_ptr,
    cid_ptr,
    fa_ptr,
    fb_ptr,
    sim_ptr,
    ta_ptr,
    tb_ptr,
    out_ptr,
    B,
    N,
    D,
    n_mask,
    n_sim,
    n_text,
    E,
    cols_per_split,
    n_splits,
    s_qm,
    s_qd,
    s_kn,
    s_kd,
    s_fa,
    s_fb,
    s_sm,
    s_sn,
    s_ta,
    s_tb,
    inv_tau,
    BM: tl.constexpr,
    BN: tl.constexpr,
    BD: tl.constexpr,
    KP: tl.constexpr,
    MASK: tl.constexpr,
    SOFT: tl.constexpr,
    TEXT: tl.constexpr,
    UPCAST: tl.constexpr,
    PREC: tl.constexpr,
):
    pid_m = tl.program_id(0)
    pid_s = tl.program_id(1)
    rows = pid_m * BM + tl.arange(0, BM)
    rm = rows < B
    tgt = tl.load(tgt_ptr + rows, mask=rm, other=-1)
    scale = tl.load(scale_ptr)
    m = tl.full((BM,), -1.0e30, tl.float32)
    lsum = tl.zeros((BM,), tl.float32)
    zt = tl.zeros((BM,), tl.float32)
    sz = tl.zeros((BM,), tl.float32)
    ss = tl.zeros((BM,), tl.float32)
    t_max = tl.full((BM,), -1.0e30, tl.float32)
    t_sum = tl.zeros((BM,), tl.float32)
    t_dot = tl.zeros((BM,), tl.float32)
    c_lo = pid_s * cols_per_split
    c_hi = tl.minimum(c_lo + cols_per_split, N)
    for c0 in range(c_lo, c_hi, BN):
        cols = c0 + tl.arange(0, BN)
        z = _logits_tile(q_ptr, k_ptr, scale, rows, cols, B, N, D, s_qm, s_qd, s_kn, s_kd, BM, BN, BD, UPCAST, PREC)
        valid = _valid_tile(rows, cols, tgt, B, N, rid_ptr, cid_ptr, n_mask, MASK)
        zm = tl.where(valid, z, -1.0e30)
        m_new = tl.maximum(m, tl.max(zm, 1))
        p = tl.where(valid, tl.exp(zm - m_new[:, None]), 0.0)
        lsum = lsum * tl.exp(m - m_new) + tl.sum(p, 1)
        m = m_new
        zt += tl.sum(tl.where(valid & (cols[None, :] == tgt[:, None]), z, 0.0), 1)
        if SOFT != 0:
            sim = _soft_tile(fa_ptr, fb_ptr, sim_ptr, rows, cols, B, n_sim, s_fa, s_fb, s_sm, s_sn, BM, BN, KP, SOFT)
            sz += tl.sum(sim * z, 1)
            ss += tl.sum(sim, 1)
        if TEXT:  # online softmax of the text logits and its weighted sum of z
            y = _text_tile(ta_ptr, tb_ptr, inv_tau, rows, cols, B, n_text, E, s_ta, s_tb, BM, BN, BD)
            tv = (rows[:, None] < B) & (cols[None, :] < n_text)
            ym = tl.where(tv, y, -1.0e30)
            t_new = tl.maximum(t_max, tl.max(ym, 1))
            e = tl.where(tv, tl.exp(ym - t_new[:, None]), 0.0)
            alpha = tl.exp(t_max - t_new)
            t_sum = t_sum * alpha + tl.sum(e, 1)
            t_dot = t_dot * alpha + tl.sum(e * z, 1)
            t_max = t_new
    stride = n_splits * B
    base = out_ptr + pid_s * B + rows
    tl.store(base, m, mask=rm)
    tl.store(base + stride, lsum, mask=rm)
    tl.store(base + 2 * stride, zt, mask=rm)
    tl.store(base + 3 * stride, sz, mask=rm)
    tl.store(base + 4 * stride, ss, mask=rm)
    if TEXT:
        tl.store(base + 5 * stride, t_max, mask=rm)
        tl.store(base + 6 * stride, t_sum, mask=rm)
        tl.store(base + 7 * stride, t_dot, mask=rm)


def _dq_kernel(
    q_ptr,
    k_ptr,
    scale_ptr,
    tgt_ptr,
    lse_ptr,
    a_ptr,
    c_ptr,
    rid_ptr,
    cid_ptr,
    fa_ptr,
    fb_ptr,
    sim_ptr,
    ta_ptr,
    tb_ptr,
    td_ptr,
    tm_ptr,
    dq_ptr,
    B,
    N,
    D,
    n_mask,
    n_sim,
    n_text,
    E,
    cols_per_split,
    s_qm,
    s_qd,
    s_kn,
    s_kd,
    s_fa,
    s_fb,
    s_sm,
    s_sn,
    s_ta,
    s_tb,
    inv_tau,
    BM: tl.constexpr,
    BN: tl.constexpr,
    BD: tl.constexpr,
    KP: tl.constexpr,
    MASK: tl.constexpr,
    SOFT: tl.constexpr,
    TEXT: tl.constexpr,
    UPCAST: tl.constexpr,
    PREC: tl.constexpr,
    LOWP: tl.constexpr,
):
    pid_m = tl.program_id(0)
    pid_s = tl.program_id(1)
    rows = pid_m * BM + tl.arange(0, BM)
    rm = rows < B
    tgt = tl.load(tgt_ptr + rows, mask=rm, other=-1)
    lse = tl.load(lse_ptr + rows, mask=rm, other=0.0)
    a = tl.load(a_ptr + rows, mask=rm, other=0.0)
    c = tl.load(c_ptr + rows, mask=rm, other=0.0)
    td = tl.load(td_ptr + rows, mask=rm, other=0.0)
    tm = tl.load(tm_ptr + rows, mask=rm, other=0.0)
    scale = tl.load(scale_ptr)
    c_lo = pid_s * cols_per_split
    c_hi = tl.minimum(c_lo + cols_per_split, N)
    out = dq_ptr + pid_s * B * D
    for c0 in range(c_lo, c_hi, BN):
        cols = c0 + tl.arange(0, BN)
        cm = cols < N
        g = _grad_tile(
            q_ptr,
            k_ptr,
            scale,
            rows,
            cols,
            tgt,
            lse,
            a,
            c,
            B,
            N,
            D,
            s_qm,
            s_qd,
            s_kn,
            s_kd,
            rid_ptr,
            cid_ptr,
            n_mask,
            fa_ptr,
            fb_ptr,
            sim_ptr,
            n_sim,
            s_fa,
            s_fb,
            s_sm,
            s_sn,
            ta_ptr,
            tb_ptr,
            n_text,
            E,
            s_ta,
            s_tb,
            inv_tau,
            td,
            tm,
            BM,
            BN,
            BD,
            KP,
            MASK,
            SOFT,
            TEXT,
            UPCAST,
            PREC,
        )
        if LOWP:
            g = g.to(k_ptr.dtype.element_ty)
            if UPCAST:
                g = g.to(tl.float32)
        for d0 in range(0, D, BD):
            dd = d0 + tl.arange(0, BD)
            dm = dd < D
            k = tl.load(k_ptr + cols[:, None] * s_kn + dd[None, :] * s_kd, mask=cm[:, None] & dm[None, :], other=0.0)
            if UPCAST:
                k = k.to(tl.float32)
            ptrs = out + rows[:, None] * D + dd[None, :]
            acc = tl.load(ptrs, mask=rm[:, None] & dm[None, :], other=0.0)
            acc = tl.dot(g, k, acc, input_precision=PREC)
            tl.store(ptrs, acc, mask=rm[:, None] & dm[None, :])
        tl.debug_barrier()


def _dk_kernel(
    q_ptr,
    k_ptr,
    scale_ptr,
    tgt_ptr,
    lse_ptr,
    a_ptr,
    c_ptr,
    rid_ptr,
    cid_ptr,
    fa_ptr,
    fb_ptr,
    sim_ptr,
    ta_ptr,
    tb_ptr,
    td_ptr,
    tm_ptr,
    dk_ptr,
    B,
    N,
    D,
    n_mask,
    n_sim,
    n_text,
    E,
    s_qm,
    s_qd,
    s_kn,
    s_kd,
    s_fa,
    s_fb,
    s_sm,
    s_sn,
    s_ta,
    s_tb,
    inv_tau,
    BM: tl.constexpr,
    BN: tl.constexpr,
    BD: tl.constexpr,
    KP: tl.constexpr,
    MASK: tl.constexpr,
    SOFT: tl.constexpr,
    TEXT: tl.constexpr,
    UPCAST: tl.constexpr,
    PREC: tl.constexpr,
    LOWP: tl.constexpr,
):
    pid_n = tl.program_id(0)
    cols = pid_n * BN + tl.arange(0, BN)
    cm = cols < N
    scale = tl.load(scale_ptr)
    for r0 in range(0, B, BM):
        rows = r0 + tl.arange(0, BM)
        rm = rows < B
        tgt = tl.load(tgt_ptr + rows, mask=rm, other=-1)
        lse = tl.load(lse_ptr + rows, mask=rm, other=0.0)
        a = tl.load(a_ptr + rows, mask=rm, other=0.0)
        c = tl.load(c_ptr + rows, mask=rm, other=0.0)
        td = tl.load(td_ptr + rows, mask=rm, other=0.0)
        tm = tl.load(tm_ptr + rows, mask=rm, other=0.0)
        g = _grad_tile(
            q_ptr,
            k_ptr,
            scale,
            rows,
            cols,
            tgt,
            lse,
            a,
            c,
            B,
            N,
            D,
            s_qm,
            s_qd,
            s_kn,
            s_kd,
            rid_ptr,
            cid_ptr,
            n_mask,
            fa_ptr,
            fb_ptr,
            sim_ptr,
            n_sim,
            s_fa,
            s_fb,
            s_sm,
            s_sn,
            ta_ptr,
            tb_ptr,
            n_text,
            E,
            s_ta,
            s_tb,
            inv_tau,
            td,
            tm,
            BM,
            BN,
            BD,
            KP,
            MASK,
            SOFT,
            TEXT,
            UPCAST,
            PREC,
        )
        if LOWP:
            g = g.to(q_ptr.dtype.element_ty)
            if UPCAST:
                g = g.to(tl.float32)
        gt = tl.trans(g)
        for d0 in range(0, D, BD):
            dd = d0 + tl.arange(0, BD)
            dm = dd < D
            q = tl.load(q_ptr + rows[:, None] * s_qm + dd[None, :] * s_qd, mask=rm[:, None] & dm[None, :], other=0.0)
            if UPCAST:
                q = q.to(tl.float32)
            ptrs = dk_ptr + cols[:, None] * D + dd[None, :]
            acc = tl.load(ptrs, mask=cm[:, None] & dm[None, :], other=0.0)
            acc = tl.dot(gt, q, acc, input_precision=PREC)
            tl.store(ptrs, acc, mask=cm[:, None] & dm[None, :])
        tl.debug_barrier()


_HELPERS = ("_logits_tile", "_valid_tile", "_soft_tile", "_text_tile", "_grad_tile")
_RAW = {name: globals()[name] for name in _HELPERS + ("_fwd_kernel", "_dq_kernel", "_dk_kernel")}
_BUILT: dict[bool, dict] = {}


def _kernels() -> dict:
    """The jit'ed kernels for the current ``TRITON_INTERPRET`` mode (helpers are rebound as module globals,
    which is where both the compiler and the interpreter look them up)."""
    mode = triton_interpreting()
    if mode not in _BUILT:
        _BUILT[mode] = {name: triton.jit(fn) for name, fn in _RAW.items()}
    built = _BUILT[mode]
    for name in _HELPERS:
        globals()[name] = built[name]
    return built


# --------------------------------------------------------------------------------------------------- launchers


def _blocks(opts: dict, device: torch.device) -> dict:
    base = INTERPRET_BLOCKS if device.type != "cuda" else DEFAULT_BLOCKS
    out = {**base, **{k: v for k, v in opts.items() if k != "splits"}}
    for key in ("BM", "BN", "BD"):
        v = int(out[key])
        if v < 16 or v & (v - 1):
            raise ValueError(f"Triton block {key} must be a power of two >= 16, got {v}")
    return out


def _splits(opts: dict, b: int, n: int, blocks: dict, device: torch.device) -> tuple[int, int]:
    """``(splits, columns per split)``: enough programs for the GPU (about 4 per SM), each split whole tiles."""
    tiles = max(1, triton.cdiv(n, blocks["BN"]))
    if "splits" in opts:
        want = int(opts["splits"])
    elif device.type == "cuda":
        sms = torch.cuda.get_device_properties(device).multi_processor_count
        want = triton.cdiv(4 * sms, max(1, triton.cdiv(b, blocks["BM"])))
    else:
        want = 1
    per = triton.cdiv(tiles, max(1, min(want, tiles))) * blocks["BN"]
    return triton.cdiv(max(n, 1), per), per


def _common(q, k, spec: TileTargets, s: torch.Tensor):
    """Pointer arguments shared by the kernels (dummies where a feature is off) and the constexpr flags."""
    if q.dtype not in (torch.float32, torch.bfloat16, torch.float16):
        raise ValueError(f"impl='triton' takes float32, bfloat16 or float16 embeddings, got {q.dtype}")
    dev = q.device
    dummy = torch.zeros(1, dtype=torch.float32, device=dev)
    ids_dummy = torch.zeros(1, dtype=torch.int64, device=dev)
    soft = 0
    fa = fb = sim = dummy
    s_fa = s_fb = s_sm = s_sn = 0
    kp = 16
    if spec.soft:
        if spec.similarity is not None:
            soft, sim = 2, spec.similarity
            s_sm, s_sn = sim.stride()
        else:
            soft = 1
            fa, fb = spec.row_features.contiguous(), spec.col_features.contiguous()
            kp, s_fa, s_fb = fa.shape[1] // 3, fa.stride(0), fb.stride(0)
    ta = tb = dummy
    e_dim = s_ta = s_tb = 0
    if spec.text_soft and spec.n_text:
        ta, tb = spec.row_text.float().contiguous(), spec.col_text.float().contiguous()
        e_dim, s_ta, s_tb = ta.shape[1], ta.stride(0), tb.stride(0)
    rid = spec.row_ids.contiguous() if spec.masked else ids_dummy
    cid = spec.col_ids.contiguous() if spec.masked else ids_dummy
    wide_dot = q.dtype == torch.float32
    prec = ("tf32" if torch.backends.cuda.matmul.allow_tf32 else "ieee") if wide_dot else None
    interp = triton_interpreting()
    ptrs = {"rid_ptr": rid, "cid_ptr": cid, "fa_ptr": fa, "fb_ptr": fb, "sim_ptr": sim, "ta_ptr": ta, "tb_ptr": tb}
    sizes = {
        "n_mask": spec.n_mask,
        "n_sim": spec.n_sim,
        "s_qm": q.stride(0),
        "s_qd": q.stride(1),
        "s_kn": k.stride(0),
        "s_kd": k.stride(1),
        "s_fa": s_fa,
        "s_fb": s_fb,
        "s_sm": s_sm,
        "s_sn": s_sn,
        "n_text": spec.n_text if e_dim else 0,
        "E": e_dim,
        "s_ta": s_ta,
        "s_tb": s_tb,
        "inv_tau": 1.0 / float(spec.text_temperature),
    }
    text = bool(e_dim)
    upcast = interp and not wide_dot
    flags = {"KP": kp, "MASK": spec.n_id_kinds, "SOFT": soft, "TEXT": text, "UPCAST": upcast, "PREC": prec}
    return ptrs, sizes, flags, s.float().reshape(1).contiguous(), spec.target.contiguous()


class TritonBackend:
    """The ``backend`` of ``tiled_ce._TiledCE`` running the kernels above."""

    @staticmethod
    def forward(q, k, s, spec: TileTargets, opts: dict):
        kern = _kernels()
        b, n, d = q.shape[0], k.shape[0], q.shape[1]
        blocks = _blocks(opts, q.device)
        n_splits, per = _splits(opts, b, n, blocks, q.device)
        ptrs, sizes, flags, scale, tgt = _common(q, k, spec, s)
        out = torch.empty((8 if flags["TEXT"] else 5, n_splits, b), dtype=torch.float32, device=q.device)
        if b:
            grid = (triton.cdiv(b, blocks["BM"]), n_splits)
            kern["_fwd_kernel"][grid](
                q,
                k,
                scale,
                tgt,
                out_ptr=out,
                B=b,
                N=n,
                D=d,
                cols_per_split=per,
                n_splits=n_splits,
                BM=blocks["BM"],
                BN=blocks["BN"],
                BD=blocks["BD"],
                num_warps=blocks["num_warps"],
                **ptrs,
                **sizes,
                **flags,
            )
        m, lsum, zt, sz, ss = out[:5].unbind(0)
        row_max = m.max(0).values if n_splits else m.new_full((b,), float("-inf"))
        lse = row_max + (lsum * torch.exp(m - row_max)).sum(0).log()
        text = None
        if flags["TEXT"]:  # the splits' online softmaxes combined, as the log-sum-exp above
            t_max, t_sum, t_dot = out[5:].unbind(0)
            top = t_max.max(0).values
            w = torch.exp(t_max - top)
            text = (top, (t_sum * w).sum(0), (t_dot * w).sum(0))
        return lse, row_max, zt.sum(0), sz.sum(0), ss.sum(0), text, ()

    @staticmethod
    def backward(q, k, s, spec: TileTargets, opts: dict, lse, co, saved, need_q: bool, need_k: bool, g_out):
        kern = _kernels()
        b, n, d = q.shape[0], k.shape[0], q.shape[1]
        blocks = _blocks(opts, q.device)
        ptrs, sizes, flags, scale, tgt = _common(q, k, spec, s)
        common = dict(
            scale_ptr=scale,
            tgt_ptr=tgt,
            lse_ptr=lse.float().contiguous(),
            a_ptr=co.a.float().contiguous(),
            c_ptr=co.c.float().contiguous(),
            td_ptr=(co.d if co.d is not None else torch.zeros_like(lse)).float().contiguous(),
            tm_ptr=(co.m if co.m is not None else torch.zeros_like(lse)).float().contiguous(),
            B=b,
            N=n,
            D=d,
            BM=blocks["BM"],
            BN=blocks["BN"],
            BD=blocks["BD"],
            num_warps=blocks["num_warps"],
            LOWP=q.dtype != torch.float32,
            **ptrs,
            **sizes,
            **flags,
        )
        dqu = dk = None
        if need_q:
            n_splits, per = _splits(opts, b, n, blocks, q.device)
            part = torch.zeros((n_splits, b, d), dtype=torch.float32, device=q.device)
            if b and n:
                grid = (triton.cdiv(b, blocks["BM"]), n_splits)
                kern["_dq_kernel"][grid](q, k, dq_ptr=part, cols_per_split=per, **common)
            dqu = part.sum(0)
        if need_k:
            acc = torch.zeros((n, d), dtype=torch.float32, device=q.device)
            if b and n:
                kern["_dk_kernel"][(triton.cdiv(n, blocks["BN"]),)](q, k, dk_ptr=acc, **common)
            dk = (acc * (s * g_out)).to(k.dtype)
        return dqu, dk
