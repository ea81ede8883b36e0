"""One-process tests of megacxr.losses against plainly written references (full logits, F.cross_entropy).

The ``ref_*`` functions are also the references of the 2-process runs in ``test_gather.py``.
"""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from helpers.references import ref_clip, ref_info_nce, ref_label_similarity, ref_mntp, ref_siglip
from torch import nn

from megacxr.errors import ConfigError
from megacxr.losses import (
    LogitScale,
    all_gather_with_grad,
    clip_loss,
    info_nce,
    label_similarity,
    mntp_loss,
    siglip_loss,
    world_info,
)

F64 = {"rtol": 1e-10, "atol": 1e-12}


# ------------------------------------------------------------------------------------------------- references


def _rand(*shape, seed=0, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=dtype)


# ------------------------------------------------------------------------------------------------- gather no-op


def test_gather_is_noop_without_distributed():
    x = _rand(3, 4, seed=1)
    g, sl = all_gather_with_grad(x)
    assert g is x and sl == slice(0, 3)
    assert world_info() == (0, 1)


# ---------------------------------------------------------------------------------------------------- info_nce


def test_info_nce_matches_reference_with_negatives_and_gradients():
    a, p, n = (_rand(6, 8, seed=s).requires_grad_() for s in (1, 2, 3))
    n = _rand(4, 8, seed=3).requires_grad_()
    scale = torch.tensor(20.0, dtype=torch.float64, requires_grad=True)
    out = info_nce(a, p, n, logit_scale=scale)
    ref = ref_info_nce(a, p, n, scale)
    torch.testing.assert_close(out.loss, ref, **F64)
    torch.testing.assert_close(out.global_loss, ref.detach(), **F64)
    got = torch.autograd.grad(out.loss, [a, p, n, scale])
    want = torch.autograd.grad(ref, [a, p, n, scale])
    for g, w in zip(got, want, strict=False):
        torch.testing.assert_close(g, w, **F64)
    assert out.info["num_candidates"] == 10 and out.info["num_anchors"] == 6
    # temperature is 1 / scale
    torch.testing.assert_close(info_nce(a, p, n, temperature=0.05).loss, ref_info_nce(a, p, n, 20.0), **F64)


def test_info_nce_sample_ids_mask_same_study_positives():
    p = _rand(5, 8, seed=5)
    p[3] = p[0]  # the same study drawn twice: identical positives
    a = p + 0.1 * _rand(5, 8, seed=4)  # anchors close to their positives
    ids = torch.tensor([7, 8, 9, 7, 10])
    plain = info_nce(a, p, None, temperature=0.1)
    masked = info_nce(a, p, None, temperature=0.1, sample_ids=ids)
    torch.testing.assert_close(masked.loss, ref_info_nce(a, p, None, 10.0, sample_ids=ids), **F64)
    torch.testing.assert_close(plain.loss, ref_info_nce(a, p, None, 10.0), **F64)
    assert masked.loss < plain.loss - 0.05  # the duplicate no longer counts as a negative
    assert masked.info["masked_duplicates"] == 2
    # row 0 without column 3 is exactly the masked row-0 loss
    an, pn = F.normalize(a, dim=-1), F.normalize(p, dim=-1)
    keep = [0, 1, 2, 4]
    row0 = F.cross_entropy(10.0 * an[0:1] @ pn[keep].T, torch.tensor([0]))
    per_row = [F.cross_entropy(10.0 * an[i : i + 1] @ pn.T, torch.tensor([i])) for i in range(5)]
    rows = per_row.copy()
    rows[0] = row0
    rows[3] = F.cross_entropy(10.0 * an[3:4] @ pn[[1, 2, 3, 4]].T, torch.tensor([2]))
    torch.testing.assert_close(masked.loss, torch.stack(rows).mean(), **F64)


