"""The tiled contrastive losses against the plain references, one process.

* ``tiled_cross_entropy`` (chunked torch path and the Triton kernels under ``TRITON_INTERPRET=1``) against a
  full-matrix cross-entropy written here, on awkward sizes (37 rows, 53 columns, D = 40: no size a multiple of
  a tile) with hard targets, same-study masking, soft targets from label vectors and from a dense matrix;
* ``clip_loss_tiled`` / ``info_nce_tiled`` / ``siglip_loss_tiled`` against ``clip_loss`` / ``info_nce`` /
  ``siglip_loss`` (megacxr.losses.contrastive): loss, every gradient (both towers, extra negatives, the logit
  scale) and the info diagnostics;
* the tiled path saves no tensor of B x N elements for its backward (the reference does: the check can fail);
* the dispatcher: names, ``auto``'s fallback when Triton is missing, clear errors.

Relative error (norm of the difference / norm of the reference) at most 1e-10 in float64, 1e-5 in float32,
2e-2 in bfloat16 (bf16 inputs, float32 accumulation).
"""

from __future__ import annotations

import importlib.util

import pytest
import torch
import torch.nn.functional as F
from helpers.tolerance import assert_rel_reduced

import megacxr.kernels.contrastive.tiled_ce as tiled_ce
from megacxr.errors import ConfigError
from megacxr.kernels import TileTargets, label_features, similarity_tile, tiled_cross_entropy
from megacxr.losses import LogitScale, clip_loss, info_nce, label_similarity, siglip_loss, soft_target_matrix
from megacxr.losses.tiled import clip_loss_tiled, contrastive_impl, info_nce_tiled, siglip_loss_tiled

HAS_TRITON = importlib.util.find_spec("triton") is not None
needs_triton = pytest.mark.skipif(
    not HAS_TRITON,
    reason="triton is not installed: the Triton kernels cannot run under TRITON_INTERPRET=1 (pip install triton)",
)
B, N, D = 37, 53, 40
SMALL = {"tile": 16, "blocks": {"BM": 16, "BN": 16, "BD": 16, "splits": 2}}


def _impls(dtype):
    out = [pytest.param("chunked", dtype, id=f"chunked-{str(dtype)[6:]}")]
    if dtype != torch.float64:
        out.append(pytest.param("triton", dtype, id=f"triton-{str(dtype)[6:]}", marks=needs_triton))
    return out


IMPL_DTYPES = [p for dt in (torch.float64, torch.float32, torch.bfloat16) for p in _impls(dt)]


def _rel(a: torch.Tensor, b: torch.Tensor) -> float:
    a, b = a.detach().double(), b.detach().double()
    return float((a - b).norm() / b.norm().clamp(min=1e-300))


def _assert_rel(a, b, dtype, what="", n=D + N + B):
    # the chain behind a gradient: a dot product over D, a softmax over the N columns, a sum over the B rows
    assert_rel_reduced(a, b, dtype, n, what)


def _emb(n, d, seed, dtype):
    g = torch.Generator().manual_seed(seed)
    return F.normalize(torch.randn(n, d, generator=g, dtype=torch.float64), dim=-1).to(dtype)


def _labels(n, seed):
    g = torch.Generator().manual_seed(seed)
    lab = torch.randint(-1, 2, (n, 14), generator=g).double()
    lab[torch.rand(n, 14, generator=g) < 0.3] = float("nan")
    lab[1] = float("nan")  # nothing known: similarity 0 to everything, one-hot target
    lab[2] = 0.0  # all negative
    return lab


# ---------------------------------------------------------------------------------- the core, plain reference


def plain_ce(q, k, scale, target, *, row_ids=None, col_ids=None, weight=0.0, sim=None):
    """Full-matrix cross-entropy, summed over rows, with the documented targets and masking."""
    z = (q.double() @ k.double().T) * scale.double()
    b, n = z.shape
    if row_ids is not None:
        same = torch.zeros(b, n, dtype=torch.bool)
        same[:, : col_ids.shape[0]] = row_ids[:, None] == col_ids[None, :]
        same[torch.arange(b), target] = False
        z = z.masked_fill(same, float("-inf"))
    t = F.one_hot(target, n).double()
    if sim is not None and weight > 0:
        t = soft_target_matrix(F.pad(sim.double(), (0, n - sim.shape[1])), target, weight)
    logp = torch.log_softmax(z, 1)
    return -(t * torch.where(t > 0, logp, torch.zeros_like(logp))).sum()


