"""Image-report retrieval metrics over embeddings: Recall@k, mean and median rank, top-k retrieved reports.

Pure functions over tensors (any device; scores are computed in float32 on the embeddings' device). The inputs
are what the embedding code produces for one split:

* ``image_emb [N, D]``: one row per image; several images may belong to one study (frontal and lateral views,
  repeat acquisitions).
* ``text_emb [M, D]``: one row per study report.
* ``image_to_text [N]``: the index in ``text_emb`` of each image's study report.

Scores are cosine similarities (``normalize=True``, the default) or plain dot products (``normalize=False``).

Study level:

* image-to-report (``i2t``): every image is a query; its rank is the rank of its study's report among all the
  candidate reports.
* report-to-image (``t2i``): every report that has at least one image is a query; its rank is the best rank
  among its study's images, i.e. the position of the first correct image in the ranked list: ``1 +`` the number
  of *wrong* images scoring at least as high as the best correct one. A study's own images never push each other
  down. Reports without any image stay candidates for ``i2t`` (distractors) but are not ``t2i`` queries; their
  number is reported as ``t2i.reports_without_images``.

Merging identical reports (``merge_identical=<the M report strings>``): reports whose strings are exactly equal
become one candidate before ranking, its embedding the mean of theirs (identical strings embed identically up to
numerical noise). An image whose report reads word for word like another study's ("No acute cardiopulmonary
process.") is then not punished for retrieving the other copy: its true candidate is the merged one. The
``t2i`` queries are the merged candidates too, each with all the images of all its studies as correct answers.
Strings are compared exactly; normalise whitespace or case before calling if that is wanted.

Ties (``ties``): with ``"pessimistic"`` (the default) every wrong candidate whose score is within ``tie_tol`` of
the true one, or above, ranks ahead of it: rank = the number of candidates scoring ``>= true - tie_tol``. With
``"optimistic"`` only strictly better ones do: rank = ``1 + #(score > true + tie_tol)``. Pessimistic is the safe
choice: a collapsed model (every embedding equal, a known failure of contrastive training at too high a learning
rate) gets rank 1 for every query under the optimistic rule and a perfect Recall@1; under the pessimistic rule it
gets the worst rank. ``tie_tol`` (score units; 1e-6 suits cosine scores in float32) absorbs the rounding by which
one matrix product can give two identical columns slightly different scores.

Memory: queries are processed ``chunk`` at a time, so the score matrix held is ``chunk x candidates``.

``MRR`` is the mean of ``1 / rank`` over the queries (with the tie rule above).

Chance level of Recall@k is the expected recall under a uniformly random ranking: ``k / C`` for one correct
candidate among ``C``, and ``1 - prod_{i<k} (C - m - i) / (C - i)`` for ``m`` correct ones (``t2i`` with several
images per study), averaged over the queries.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import torch
import torch.nn.functional as F

from megacxr.eval.intervals import bootstrap_cis

__all__ = [
    "RetrievalRanks",
    "TIE_MODES",
    "merge_reports",
    "mrr_chance",
    "recall_chance",
    "retrieval_metrics",
    "retrieval_ranks",
    "summarize_ranks",
    "topk_reports",
]

TieMode = Literal["pessimistic", "optimistic"]
TIE_MODES = ("pessimistic", "optimistic")


@dataclass
class RetrievalRanks:
    """Per-query 1-based ranks of both directions and what is needed to summarise them."""

    i2t: torch.Tensor  # [N] long: rank of each image's true (merged) report
    t2i: torch.Tensor  # [Q] long: rank of the first correct image for each report query
    i2t_candidates: int  # candidate reports (after merging)
    t2i_candidates: int  # candidate images (N)
    t2i_correct: torch.Tensor  # [Q] long: number of correct images of each report query
    t2i_query_index: torch.Tensor  # [Q] long: representative index in text_emb of each report query
    reports: int  # M, before merging
    reports_without_images: int  # (merged) reports with no image: candidates only, no t2i query
    merge: bool = False  # whether identical reports were merged (merge_identical given)


# -------------------------------------------------------------------------------------------------- inputs


def _as_float(x, name: str) -> torch.Tensor:
    t = torch.as_tensor(x)
    if t.dim() != 2:
        raise ValueError(f"{name} must be 2-D [rows, dim], got shape {tuple(t.shape)}")
    t = t.float()
    if not bool(torch.isfinite(t).all()):
        # a NaN score compares false with everything, which would silently give that query rank 1
        raise ValueError(f"{name} holds NaN or infinite values")
    return t


def _check_common(image_emb, text_emb, normalize: bool) -> tuple[torch.Tensor, torch.Tensor]:
    img = _as_float(image_emb, "image_emb")
    txt = _as_float(text_emb, "text_emb").to(img.device)
    if img.shape[1] != txt.shape[1]:
        raise ValueError(f"image_emb and text_emb differ in width: {img.shape[1]} vs {txt.shape[1]}")
    if img.shape[0] == 0 or txt.shape[0] == 0:
        raise ValueError("image_emb and text_emb need at least one row each")
    if normalize:
        img, txt = F.normalize(img, dim=1), F.normalize(txt, dim=1)
    return img, txt


def _check_chunk(chunk: int) -> int:
    if int(chunk) < 1:
        raise ValueError(f"chunk must be at least 1, got {chunk}")
    return int(chunk)


def merge_reports(reports: Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """Group exactly identical strings: ``(group [M] long, first [G] long)``, groups numbered in order of first
    appearance, ``first[g]`` the index of group ``g``'s first report."""
    seen: dict[str, int] = {}
    group, first = [], []
    for i, text in enumerate(reports):
        if not isinstance(text, str):
            raise ValueError(f"merge_identical[{i}] is {type(text).__name__}, not a string")
        g = seen.setdefault(text, len(seen))
        if g == len(first):
            first.append(i)
        group.append(g)
    return torch.tensor(group, dtype=torch.long), torch.tensor(first, dtype=torch.long)