def test_info_nce_negative_owner_is_diagnostic_only():
    a, p, n = _rand(3, 4, seed=6), _rand(3, 4, seed=7), _rand(4, 4, seed=8)
    owner = torch.tensor([0, 0, 1, 2])
    with_owner = info_nce(a, p, n, sample_ids=None, negative_owner=owner)
    without = info_nce(a, p, n)
    torch.testing.assert_close(with_owner.loss, without.loss, **F64)
    an, pn, nn_ = (F.normalize(t, dim=-1) for t in (a, p, n))
    wins = sum(float(an[o] @ pn[o]) > float(an[o] @ nn_[k]) for k, o in enumerate(owner.tolist()))
    assert float(with_owner.info["hard_negative_acc"]) == pytest.approx(wins / 4)
    with pytest.raises(ValueError, match="negative_owner"):
        info_nce(a, p, n, negative_owner=torch.tensor([0, 0, 1, 5]))
    with pytest.raises(ValueError, match="anchors and positives"):
        info_nce(a, p[:2], n)


# ------------------------------------------------------------------------------------------------------- clip


def _labels():
    nan = float("nan")
    return torch.tensor(
        [[1, 0, nan, -1], [1, 0, 0, nan], [0, 0, 0, 0], [nan, nan, nan, nan], [0, 1, -1, 0]], dtype=torch.float64
    )


def test_label_similarity_rule():
    nan = float("nan")
    t = lambda *rows: torch.tensor(rows, dtype=torch.float64)  # noqa: E731
    assert float(label_similarity(t([1, 0, nan]), t([1, nan, 0]))) == pytest.approx(1.0)
    assert float(label_similarity(t([1, 0, 0]), t([0, 1, 0]))) == 0.0
    assert float(label_similarity(t([1, -1]), t([1, 1]))) == pytest.approx(1.5 / (math.sqrt(1.25) * math.sqrt(2)))
    assert float(label_similarity(t([0, 0, nan]), t([0, nan, 0]))) == 1.0  # both negative: agree
    assert float(label_similarity(t([0, 0]), t([1, 0]))) == 0.0
    assert float(label_similarity(t([nan, nan]), t([nan, nan]))) == 0.0  # nothing known
    lab = _labels()
    torch.testing.assert_close(label_similarity(lab, lab), ref_label_similarity(lab, lab), **F64)
    with pytest.raises(ValueError, match="label values"):
        label_similarity(t([2.0, 0]), t([1, 0]))


def test_clip_plain_matches_reference_and_soft_weight_zero_is_exact():
    img, txt = F.normalize(_rand(5, 6, seed=10), dim=-1), F.normalize(_rand(5, 6, seed=11), dim=-1)
    img.requires_grad_()
    scale = torch.tensor(14.0, dtype=torch.float64, requires_grad=True)
    plain = clip_loss(img, txt, scale)
    ref = ref_clip(img, txt, scale)
    torch.testing.assert_close(plain.loss, ref, **F64)
    for g, w in zip(
        torch.autograd.grad(plain.loss, [img, scale]), torch.autograd.grad(ref, [img, scale]), strict=False
    ):
        torch.testing.assert_close(g, w, **F64)
    zero = clip_loss(img, txt, scale, labels=_labels(), soft_weight=0.0)
    assert torch.equal(zero.loss, plain.loss)
    soft = clip_loss(img, txt, scale, labels=_labels(), soft_weight=0.3)
    torch.testing.assert_close(soft.loss, ref_clip(img, txt, scale, labels=_labels(), w=0.3), **F64)
    assert abs(float(soft.loss.detach() - plain.loss.detach())) > 1e-3
    # a given similarity matrix works the same way as labels
    given = clip_loss(img, txt, scale, soft_targets=ref_label_similarity(_labels(), _labels()), soft_weight=0.3)
    torch.testing.assert_close(given.loss, soft.loss, **F64)
    with pytest.raises(ValueError, match="soft_weight"):
        clip_loss(img, txt, scale, labels=_labels())