def _core_case(kind, dtype, seed=0):
    q, k = _emb(B, D, seed, dtype), _emb(N, D, seed + 1, dtype)
    g = torch.Generator().manual_seed(seed + 2)
    target = torch.randperm(N, generator=g)[:B]
    spec, kw = TileTargets(target), {}
    if kind == "masked":
        ids = torch.randint(0, 12, (N,), generator=g)  # many same-study columns
        row_ids = ids[target]
        spec, kw = TileTargets(target, row_ids=row_ids, col_ids=ids[:45]), {"row_ids": row_ids, "col_ids": ids[:45]}
    elif kind == "soft_labels":
        lr, lc = _labels(B, seed + 3), _labels(45, seed + 4)
        spec = TileTargets(target, soft_weight=0.3, row_features=label_features(lr), col_features=label_features(lc))
        kw = {"weight": 0.3, "sim": label_similarity(lr, lc)}
    elif kind == "soft_dense":
        sim = torch.rand(B, 45, generator=g, dtype=torch.float64) - 0.2  # negatives are clamped to 0
        sim[4] = -1.0
        spec = TileTargets(target, soft_weight=0.6, similarity=sim.to(dtype))
        kw = {"weight": 0.6, "sim": sim.clamp(min=0)}
    return q, k, spec, kw


@pytest.mark.parametrize("kind", ["hard", "masked", "soft_labels", "soft_dense"])
@pytest.mark.parametrize("impl,dtype", IMPL_DTYPES)
def test_core_matches_full_matrix(impl, dtype, kind, monkeypatch):
    if impl == "triton":
        monkeypatch.setenv("TRITON_INTERPRET", "1")
    q, k, spec, kw = _core_case(kind, dtype)
    q.requires_grad_(), k.requires_grad_()
    scale = torch.tensor(37.0, dtype=torch.float64 if dtype == torch.float64 else torch.float32, requires_grad=True)
    res = tiled_cross_entropy(q, k, scale, spec, impl=impl, **SMALL)
    res.loss.backward()
    got = (res.loss.detach(), q.grad.clone(), k.grad.clone(), scale.grad.clone())
    assert got[1].dtype == dtype and got[2].dtype == dtype
    qd, kd = q.detach().double().requires_grad_(), k.detach().double().requires_grad_()
    sd = scale.detach().double().requires_grad_()
    if kind == "soft_dense":
        kw["sim"] = spec.similarity.double().clamp(min=0)
    ref = plain_ce(qd, kd, sd, spec.target, **kw)
    ref.backward()
    for name, a, b in zip(("loss", "dq", "dk", "dscale"), got, (ref, qd.grad, kd.grad, sd.grad), strict=False):
        _assert_rel(a, b, dtype, name)
    # diagnostics come from the same tiles: the target logit is the row max exactly when argmax hits it
    z = (q.detach().double() @ k.detach().double().T) * 37.0
    if kind == "masked":
        same = torch.zeros_like(z, dtype=torch.bool)
        same[:, :45] = spec.row_ids[:, None] == spec.col_ids[None, :]
        same[torch.arange(B), spec.target] = False
        z = z.masked_fill(same, float("-inf"))
    hits = z.argmax(1) == spec.target
    assert torch.equal(res.target_logit >= res.row_max, hits)


@pytest.mark.parametrize("impl", ["chunked", pytest.param("triton", marks=needs_triton)])
def test_core_empty_rows_still_reach_the_columns(impl, monkeypatch):
    """A rank with no rows must still run the columns' backward (the gather's collective is in it)."""
    monkeypatch.setenv("TRITON_INTERPRET", "1")
    q = torch.zeros(0, D, requires_grad=True)
    k = _emb(N, D, 5, torch.float32).requires_grad_()
    res = tiled_cross_entropy(q, k, 10.0, TileTargets(torch.zeros(0, dtype=torch.long)), impl=impl, **SMALL)
    res.loss.backward()
    assert float(res.loss.detach()) == 0.0
    assert k.grad is not None and torch.equal(k.grad, torch.zeros_like(k))