def _candidates(txt: torch.Tensor, merge_identical: Sequence[str] | None, normalize: bool):
    """Candidate embeddings, the candidate of each report and each candidate's representative report index."""
    m = txt.shape[0]
    if merge_identical is None:
        idx = torch.arange(m, device=txt.device)
        return txt, idx, idx
    if len(merge_identical) != m:
        raise ValueError(f"merge_identical has {len(merge_identical)} strings for {m} report embeddings")
    group, first = merge_reports(merge_identical)
    group, first = group.to(txt.device), first.to(txt.device)
    sums = torch.zeros(len(first), txt.shape[1], device=txt.device).index_add_(0, group, txt)
    counts = torch.bincount(group, minlength=len(first)).unsqueeze(1).float()
    cand = sums / counts
    if normalize:
        cand = F.normalize(cand, dim=1)
    return cand, group, first


def _true_index(image_to_text, n: int, m: int, device) -> torch.Tensor:
    t = torch.as_tensor(image_to_text)
    if t.dim() != 1 or t.shape[0] != n:
        raise ValueError(f"image_to_text must have shape [{n}], got {tuple(t.shape)}")
    if t.dtype.is_floating_point or t.dtype == torch.bool:
        raise ValueError(f"image_to_text must hold integer indices, got {t.dtype}")
    t = t.long().to(device)
    if n and (int(t.min()) < 0 or int(t.max()) >= m):
        raise ValueError(f"image_to_text holds indices outside [0, {m})")
    return t


# ---------------------------------------------------------------------------------------------------- ranks


def _first_true_ranks(
    queries: torch.Tensor,
    cands: torch.Tensor,
    query_label: torch.Tensor,
    cand_label: torch.Tensor,
    chunk: int,
    ties: TieMode,
    tie_tol: float,
) -> torch.Tensor:
    """For each query, 1 + the number of wrong candidates ranked ahead of its best correct candidate (candidate
    ``j`` is correct for query ``q`` when ``cand_label[j] == query_label[q]``; every query has one)."""
    out = torch.empty(queries.shape[0], dtype=torch.long, device=queries.device)
    for s in range(0, queries.shape[0], chunk):
        scores = queries[s : s + chunk] @ cands.T
        correct = cand_label.unsqueeze(0) == query_label[s : s + chunk].unsqueeze(1)
        # the true score is read from the same product as the others, never recomputed, so ties stay exact
        best = scores.masked_fill(~correct, float("-inf")).amax(dim=1, keepdim=True)
        ahead = scores >= best - tie_tol if ties == "pessimistic" else scores > best + tie_tol
        out[s : s + chunk] = (ahead & ~correct).sum(dim=1) + 1
    return out