def test_clip_extra_text_negatives_are_only_image_to_text_columns():
    img, txt = F.normalize(_rand(4, 6, seed=12), dim=-1), F.normalize(_rand(4, 6, seed=13), dim=-1)
    extra = txt[[2, 0]].clone().requires_grad_()  # negated reports that look just like real ones
    scale = 10.0
    base = clip_loss(img, txt, scale)
    out = clip_loss(img, txt, scale, extra_text_negatives=extra)
    torch.testing.assert_close(out.loss, ref_clip(img, txt, scale, extra=extra), **F64)
    assert out.loss > base.loss  # extra columns only add negatives
    # text->image is untouched: the difference is exactly half the change of the image->text term
    li = scale * img @ torch.cat([txt, extra]).T
    li0 = scale * img @ txt.T
    delta = 0.5 * (F.cross_entropy(li, torch.arange(4)) - F.cross_entropy(li0, torch.arange(4)))
    torch.testing.assert_close(out.loss - base.loss, delta, **F64)
    # d loss / d extra_m = 0.5 / B * scale * sum_i softmax_i[m] * img_i: a pure denominator term
    (g,) = torch.autograd.grad(out.loss, [extra])
    prob = F.softmax(li.detach(), dim=1)[:, 4:]
    torch.testing.assert_close(g, 0.5 / 4 * scale * prob.T @ img, **F64)
    soft = clip_loss(img, txt, scale, labels=_labels()[:4], soft_weight=0.5, extra_text_negatives=extra)
    torch.testing.assert_close(soft.loss, ref_clip(img, txt, scale, extra=extra, labels=_labels()[:4], w=0.5), **F64)
    assert out.info["num_pairs"] == 4


def test_clip_sample_ids_leave_other_draws_of_a_study_out_of_both_directions():
    img, txt = F.normalize(_rand(5, 6, seed=16), dim=-1), F.normalize(_rand(5, 6, seed=17), dim=-1)
    txt[2] = txt[0]  # study 7 drawn twice: the same report, another crop
    img.requires_grad_(), txt.requires_grad_()
    extra = F.normalize(_rand(2, 6, seed=18), dim=-1)
    ids = torch.tensor([7, 8, 7, 9, 8])
    scale = torch.tensor(12.0, dtype=torch.float64, requires_grad=True)
    out = clip_loss(img, txt, scale, extra_text_negatives=extra, sample_ids=ids)
    ref = ref_clip(img, txt, scale, extra=extra, sample_ids=ids)
    torch.testing.assert_close(out.loss, ref, **F64)
    for g, r in zip(
        torch.autograd.grad(out.loss, [img, txt, scale]), torch.autograd.grad(ref, [img, txt, scale]), strict=False
    ):
        torch.testing.assert_close(g, r, **F64)
    assert float(out.info["masked_duplicates"]) == 4  # (0, 2), (2, 0), (1, 4), (4, 1)
    plain = clip_loss(img, txt, scale, extra_text_negatives=extra)
    assert float(plain.loss.detach()) > float(out.loss.detach()) + 1e-3  # a duplicate as a negative costs loss
    unique = clip_loss(img, txt, scale, sample_ids=torch.arange(5))
    torch.testing.assert_close(unique.loss, clip_loss(img, txt, scale).loss, **F64)
    assert float(unique.info["masked_duplicates"]) == 0
    # soft targets already make a second draw a positive (label similarity 1): the two do not combine
    weight0 = clip_loss(img, txt, scale, labels=_labels(), soft_weight=0.0, sample_ids=ids)
    torch.testing.assert_close(weight0.loss, ref_clip(img, txt, scale, sample_ids=ids), **F64)
    with pytest.raises(ValueError, match="do not combine"):
        clip_loss(img, txt, scale, labels=_labels(), soft_weight=0.3, sample_ids=ids)
    with pytest.raises(ValueError, match="sample_ids must be"):
        clip_loss(img, txt, scale, sample_ids=ids[:4])