def test_core_fully_masked_tiles_and_large_scale():
    """tile=1: every tile holding a same-study column is fully masked for that row; scale 100 (CLIP's cap)."""
    q, k = _emb(9, 8, 7, torch.float32), _emb(11, 8, 8, torch.float32)
    target = torch.tensor([0, 1, 2, 3, 4, 5, 6, 7, 8])
    ids = torch.tensor([0, 0, 1, 1, 1, 2, 3, 4, 4, 5, 5])
    spec = TileTargets(target, row_ids=ids[target], col_ids=ids)
    for x in (q, k):
        x.requires_grad_()
    scale = torch.tensor(100.0, requires_grad=True)
    res = tiled_cross_entropy(q, k, scale, spec, impl="chunked", tile=1)
    res.loss.backward()
    qd, kd = q.detach().double().requires_grad_(), k.detach().double().requires_grad_()
    sd = torch.tensor(100.0, dtype=torch.float64, requires_grad=True)
    ref = plain_ce(qd, kd, sd, target, row_ids=ids[target], col_ids=ids)
    ref.backward()
    assert torch.isfinite(q.grad).all() and torch.isfinite(k.grad).all()
    for a, b in ((res.loss, ref), (q.grad, qd.grad), (k.grad, kd.grad), (scale.grad, sd.grad)):
        _assert_rel(a, b, torch.float32, n=8 + 11 + 9)


def test_similarity_tile_is_label_similarity():
    la, lb = _labels(23, 11), _labels(19, 12)
    la[5, :] = torch.tensor([1.0, 0, -1] + [float("nan")] * 11)
    lb[0, :] = la[5]
    want = label_similarity(la, lb)
    got = similarity_tile(label_features(la), label_features(lb), torch.float64)
    torch.testing.assert_close(got, want, rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match="1, 0, -1 or NaN"):
        label_features(torch.tensor([[2.0, 0.0]]))


def test_backward_saves_no_b_by_n_tensor():
    """Saved activations of the tiled loss grow with B x D, never B x N (checked on the reference too)."""
    b, n, d = 32, 96, 8

    def saved_numels(fn):
        sizes = []

        def pack(t):
            sizes.append(t.numel())
            return t

        q, k = _emb(b, d, 1, torch.float32).requires_grad_(), _emb(n, d, 2, torch.float32).requires_grad_()
        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            fn(q, k)
        return sizes

    scale = torch.tensor(20.0, requires_grad=True)
    target = torch.arange(b)
    tiled = saved_numels(lambda q, k: tiled_cross_entropy(q, k, scale, TileTargets(target), impl="chunked", tile=16))
    ref = saved_numels(lambda q, k: F.cross_entropy((q @ k.T) * scale, target, reduction="sum"))
    assert max(ref) >= b * n  # the check sees the reference's logit matrix
    assert max(tiled) <= max(b, n) * d  # inputs and per-row vectors only


# ------------------------------------------------------------------------------------------ loss-level entries


def _clip_inputs(dtype, seed=20, b=B, m=6):
    img, txt, ext = _emb(b, D, seed, dtype), _emb(b, D, seed + 1, dtype), _emb(m, D, seed + 2, dtype)
    return [t.requires_grad_() for t in (img, txt, ext)]


def _grads(out, tensors):
    out.loss.backward()
    grads = [t.grad.clone() for t in tensors]
    for t in tensors:
        t.grad = None
    return out, grads


