"""PyTorch's ``varlen_attn`` changed its signature between releases (2.10: ``is_causal``; 2.11: ``window_size`` and
``scale``; later: ``enable_gqa``), and the flash path first ran on a GPU with a torch whose signature it did not
expect. ``_torch_varlen`` reads the signature and adapts; each signature is stood in here by a function of exactly
that signature computing the reference (with the restrictions of that release: equal head counts where it has no
``enable_gqa``, the 1/sqrt(D) scale where it has no ``scale``), and the adapter must give the reference's result for
grouped heads, causal and not, any scale."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.attention.varlen as torch_varlen

from megacxr.kernels.attention import backends as attn


def _reference(q, k, v, cu_q, cu_k, max_q, max_k, causal, scale):
    return attn.varlen_attention_reference(q, k, v, cu_q, cu_k, max_q, max_k, softmax_scale=scale, causal=causal)


def torch_2_10(query, key, value, cu_seq_q, cu_seq_k, max_q, max_k, is_causal=False, return_aux=None):
    assert query.shape[1] == key.shape[1], "this release has no grouped heads"
    return _reference(query, key, value, cu_seq_q, cu_seq_k, max_q, max_k, is_causal, None)


def torch_2_11(
    query, key, value, cu_seq_q, cu_seq_k, max_q, max_k, *, return_aux=None, scale=None, window_size=(-1, -1)
):
    assert query.shape[1] == key.shape[1], "this release has no grouped heads"
    assert tuple(window_size) in ((-1, -1), (-1, 0))
    return _reference(query, key, value, cu_seq_q, cu_seq_k, max_q, max_k, tuple(window_size) == (-1, 0), scale)


def torch_2_13(
    query, key, value, cu_seq_q, cu_seq_k, max_q, max_k, *, return_aux=None, scale=None, window_size=(-1, -1),
    enable_gqa=False, seqused_k=None, block_table=None, num_splits=None,
):  # fmt: skip
    assert enable_gqa or query.shape[1] == key.shape[1]
    return _reference(query, key, value, cu_seq_q, cu_seq_k, max_q, max_k, tuple(window_size) == (-1, 0), scale)


@pytest.fixture
def packed():
    gen = torch.Generator().manual_seed(0)
    lengths = [5, 9, 3]
    t = sum(lengths)
    q = torch.randn(t, 8, 16, generator=gen, dtype=torch.float64)
    k = torch.randn(t, 2, 16, generator=gen, dtype=torch.float64)  # 4 query heads per key/value head
    v = torch.randn(t, 2, 16, generator=gen, dtype=torch.float64)
    cu = torch.tensor([0, 5, 14, 17], dtype=torch.int32)
    return q, k, v, cu, max(lengths)


@pytest.mark.parametrize("release", [torch_2_10, torch_2_11, torch_2_13], ids=["2.10", "2.11", "2.13"])
@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("scale", [None, 1 / math.sqrt(16), 0.05])
def test_every_varlen_signature_computes_the_reference(monkeypatch, packed, release, causal, scale):
    monkeypatch.setattr(torch_varlen, "varlen_attn", release)
    attn._varlen_parameters.cache_clear()
    try:
        q, k, v, cu, m = packed
        got = attn._torch_varlen(q, k, v, cu, cu, m, m, softmax_scale=scale, causal=causal)
        want = attn.varlen_attention_reference(q, k, v, cu, cu, m, m, softmax_scale=scale, causal=causal)
        torch.testing.assert_close(got, want, rtol=1e-6, atol=1e-6)
    finally:
        attn._varlen_parameters.cache_clear()


def test_a_scale_the_kernel_cannot_take_scales_the_queries(monkeypatch, packed):
    seen = {}

    def no_scale(query, key, value, cu_seq_q, cu_seq_k, max_q, max_k, *, window_size=(-1, -1), enable_gqa=False):
        seen["query"] = query
        return attn.varlen_attention_reference(query, key, value, cu_seq_q, cu_seq_k, max_q, max_k)

    monkeypatch.setattr(torch_varlen, "varlen_attn", no_scale)
    attn._varlen_parameters.cache_clear()
    try:
        q, k, v, cu, m = packed
        got = attn._torch_varlen(q, k, v, cu, cu, m, m, softmax_scale=0.05)
        want = attn.varlen_attention_reference(q, k, v, cu, cu, m, m, softmax_scale=0.05)
        torch.testing.assert_close(got, want, rtol=1e-6, atol=1e-6)
        torch.testing.assert_close(seen["query"], q * 0.05 * 4.0)  # 0.05 / (1/sqrt(16))
        attn._torch_varlen(q, k, v, cu, cu, m, m, softmax_scale=0.25)
        assert seen["query"] is q  # the default scale: the queries pass untouched
    finally:
        attn._varlen_parameters.cache_clear()