def test_identical_report_texts_are_not_each_others_negatives():
    """``text_ids``: a pair whose normalised report text is identical (another study with "No acute
    cardiopulmonary process.") is left out of the softmax like a second draw of the study, in both clip
    directions and in supcon, alone or together with ``sample_ids``; written out as per-row sums here."""
    img, txt = F.normalize(_rand(6, 5, seed=21), dim=-1), F.normalize(_rand(6, 5, seed=22), dim=-1)
    img.requires_grad_(), txt.requires_grad_()
    scale = torch.tensor(9.0, dtype=torch.float64, requires_grad=True)
    studies = torch.tensor([1, 2, 3, 1, 4, 5])
    texts = torch.tensor([40, 41, 40, 42, 41, 43])  # rows 0/2 and 1/4 read the same; 0/3 are one study
    out = clip_loss(img, txt, scale, sample_ids=studies, text_ids=texts)
    # per-row written out: row i's loss is -z_ii + log sum over the columns j it may score (j == i or j shares
    # no id with i)
    z_i2t, z_t2i = scale * img @ txt.T, scale * txt @ img.T
    keep = [[j for j in range(6) if j == i or (studies[j] != studies[i] and texts[j] != texts[i])] for i in range(6)]
    rows = [0.5 * (torch.logsumexp(z[i, keep[i]], 0) - z[i, i]) for z in (z_i2t, z_t2i) for i in range(6)]
    formula = torch.stack(rows).sum() / 6
    torch.testing.assert_close(out.loss, formula, **F64)
    torch.testing.assert_close(out.loss, ref_clip(img, txt, scale, sample_ids=studies, text_ids=texts), **F64)
    for g, r in zip(
        torch.autograd.grad(out.loss, [img, txt, scale]),
        torch.autograd.grad(formula, [img, txt, scale]),
        strict=True,
    ):
        torch.testing.assert_close(g, r, **F64)
    assert float(out.info["identical_texts"]) == 4 and float(out.info["masked_duplicates"]) == 6
    only_text = clip_loss(img, txt, scale, text_ids=texts)
    torch.testing.assert_close(only_text.loss, ref_clip(img, txt, scale, text_ids=texts), **F64)
    assert float(only_text.info["masked_duplicates"]) == 4
    assert float(clip_loss(img, txt, scale).info["identical_texts"]) == 0
    with pytest.raises(ValueError, match="text_ids must be"):
        clip_loss(img, txt, scale, text_ids=texts[:5])
    with pytest.raises(ValueError, match="do not combine"):
        clip_loss(img, txt, scale, labels=torch.cat([_labels(), _labels()[:1]]), soft_weight=0.3, text_ids=texts)

    a, p, n = _rand(6, 4, seed=23), _rand(6, 4, seed=24), _rand(2, 4, seed=25)
    nce = info_nce(a, p, n, temperature=0.1, sample_ids=studies, text_ids=texts)
    torch.testing.assert_close(nce.loss, ref_info_nce(a, p, n, 10.0, sample_ids=studies, text_ids=texts), **F64)
    an, cand = F.normalize(a, dim=-1), F.normalize(torch.cat([p, n]), dim=-1)
    z = 10.0 * an @ cand.T
    nce_rows = [torch.logsumexp(z[i, keep[i] + [6, 7]], 0) - z[i, i] for i in range(6)]  # hard negatives stay
    torch.testing.assert_close(nce.loss, torch.stack(nce_rows).mean(), **F64)
    assert float(nce.info["identical_texts"]) == 4 and float(nce.info["masked_duplicates"]) == 6


# ----------------------------------------------------------------------------------------------------- siglip


