"""Textual soft targets (the soft-label family of "Bringing CLIP to the Clinic"): the mixed label + text targets
through ``clip_loss`` and its tiled implementations (chunked, Triton under the interpreter) equal a plain
formula, both as a given dense matrix and computed inside the loss (tile by tile, with an online softmax over
several tiles and Triton column splits), and a text weight of 0 is exactly the label-only loss."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from helpers.references import plain_mixed_clip
from helpers.tolerance import assert_close_reduced

from megacxr.errors import ConfigError
from megacxr.losses import clip_loss, mixed_soft_targets, text_similarity_targets
from megacxr.losses.tiled import clip_loss_tiled
from megacxr.train.config import load_train_config
from megacxr.train.stages.clip import ClipConfig, ClipLossConfig, SoftTargetConfig

REPO = Path(__file__).resolve().parents[1]
HAS_TRITON = importlib.util.find_spec("triton") is not None
CASES = [(i, d) for i in ("reference", "chunked") for d in (torch.float64, torch.float32)]
CASES += [("triton", torch.float32)] if HAS_TRITON else []  # the Triton kernel computes in float32
B, M, D = 6, 2, 8
REDUCTION = D + (B + M) + B  # dot products, softmax over the columns, gradients summed over the rows


def _data(dtype):
    g = torch.Generator().manual_seed(7)
    nan = float("nan")
    labels = torch.tensor(
        [[1, 0, nan, -1], [1, 0, 0, nan], [0, 0, 0, 0], [nan] * 4, [0, 1, -1, 0], [1, 0, nan, -1]], dtype=torch.float64
    )
    img, txt, extra = (F.normalize(torch.randn(n, D, generator=g, dtype=torch.float64), dim=-1) for n in (B, B, M))
    return img.to(dtype), txt.to(dtype), extra.to(dtype), labels


@pytest.mark.parametrize("impl,dtype", CASES, ids=[f"{i}-{str(d)[6:]}" for i, d in CASES])
def test_text_and_label_targets_equal_the_formula_in_every_implementation(impl, dtype, monkeypatch):
    if impl == "triton":
        monkeypatch.setenv("TRITON_INTERPRET", "1")
    img, txt, extra, labels = _data(dtype)
    leaves = [x.clone().requires_grad_(True) for x in (img, txt, extra)]
    ref_leaves = [x.clone().requires_grad_(True) for x in (img, txt, extra)]
    sim, w = mixed_soft_targets(leaves[1], labels, label_weight=0.2, text_weight=0.3, text_temperature=0.1)
    assert w == pytest.approx(0.5) and torch.allclose(sim.sum(1), torch.ones(B, dtype=sim.dtype))
    assert not sim.requires_grad  # targets are detached
    out = clip_loss_tiled(
        *leaves[:2], 10.0, soft_targets=sim, soft_weight=w, extra_text_negatives=leaves[2], impl=impl, tile=2
    )
    out.loss.backward()
    ref = plain_mixed_clip(*ref_leaves, labels, 10.0, 0.2, 0.3, 0.1)
    ref.backward()
    assert_close_reduced(out.loss.detach(), ref.detach(), dtype, REDUCTION, what="loss")
    for got, want, name in zip(leaves, ref_leaves, ("image", "text", "extra"), strict=False):
        assert_close_reduced(got.grad, want.grad, dtype, REDUCTION, what=name)


BIG_B, BIG_M = 37, 3  # several tiles of 8 columns, two Triton column splits


def _big(dtype):
    g = torch.Generator().manual_seed(11)
    labels = torch.randint(-1, 2, (BIG_B, 5), generator=g).double()
    labels[torch.rand(BIG_B, 5, generator=g) < 0.3] = float("nan")
    labels[:3] = float("nan")  # rows with no known label: the label part falls back to the one-hot
    img, txt, extra = (
        F.normalize(torch.randn(n, D, generator=g, dtype=torch.float64), dim=-1) for n in (BIG_B, BIG_B, BIG_M)
    )
    return img.to(dtype), txt.to(dtype), extra.to(dtype), labels


@pytest.mark.parametrize("wl,wt", [(0.2, 0.3), (0.0, 0.4)], ids=["label+text", "text"])
@pytest.mark.parametrize("impl,dtype", CASES, ids=[f"{i}-{str(d)[6:]}" for i, d in CASES])
def test_text_targets_inside_the_loss_equal_the_formula(impl, dtype, wl, wt, monkeypatch):
    """``text_weight`` in the loss: the tiled paths never build the [B, B_global] matrix (online softmax per
    tile), and loss and every gradient equal the written-out formula."""
    if impl == "triton":
        monkeypatch.setenv("TRITON_INTERPRET", "1")
    img, txt, extra, labels = _big(dtype)
    leaves = [x.clone().requires_grad_(True) for x in (img, txt, extra)]
    ref_leaves = [x.clone().requires_grad_(True) for x in (img, txt, extra)]
    label_args = {"labels": labels, "soft_weight": wl} if wl else {}
    opts = {"blocks": {"BM": 16, "BN": 16, "BD": 16, "splits": 2}} if impl == "triton" else {"tile": 8}
    out = clip_loss_tiled(
        *leaves[:2], 10.0, **label_args, text_weight=wt, text_temperature=0.1, extra_text_negatives=leaves[2],
        impl=impl, **opts,
    )  # fmt: skip
    out.loss.backward()
    ref = plain_mixed_clip(*ref_leaves, labels, 10.0, wl, wt, 0.1)
    ref.backward()
    reduction = D + (BIG_B + BIG_M) + BIG_B
    assert_close_reduced(out.loss.detach(), ref.detach(), dtype, reduction, what="loss")
    for got, want, name in zip(leaves, ref_leaves, ("image", "text", "extra"), strict=False):
        assert_close_reduced(got.grad, want.grad, dtype, reduction, what=name)


def test_text_targets_are_tiled_not_a_dense_matrix(monkeypatch):
    """The chunked path never calls the dense builder, and its text tiles are at most one tile wide."""
    import megacxr.kernels.contrastive.tiled_ce as tiled_ce
    import megacxr.losses.contrastive as contrastive

    monkeypatch.setattr(contrastive, "mixed_soft_targets", lambda *a, **k: pytest.fail("dense targets built"))
    widths = []
    real = tiled_ce.text_logits_tile

    def spy(spec, c0, c1, dtype):
        y = real(spec, c0, c1, dtype)
        widths.append(None if y is None else y.shape[1])
        return y

    monkeypatch.setattr(tiled_ce, "text_logits_tile", spy)
    img, txt, extra, labels = _big(torch.float32)
    out = clip_loss_tiled(img, txt, 10.0, text_weight=0.3, extra_text_negatives=extra, impl="chunked", tile=8)
    assert torch.isfinite(out.loss) and widths and max(w for w in widths if w) <= 8
    with pytest.raises(ValueError, match="not soft_targets"):
        clip_loss_tiled(img, txt, 10.0, soft_targets=torch.ones(BIG_B, BIG_B), soft_weight=0.2, text_weight=0.3)
    with pytest.raises(ValueError, match="label \\+ text"):
        clip_loss_tiled(img, txt, 10.0, labels=labels, soft_weight=0.8, text_weight=0.3, impl="chunked")


def test_text_weight_zero_is_exactly_the_label_only_loss():
    img, txt, extra, labels = _data(torch.float64)
    sim, w = mixed_soft_targets(txt, labels, label_weight=0.3, text_weight=0.0, text_temperature=0.1)
    dense = clip_loss(img, txt, 10.0, soft_targets=sim, soft_weight=w, extra_text_negatives=extra)
    label_only = clip_loss(img, txt, 10.0, labels=labels, soft_weight=0.3, extra_text_negatives=extra)
    assert torch.allclose(dense.loss, label_only.loss, rtol=0, atol=1e-12)
    # and the text targets alone: each row a softmax of the text similarity, its own report the most similar
    p = text_similarity_targets(txt, txt, 0.05)
    assert torch.allclose(p.sum(1), torch.ones(B, dtype=p.dtype)) and (p.argmax(1) == torch.arange(B)).all()
    with pytest.raises(ValueError, match="soft weights"):
        mixed_soft_targets(txt, labels, label_weight=0.7, text_weight=0.4, text_temperature=0.1)
    with pytest.raises(ValueError, match="temperature"):
        text_similarity_targets(txt, txt, 0.0)


def test_soft_target_config():
    assert ClipLossConfig(soft=SoftTargetConfig(label=0.2, text=0.3)).soft.label == 0.2
    with pytest.raises(ConfigError, match="at most 1") as e:
        SoftTargetConfig(label=0.6, text=0.5)
    assert e.value.field == "soft.text"
    with pytest.raises(ConfigError, match="must be > 0") as e:
        SoftTargetConfig(text=0.1, temperature=0)
    assert e.value.field == "soft.temperature"
    with pytest.raises(ConfigError, match="kind=infonce"):
        ClipConfig(loss=ClipLossConfig(kind="siglip", soft=SoftTargetConfig(label=0.1)))
    # from the config tree, the errors name the key as the tree spells it
    for over, field in (
        (["clip.loss.soft.label=0.6", "clip.loss.soft.text=0.5"], "clip.loss.soft.text"),
        (["clip.loss.soft.temperature=0"], "clip.loss.soft.temperature"),
        (["clip.loss.kind=siglip", "clip.loss.soft.label=0.1"], "clip.loss.soft"),
    ):
        with pytest.raises(ConfigError) as e:
            load_train_config(REPO / "configs" / "clip.yaml", over)
        assert e.value.field == field, (over, e.value.field)
