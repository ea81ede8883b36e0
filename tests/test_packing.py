"""Padding-free packing as the pipeline does it (``megacxr.data.batches.collate_text`` with a token budget):
layout, no attention across boundaries, fill ratio on demo data; and ``pad_sequences``."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from helpers.tokenizer import demo_report_texts, train_tokenizer

from megacxr.data.batches import collate_text
from megacxr.data.packing import document_ids, pad_sequences
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


def packed(seqs, budget, pad_id=0, labels=None) -> dict:
    return collate_text(seqs, [0] * len(seqs), pad_id, budget, labels)


def block_mask(cu_seqlens: torch.Tensor, total: int) -> torch.Tensor:
    """Additive [1, 1, T, T] mask from ``document_ids``: 0 inside a sequence (the tail with itself), -inf across."""
    doc = document_ids(cu_seqlens, total)
    return torch.zeros(total, total).masked_fill_(doc[:, None] != doc[None, :], float("-inf"))[None, None]


def pieces(hidden: torch.Tensor, cu_seqlens: torch.Tensor) -> list[torch.Tensor]:
    cu = cu_seqlens.tolist()
    return [hidden[0, a:b] for a, b in zip(cu[:-1], cu[1:], strict=True)]


# ---------------------------------------------------------------------------------------------------- layout


def test_packed_layout_and_labels():
    seqs = random_seqs()
    labels = [[t + 1000 for t in s] for s in seqs]
    p = collate_text(seqs, [len(s) % 7 for s in seqs], 0, 256, labels)
    total = sum(map(len, seqs))
    slots = -(-total // 256) * 256
    assert p["input_ids"].shape == p["position_ids"].shape == p["labels"].shape == (1, slots)
    assert p["cu_seqlens"].dtype == torch.int32 and p["cu_seqlens"].tolist()[-1] == total
    assert p["max_seqlen"] == max(map(len, seqs)) and p["instruction_len"].tolist() == [len(s) % 7 for s in seqs]
    ids, pos = pieces(p["input_ids"][..., None], p["cu_seqlens"]), pieces(p["position_ids"][..., None], p["cu_seqlens"])
    for s, piece, where in zip(seqs, ids, pos, strict=True):
        assert piece[:, 0].tolist() == s and where[:, 0].tolist() == list(range(len(s)))
    assert p["labels"][0, :total].tolist() == [t for r in labels for t in r]
    assert p["input_ids"][0, total:].eq(0).all() and p["labels"][0, total:].eq(-100).all()
    assert p["position_ids"][0, total:].tolist() == list(range(slots - total))
    with pytest.raises(ValueError, match="empty sequence"):
        packed([[1], []], 16)


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
    with pytest.raises(ValueError, match="instruction_len"):
        pad_sequences([[1, 2], [3]], 0, seq_extras={"instruction_len": [1]})


def test_document_ids_and_the_block_mask():
    cu = torch.tensor([0, 2, 5], dtype=torch.int32)
    assert document_ids(cu, 7).tolist() == [0, 0, 1, 1, 1, 2, 2]
    m = block_mask(cu, 7)
    allowed = (m[0, 0] == 0).int()
    expect = torch.zeros(7, 7, dtype=torch.int32)
    expect[:2, :2] = 1
    expect[2:5, 2:5] = 1
    expect[5:, 5:] = 1  # the padding tail sees only itself
    assert torch.equal(allowed, expect) and torch.isinf(m[0, 0][expect == 0]).all()


# ---------------------------------------------------------------------------------- no attention across a boundary


def test_sdpa_packed_equals_each_sequence_alone():
    torch.manual_seed(0)
    lengths = [7, 1, 12, 4]
    p = packed([[1] * n for n in lengths], 32)
    cu = p["cu_seqlens"]
    h, d, T = 4, 16, p["input_ids"].shape[1]
    q, k, v = (torch.randn(1, h, T, d) for _ in range(3))
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=block_mask(cu, T))
    assert torch.isfinite(out).all()  # no fully masked row, padding tail included
    for j in range(len(lengths)):
        a, b = int(cu[j]), int(cu[j + 1])
        alone = F.scaled_dot_product_attention(q[:, :, a:b], k[:, :, a:b], v[:, :, a:b])
        torch.testing.assert_close(out[:, :, a:b], alone, atol=1e-5, rtol=1e-5)
    # negative control: without the block-diagonal mask the same comparison fails
    leaky = F.scaled_dot_product_attention(q, k, v)
    a, b = int(cu[0]), int(cu[1])
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


def run_packed(model, p: dict, input_ids=None, inputs_embeds=None) -> torch.Tensor:
    kw = (
        {"inputs_embeds": inputs_embeds}
        if inputs_embeds is not None
        else {"input_ids": p["input_ids"] if input_ids is None else input_ids}
    )
    mask = block_mask(p["cu_seqlens"], p["input_ids"].shape[1])
    return model(**kw, attention_mask=mask, position_ids=p["position_ids"]).last_hidden_state


@pytest.mark.parametrize("impl", ["eager", "sdpa"])
def test_llama_packed_padded_and_alone_agree(demo, impl):
    encoded, enc = demo
    seqs = [e.input_ids for e in encoded[:9]]
    model = tiny_llama(len(enc.tokenizer), impl)
    p = packed(seqs, 160, enc.pad_id)
    assert p["cu_seqlens"].tolist()[-1] < p["input_ids"].shape[1]  # a padding tail too
    with torch.no_grad():
        alone = [run_alone(model, s) for s in seqs]
        for s, h in enumerate(pieces(run_packed(model, p), p["cu_seqlens"])):
            torch.testing.assert_close(h, alone[s], atol=1e-5, rtol=1e-5)
        padded = pad_sequences(seqs, enc.pad_id)
        L = padded.input_ids.shape[1]
        keep = padded.attention_mask.bool()[:, None, None, :].expand(-1, 1, L, -1)
        out = model(
            input_ids=padded.input_ids,
            attention_mask=torch.zeros(keep.shape).masked_fill_(~keep, float("-inf")),
            position_ids=torch.arange(L)[None].expand(len(seqs), -1),
        ).last_hidden_state
        for i, s in enumerate(seqs):
            torch.testing.assert_close(out[i, : len(s)], alone[i], atol=1e-5, rtol=1e-5)
        # negative control: the packed row with a plain all-zeros mask leaks across sequences
        T = p["input_ids"].shape[1]
        leaky = model(
            input_ids=p["input_ids"], attention_mask=torch.zeros(1, 1, T, T), position_ids=p["position_ids"]
        ).last_hidden_state
        assert (pieces(leaky, p["cu_seqlens"])[1] - alone[1]).abs().max() > 1e-3


@pytest.mark.parametrize("impl", ["eager", "sdpa"])
def test_changing_one_sequence_never_changes_another(demo, impl):
    encoded, enc = demo
    seqs = [e.input_ids for e in encoded[20:26]]
    model = tiny_llama(len(enc.tokenizer), impl)
    p = packed(seqs, sum(map(len, seqs)) + 5, enc.pad_id)
    cu = p["cu_seqlens"]
    with torch.no_grad():
        base = pieces(run_packed(model, p), cu)
        for j in range(len(seqs)):
            a, b = int(cu[j]), int(cu[j + 1])
            ids = p["input_ids"].clone()
            ids[0, a + (b - a) // 2] = (ids[0, a + (b - a) // 2] + 7) % len(enc.tokenizer)
            out = pieces(run_packed(model, p, input_ids=ids), cu)
            for i in range(len(seqs)):
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
    p = packed(seqs, 512, enc.pad_id)
    emb = model.embed_tokens(p["input_ids"]).detach().requires_grad_(True)
    hidden = run_packed(model, p, inputs_embeds=emb)
    j = 1
    a, b = int(p["cu_seqlens"][j]), int(p["cu_seqlens"][j + 1])
    hidden[0, a:b].pow(2).sum().backward()
    g = emb.grad[0].abs().sum(-1)
    assert (g[a:b] > 0).all()
    assert g[:a].eq(0).all() and g[b:].eq(0).all()


# ------------------------------------------------------------------------------------------------- fill ratio


def test_fill_ratio_on_demo_report_lengths(demo):
    """Real tokens over token slots: the pipeline's packed batches of 32 reports against padded ones."""
    encoded, _ = demo
    seqs = [e.input_ids for e in encoded]
    lengths = np.array([len(s) for s in seqs])
    groups = [seqs[i : i + 32] for i in range(0, len(seqs), 32)]
    real = int(lengths.sum())
    padded_fill = real / sum(pad_sequences(g, 0).input_ids.numel() for g in groups)
    packed_fill = {b: real / sum(packed(g, b)["input_ids"].numel() for g in groups) for b in (512, 2048)}
    print(
        f"\ndemo reports: {len(seqs)}, tokens/report min {lengths.min()} median {np.median(lengths):.0f} "
        f"max {lengths.max()}; padded (batch 32, to the longest) fill {padded_fill:.3f}; packed fill "
        + ", ".join(f"{k}: {v:.3f}" for k, v in packed_fill.items())
    )
    assert packed_fill[512] >= 0.8 and packed_fill[512] > padded_fill + 0.25  # the tail of the last slot only
    assert padded_fill < 0.60