def test_siglip_matches_reference():
    img, txt = F.normalize(_rand(5, 6, seed=14), dim=-1), F.normalize(_rand(5, 6, seed=15), dim=-1)
    scale = torch.tensor(10.0, dtype=torch.float64, requires_grad=True)
    bias = torch.tensor(-10.0, dtype=torch.float64, requires_grad=True)
    img.requires_grad_()
    out = siglip_loss(img, txt, scale, bias)
    ref = ref_siglip(img, txt, scale, bias)
    torch.testing.assert_close(out.loss, ref, **F64)
    for g, w in zip(
        torch.autograd.grad(out.loss, [img, scale, bias]), torch.autograd.grad(ref, [img, scale, bias]), strict=False
    ):
        torch.testing.assert_close(g, w, **F64)


def test_logit_scale():
    ls = LogitScale(0.07, max_scale=100.0)
    assert float(ls().detach()) == pytest.approx(1 / 0.07)
    assert ls.temperature == pytest.approx(0.07)
    with torch.no_grad():
        ls.log_scale.fill_(math.log(500.0))
    assert float(ls().detach()) == pytest.approx(100.0)
    ls().backward()
    assert float(ls.log_scale.grad) == 0.0  # clamped: no push further up
    with pytest.raises(ConfigError, match="max_scale"):
        LogitScale(0.001, max_scale=100.0)
    with pytest.raises(ConfigError, match="init_temperature"):
        LogitScale(0.0)


# ------------------------------------------------------------------------------------------------------- mntp


class _RowCounter:
    def __init__(self, module: nn.Module):
        self.rows: list[int] = []
        self.inputs: list[torch.Tensor] = []
        module.register_forward_hook(self)

    def __call__(self, module, args, output):
        self.rows.append(args[0].shape[0])
        self.inputs.append(args[0].detach().clone())


def test_mntp_shift_convention_hand_example():
    head = nn.Linear(3, 9).double()
    seen = _RowCounter(head)
    hidden = _rand(1, 5, 3, seed=20)
    labels = torch.tensor([[-100, 4, -100, -100, 7]])
    out = mntp_loss(hidden, labels, head)
    assert out.num_masked == 2 and seen.rows == [2]
    torch.testing.assert_close(seen.inputs[0], hidden[0, [0, 3]])  # predecessors of positions 1 and 4
    want = F.cross_entropy(head(hidden[0, [0, 3]]), torch.tensor([4, 7]))
    torch.testing.assert_close(out.loss, want, **F64)
    torch.testing.assert_close(out.global_loss, want.detach(), **F64)


def _mntp_batch():
    lengths = [5, 3, 6]
    hs = [_rand(n, 4, seed=30 + i) for i, n in enumerate(lengths)]
    ys = [torch.tensor([3, -100, 5, -100, 2]), torch.tensor([-100, 1, 8]), torch.tensor([-100, 6, -100, 0, 7, 2])]
    return lengths, hs, ys


def _padded(hs, ys, width=6):
    b, d = len(hs), hs[0].shape[1]
    hidden = torch.zeros(b, width, d, dtype=torch.float64)
    labels = torch.full((b, width), -100)
    for i, (h, y) in enumerate(zip(hs, ys, strict=False)):
        hidden[i, : len(y)], labels[i, : len(y)] = h, y
    return hidden, labels


def _packed(hs, ys, tail=2):
    hidden = torch.cat(hs + [torch.zeros(tail, hs[0].shape[1], dtype=torch.float64)])[None]
    labels = torch.cat(ys + [torch.full((tail,), -100)])[None]
    cu = torch.tensor([0] + torch.cumsum(torch.tensor([len(y) for y in ys]), 0).tolist(), dtype=torch.int32)
    return hidden, labels, cu


