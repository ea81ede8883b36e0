"""Tiled losses on two real gloo processes against one process over the global batch.

The scenarios of ``test_gather.py`` (unequal local batches, hard / extra negatives on one rank only, a study
drawn on both ranks, soft targets from label vectors), run with ``info_nce_tiled`` / ``clip_loss_tiled``
(chunked path with 2-column tiles, so every rank scores its rows over several tiles of the gathered columns;
and the Triton kernels under ``TRITON_INTERPRET=1`` when triton is installed) and ``mntp_loss_fused``. Checked
against the plain one-process references of ``helpers/references.py``:

* ``global_loss`` on both ranks and the mean of the local losses equal the one-process loss;
* parameter gradients averaged over the ranks (as DeepSpeed / DDP do) equal the one-process gradients; the
  logit scale's gradient in particular is exact, not W times too large;
* each rank's embedding gradients are W times the one-process gradients of its rows (gather.py's convention).
"""

from __future__ import annotations

import importlib.util
import os
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
    split_rows,
)
from helpers.references import plain_mixed_clip, ref_clip, ref_info_nce, ref_mntp
from helpers.tolerance import assert_close_reduced

from megacxr.losses import LogitScale
from megacxr.losses.linear_ce import mntp_loss_fused
from megacxr.losses.tiled import clip_loss_tiled, info_nce_tiled

pytestmark = pytest.mark.slow  # one 2-process spawn for the module (~15-25 s on 2 cores)
HAS_TRITON = importlib.util.find_spec("triton") is not None
CASES = [("chunked", torch.float64), ("chunked", torch.float32)] + ([("triton", torch.float32)] if HAS_TRITON else [])
IDENTICAL_CASES = [("reference", torch.float64)] + CASES
# Length of the chain of reductions behind each scenario's values (tests/helpers/tolerance.py): input features, the
# embedding dim, the candidate columns of the softmax, the rows summed into a parameter gradient.
REDUCTION = {
    "nce": 6 + 5 + (7 + 3) + (7 + 7 + 3),
    "clip": 7 + 5 + (5 + 2) + (5 + 7),
    "cliptext": 7 + 5 + (5 + 2) + (5 + 7) + (5 + 5),  # + the text targets: a dot over the dim, a softmax over 5
    "siglip": 7 + 5 + 5 * 5 + 5,
    "mntp": 4 + 9 + 7,
    "gather": 2,
    "identical": 6 + 5 + (7 + 3) + (7 + 7 + 3) + 7,
}
OPTS = {"tile": 2, "blocks": {"BM": 16, "BN": 16, "BD": 16, "splits": 2}}


def _tag(impl, dtype) -> str:
    return f"{impl}-{str(dtype)[6:]}"


def _nce_rank_inputs(rank, dtype):
    """This rank's supcon rows: ``(data, linear, logit scale, anchor slice, (anchors, positives, negatives))``."""
    d = nce_data(dtype)
    lin, ls = linear_seeded(1, 6, 5, dtype), LogitScale(0.1).to(dtype)
    sa, sn = split_rows(NCE_B, rank), split_rows(NCE_N, rank)
    n = lin(d["xn"][sn]) if NCE_N[rank] else None
    return d, lin, ls, sa, (lin(d["xa"][sa]), lin(d["xp"][sa]), n)


