"""Padding-free packing (megacxr.data.packing): layout, no attention across boundaries, fill ratio on demo data."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from helpers_tokenizer import demo_report_texts, train_tokenizer

from megacxr.data.packing import (
    PackedBatch,
    block_diagonal_mask,
    document_ids,
    fill_ratio,
    pack_sequences,
    pad_sequences,
    padding_mask_4d,
    unpack,
)
from megacxr.data.text import TextConfig, TextEncoder

INSTRUCTION = "Retrieve the image that best matches the following report"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """(tokenized demo reports with the instruction prefix, encoder) from 400 synthetic MIMIC-CXR studies."""
    texts = demo_report_texts(tmp_path_factory.mktemp("demo"), studies=400)
    tok_dir = train_tokenizer(texts, tmp_path_factory.mktemp("tok"))
    enc = TextEncoder(tok_dir, TextConfig(instruction=INSTRUCTION))
    return enc.encode_batch(texts), enc


def random_seqs(seed=0, n=60, lo=3, hi=130, vocab=500):
    g = np.random.default_rng(seed)
    return [g.integers(5, vocab, size=int(g.integers(lo, hi))).tolist() for _ in range(n)]


# ----------------------------------------------------------------------------------------------------- layout


def test_pack_layout_and_extras():
    seqs = random_seqs()
    instr = [len(s) % 7 for s in seqs]
    labels = [[t + 1000 for t in s] for s in seqs]
    packs = pack_sequences(seqs, 256, pad_id=0, seq_extras={"instruction_len": instr}, token_extras={"labels": labels})
    seen = []
    for p in packs:
        assert p.input_ids.shape == p.position_ids.shape == (1, 256) and p.input_ids.dtype == torch.long
        assert p.cu_seqlens.dtype == torch.int32 and p.cu_seqlens[0] == 0
        assert p.num_tokens <= 256 and p.max_seqlen == int(p.lengths.max())
        for j, (s, piece) in enumerate(
            zip(p.seq_ids.tolist(), unpack(p.input_ids[..., None], p.cu_seqlens), strict=False)
        ):
            assert piece[:, 0].tolist() == seqs[s]
            a, b = int(p.cu_seqlens[j]), int(p.cu_seqlens[j + 1])
            assert p.position_ids[0, a:b].tolist() == list(range(b - a))
            assert p.extras["labels"][0, a:b].tolist() == labels[s]
            assert int(p.extras["instruction_len"][j]) == instr[s]
        tail = p.total_len - p.num_tokens
        assert p.input_ids[0, p.num_tokens :].eq(0).all()
        assert p.position_ids[0, p.num_tokens :].tolist() == list(range(tail))
        assert p.extras["labels"][0, p.num_tokens :].eq(-100).all()
        assert p.padded_cu_seqlens()[-1] == 256
        seen += p.seq_ids.tolist()
    assert sorted(seen) == list(range(len(seqs)))  # every sequence exactly once
    total = sum(len(s) for s in seqs)
    assert len(packs) <= -(-total // 256) + 1  # first-fit-decreasing wastes at most one row here
    again = pack_sequences(seqs, 256, pad_id=0)
    assert all(torch.equal(a.input_ids, b.input_ids) for a, b in zip(packs, again, strict=False))


def test_pack_limits_and_errors():
    seqs = random_seqs(1, n=40, lo=2, hi=10)
    packs = pack_sequences(seqs, 512, pad_id=0, max_sequences=8)
    assert all(p.num_sequences <= 8 for p in packs) and len(packs) == 5
    with pytest.raises(ValueError, match="token_budget=16"):
        pack_sequences([[1] * 10, [1] * 17], 16, pad_id=0)
    with pytest.raises(ValueError, match="instruction_len"):
        pack_sequences([[1, 2], [3]], 16, pad_id=0, seq_extras={"instruction_len": [1]})
    with pytest.raises(ValueError, match="labels"):
        pack_sequences([[1, 2], [3]], 16, pad_id=0, token_extras={"labels": [[1, 2], [3, 4]]})
    full = pack_sequences([[1] * 8, [2] * 8], 16, pad_id=0)
    assert len(full) == 1 and full[0].num_tokens == 16 and torch.equal(full[0].padded_cu_seqlens(), full[0].cu_seqlens)


def test_pad_sequences():
    b = pad_sequences(
        [[5, 6, 7], [8]], pad_id=0, token_extras={"labels": [[1, 2, 3], [4]]}, seq_extras={"instruction_len": [1, 0]}
    )
    assert b.input_ids.tolist() == [[5, 6, 7], [8, 0, 0]] and b.attention_mask.tolist() == [[1, 1, 1], [1, 0, 0]]
    assert b.extras["labels"].tolist() == [[1, 2, 3], [4, -100, -100]]
    assert b.extras["instruction_len"].tolist() == [1, 0]
    assert pad_sequences([[1]], pad_id=9, max_length=4).input_ids.tolist() == [[1, 9, 9, 9]]
    with pytest.raises(ValueError, match="max_length=2"):
        pad_sequences([[1, 2, 3]], pad_id=0, max_length=2)
    assert fill_ratio([b]) == pytest.approx(4 / 6)


def test_block_diagonal_mask_and_document_ids():
    cu = torch.tensor([0, 2, 5], dtype=torch.int32)
    assert document_ids(cu, 7).tolist() == [0, 0, 1, 1, 1, 2, 2]
    m = block_diagonal_mask(cu, 7)
    assert m.shape == (1, 1, 7, 7)
    allowed = (m[0, 0] == 0).int()
    expect = torch.zeros(7, 7, dtype=torch.int32)
    expect[:2, :2] = 1
    expect[2:5, 2:5] = 1
    expect[5:, 5:] = 1  # the padding tail sees only itself
    assert torch.equal(allowed, expect) and torch.isinf(m[0, 0][expect == 0]).all()
    pm = padding_mask_4d(torch.tensor([[1, 1, 0]]))
    assert pm.shape == (1, 1, 3, 3) and (pm[0, 0, :, :2] == 0).all() and torch.isinf(pm[0, 0, :, 2]).all()


# ---------------------------------------------------------------------------------- no attention across a boundary


def test_sdpa_packed_equals_each_sequence_alone():
    torch.manual_seed(0)
    lengths = [7, 1, 12, 4]
    packs = pack_sequences([[1] * n for n in lengths], 32, pad_id=0)
    assert len(packs) == 1
    p = packs[0]
    h, d, T = 4, 16, p.total_len
    q, k, v = (torch.randn(1, h, T, d) for _ in range(3))
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=p.attention_mask(q.dtype))
    assert torch.isfinite(out).all()  # no fully masked row, padding tail included
    for j in range(p.num_sequences):
        a, b = int(p.cu_seqlens[j]), int(p.cu_seqlens[j + 1])
        alone = F.scaled_dot_product_attention(q[:, :, a:b], k[:, :, a:b], v[:, :, a:b])
        torch.testing.assert_close(out[:, :, a:b], alone, atol=1e-5, rtol=1e-5)
    # negative control: without the block-diagonal mask the same comparison fails
    leaky = F.scaled_dot_product_attention(q, k, v)
    a, b = int(p.cu_seqlens[0]), int(p.cu_seqlens[1])
    assert (
        leaky[:, :, a:b] - F.scaled_dot_product_attention(q[:, :, a:b], k[:, :, a:b], v[:, :, a:b])
    ).abs().max() > 1e-2


def tiny_llama(vocab: int, impl: str):
    from transformers import LlamaConfig, LlamaModel

    torch.manual_seed(0)
    cfg = LlamaConfig(
        vocab_size=vocab,
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
    )
    cfg._attn_implementation = impl
    return LlamaModel(cfg).eval()


def run_alone(model, seq: list[int]) -> torch.Tensor:
    ids = torch.tensor([seq])
    mask = torch.zeros(1, 1, len(seq), len(seq))
    return model(input_ids=ids, attention_mask=mask, position_ids=torch.arange(len(seq))[None]).last_hidden_state[0]


def run_packed(model, p: PackedBatch, input_ids=None, inputs_embeds=None) -> torch.Tensor:
    kw = (
        {"inputs_embeds": inputs_embeds}
        if inputs_embeds is not None
        else {"input_ids": p.input_ids if input_ids is None else input_ids}
    )
    return model(**kw, attention_mask=p.attention_mask(), position_ids=p.position_ids).last_hidden_state


@pytest.mark.parametrize("impl", ["eager", "sdpa"])
def test_llama_packed_padded_and_alone_agree(demo, impl):
    encoded, enc = demo
    seqs = [e.input_ids for e in encoded[:9]]
    model = tiny_llama(len(enc.tokenizer), impl)
    packs = pack_sequences(seqs, 160, pad_id=enc.pad_id)
    assert len(packs) >= 2 and any(p.num_sequences >= 3 for p in packs) and any(p.num_tokens < 160 for p in packs)
    with torch.no_grad():
        alone = [run_alone(model, s) for s in seqs]
        for p in packs:
            for s, h in zip(p.seq_ids.tolist(), unpack(run_packed(model, p), p.cu_seqlens), strict=False):
                torch.testing.assert_close(h, alone[s], atol=1e-5, rtol=1e-5)
        padded = pad_sequences(seqs, enc.pad_id)
        L = padded.input_ids.shape[1]
        out = model(
            input_ids=padded.input_ids,
            attention_mask=padding_mask_4d(padded.attention_mask),
            position_ids=torch.arange(L)[None].expand(len(seqs), -1),
        ).last_hidden_state
        for i, s in enumerate(seqs):
            torch.testing.assert_close(out[i, : len(s)], alone[i], atol=1e-5, rtol=1e-5)
        # negative control: the packed row with a plain all-zeros mask leaks across sequences
        p = max(packs, key=lambda x: x.num_sequences)
        leaky = model(
            input_ids=p.input_ids,
            attention_mask=torch.zeros(1, 1, p.total_len, p.total_len),
            position_ids=p.position_ids,
        ).last_hidden_state
        s0 = int(p.seq_ids[0])
        assert (unpack(leaky, p.cu_seqlens)[0] - alone[s0]).abs().max() > 1e-3


@pytest.mark.parametrize("impl", ["eager", "sdpa"])
def test_changing_one_sequence_never_changes_another(demo, impl):
    encoded, enc = demo
    seqs = [e.input_ids for e in encoded[20:26]]
    model = tiny_llama(len(enc.tokenizer), impl)
    p = pack_sequences(seqs, sum(map(len, seqs)) + 5, pad_id=enc.pad_id)[0]
    assert p.num_sequences == len(seqs)
    with torch.no_grad():
        base = unpack(run_packed(model, p), p.cu_seqlens)
        for j in range(p.num_sequences):
            a, b = int(p.cu_seqlens[j]), int(p.cu_seqlens[j + 1])
            ids = p.input_ids.clone()
            ids[0, a + (b - a) // 2] = (ids[0, a + (b - a) // 2] + 7) % len(enc.tokenizer)
            out = unpack(run_packed(model, p, input_ids=ids), p.cu_seqlens)
            for i in range(p.num_sequences):
                diff = (out[i] - base[i]).abs().max()
                if i == j:
                    assert diff > 1e-4  # the edit does reach its own sequence
                else:
                    assert diff <= 1e-6, (i, j, float(diff))


def test_gradients_stay_inside_each_sequence(demo):
    """The CPU training path (sdpa + block-diagonal mask): a sequence's loss has zero gradient on the others."""
    encoded, enc = demo
    seqs = [e.input_ids for e in encoded[30:34]]
    model = tiny_llama(len(enc.tokenizer), "sdpa")
    p = pack_sequences(seqs, 512, pad_id=enc.pad_id)[0]
    emb = model.embed_tokens(p.input_ids).detach().requires_grad_(True)
    hidden = run_packed(model, p, inputs_embeds=emb)
    j = 1
    a, b = int(p.cu_seqlens[j]), int(p.cu_seqlens[j + 1])
    hidden[0, a:b].pow(2).sum().backward()
    g = emb.grad[0].abs().sum(-1)
    assert (g[a:b] > 0).all()
    assert g[:a].eq(0).all() and g[b:].eq(0).all()


# ------------------------------------------------------------------------------------------------- fill ratio


def test_fill_ratio_on_demo_report_lengths(demo):
    encoded, _ = demo
    seqs = [e.input_ids for e in encoded]
    lengths = np.array([len(s) for s in seqs])
    padded = [pad_sequences(seqs[i : i + 32], 0) for i in range(0, len(seqs), 32)]
    padded_fill = fill_ratio(padded)
    packed = {budget: fill_ratio(pack_sequences(seqs, budget, 0)) for budget in (512, 2048, 4096)}
    print(
        f"\ndemo reports: {len(seqs)}, tokens/report min {lengths.min()} median {np.median(lengths):.0f} "
        f"max {lengths.max()}; padded (batch 32, to the longest) fill {padded_fill:.3f}; packed fill "
        + ", ".join(f"{k}: {v:.3f}" for k, v in packed.items())
    )
    assert all(v >= 0.95 for v in packed.values())
    assert padded_fill < 0.60
    assert fill_ratio(pad_sequences(seqs[:32], 0, max_length=512)) < 0.2