@pytest.mark.parametrize("variant", ["hard", "labels", "dense", "weight0", "masked", "texts"])
@pytest.mark.parametrize("impl,dtype", IMPL_DTYPES)
def test_clip_loss_tiled_matches_clip_loss(impl, dtype, variant, monkeypatch):
    monkeypatch.setenv("TRITON_INTERPRET", "1")
    img, txt, ext = _clip_inputs(dtype)
    ls = LogitScale(0.02, max_scale=100.0).to(torch.float64 if dtype == torch.float64 else torch.float32)
    kw = {"extra_text_negatives": ext}
    if variant == "labels":
        kw.update(labels=_labels(B, 30), soft_weight=0.4)
    elif variant == "dense":
        kw.update(soft_targets=torch.rand(B, B, generator=torch.Generator().manual_seed(3)), soft_weight=0.5)
    elif variant == "weight0":
        kw.update(labels=_labels(B, 31), soft_weight=0.0)
    elif variant == "masked":  # the last 5 rows draw studies of earlier rows again
        kw.update(sample_ids=torch.arange(B) % (B - 5) + 1000)
    elif variant == "texts":  # identical report texts (every 7th row reads alike) and two draws of one study
        kw.update(
            sample_ids=torch.arange(B) % (B - 2), text_ids=(torch.arange(B) % 7 == 0).long() * 99 + torch.arange(B)
        )
    tensors = [img, txt, ext, ls.log_scale]
    ref, g_ref = _grads(clip_loss(img, txt, ls(), **kw), tensors)
    got, g_got = _grads(clip_loss_tiled(img, txt, ls(), impl=impl, **SMALL, **kw), tensors)
    _assert_rel(got.loss, ref.loss, dtype, "loss")
    _assert_rel(got.global_loss, ref.global_loss, dtype, "global_loss")
    for name, a, b in zip(("image", "text", "extra", "log_scale"), g_got, g_ref, strict=False):
        _assert_rel(a, b, dtype, name)
    assert set(got.info) == set(ref.info)
    for key in ref.info:
        assert float(got.info[key]) == pytest.approx(float(ref.info[key]), abs=1e-12), key


def test_clip_loss_tiled_normalize_and_float_scale():
    img, txt, _ = _clip_inputs(torch.float64, seed=40)
    raw_i, raw_t = (img * 3).detach().requires_grad_(), (txt * 0.5).detach().requires_grad_()
    ref, g_ref = _grads(clip_loss(raw_i, raw_t, 14.0, normalize=True), [raw_i, raw_t])
    got, g_got = _grads(clip_loss_tiled(raw_i, raw_t, 14.0, normalize=True, impl="chunked", tile=7), [raw_i, raw_t])
    _assert_rel(got.loss, ref.loss, torch.float64)
    for a, b in zip(g_got, g_ref, strict=False):
        _assert_rel(a, b, torch.float64)


@pytest.mark.parametrize("texts", [False, True], ids=["studies", "studies+texts"])
@pytest.mark.parametrize("impl,dtype", IMPL_DTYPES)
def test_info_nce_tiled_matches_info_nce(impl, dtype, texts, monkeypatch):
    monkeypatch.setenv("TRITON_INTERPRET", "1")
    a, p, n = _clip_inputs(dtype, seed=50, m=9)
    ids = torch.arange(B)
    ids[[5, 9, 30]] = 0  # a study drawn three more times
    ids[8] = ids[7]
    owner = torch.tensor([0, 0, 3, 7, 8, 20, 36, 36, 11])
    scale = torch.tensor(20.0, dtype=torch.float64 if dtype == torch.float64 else torch.float32, requires_grad=True)
    tensors = [a, p, n, scale]
    kw = {"sample_ids": ids, "negative_owner": owner}
    if texts:  # rows 1, 2 and 30 read alike (30 is also a draw of study 0), as do 8 and 9
        text_ids = torch.arange(B) + 500
        text_ids[[2, 30]] = 501
        text_ids[9] = 508
        kw["text_ids"] = text_ids
    ref, g_ref = _grads(info_nce(a, p, n, logit_scale=scale, **kw), tensors)
    got, g_got = _grads(info_nce_tiled(a, p, n, logit_scale=scale, impl=impl, **SMALL, **kw), tensors)
    _assert_rel(got.loss, ref.loss, dtype, "loss")
    for name, x, y in zip(("anchors", "positives", "negatives", "scale"), g_got, g_ref, strict=False):
        _assert_rel(x, y, dtype, name)
    assert set(got.info) == set(ref.info)
    for key in ref.info:
        assert float(got.info[key]) == pytest.approx(float(ref.info[key]), abs=1e-12), key
    if not texts:
        assert float(got.info["masked_duplicates"]) == 14  # 4 x 3 among id 0, 2 for ids 7/8
    else:
        assert float(got.info["identical_texts"]) == 8  # 3 x 2 among 1, 2, 30; 2 among 8, 9
        # union: studies {0, 5, 9, 30} and {7, 8}; texts {1, 2, 30} and {8, 9}: pairs sharing either id
        study = {0: 0, 5: 0, 9: 0, 30: 0, 7: 7, 8: 7}
        text = {1: 1, 2: 1, 30: 1, 8: 8, 9: 8}
        rows = set(study) | set(text)
        union = sum(
            1
            for i in rows
            for j in rows
            if i != j and ((i in study and study.get(j) == study[i]) or (i in text and text.get(j) == text[i]))
        )
        assert float(got.info["masked_duplicates"]) == union