def _run_nce(rank, impl, dtype):
    d, lin, ls, sa, (a, p, n) = _nce_rank_inputs(rank, dtype)
    a.retain_grad(), p.retain_grad()
    out = info_nce_tiled(
        a,
        p,
        n,
        logit_scale=ls(),
        sample_ids=d["ids"][sa],
        negative_owner=d["owner"] if NCE_N[rank] else None,
        impl=impl,
        **OPTS,
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


def _run_clip(rank, impl, dtype):
    d = clip_data(dtype)
    li, lt, ls = linear_seeded(2, 6, 5, dtype), linear_seeded(3, 7, 5, dtype), LogitScale(0.07).to(dtype)
    sb, sm = split_rows(CLIP_B, rank), split_rows(CLIP_M, rank)
    img, txt = F.normalize(li(d["xi"][sb]), dim=-1), F.normalize(lt(d["xt"][sb]), dim=-1)
    extra = F.normalize(lt(d["xe"][sm]), dim=-1) if CLIP_M[rank] else None
    img.retain_grad(), txt.retain_grad()
    out = clip_loss_tiled(
        img, txt, ls(), labels=d["labels"][sb], soft_weight=0.3, extra_text_negatives=extra, impl=impl, **OPTS
    )
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


def _run_clip_text(rank, impl, dtype):
    """Label + text soft targets, computed inside the loss (tile by tile from the gathered texts in the chunked
    and Triton paths; the reference builds each rank's rows of ``mixed_soft_targets``)."""
    d = clip_data(dtype)
    li, lt, ls = linear_seeded(2, 6, 5, dtype), linear_seeded(3, 7, 5, dtype), LogitScale(0.07).to(dtype)
    sb, sm = split_rows(CLIP_B, rank), split_rows(CLIP_M, rank)
    img, txt = F.normalize(li(d["xi"][sb]), dim=-1), F.normalize(lt(d["xt"][sb]), dim=-1)
    extra = F.normalize(lt(d["xe"][sm]), dim=-1) if CLIP_M[rank] else None
    out = clip_loss_tiled(
        img,
        txt,
        ls(),
        labels=d["labels"][sb],
        soft_weight=0.2,
        text_weight=0.3,
        text_temperature=0.1,
        extra_text_negatives=extra,
        impl=impl,
        **OPTS,
    )
    out.loss.backward()
    return {
        "loss": out.loss.detach(),
        "global_loss": out.global_loss,
        "wi": li.weight.grad,
        "wt": lt.weight.grad,
        "s": ls.log_scale.grad,
    }


# identical report texts: nce rows 0/2 (rank 0) and 1/4 (across ranks) read alike, rows 0/3 and 1/6 are one
# study each; clip pairs 0/4 (across ranks) read alike, pairs 1/3 are one study
NCE_TEXTS = torch.tensor([50, 51, 50, 52, 51, 53, 54])
CLIP_STUDIES, CLIP_TEXTS = torch.tensor([20, 21, 22, 21, 24]), torch.tensor([60, 61, 62, 63, 60])


def _run_identical(rank, impl, dtype):
    """Same-study and identical-text masking together (``text_ids``), supcon and clip, hard targets."""
    d, lin, ls, sa, (a, p, n) = _nce_rank_inputs(rank, dtype)
    nce = info_nce_tiled(a, p, n, logit_scale=ls(), sample_ids=d["ids"][sa], text_ids=NCE_TEXTS[sa], impl=impl, **OPTS)
    c = clip_data(dtype)
    li, lt = linear_seeded(2, 6, 5, dtype), linear_seeded(3, 7, 5, dtype)
    sb = split_rows(CLIP_B, rank)
    img, txt = F.normalize(li(c["xi"][sb]), dim=-1), F.normalize(lt(c["xt"][sb]), dim=-1)
    clip = clip_loss_tiled(img, txt, ls(), sample_ids=CLIP_STUDIES[sb], text_ids=CLIP_TEXTS[sb], impl=impl, **OPTS)
    (nce.loss + clip.loss).backward()
    return {
        "loss": (nce.loss + clip.loss).detach(),
        "global_loss": nce.global_loss + clip.global_loss,
        "w": lin.weight.grad,
        "wi": li.weight.grad,
        "wt": lt.weight.grad,
        "s": ls.log_scale.grad,
        "info": {"nce": nce.info, "clip": clip.info},
    }


def _run_mntp(rank):
    h0, y0, h1, y1, cu1 = mntp_data()
    head = linear_seeded(4, 4, 9, torch.float64)
    h = (h0 if rank == 0 else h1).clone().requires_grad_()
    out = mntp_loss_fused(
        h,
        y0 if rank == 0 else y1,
        head,
        cu_seqlens=None if rank == 0 else cu1,
        global_mean=True,
        chunk_size=2,
        vocab_chunk=4,
        impl="chunked",
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
    os.environ["TRITON_INTERPRET"] = "1"  # CPU tensors: the Triton kernels run in the interpreter
    dist.init_process_group(
        "gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world, timeout=timedelta(seconds=120)
    )
    try:
        res = {"mntp": _run_mntp(rank)}
        for impl, dtype in CASES:
            res[f"nce-{_tag(impl, dtype)}"] = _run_nce(rank, impl, dtype)
            res[f"clip-{_tag(impl, dtype)}"] = _run_clip(rank, impl, dtype)
            res[f"cliptext-{_tag(impl, dtype)}"] = _run_clip_text(rank, impl, dtype)
        for impl, dtype in IDENTICAL_CASES:
            res[f"identical-{_tag(impl, dtype)}"] = _run_identical(rank, impl, dtype)
        torch.save(res, Path(out_dir) / f"rank{rank}.pt")
    finally:
        dist.destroy_process_group()


@pytest.fixture(scope="module")
def ranks(tmp_path_factory):
    out = tmp_path_factory.mktemp("tiled_dist")
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


@pytest.mark.parametrize("impl,dtype", CASES, ids=[_tag(*c) for c in CASES])
def test_info_nce_tiled_two_ranks_equal_one_process(ranks, impl, dtype):
    d = nce_data(dtype)
    lin, ls = linear_seeded(1, 6, 5, dtype), LogitScale(0.1).to(dtype)
    a, p, n = lin(d["xa"]), lin(d["xp"]), lin(d["xn"])
    a.retain_grad(), p.retain_grad()
    ref = ref_info_nce(a, p, n, ls(), sample_ids=d["ids"])
    ref.backward()
    key = f"nce-{_tag(impl, dtype)}"
    _check_losses(ranks, key, ref, dtype)
    _close(_mean(ranks, key, "w"), lin.weight.grad, dtype, kind="nce")
    _close(_mean(ranks, key, "b"), lin.bias.grad, dtype, kind="nce")
    _close(_mean(ranks, key, "s"), ls.log_scale.grad, dtype, kind="nce")  # exact, not W times
    assert abs(float(sum(r[key]["s"] for r in ranks) - ls.log_scale.grad)) > 1e-3 * abs(float(ls.log_scale.grad))
    for rank, r in enumerate(ranks):
        sa = split_rows(NCE_B, rank)
        _close(r[key]["ga"], W * a.grad[sa], dtype, kind="nce")
        _close(r[key]["gp"], W * p.grad[sa], dtype, kind="nce")
        assert float(r[key]["info"]["masked_duplicates"]) == 4  # (0,3), (3,0), (1,6), (6,1)
        assert float(r[key]["info"]["num_candidates"]) == 10


@pytest.mark.parametrize("impl,dtype", CASES, ids=[_tag(*c) for c in CASES])
def test_clip_tiled_soft_targets_extra_negatives_two_ranks(ranks, impl, dtype):
    d = clip_data(dtype)
    li, lt, ls = linear_seeded(2, 6, 5, dtype), linear_seeded(3, 7, 5, dtype), LogitScale(0.07).to(dtype)
    img, txt = F.normalize(li(d["xi"]), dim=-1), F.normalize(lt(d["xt"]), dim=-1)
    extra = F.normalize(lt(d["xe"]), dim=-1)
    img.retain_grad(), txt.retain_grad()
    ref = ref_clip(img, txt, ls(), extra=extra, labels=d["labels"].to(dtype), w=0.3)
    ref.backward()
    key = f"clip-{_tag(impl, dtype)}"
    _check_losses(ranks, key, ref, dtype)
    _close(_mean(ranks, key, "wi"), li.weight.grad, dtype, kind="clip")
    _close(_mean(ranks, key, "wt"), lt.weight.grad, dtype, kind="clip")
    _close(_mean(ranks, key, "s"), ls.log_scale.grad, dtype, kind="clip")
    for rank, r in enumerate(ranks):
        sb = split_rows(CLIP_B, rank)
        _close(r[key]["gi"], W * img.grad[sb], dtype, kind="clip")
        _close(r[key]["gt"], W * txt.grad[sb], dtype, kind="clip")
        assert float(r[key]["info"]["num_pairs"]) == 5


@pytest.mark.parametrize("impl,dtype", CASES, ids=[_tag(*c) for c in CASES])
def test_clip_text_soft_targets_two_ranks_equal_one_process(ranks, impl, dtype):
    d = clip_data(dtype)
    li, lt, ls = linear_seeded(2, 6, 5, dtype), linear_seeded(3, 7, 5, dtype), LogitScale(0.07).to(dtype)
    img, txt = F.normalize(li(d["xi"]), dim=-1), F.normalize(lt(d["xt"]), dim=-1)
    ref = plain_mixed_clip(img, txt, F.normalize(lt(d["xe"]), dim=-1), d["labels"], ls(), 0.2, 0.3, 0.1)
    ref.backward()
    key = f"cliptext-{_tag(impl, dtype)}"
    _check_losses(ranks, key, ref, dtype)
    _close(_mean(ranks, key, "wi"), li.weight.grad, dtype, kind="clip")
    _close(_mean(ranks, key, "wt"), lt.weight.grad, dtype, kind="clip")
    _close(_mean(ranks, key, "s"), ls.log_scale.grad, dtype, kind="clip")


@pytest.mark.parametrize("impl,dtype", IDENTICAL_CASES, ids=[_tag(*c) for c in IDENTICAL_CASES])
def test_identical_text_masking_two_ranks_equal_one_process(ranks, impl, dtype):
    d, c = nce_data(dtype), clip_data(dtype)
    lin, ls = linear_seeded(1, 6, 5, dtype), LogitScale(0.1).to(dtype)
    li, lt = linear_seeded(2, 6, 5, dtype), linear_seeded(3, 7, 5, dtype)
    nce = ref_info_nce(lin(d["xa"]), lin(d["xp"]), lin(d["xn"]), ls(), sample_ids=d["ids"], text_ids=NCE_TEXTS)
    img, txt = F.normalize(li(c["xi"]), dim=-1), F.normalize(lt(c["xt"]), dim=-1)
    clip = ref_clip(img, txt, ls(), sample_ids=CLIP_STUDIES, text_ids=CLIP_TEXTS)
    ref = nce + clip
    ref.backward()
    key = f"identical-{_tag(impl, dtype)}"
    _check_losses(ranks, key, ref, dtype)
    for name, grad in (("w", lin.weight.grad), ("wi", li.weight.grad), ("wt", lt.weight.grad)):
        _close(_mean(ranks, key, name), grad, dtype, kind="identical")
    _close(_mean(ranks, key, "s"), ls.log_scale.grad, dtype, kind="identical")
    for r in ranks:
        info = r[key]["info"]
        # nce: texts (0,2), (2,0), (1,4), (4,1); studies (0,3), (3,0), (1,6), (6,1): 8 pairs, no overlap
        assert float(info["nce"]["identical_texts"]) == 4 and float(info["nce"]["masked_duplicates"]) == 8
        assert float(info["clip"]["identical_texts"]) == 2 and float(info["clip"]["masked_duplicates"]) == 4


def test_mntp_fused_global_mean_two_ranks(ranks):
    h0, y0, h1, y1, cu1 = mntp_data()
    h0, h1 = h0.clone().requires_grad_(), h1.clone().requires_grad_()
    head = linear_seeded(4, 4, 9, torch.float64)
    hs, ys = mntp_sequences(h0, y0, h1, y1, cu1)
    ref = ref_mntp(hs, ys, head)
    ref.backward()
    assert [r["mntp"]["num"] for r in ranks] == [3, 4]
    assert all(r["mntp"]["info"]["global_num_masked"] == 7 for r in ranks)
    _check_losses(ranks, "mntp", ref, torch.float64)
    _close(_mean(ranks, "mntp", "head_w"), head.weight.grad, kind="mntp")
    _close(_mean(ranks, "mntp", "head_b"), head.bias.grad, kind="mntp")
    _close(ranks[0]["mntp"]["gh"], W * h0.grad, kind="mntp")
    _close(ranks[1]["mntp"]["gh"], W * h1.grad, kind="mntp")
