"""Pooling heads: values against hand computations, instruction and padding exclusion, packed == padded."""

from __future__ import annotations

import pytest
import torch

from megacxr.data.batches import collate_text
from megacxr.errors import ConfigError
from megacxr.models.pooling import POOLING_KINDS, LatentAttentionPooler, Pooler, PoolingConfig, token_layout

H = 16
LENGTHS = [6, 3, 9]
INSTR = [2, 0, 4]


def layouts(seed=0):
    """A padded batch and the same sequences packed (with a padding tail), plus matching hidden states."""
    gen = torch.Generator().manual_seed(seed)
    seqs = [list(range(5, 5 + n)) for n in LENGTHS]
    padded = collate_text(seqs, INSTR, 0, None)
    packed = collate_text(seqs, INSTR, 0, 8)
    assert packed["input_ids"].shape[1] > sum(LENGTHS)  # there is a tail
    states = [torch.randn(n, H, generator=gen) for n in LENGTHS]
    hp = torch.full((len(seqs), max(LENGTHS), H), 1e4)  # padding holds junk
    for i, s in enumerate(states):
        hp[i, : len(s)] = s
    hk = torch.full((1, packed["input_ids"].shape[1], H), -1e4)  # so does the packed tail
    hk[0, : sum(LENGTHS)] = torch.cat(states)
    return states, padded, hp, packed, hk


def expected(kind, states, head=None):
    out = []
    for s, k in zip(states, INSTR, strict=False):
        report = s[k:]
        if kind == "mean":
            out.append(report.mean(0))
        elif kind == "weighted_mean":
            w = torch.arange(1, len(report) + 1, dtype=torch.float32)
            out.append((report * w[:, None]).sum(0) / w.sum())
        elif kind == "eos":
            out.append(s[-1])
        else:
            out.append(head(report).mean(0))
    return torch.stack(out)


@pytest.mark.parametrize("kind", POOLING_KINDS)
def test_pooling_values_and_layouts(kind):
    torch.manual_seed(0)
    pooler = Pooler(PoolingConfig(kind=kind, latents=5, heads=4, mlp_ratio=2.0), H)
    states, padded, hp, packed, hk = layouts()
    want = expected(kind, states, pooler.head)
    a, b = pooler(hp, padded), pooler(hk, packed)
    assert a.dtype == torch.float32 and a.shape == (3, H)
    torch.testing.assert_close(a, want, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(b, a, atol=1e-6, rtol=1e-6)


@pytest.mark.parametrize("kind", ["mean", "weighted_mean", "latent_attention"])
def test_instruction_tokens_are_not_pooled(kind):
    torch.manual_seed(0)
    pooler = Pooler(PoolingConfig(kind=kind, latents=4, heads=2), H)
    _, padded, hp, packed, hk = layouts()
    base = pooler(hp, padded)
    moved = hp.clone()
    moved[0, : INSTR[0]] += 100.0  # the instruction of sequence 0
    moved[2, : INSTR[2]] -= 100.0
    torch.testing.assert_close(pooler(moved, padded), base, atol=0, rtol=0)
    moved[0, INSTR[0]] += 1.0  # its first report token counts
    assert not torch.allclose(pooler(moved, padded)[0], base[0])
    # without instruction_len every real token is pooled
    no_instr = {k: v for k, v in padded.items() if k != "instruction_len"}
    assert not torch.allclose(pooler(hp, no_instr)[0], base[0])
    torch.testing.assert_close(pooler(hp, no_instr)[1], base[1])  # sequence 1 has no instruction anyway


def test_eos_is_the_last_real_token_even_inside_the_instruction():
    pooler = Pooler(PoolingConfig(kind="eos"), H)
    states, padded, hp, packed, hk = layouts()
    text = dict(padded, instruction_len=torch.tensor(LENGTHS))  # everything is "instruction"
    torch.testing.assert_close(pooler(hp, text), torch.stack([s[-1] for s in states]))
    assert token_layout(packed).last.tolist() == [5, 8, 17]


def test_latent_attention_is_cross_attention_to_the_latents():
    """Independent einsum reference: token queries, latent keys / values, heads, residual, GELU MLP."""
    torch.manual_seed(1)
    head = LatentAttentionPooler(H, latents=7, heads=4, mlp_ratio=1.5)
    x = torch.randn(10, H)
    ctx = head.norm_kv(head.latents)
    q = head.to_q(head.norm_q(x)).view(10, 4, 4)
    k, v = head.to_kv(ctx).view(7, 2, 4, 4).unbind(1)
    w = torch.einsum("nhd,mhd->hnm", q, k).div(2.0).softmax(-1)
    y = x + head.to_out(torch.einsum("hnm,mhd->nhd", w, v).reshape(10, H))
    y = y + head.mlp[2](torch.nn.functional.gelu(head.mlp[0](head.norm_mlp(y))))
    torch.testing.assert_close(head(x), y, atol=1e-5, rtol=1e-5)
    # tokens never see each other: a token's output does not depend on the rest of the batch
    torch.testing.assert_close(head(x[3:4]), head(x)[3:4], atol=1e-6, rtol=1e-6)
    assert head.latents.shape == (7, H) and head.mlp[0].out_features == 24


def test_gradients_reach_hidden_states_and_latents():
    torch.manual_seed(0)
    pooler = Pooler(PoolingConfig(kind="latent_attention", latents=4, heads=2), H)
    _, padded, hp, _, _ = layouts()
    hp = hp.clone().requires_grad_(True)
    pooler(hp, padded).sum().backward()
    assert pooler.head.latents.grad.abs().sum() > 0
    assert hp.grad[0, INSTR[0] : LENGTHS[0]].abs().sum() > 0
    assert hp.grad[0, : INSTR[0]].abs().sum() == 0 and hp.grad[1, LENGTHS[1] :].abs().sum() == 0


def test_pooling_config_errors():
    with pytest.raises(ConfigError) as e:
        PoolingConfig(kind="cls")
    assert e.value.field == "pooling.kind"
    with pytest.raises(ConfigError) as e:
        Pooler(PoolingConfig(kind="latent_attention", heads=3), H)
    assert e.value.field == "pooling.heads"
    with pytest.raises(ConfigError):
        PoolingConfig(latents=0)
    with pytest.raises(ValueError, match="do not match"):
        Pooler(PoolingConfig(), H)(torch.zeros(1, 4, H), collate_text([[1, 2]], [0], 0, None))
    assert Pooler(PoolingConfig(kind="mean"), H).head is None and PoolingConfig().latents == 512
