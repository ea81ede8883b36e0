"""Fused linear cross-entropy (megacxr.losses.linear_ce) against the plain head + cross-entropy.

* ``linear_cross_entropy`` (row blocks, optional vocabulary blocks, soft cap, bias, ignored rows, sum / mean)
  against ``F.cross_entropy(F.linear(h, W, b).float(), y)``: loss and the gradients of the hidden states, the
  weight and the bias; a frozen head (the online one-pass path) gets no gradient;
* ``mntp_loss_fused`` against ``mntp_loss`` on padded and packed batches (MntpOutput fields, gradients);
* the largest allocation of the fused path stays below one [K, V] float32 logit matrix (the reference's is at
  least that: the check can fail), measured with ``torch.profiler``'s memory records;
* liger-kernel is optional: ``auto`` takes the chunked path without it or off CUDA.

Relative error at most 1e-10 in float64, 1e-5 in float32, 2e-2 in bfloat16.
"""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.profiler import ProfilerActivity, profile

import megacxr.kernels.linear_ce.chunked as linear_ce
from megacxr.losses.linear_ce import linear_cross_entropy, mntp_loss_fused
from megacxr.losses.mntp import mntp_loss

TOL = {torch.float64: 1e-10, torch.float32: 1e-5, torch.bfloat16: 2e-2}
K, H, V = 29, 24, 53


def _rel(a, b) -> float:
    a, b = a.detach().double(), b.detach().double()
    return float((a - b).norm() / b.norm().clamp(min=1e-300))


def _inputs(dtype, seed=0, bias=True):
    g = torch.Generator().manual_seed(seed)
    h = torch.randn(K, H, generator=g, dtype=torch.float64).to(dtype).requires_grad_()
    w = (0.5 * torch.randn(V, H, generator=g, dtype=torch.float64)).to(dtype).requires_grad_()
    b = torch.randn(V, generator=g, dtype=torch.float64).to(dtype).requires_grad_() if bias else None
    y = torch.randint(0, V, (K,), generator=g)
    y[[3, 17]] = -100
    return h, w, b, y


def _plain(h, w, b, y, cap, reduction):
    logits = F.linear(h, w, b)
    logits = logits if logits.dtype in (torch.float32, torch.float64) else logits.float()
    if cap is not None:
        logits = cap * torch.tanh(logits / cap)
    return F.cross_entropy(logits, y, reduction=reduction)


def _run(fn, tensors):
    loss = fn()
    loss.backward()
    grads = [t.grad.clone() for t in tensors]
    for t in tensors:
        t.grad = None
    return loss.detach(), grads


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32, torch.bfloat16])
@pytest.mark.parametrize("cap", [None, 7.0])
@pytest.mark.parametrize("vocab_chunk", [None, 13])
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_linear_ce_matches_plain(dtype, cap, vocab_chunk, reduction):
    h, w, b, y = _inputs(dtype)
    ref, g_ref = _run(lambda: _plain(h, w, b, y, cap, reduction), [h, w, b])
    got, g_got = _run(
        lambda: linear_cross_entropy(
            h, w, y, b, softcap=cap, reduction=reduction, row_chunk=8, vocab_chunk=vocab_chunk, impl="chunked"
        ),
        [h, w, b],
    )
    assert _rel(got, ref) <= TOL[dtype]
    for name, a, r in zip(("hidden", "weight", "bias"), g_got, g_ref, strict=False):
        assert a.dtype == r.dtype
        assert _rel(a, r) <= TOL[dtype], name


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32, torch.bfloat16])
@pytest.mark.parametrize("cap", [None, 7.0])
@pytest.mark.parametrize("vocab_chunk", [None, 13])
def test_frozen_head_matches_plain(dtype, cap, vocab_chunk):
    """A frozen head (LoRA) takes the one-pass online path: only the hidden states get a gradient."""
    h, w, b, y = _inputs(dtype, seed=1)
    w.requires_grad_(False), b.requires_grad_(False)
    ref, (g_ref,) = _run(lambda: _plain(h, w, b, y, cap, "sum"), [h])
    got, (g_got,) = _run(
        lambda: linear_cross_entropy(h, w, y, b, softcap=cap, impl="chunked", row_chunk=11, vocab_chunk=vocab_chunk),
        [h],
    )
    assert _rel(got, ref) <= TOL[dtype] and _rel(g_got, g_ref) <= TOL[dtype]
    assert w.grad is None and b.grad is None
    with torch.no_grad():
        plain = linear_cross_entropy(h, w, y, b, softcap=cap, impl="chunked", vocab_chunk=vocab_chunk)
    assert _rel(plain, ref) <= TOL[dtype]


