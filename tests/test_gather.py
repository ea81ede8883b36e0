"""Two real gloo processes (torch.multiprocessing.spawn) against one process over the global batch.

Each rank holds a slice of the same global batch, with UNEQUAL local sizes and hard / extra negatives on one
rank only. The workers run every scenario once (module fixture) and save what they computed; the tests compare
with the plain references of ``helpers/references.py`` run here in one process:

* ``global_loss`` on both ranks and the mean of the local losses equal the one-process loss;
* parameter gradients (a small nn.Linear producing the embeddings, the logit scale, the SigLIP bias, the LM head)
  averaged over the ranks, as DeepSpeed / DDP do, equal the one-process gradients: in particular the logit
  scale's gradient is not W times too large;
* each rank's embedding gradients are W times the one-process gradients of its rows (see gather.py).

Tolerances follow the dtype and each scenario's reduction length (tests/helpers/tolerance.py).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn.functional as F
from helpers.cli import free_port
from helpers.gather_data import (
    CLIP_B,
    CLIP_M,
    NCE_B,
    NCE_N,
    W,
    clip_data,
    linear_seeded,
    mntp_data,
    mntp_sequences,
    nce_data,
    randn_seeded,
    split_rows,
)
from helpers.references import ref_clip, ref_info_nce, ref_mntp, ref_siglip
from helpers.tolerance import assert_close_reduced
from torch import nn

from megacxr.losses import (
    LogitScale,
    all_gather_parts,
    all_gather_with_grad,
    clip_loss,
    gather_backward,
    gather_sizes,
    info_nce,
    mntp_loss,
    siglip_loss,
    world_info,
)

SIG_B = [2, 3]
pytestmark = pytest.mark.slow  # one 2-process spawn for the module: ~10-20 s on 2 cores
# Length of the chain of reductions behind each scenario's values (tests/helpers/tolerance.py): input features, the
# embedding dim, the candidate columns of the softmax, the rows summed into a parameter gradient.
REDUCTION = {
    "nce": 6 + 5 + (7 + 3) + (7 + 7 + 3),
    "clip": 7 + 5 + (5 + 2) + (5 + 7),
    "siglip": 7 + 5 + 5 * 5 + 5,
    "mntp": 4 + 9 + 7,
    "gather": 2,
}


# ------------------------------------------------------------------------------------------- scenario data


# ----------------------------------------------------------------------------------------- rank scenarios


def _run_gather(rank):
    x = torch.arange(6.0, dtype=torch.float64).reshape(3, 2)[: [3, 0][rank]] + 10 * rank
    x.requires_grad_()
    full, sl = all_gather_with_grad(x)
    weight = randn_seeded(*full.shape, seed=200 + rank)  # a different upstream gradient per rank
    (full * weight).sum().backward()
    # several parts in one collective: rank 0 holds [2, 1] rows, rank 1 [1, 3]
    p = [
        torch.full(([2, 1][rank], 2), 1.0 + rank, dtype=torch.float64, requires_grad=True),
        torch.full(([1, 3][rank], 2), 5.0 + rank, dtype=torch.float64, requires_grad=True),
    ]
    outs, slices, table = all_gather_parts(p)
    (outs[0].sum() * (1 + rank) + (outs[1] * 3).sum()).backward()
    return {
        "full": full.detach(),
        "start": sl.start,
        "stop": sl.stop,
        "grad": x.grad,
        "sizes": gather_sizes([7 + rank]),
        "parts": [o.detach() for o in outs],
        "part_slices": [(s.start, s.stop) for s in slices],
        "table": table,
        "part_grads": [t.grad for t in p],
        "world": world_info(),
    }


def _run_nce(rank, dtype):
    d = nce_data(dtype)
    lin, ls = linear_seeded(1, 6, 5, dtype), LogitScale(0.1).to(dtype)
    sa, sn = split_rows(NCE_B, rank), split_rows(NCE_N, rank)
    a, p = lin(d["xa"][sa]), lin(d["xp"][sa])
    n = lin(d["xn"][sn]) if NCE_N[rank] else None
    a.retain_grad(), p.retain_grad()
    out = info_nce(
        a, p, n, logit_scale=ls(), sample_ids=d["ids"][sa], negative_owner=d["owner"] if NCE_N[rank] else None
    )
    out.loss.backward()
    return {
        "loss": out.loss.detach(),
        "global_loss": out.global_loss,
        "w": lin.weight.grad,
        "b": lin.bias.grad,
        "s": ls.log_scale.grad,
        "ga": a.grad,
        "gp": p.grad,
        "info": out.info,
    }


def _run_clip(rank, dtype):
    d = clip_data(dtype)
    li, lt, ls = linear_seeded(2, 6, 5, dtype), linear_seeded(3, 7, 5, dtype), LogitScale(0.07).to(dtype)
    sb, sm = split_rows(CLIP_B, rank), split_rows(CLIP_M, rank)
    img, txt = F.normalize(li(d["xi"][sb]), dim=-1), F.normalize(lt(d["xt"][sb]), dim=-1)
    extra = F.normalize(lt(d["xe"][sm]), dim=-1) if CLIP_M[rank] else None
    img.retain_grad(), txt.retain_grad()
    out = clip_loss(img, txt, ls(), labels=d["labels"][sb], soft_weight=0.3, extra_text_negatives=extra)
    out.loss.backward()
    return {
        "loss": out.loss.detach(),
        "global_loss": out.global_loss,
        "wi": li.weight.grad,
        "wt": lt.weight.grad,
        "s": ls.log_scale.grad,
        "gi": img.grad,
        "gt": txt.grad,
        "info": out.info,
    }


CLIP_IDS = torch.tensor([20, 21, 20, 22, 21])  # study 20 twice on rank 0, study 21 on both ranks


def _run_clip_masked(rank):
    d = clip_data(torch.float64)
    li, lt, ls = linear_seeded(2, 6, 5, torch.float64), linear_seeded(3, 7, 5, torch.float64), LogitScale(0.07).double()
    sb, sm = split_rows(CLIP_B, rank), split_rows(CLIP_M, rank)
    img, txt = F.normalize(li(d["xi"][sb]), dim=-1), F.normalize(lt(d["xt"][sb]), dim=-1)
    extra = F.normalize(lt(d["xe"][sm]), dim=-1) if CLIP_M[rank] else None
    out = clip_loss(img, txt, ls(), extra_text_negatives=extra, sample_ids=CLIP_IDS[sb])
    out.loss.backward()
    return {
        "loss": out.loss.detach(),
        "global_loss": out.global_loss,
        "wi": li.weight.grad,
        "wt": lt.weight.grad,
        "s": ls.log_scale.grad,
        "info": out.info,
    }


def _run_siglip(rank):
    d = clip_data(torch.float64)
    li, lt, ls = linear_seeded(2, 6, 5, torch.float64), linear_seeded(3, 7, 5, torch.float64), LogitScale(0.1).double()
    bias = nn.Parameter(torch.tensor(-3.0, dtype=torch.float64))
    sb = split_rows(SIG_B, rank)
    img, txt = F.normalize(li(d["xi"][sb]), dim=-1), F.normalize(lt(d["xt"][sb]), dim=-1)
    out = siglip_loss(img, txt, ls(), bias)
    out.loss.backward()
    return {
        "loss": out.loss.detach(),
        "global_loss": out.global_loss,
        "wi": li.weight.grad,
        "wt": lt.weight.grad,
        "s": ls.log_scale.grad,
        "bias": bias.grad,
    }


def _run_mntp(rank):
    h0, y0, h1, y1, cu1 = mntp_data()
    head = linear_seeded(4, 4, 9, torch.float64)
    h = (h0 if rank == 0 else h1).clone().requires_grad_()
    out = mntp_loss(
        h, y0 if rank == 0 else y1, head, cu_seqlens=None if rank == 0 else cu1, global_mean=True, chunk_size=2
    )
    out.loss.backward()
    return {
        "loss": out.loss.detach(),
        "global_loss": out.global_loss,
        "num": out.num_masked,
        "info": out.info,
        "head_w": head.weight.grad,
        "head_b": head.bias.grad,
        "gh": h.grad,
    }


def _worker(rank: int, world: int, port: int, out_dir: str) -> None:
    torch.set_num_threads(1)
    dist.init_process_group(
        "gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world, timeout=timedelta(seconds=60)
    )
    calls = []
    real_rs = dist.reduce_scatter_tensor
    dist.reduce_scatter_tensor = lambda *a, **k: calls.append(1) or real_rs(*a, **k)  # count the real collective
    try:
        res = {
            "gather": _run_gather(rank),
            "mntp": _run_mntp(rank),
            "siglip": _run_siglip(rank),
            "clip_masked": _run_clip_masked(rank),
        }
        for dt, tag in ((torch.float64, "f64"), (torch.float32, "f32")):
            res[f"nce_{tag}"] = _run_nce(rank, dt)
            res[f"clip_{tag}"] = _run_clip(rank, dt)
        # the same scenarios with the backward that NCCL uses (a real reduce_scatter_tensor on gloo)
        res["reduce_scatters_by_default"] = len(calls)  # gloo: all_reduce
        with gather_backward("reduce_scatter"):
            res["rs"] = {
                "gather": _run_gather(rank),
                "nce_f64": _run_nce(rank, torch.float64),
                "clip_f64": _run_clip(rank, torch.float64),
                "clip_f32": _run_clip(rank, torch.float32),
            }
        res["reduce_scatters"] = len(calls)
        torch.save(res, Path(out_dir) / f"rank{rank}.pt")
    finally:
        dist.destroy_process_group()


@pytest.fixture(scope="module")
def ranks(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    mp.spawn(_worker, args=(W, free_port(), str(out)), nprocs=W, join=True)
    return [torch.load(out / f"rank{r}.pt", weights_only=False) for r in range(W)]


def _close(a, b, dtype=torch.float64, *, kind: str):
    assert_close_reduced(a, b, dtype, REDUCTION[kind], what=kind)


def _mean(rs, key, name):
    return sum(r[key][name] for r in rs) / len(rs)


def _check_losses(rs, key, ref, dtype):
    kind = key.split("_")[0].split("-")[0]
    for r in rs:
        _close(r[key]["global_loss"], ref.detach(), dtype, kind=kind)
    _close(_mean(rs, key, "loss"), ref.detach(), dtype, kind=kind)


# ---------------------------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("key", ["gather", "nce_f64", "clip_f64", "clip_f32"])
def test_reduce_scatter_backward_gives_the_all_reduce_gradients(ranks, key):
    """NCCL's backward (reduce-scatter of the padded per-rank blocks) equals gloo's (all-reduce, own slice):
    every gradient, with unequal rank sizes and a rank holding no rows (the gather scenario)."""
    grads = {"gather": ["grad", "part_grads"], "nce_f64": ["w", "b", "s", "ga", "gp"], "clip_f64": ["wi", "wt", "s"]}
    grads["clip_f32"] = grads["clip_f64"] + ["gi", "gt"]
    for r in ranks:
        for name in grads[key]:
            a, b = r["rs"][key][name], r[key][name]
            for x, y in zip(a, b, strict=False) if isinstance(a, list) else [(a, b)]:
                assert x.shape == y.shape and torch.equal(x, y), f"{key}.{name}: {float((x - y).abs().max()):.3g}"
    assert ranks[1]["rs"]["gather"]["grad"].shape == (0, 2)
    for r in ranks:  # the reduce-scatter really ran (once per gathered backward), and never by default on gloo
        assert r["reduce_scatters_by_default"] == 0 and r["reduce_scatters"] >= 4


def test_gather_backward_names_are_checked():
    with pytest.raises(ValueError, match="reduce_scatter"):
        with gather_backward("ring"):
            pass


def test_gather_variable_sizes_and_summed_backward(ranks):
    x_all = torch.arange(6.0, dtype=torch.float64).reshape(3, 2)
    for rank, r in enumerate(ranks):
        g = r["gather"]
        assert g["world"] == (rank, 2)
        _close(g["full"], x_all, kind="gather")  # rank 1 holds no rows
        assert (g["start"], g["stop"]) == [(0, 3), (3, 3)][rank]
        assert g["sizes"] == [[7], [8]]
        # its own rows receive the sum over ranks of the upstream gradients of those rows
        want = sum(randn_seeded(3, 2, seed=200 + q) for q in range(W))[g["start"] : g["stop"]]
        _close(g["grad"], want, kind="gather")
        assert g["table"] == [[2, 1], [1, 3]]
        _close(g["parts"][0], torch.tensor([[1.0, 1], [1, 1], [2, 2]], dtype=torch.float64), kind="gather")
        _close(g["parts"][1], torch.tensor([[5.0, 5], [6, 6], [6, 6], [6, 6]], dtype=torch.float64), kind="gather")
        assert g["part_slices"] == [[(0, 2), (0, 1)], [(2, 3), (1, 4)]][rank]
        _close(g["part_grads"][0], torch.full(([2, 1][rank], 2), 3.0, dtype=torch.float64), kind="gather")  # 1 + 2
        _close(g["part_grads"][1], torch.full(([1, 3][rank], 2), 6.0, dtype=torch.float64), kind="gather")  # 3 + 3


@pytest.mark.parametrize("tag,dtype", [("f64", torch.float64), ("f32", torch.float32)])
def test_info_nce_two_ranks_equal_one_process(ranks, tag, dtype):
    d = nce_data(dtype)
    lin, ls = linear_seeded(1, 6, 5, dtype), LogitScale(0.1).to(dtype)
    a, p, n = lin(d["xa"]), lin(d["xp"]), lin(d["xn"])
    a.retain_grad(), p.retain_grad()
    ref = ref_info_nce(a, p, n, ls(), sample_ids=d["ids"])
    ref.backward()
    key = f"nce_{tag}"
    _check_losses(ranks, key, ref, dtype)
    _close(_mean(ranks, key, "w"), lin.weight.grad, dtype, kind="nce")
    _close(_mean(ranks, key, "b"), lin.bias.grad, dtype, kind="nce")
    _close(_mean(ranks, key, "s"), ls.log_scale.grad, dtype, kind="nce")  # exact, not W times
    for rank, r in enumerate(ranks):
        sa = split_rows(NCE_B, rank)
        _close(r[key]["ga"], W * a.grad[sa], dtype, kind="nce")
        _close(r[key]["gp"], W * p.grad[sa], dtype, kind="nce")
        assert float(r[key]["info"]["num_candidates"]) == 10
        assert float(r[key]["info"]["masked_duplicates"]) == 4  # (0,3), (3,0), (1,6), (6,1)
    assert float(ranks[0][key]["info"]["accuracy"]) == float(ranks[1][key]["info"]["accuracy"])
    # the sample_ids mask matters here: without it the one-process loss differs
    assert abs(float(ref_info_nce(a, p, n, ls(), sample_ids=None).detach()) - float(ref.detach())) > 1e-3


@pytest.mark.parametrize("tag,dtype", [("f64", torch.float64), ("f32", torch.float32)])
def test_clip_soft_targets_extra_negatives_two_ranks(ranks, tag, dtype):
    d = clip_data(dtype)
    li, lt, ls = linear_seeded(2, 6, 5, dtype), linear_seeded(3, 7, 5, dtype), LogitScale(0.07).to(dtype)
    img, txt = F.normalize(li(d["xi"]), dim=-1), F.normalize(lt(d["xt"]), dim=-1)
    extra = F.normalize(lt(d["xe"]), dim=-1)
    img.retain_grad(), txt.retain_grad()
    ref = ref_clip(img, txt, ls(), extra=extra, labels=d["labels"].to(dtype), w=0.3)
    ref.backward()
    key = f"clip_{tag}"
    _check_losses(ranks, key, ref, dtype)
    _close(_mean(ranks, key, "wi"), li.weight.grad, dtype, kind="clip")
    _close(_mean(ranks, key, "wt"), lt.weight.grad, dtype, kind="clip")
    _close(_mean(ranks, key, "s"), ls.log_scale.grad, dtype, kind="clip")
    for rank, r in enumerate(ranks):
        sb = split_rows(CLIP_B, rank)
        _close(r[key]["gi"], W * img.grad[sb], dtype, kind="clip")
        _close(r[key]["gt"], W * txt.grad[sb], dtype, kind="clip")
        assert float(r[key]["info"]["num_pairs"]) == 5


def test_clip_same_study_masking_two_ranks_equal_one_process(ranks):
    d = clip_data(torch.float64)
    li, lt, ls = linear_seeded(2, 6, 5, torch.float64), linear_seeded(3, 7, 5, torch.float64), LogitScale(0.07).double()
    img, txt = F.normalize(li(d["xi"]), dim=-1), F.normalize(lt(d["xt"]), dim=-1)
    extra = F.normalize(lt(d["xe"]), dim=-1)
    ref = ref_clip(img, txt, ls(), extra=extra, sample_ids=CLIP_IDS)
    ref.backward()
    _check_losses(ranks, "clip_masked", ref, torch.float64)
    _close(_mean(ranks, "clip_masked", "wi"), li.weight.grad, kind="clip")
    _close(_mean(ranks, "clip_masked", "wt"), lt.weight.grad, kind="clip")
    _close(_mean(ranks, "clip_masked", "s"), ls.log_scale.grad, kind="clip")
    assert all(float(r["clip_masked"]["info"]["masked_duplicates"]) == 4 for r in ranks)
    # the mask matters here: without it the one-process loss differs
    assert abs(float(ref_clip(img, txt, ls(), extra=extra).detach()) - float(ref.detach())) > 1e-3


def test_siglip_two_ranks_equal_one_process(ranks):
    d = clip_data(torch.float64)
    li, lt, ls = linear_seeded(2, 6, 5, torch.float64), linear_seeded(3, 7, 5, torch.float64), LogitScale(0.1).double()
    bias = nn.Parameter(torch.tensor(-3.0, dtype=torch.float64))
    ref = ref_siglip(F.normalize(li(d["xi"]), dim=-1), F.normalize(lt(d["xt"]), dim=-1), ls(), bias)
    ref.backward()
    _check_losses(ranks, "siglip", ref, torch.float64)
    _close(_mean(ranks, "siglip", "wi"), li.weight.grad, kind="siglip")
    _close(_mean(ranks, "siglip", "wt"), lt.weight.grad, kind="siglip")
    _close(_mean(ranks, "siglip", "s"), ls.log_scale.grad, kind="siglip")
    _close(_mean(ranks, "siglip", "bias"), bias.grad, kind="siglip")


def test_mntp_global_mean_two_ranks(ranks):
    h0, y0, h1, y1, cu1 = mntp_data()
    h0, h1 = h0.clone().requires_grad_(), h1.clone().requires_grad_()
    head = linear_seeded(4, 4, 9, torch.float64)
    hs, ys = mntp_sequences(h0, y0, h1, y1, cu1)
    ref = ref_mntp(hs, ys, head)
    ref.backward()
    assert [r["mntp"]["num"] for r in ranks] == [3, 4]
    assert [r["mntp"]["info"]["dropped_start_labels"] for r in ranks] == [0, 1]  # label 4 starts sequence 2
    assert all(r["mntp"]["info"]["global_num_masked"] == 7 for r in ranks)
    _check_losses(ranks, "mntp", ref, torch.float64)
    _close(_mean(ranks, "mntp", "head_w"), head.weight.grad, kind="mntp")
    _close(_mean(ranks, "mntp", "head_b"), head.bias.grad, kind="mntp")
    _close(ranks[0]["mntp"]["gh"], W * h0.grad, kind="mntp")
    _close(ranks[1]["mntp"]["gh"], W * h1.grad, kind="mntp")
    # the per-rank mean (global_mean=False) would weigh rank 0's 3 tokens like rank 1's 4: a different loss
    per_rank = 0.5 * (ref_mntp(hs[:2], ys[:2], head) + ref_mntp(hs[2:], ys[2:], head))
    assert abs(float(per_rank.detach()) - float(ref.detach())) > 1e-3