def test_info_nce_tiled_temperature_no_negatives_unnormalized():
    a, p, _ = _clip_inputs(torch.float64, seed=60)
    a2, p2 = (a * 2).detach().requires_grad_(), (p - 0.1).detach().requires_grad_()
    ref, g_ref = _grads(info_nce(a2, p2, None, temperature=0.05, normalize=False), [a2, p2])
    got, g_got = _grads(
        info_nce_tiled(a2, p2, None, temperature=0.05, normalize=False, impl="chunked", tile=5), [a2, p2]
    )
    _assert_rel(got.loss, ref.loss, torch.float64)
    for x, y in zip(g_got, g_ref, strict=False):
        _assert_rel(x, y, torch.float64)
    assert float(got.info["hard_negative_acc"]) == float(ref.info["hard_negative_acc"]) == 0.0


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_siglip_loss_tiled_matches_siglip_loss(dtype):
    img, txt, _ = _clip_inputs(dtype, seed=70)
    scale = torch.tensor(10.0, dtype=dtype, requires_grad=True)
    bias = torch.tensor(-10.0, dtype=dtype, requires_grad=True)
    tensors = [img, txt, scale, bias]
    ref, g_ref = _grads(siglip_loss(img, txt, scale, bias), tensors)
    got, g_got = _grads(siglip_loss_tiled(img, txt, scale, bias, impl="chunked", tile=8), tensors)
    _assert_rel(got.loss, ref.loss, dtype)
    for x, y in zip(g_got, g_ref, strict=False):
        _assert_rel(x, y, dtype)
    assert float(got.info["pos_prob"]) == pytest.approx(float(ref.info["pos_prob"]), rel=1e-6)


def test_clip_loss_tiled_rejects_what_the_reference_rejects():
    img, txt, _ = _clip_inputs(torch.float32)
    with pytest.raises(ValueError, match="soft_weight"):
        clip_loss_tiled(img, txt, 10.0, labels=_labels(B, 1), impl="chunked")
    with pytest.raises(ValueError, match="soft_targets must be"):
        clip_loss_tiled(img, txt, 10.0, soft_targets=torch.ones(B, B + 1), soft_weight=0.2, impl="chunked")
    with pytest.raises(ValueError, match="must both be"):
        clip_loss_tiled(img, txt[:-1], 10.0, impl="chunked")


# --------------------------------------------------------------------------------------------------- dispatch


def test_contrastive_impl_names_and_errors():
    ref = contrastive_impl("reference")
    assert (ref.clip_loss, ref.info_nce, ref.siglip_loss) == (clip_loss, info_nce, siglip_loss)
    chunked = contrastive_impl("chunked")
    assert chunked.clip_loss.keywords == {"impl": "chunked"} and chunked.clip_loss.func is clip_loss_tiled
    with pytest.raises(ConfigError, match="unknown value 'fused'") as e:
        contrastive_impl("fused")
    assert e.value.field == "impl"


def test_auto_falls_back_without_triton(monkeypatch):
    cuda = torch.device("cuda")
    monkeypatch.setattr(tiled_ce, "triton_available", lambda: False)
    assert tiled_ce.resolve_impl("auto", cuda) == tiled_ce.CPU_AUTO
    assert tiled_ce.resolve_impl("auto", torch.device("cpu")) == tiled_ce.CPU_AUTO
    with pytest.raises(RuntimeError, match="needs the triton package"):
        tiled_ce.resolve_impl("triton", cuda)
    monkeypatch.setattr(tiled_ce, "triton_available", lambda: True)
    assert tiled_ce.resolve_impl("auto", cuda) == "triton"
    monkeypatch.delenv("TRITON_INTERPRET", raising=False)
    with pytest.raises(RuntimeError, match="TRITON_INTERPRET=1"):
        tiled_ce.resolve_impl("triton", torch.device("cpu"))
    # auto on CPU computes the reference's function
    img, txt, _ = _clip_inputs(torch.float64, seed=80)
    got = contrastive_impl("auto").clip_loss(img, txt, 12.0)
    _assert_rel(got.loss, clip_loss(img, txt, 12.0).loss, torch.float64)