def _largest_allocation(fn) -> int:
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        fn()
    return max(e.cpu_memory_usage for e in prof.events())


def test_fused_never_allocates_the_logit_matrix():
    k, h_dim, v = 64, 16, 6000
    h = torch.randn(k, h_dim, requires_grad=True)
    w = torch.randn(v, h_dim, requires_grad=True)
    y = torch.randint(0, v, (k,))
    logits_bytes = k * v * 4
    ref = _largest_allocation(lambda: _plain(h, w, None, y, None, "sum").backward())
    fused = _largest_allocation(lambda: linear_cross_entropy(h, w, y, row_chunk=8, impl="chunked").backward())
    assert ref >= logits_bytes
    assert fused < logits_bytes / 2


def test_validation():
    h, w, b, y = _inputs(torch.float32)
    with pytest.raises(ValueError, match="target values"):
        linear_cross_entropy(h, w, torch.full((K,), V), impl="chunked")
    with pytest.raises(ValueError, match="disagree"):
        linear_cross_entropy(h, w[:, :3], y, impl="chunked")
    with pytest.raises(ValueError, match="row_chunk"):
        linear_cross_entropy(h, w, y, row_chunk=0)


def test_liger_is_optional(monkeypatch):
    assert linear_ce._resolve("auto", torch.device("cpu")) == "chunked"
    monkeypatch.setattr(linear_ce, "liger_available", lambda: False)
    assert linear_ce._resolve("auto", torch.device("cuda")) == "chunked"
    with pytest.raises(RuntimeError, match="liger-kernel"):
        linear_ce._resolve("liger", torch.device("cpu"))
    monkeypatch.setattr(linear_ce, "liger_available", lambda: True)
    assert linear_ce._resolve("auto", torch.device("cuda")) == "liger"
    # auto on CPU computes the plain function
    h, w, b, y = _inputs(torch.float64, seed=2)
    got = linear_cross_entropy(h, w, y, b, impl="auto")
    assert _rel(got, _plain(h, w, b, y, None, "sum")) <= 1e-12


# -------------------------------------------------------------------------------------------------- MNTP loss


def _mntp_batches():
    g = torch.Generator().manual_seed(5)
    padded = (
        torch.randn(3, 9, H, generator=g, dtype=torch.float64),
        torch.where(torch.rand(3, 9, generator=g) < 0.4, torch.randint(0, V, (3, 9), generator=g), -100),
        None,
    )
    y = torch.where(torch.rand(1, 20, generator=g) < 0.4, torch.randint(0, V, (1, 20), generator=g), -100)
    y[0, 7] = 4  # on a sequence start: dropped and counted
    packed = (torch.randn(1, 20, H, generator=g, dtype=torch.float64), y, torch.tensor([0, 7, 12, 18]))
    return {"padded": padded, "packed": packed}


@pytest.mark.parametrize("layout", ["padded", "packed"])
@pytest.mark.parametrize("cap", [None, 30.0])
def test_mntp_loss_fused_matches_mntp_loss(layout, cap):
    hidden, labels, cu = _mntp_batches()[layout]
    torch.manual_seed(0)
    head = nn.Linear(H, V, bias=True).double()
    h = hidden.clone().requires_grad_()
    tensors = [h, head.weight, head.bias]
    outs = {}
    for name, fn, kw in (("ref", mntp_loss, {}), ("fused", mntp_loss_fused, {"impl": "chunked", "vocab_chunk": 20})):
        out = fn(h, labels, head, cu_seqlens=cu, logit_softcap=cap, chunk_size=3, **kw)
        out.loss.backward()
        outs[name] = (out, [t.grad.clone() for t in tensors])
        for t in tensors:
            t.grad = None
    (ref, g_ref), (got, g_got) = outs["ref"], outs["fused"]
    assert got.num_masked == ref.num_masked > 0
    assert got.info == ref.info
    assert _rel(got.loss, ref.loss) <= 1e-10 and _rel(got.global_loss, ref.global_loss) <= 1e-10
    for a, b in zip(g_got, g_ref, strict=False):
        assert _rel(a, b) <= 1e-10
    if layout == "packed":
        assert got.info["dropped_start_labels"] == 1


def test_mntp_loss_fused_falls_back_for_a_head_without_weight():
    hidden, labels, cu = _mntp_batches()["padded"]
    torch.manual_seed(0)
    head = nn.Sequential(nn.Linear(H, V)).double()  # no .weight: the plain mntp_loss runs
    a = mntp_loss_fused(hidden, labels, head, impl="chunked")
    b = mntp_loss(hidden, labels, head)
    assert float(a.loss.detach()) == float(b.loss.detach())