def retrieval_ranks(
    image_emb,
    text_emb,
    image_to_text,
    *,
    merge_identical: Sequence[str] | None = None,
    normalize: bool = True,
    chunk: int = 4096,
    ties: TieMode = "pessimistic",
    tie_tol: float = 1e-6,
) -> RetrievalRanks:
    """Per-query ranks of both directions (see the module docstring for the definitions)."""
    if ties not in TIE_MODES:
        raise ValueError(f"ties must be one of {', '.join(TIE_MODES)}, got {ties!r}")
    if not tie_tol >= 0:
        raise ValueError(f"tie_tol must be >= 0, got {tie_tol}")
    chunk = _check_chunk(chunk)
    img, txt = _check_common(image_emb, text_emb, normalize)
    n, m = img.shape[0], txt.shape[0]
    true_report = _true_index(image_to_text, n, m, img.device)
    cand, group, first = _candidates(txt, merge_identical, normalize)
    c = cand.shape[0]
    image_cand = group[true_report]  # [N] true candidate of each image

    i2t = _first_true_ranks(img, cand, image_cand, torch.arange(c, device=img.device), chunk, ties, tie_tol)

    correct = torch.bincount(image_cand, minlength=c)  # images per candidate
    query_ids = torch.nonzero(correct > 0).flatten()
    t2i = _first_true_ranks(cand[query_ids], img, query_ids, image_cand, chunk, ties, tie_tol)
    return RetrievalRanks(
        i2t=i2t,
        t2i=t2i,
        i2t_candidates=c,
        t2i_candidates=n,
        t2i_correct=correct[query_ids],
        t2i_query_index=first[query_ids],
        reports=m,
        reports_without_images=c - len(query_ids),
        merge=merge_identical is not None,
    )


# ------------------------------------------------------------------------------------------------- summary


def _over_correct(correct: torch.Tensor | int, per_m) -> float:
    """The mean over queries of ``per_m(m)``, ``m`` a query's number of right answers (computed once per value)."""
    m = torch.as_tensor(correct).flatten().long()
    if m.numel() == 0:
        return float("nan")
    values, counts = torch.unique(m, return_counts=True)
    return sum(per_m(mi) * cnt for mi, cnt in zip(values.tolist(), counts.tolist(), strict=False)) / m.numel()


def recall_chance(k: int, candidates: int, correct: torch.Tensor | int = 1) -> float:
    """Expected Recall@k under a uniformly random ranking, averaged over queries with ``correct`` right answers
    each among ``candidates``."""

    def p(mi: int) -> float:
        if k >= candidates - mi + 1:
            return 1.0
        if mi == 1:
            return k / candidates
        # P(no correct item in the top k) = C(candidates - m, k) / C(candidates, k)
        return 1.0 - math.prod((candidates - mi - i) / (candidates - i) for i in range(k))

    return _over_correct(correct, p)