def test_mntp_packed_equals_padded_and_drops_sequence_starts():
    _, hs, ys = _mntp_batch()  # sequence 0 has a label on its first token: dropped
    head = nn.Linear(4, 9).double()
    ref = ref_mntp(hs, ys, head)
    hp, yp = _padded(hs, ys)
    hk, yk, cu = _packed(hs, ys)
    hp.requires_grad_(), hk.requires_grad_()
    padded = mntp_loss(hp, yp, head)
    packed = mntp_loss(hk, yk, head, cu_seqlens=cu)
    assert padded.info["dropped_start_labels"] == packed.info["dropped_start_labels"] == 1
    assert padded.num_masked == packed.num_masked == 8
    torch.testing.assert_close(padded.loss, ref, **F64)
    torch.testing.assert_close(packed.loss, ref, **F64)
    (gp,) = torch.autograd.grad(padded.loss, [hp])
    (gk,) = torch.autograd.grad(packed.loss, [hk])
    torch.testing.assert_close(gk[0, :14], torch.cat([gp[0, :5], gp[1, :3], gp[2, :6]]), **F64)
    # without cu_seqlens the first labels of sequences 1 and 2 would be predicted across a boundary
    ys2 = [ys[0], torch.tensor([4, 1, 8]), ys[2]]
    hk2, yk2, cu2 = _packed(hs, ys2)
    assert mntp_loss(hk2, yk2, head, cu_seqlens=cu2).info["dropped_start_labels"] == 2
    assert mntp_loss(hk2, yk2, head).info["dropped_start_labels"] == 1


def test_mntp_lm_head_sees_only_masked_rows_and_chunks():
    _, hs, ys = _mntp_batch()
    head = nn.Linear(4, 9).double()
    hidden, labels, cu = _packed(hs, ys)
    hidden.requires_grad_()
    seen = _RowCounter(head)
    full = mntp_loss(hidden, labels, head, cu_seqlens=cu)
    assert seen.rows == [8]  # 8 scored labels, 16 token slots
    g_full = torch.autograd.grad(full.loss, [hidden, head.weight])
    seen.rows.clear()
    chunked = mntp_loss(hidden, labels, head, cu_seqlens=cu, chunk_size=3)
    assert seen.rows == [3, 3, 2]
    g_chunk = torch.autograd.grad(chunked.loss, [hidden, head.weight])
    torch.testing.assert_close(chunked.loss, full.loss, **F64)
    for a, b in zip(g_chunk, g_full, strict=False):
        torch.testing.assert_close(a, b, **F64)
    assert max(seen.rows) <= 3  # the backward recomputes chunk by chunk too


def test_mntp_softcap_and_errors():
    head = nn.Linear(4, 9).double()
    hidden = _rand(2, 4, 4, seed=40)
    labels = torch.tensor([[-100, 2, 3, -100], [-100, -100, 5, 1]])
    out = mntp_loss(hidden, labels, head, logit_softcap=2.0)
    pred = hidden.reshape(-1, 4)[[0, 1, 5, 6]]
    want = F.cross_entropy(2.0 * torch.tanh(head(pred) / 2.0), torch.tensor([2, 3, 5, 1]))
    torch.testing.assert_close(out.loss, want, **F64)
    with pytest.raises(ValueError, match="disagree"):
        mntp_loss(hidden, labels[:, :3], head)
    with pytest.raises(ValueError, match="cu_seqlens"):
        mntp_loss(hidden, labels, head, cu_seqlens=torch.tensor([0, 5, 3]))


def test_mntp_matches_transformers_causal_lm_loss():
    """A real tiny Llama: its own shifted causal-LM loss is the same convention (label i from state i - 1)."""
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    cfg = LlamaConfig(
        vocab_size=50,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=64,
    )
    model = LlamaForCausalLM(cfg).eval()
    ids = torch.randint(0, 50, (2, 7), generator=torch.Generator().manual_seed(1))
    labels = torch.full_like(ids, -100)
    labels[0, [2, 5]] = ids[0, [2, 5]]
    labels[1, [1, 3, 6]] = ids[1, [1, 3, 6]]
    with torch.no_grad():
        out = model(input_ids=ids, labels=labels, output_hidden_states=True)
        ours = mntp_loss(out.hidden_states[-1], labels, model.lm_head)
    torch.testing.assert_close(ours.loss, out.loss, rtol=1e-5, atol=1e-6)
