"""MNTP masking (megacxr.data.masking): exact counts, protected positions, labels, packed rows, determinism."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from helpers.tokenizer import train_tokenizer

from megacxr.data.batches import collate_text
from megacxr.data.masking import IGNORE, MaskingConfig, mask_packed, mask_padded, mask_tokens, resolve_mask_token
from megacxr.data.packing import pad_sequences
from megacxr.errors import ConfigError

BOS, EOS, PAD, MASK = 2, 3, 0, 4
SPECIAL = {PAD, 1, BOS, EOS, MASK}
CFG = MaskingConfig(ratio=0.2, mask_token_id=MASK)


def seq(n: int, seed: int = 0) -> list[int]:
    g = np.random.default_rng(seed)
    return [BOS] + g.integers(10, 400, size=n).tolist() + [EOS]


def expected_count(ratio: float, maskable: int) -> int:
    if maskable == 0 or ratio == 0:
        return 0
    return min(maskable, max(1, math.floor(ratio * maskable + 0.5)))


def check_row(ids, masked, labels, prefix=0, cfg=CFG):
    """Masked positions: allowed ones only, exact count, labels = original ids, mask id in the input."""
    ids, masked, labels = list(ids), list(masked), list(labels)
    pos = [i for i, lab in enumerate(labels) if lab != IGNORE]
    allowed = [i for i, t in enumerate(ids) if i > 0 and i >= prefix and t not in SPECIAL]
    assert set(pos) <= set(allowed)
    assert len(pos) == expected_count(cfg.ratio, len(allowed))
    for i in range(len(ids)):
        if i in pos:
            assert labels[i] == ids[i] and masked[i] == cfg.mask_token_id
        else:
            assert masked[i] == ids[i]
    return pos


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7, 12, 33, 100, 500])
def test_exact_count_and_protected_positions(n):
    ids = seq(n, n)
    masked, labels = mask_tokens(ids, CFG, SPECIAL, np.random.default_rng(n), protect_prefix=3)
    pos = check_row(ids, masked, labels, prefix=3)
    assert len(pos) == expected_count(0.2, max(0, n - 2))
    assert isinstance(masked, list) and isinstance(labels, list)


def test_first_token_never_masked_even_without_bos():
    for seed in range(50):
        masked, labels = mask_tokens([11, 12], CFG, SPECIAL, np.random.default_rng(seed))
        assert labels == [IGNORE, 12] and masked == [11, MASK]
    masked, labels = mask_tokens([11], CFG, SPECIAL, np.random.default_rng(0))
    assert labels == [IGNORE] and masked == [11]


def test_ratio_zero_and_nothing_maskable_and_all_ratios():
    assert mask_tokens(seq(10), MaskingConfig(0.0, MASK), SPECIAL, np.random.default_rng(0))[1] == [IGNORE] * 12
    assert mask_tokens([BOS, EOS, PAD], CFG, SPECIAL, np.random.default_rng(0))[1] == [IGNORE] * 3
    for ratio in (0.05, 0.15, 0.25, 0.5, 1.0):
        ids = seq(37)
        cfg = MaskingConfig(ratio, MASK)
        check_row(ids, *mask_tokens(ids, cfg, SPECIAL, np.random.default_rng(1)), cfg=cfg)
    # special tokens may be masked when the config allows it, the first token still never
    cfg = MaskingConfig(1.0, MASK, never_mask_special=False, keep_instruction=False)
    masked, labels = mask_tokens([BOS, 11, EOS], cfg, SPECIAL, np.random.default_rng(0), protect_prefix=2)
    assert labels == [IGNORE, 11, EOS]


def test_deterministic_for_the_same_rng_state_and_uniform():
    ids = seq(60)
    a = mask_tokens(ids, CFG, SPECIAL, np.random.default_rng(5))
    b = mask_tokens(ids, CFG, SPECIAL, np.random.default_rng(5))
    c = mask_tokens(ids, CFG, SPECIAL, np.random.default_rng(6))
    assert a == b and a != c
    g = np.random.default_rng(0)
    mask_tokens(ids, CFG, SPECIAL, g)
    state = g.bit_generator.state
    nxt = mask_tokens(ids, CFG, SPECIAL, g)
    g2 = np.random.default_rng()
    g2.bit_generator.state = state
    assert mask_tokens(ids, CFG, SPECIAL, g2) == nxt
    # every allowed position is chosen about equally often
    g = np.random.default_rng(1)
    hits = np.zeros(len(ids))
    for _ in range(3000):
        hits += np.array(mask_tokens(ids, CFG, SPECIAL, g)[1]) != IGNORE
    assert hits[0] == hits[-1] == 0
    rate = hits[1:-1] / 3000
    assert np.allclose(rate, 12 / 60, atol=0.04)


def test_tensor_inputs_keep_their_shape():
    ids = torch.tensor(seq(20))
    masked, labels = mask_tokens(ids, CFG, SPECIAL, np.random.default_rng(0))
    assert masked.shape == labels.shape == ids.shape and masked.dtype == torch.long
    check_row(ids.tolist(), masked.tolist(), labels.tolist())
    rows = torch.tensor([seq(20, 1), seq(20, 2)])
    masked, labels = mask_tokens(rows, CFG, SPECIAL, np.random.default_rng(0), protect_prefix=4)
    assert masked.shape == rows.shape
    for r in range(2):
        check_row(rows[r].tolist(), masked[r].tolist(), labels[r].tolist(), prefix=4)


def test_packed_rows_are_masked_per_sequence():
    """The pipeline's packed layout (``collate_text`` with a token budget: one row, sequences back to back, a
    padding tail): each sequence is masked on its own, its prefix and first token protected."""
    seqs = [seq(n, n) for n in (3, 40, 1, 17, 60, 8)]
    seqs.append([21, 22, 23, 24, 25, 26])  # no BOS: its first token is still protected
    prefixes = [0, 5, 0, 2, 9, 1, 0]
    p = collate_text(seqs, prefixes, PAD, 96)
    assert p["input_ids"].shape == (1, 192)  # 141 real tokens in slots of 96
    masked, labels = mask_packed(
        p["input_ids"], p["cu_seqlens"], CFG, SPECIAL, np.random.default_rng(0), protect_prefix=p["instruction_len"]
    )
    assert masked.shape == labels.shape == p["input_ids"].shape
    cu = p["cu_seqlens"].tolist()
    for s in range(len(seqs)):
        a, b = cu[s], cu[s + 1]
        check_row(seqs[s], masked[0, a:b].tolist(), labels[0, a:b].tolist(), prefix=prefixes[s])
        assert labels[0, a] == IGNORE
    assert labels[0, cu[-1] :].eq(IGNORE).all() and torch.equal(masked[0, cu[-1] :], p["input_ids"][0, cu[-1] :])
    # the shifted loss pairs hidden state i-1 with label i: never across a sequence boundary
    doc = torch.searchsorted(p["cu_seqlens"][1:].long(), torch.arange(p["input_ids"].shape[1]), right=True)
    pos = (labels[0] != IGNORE).nonzero().flatten()
    assert (pos > 0).all() and (doc[pos] == doc[pos - 1]).all()
    with pytest.raises(ValueError, match="protect_prefix"):
        mask_packed(p["input_ids"], p["cu_seqlens"], CFG, SPECIAL, np.random.default_rng(0), protect_prefix=[1])


def test_padded_batch_masks_real_tokens_only():
    seqs = [seq(30, 1), seq(4, 2), seq(12, 3)]
    b = pad_sequences(seqs, PAD)
    masked, labels = mask_padded(
        b.input_ids, b.attention_mask, CFG, SPECIAL, np.random.default_rng(0), protect_prefix=[2, 0, 1]
    )
    for r, s in enumerate(seqs):
        check_row(s, masked[r, : len(s)].tolist(), labels[r, : len(s)].tolist(), prefix=[2, 0, 1][r])
        assert labels[r, len(s) :].eq(IGNORE).all()


def test_mask_token_resolution(tmp_path):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(train_tokenizer(["no effusion"], tmp_path / "tok")))
    with pytest.raises(ConfigError, match="masking.mask_token_id"):
        mask_tokens([1, 2, 3], MaskingConfig(), SPECIAL, np.random.default_rng(0))
    assert resolve_mask_token(MaskingConfig(), tok).mask_token_id == tok.mask_token_id == MASK
    assert resolve_mask_token(MaskingConfig(mask_token_id=77), tok).mask_token_id == 77
    tok.mask_token = None
    with pytest.raises(ConfigError, match="masking.mask_token_id"):
        resolve_mask_token(MaskingConfig(), tok)
    with pytest.raises(ConfigError, match="masking.ratio"):
        MaskingConfig(ratio=1.5)


def test_bert_style_replacement_80_10_10():
    """mask_fraction 0.8, random_fraction 0.1: of the selected positions about 80% become the mask token, 10% a
    random non-special token, 10% stay; labels sit at every selected position; the count rule is unchanged."""
    cfg = MaskingConfig(ratio=0.2, mask_token_id=MASK, mask_fraction=0.8, random_fraction=0.1, vocab_size=12)
    g = np.random.default_rng(0)
    kinds = {"mask": 0, "random": 0, "kept": 0}
    swapped = []
    for r in range(400):
        ids = seq(50, r)
        masked, labels = mask_tokens(ids, cfg, SPECIAL, g, protect_prefix=2)
        pos = [i for i, lab in enumerate(labels) if lab != IGNORE]
        assert len(pos) == expected_count(0.2, 49) and min(pos) >= 2
        assert all(labels[i] == ids[i] for i in pos)
        assert all(masked[i] == ids[i] for i in range(len(ids)) if i not in pos)
        for i in pos:
            if masked[i] == MASK:
                kinds["mask"] += 1
            elif masked[i] == ids[i]:
                kinds["kept"] += 1  # (a random draw equal to the original also lands here: ~1 in 12)
            else:
                kinds["random"] += 1
                swapped.append(masked[i])
    n = sum(kinds.values())  # 4000 positions: the binomial sd of a 10% share is 0.5%
    assert abs(kinds["mask"] / n - 0.8) < 0.025
    assert abs(kinds["random"] / n - 0.1 * 11 / 12) < 0.02 and abs(kinds["kept"] / n - 0.1 - 0.1 / 12) < 0.02
    assert not set(swapped) & SPECIAL and set(swapped) <= set(range(12))  # below vocab_size, never special
    assert len(set(swapped)) == 12 - len(SPECIAL & set(range(12)))  # every ordinary id is drawn


def test_bert_style_is_deterministic_and_the_default_draws_as_before():
    ids = seq(80)
    bert = MaskingConfig(ratio=0.3, mask_token_id=MASK, mask_fraction=0.8, random_fraction=0.1, vocab_size=400)
    assert mask_tokens(ids, bert, SPECIAL, np.random.default_rng(3)) == mask_tokens(
        ids, bert, SPECIAL, np.random.default_rng(3)
    )
    # all-mask consumes the generator exactly as the one-draw rule: the positions equal a bare rng.choice
    g, ref = np.random.default_rng(9), np.random.default_rng(9)
    labels = mask_tokens(ids, MaskingConfig(ratio=0.3, mask_token_id=MASK), SPECIAL, g)[1]
    allowed = np.arange(1, len(ids) - 1)
    want = ref.choice(allowed, size=expected_count(0.3, len(allowed)), replace=False)
    assert sorted(i for i, lab in enumerate(labels) if lab != IGNORE) == sorted(want.tolist())
    assert g.bit_generator.state == ref.bit_generator.state
    with pytest.raises(ConfigError, match="exceeds 1"):
        MaskingConfig(mask_fraction=0.8, random_fraction=0.3)
    with pytest.raises(ConfigError, match="vocab_size"):
        mask_tokens(ids, MaskingConfig(mask_token_id=MASK, mask_fraction=0.0, random_fraction=1.0), SPECIAL, g)


def test_mask_token_by_text_for_tokenizers_without_one(tmp_path):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(train_tokenizer(["no effusion seen"], tmp_path / "tok")))
    tok.mask_token = None
    effusion = tok.convert_tokens_to_ids("effusion")
    got = resolve_mask_token(MaskingConfig(mask_token="effusion", random_fraction=0.1, mask_fraction=0.8), tok)
    assert got.mask_token_id == effusion and got.vocab_size == len(tok)
    assert resolve_mask_token(MaskingConfig(mask_token_id=5, mask_token="effusion"), tok).mask_token_id == 5
    with pytest.raises(ConfigError, match="not one token"):
        resolve_mask_token(MaskingConfig(mask_token="no effusion"), tok)
    with pytest.raises(ConfigError, match='mask_token="_"'):
        resolve_mask_token(MaskingConfig(), tok)