def _median(x: torch.Tensor) -> float:
    """The usual median (the mean of the two middle values for an even count), unlike ``torch.median``."""
    s = torch.sort(x.double()).values
    n = s.numel()
    return float(s[n // 2]) if n % 2 else float((s[n // 2 - 1] + s[n // 2]) / 2)


def _direction(ranks: torch.Tensor, candidates: int, correct, ks: Sequence[int]) -> dict:
    r = ranks.double()
    per_query = {f"R@{k}": (r <= k).double() for k in ks}
    per_query.update(MRR=1.0 / r, mean_rank=r)
    out: dict = {f"R@{k}": float(per_query[f"R@{k}"].mean()) for k in ks}
    out.update(
        MRR=float((1.0 / r).mean()),
        ci=bootstrap_cis(per_query),  # 95% percentile bootstrap over the queries
        mean_rank=float(r.mean()),
        median_rank=_median(r),
        queries=int(r.numel()),
        candidates=candidates,
        chance={f"R@{k}": recall_chance(k, candidates, correct) for k in ks},
        chance_mean_rank=_chance_mean_rank(candidates, correct),
        chance_MRR=mrr_chance(candidates, correct),
    )
    return out


def mrr_chance(candidates: int, correct: torch.Tensor | int = 1) -> float:
    """Expected mean reciprocal rank under a uniformly random ranking: the first of ``m`` correct items among
    ``C`` sits at position ``r`` with probability ``C(C - r, m - 1) / C(C, m)``."""

    def mrr(mi: int) -> float:
        r = torch.arange(1, candidates - mi + 2, dtype=torch.float64)
        log_p = _log_comb(candidates - r, mi - 1) - _log_comb(torch.tensor(float(candidates)), mi)
        return float((log_p.exp() / r).sum())

    return _over_correct(correct, mrr)


def _log_comb(n: torch.Tensor, k: int) -> torch.Tensor:
    n = torch.as_tensor(n, dtype=torch.float64)
    return torch.lgamma(n + 1) - math.lgamma(k + 1) - torch.lgamma(n - k + 1)


def _chance_mean_rank(candidates: int, correct) -> float:
    # expected position of the first of m correct items among C in a random order: (C + 1) / (m + 1)
    m = torch.as_tensor(correct).double().flatten()
    return float(((candidates + 1) / (m + 1)).mean())


def _check_ks(ks: Sequence[int]) -> tuple[int, ...]:
    ks = tuple(int(k) for k in ks)
    if not ks or any(k < 1 for k in ks):
        raise ValueError(f"ks must be positive integers, got {ks}")
    return tuple(sorted(set(ks)))


def summarize_ranks(r: RetrievalRanks, ks: Sequence[int] = (1, 5, 10), *, ties: str = "pessimistic") -> dict:
    """The metrics dict of ``retrieval_metrics`` from per-query ranks."""
    ks = _check_ks(ks)
    return {
        "i2t": _direction(r.i2t, r.i2t_candidates, 1, ks),
        "t2i": _direction(r.t2i, r.t2i_candidates, r.t2i_correct, ks),
        "ks": list(ks),
        "images": r.t2i_candidates,
        "reports": r.reports,
        "merged": (r.i2t_candidates != r.reports) if r.merge else None,
        "unique_reports": r.i2t_candidates,
        "reports_without_images": r.reports_without_images,
        "ties": ties,
    }


def retrieval_metrics(
    image_emb,
    text_emb,
    image_to_text,
    *,
    ks: Sequence[int] = (1, 5, 10),
    merge_identical: Sequence[str] | None = None,
    chunk: int = 4096,
    normalize: bool = True,
    ties: TieMode = "pessimistic",
    tie_tol: float = 1e-6,
) -> dict:
    """Study-level image-to-report and report-to-image retrieval metrics.

    Returns ``{"i2t": D, "t2i": D, "ks", "images", "reports", "merged", "unique_reports",
    "reports_without_images", "ties"}`` where each ``D`` is ``{"R@k": recall for k in ks, "mean_rank",
    "median_rank" (1-based), "ci" (95% bootstrap intervals of the R@k, MRR and mean rank over the queries,
    ``megacxr.eval.intervals``), "queries", "candidates", "chance": {"R@k": ...}, "chance_mean_rank"}``.
    ``merged`` is True when ``merge_identical`` merged any reports, False when it merged none, None without it.
    """
    ks = _check_ks(ks)
    r = retrieval_ranks(
        image_emb,
        text_emb,
        image_to_text,
        merge_identical=merge_identical,
        normalize=normalize,
        chunk=chunk,
        ties=ties,
        tie_tol=tie_tol,
    )
    return summarize_ranks(r, ks, ties=ties)


# ---------------------------------------------------------------------------------------------------- top-k


def topk_reports(
    image_emb,
    text_emb,
    k: int,
    *,
    merge_identical: Sequence[str] | None = None,
    normalize: bool = True,
    chunk: int = 4096,
) -> tuple[torch.Tensor, torch.Tensor]:
    """The ``k`` best-scoring reports of every image: ``(indices [N, k'] long, scores [N, k'] float)`` with
    ``k' = min(k, candidates)``, best first; equal scores keep the lower report index first.

    Indices point into ``text_emb`` (and the caller's list of report strings). With ``merge_identical`` each
    group of identical reports appears once, under the index of its first report, with the merged score.
    """
    if int(k) < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    chunk = _check_chunk(chunk)
    img, txt = _check_common(image_emb, text_emb, normalize)
    cand, _, first = _candidates(txt, merge_identical, normalize)
    k = min(int(k), cand.shape[0])
    idx = torch.empty(img.shape[0], k, dtype=torch.long, device=img.device)
    val = torch.empty(img.shape[0], k, dtype=torch.float32, device=img.device)
    for s in range(0, img.shape[0], chunk):
        scores = img[s : s + chunk] @ cand.T
        order = torch.sort(scores, dim=1, descending=True, stable=True)
        val[s : s + chunk] = order.values[:, :k]
        idx[s : s + chunk] = first[order.indices[:, :k]]
    return idx, val
