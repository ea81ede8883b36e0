"""The harder, held-out items of ``megacxr eval text``, generated from any shard split like the others:

* **held-out rewrites** (``heldout_queries``): every report rewritten by each family of
  ``megacxr.eval.heldout_rewrites`` (lay terms and synonyms, clause order with connectives, units, hedging:
  other words, the same facts, rules supcon never trains on), each rewrite retrieving its original among all
  originals, as the style kinds do.
* **near-miss retrieval** (``near_miss_retrieval``): the lay-terms rewrite of each report retrieves its
  original among all originals plus every report's lexical near misses: one-error rewrites of the whole report
  (side, presence, severity, comparison, device; ``megacxr.reports.negation.one_error_candidates``) written in the
  query's lay terms too. A near miss shares nearly every word with the query and differs from it in one fact;
  the original states the same facts in other words. A bag of words ranks the near miss first; a model that
  reads the facts ranks the original first. ``near_miss_above``: the share of queries where a near miss of their
  own report ranks above the original.
* **error pairs** (``error_pairs``): the findings against the true impression and ONE one-error rewrite of it,
  for every rewrite of every impression: hundreds of two-candidate items per error kind on a split of a few
  hundred reports (the four-candidate test gives one per report), so a kind's accuracy has a usable interval.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from tqdm import tqdm

from megacxr.eval.heldout_rewrites import HELDOUT_KINDS, rewrite
from megacxr.eval.intervals import bootstrap_cis
from megacxr.eval.retrieval import retrieval_ranks, summarize_ranks
from megacxr.eval.text_eval import ChoiceItem, HeldOutReport, error_kind, rewrite_queries
from megacxr.reports.negation import one_error_candidates

__all__ = ["NEAR_MISS_QUERY", "error_pairs", "heldout_queries", "near_miss_retrieval"]

NEAR_MISS_QUERY = "lay_terms"  # the rewrite that queries the near-miss pool


def heldout_queries(reports: Sequence[HeldOutReport]) -> dict[str, tuple[list[str], list[int], int]]:
    """Per held-out kind: (rewritten texts, index of each one's original, reports the rule left unchanged)."""
    return rewrite_queries(reports, HELDOUT_KINDS, lambda k, kind, i, r: rewrite(kind, r.text))


def near_misses(reports: Sequence[HeldOutReport]) -> tuple[list[str], list[int]]:
    """Every report's one-error rewrites of its whole text in the query's lay terms (distractor candidates, the
    first of each kind) and the index of the report each one came from."""
    texts, owners = [], []
    for i, r in enumerate(reports):
        seen, query = set(), rewrite(NEAR_MISS_QUERY, r.text)
        for error in one_error_candidates(r.text):
            kind, text = error_kind(error), rewrite(NEAR_MISS_QUERY, error.text)
            if kind not in seen and error.text != r.text and text != query:
                seen.add(kind)
                texts.append(text)
                owners.append(i)
    return texts, owners


def near_miss_retrieval(embedder, reports: Sequence[HeldOutReport], progress: bool = True) -> dict:
    """R@k / MRR of the lay-terms rewrites among originals plus near misses (module docstring)."""
    queries = [(i, rewrite(NEAR_MISS_QUERY, r.text)) for i, r in enumerate(reports)]
    queries = [(i, q) for i, q in queries if q != reports[i].text]
    distractors, owners = near_misses(reports)
    if not queries:
        return {"queries": 0, "distractors": len(distractors)}
    texts = [r.text for r in reports] + distractors
    step = 512
    starts = tqdm(range(0, len(texts), step), desc="near-miss candidates", disable=not progress)
    cands = torch.cat([embedder.embed(texts[s : s + step]) for s in starts])
    q_emb = embedder.embed([q for _, q in queries])
    index = torch.tensor([i for i, _ in queries])
    row = summarize_ranks(retrieval_ranks(q_emb, cands, index), (1, 5, 10))["i2t"]
    # per query with near misses of its own: does one of them score above the original?
    sims = torch.nn.functional.normalize(q_emb.float(), dim=-1) @ torch.nn.functional.normalize(cands.float(), dim=-1).T
    owner = torch.tensor(owners, dtype=torch.long)
    above = []
    for q, i in enumerate(index.tolist()):
        mine = (owner == i).nonzero().squeeze(1) + len(reports)
        if mine.numel():
            above.append(float(bool((sims[q, mine] > sims[q, i]).any())))
    own = torch.tensor(above, dtype=torch.float64)
    row.update(distractors=len(distractors), near_miss_above=float(own.mean()) if own.numel() else float("nan"))
    if own.numel():
        row["ci"]["near_miss_above"] = bootstrap_cis({"v": own})["v"]
    return row


def error_pairs(reports: Sequence[HeldOutReport]) -> list[ChoiceItem]:
    """Two-candidate items: findings -> (true impression, one one-error rewrite), every rewrite of every kind."""
    items = []
    for r in reports:
        findings, impression = r.parts.findings, r.parts.impression
        if not findings or not impression:
            continue
        for j, error in enumerate(one_error_candidates(impression)):
            if error.text != impression:
                items.append(ChoiceItem(f"{r.key}/pair{j}", findings, (impression, error.text), 0, error_kind(error)))
    return items
