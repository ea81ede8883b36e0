"""Multiple-choice accuracy over similarity scores: which candidate does a query (or an image) prefer?

Used by the text-encoder evaluation (a report's findings against its true impression and one-error rewrites of
it) and the CXR-Align comparisons (an image against its report, the report with a finding negated, and the
report with it left out). Pure functions over tensors.

``choice_accuracy(scores [Q, C], answer [Q])``:

* ``strict``: the right candidate scores above every wrong one by more than ``tie_tol``; a tie counts as wrong
  (a collapsed encoder, all scores equal, gets 0).
* ``tie_aware``: 1 when the right candidate is strictly best, ``1 / (1 + t)`` when it shares the best score with
  ``t`` wrong ones (the expected accuracy of breaking the tie at random), 0 when a wrong one is better. A
  collapsed encoder gets chance.
* ``chance``: the expected accuracy of a random choice, the mean of ``1 / C_q`` (rows may have fewer candidates:
  pad with ``-inf`` or pass ``valid [Q, C]``).
* ``items``: Q; ``margin``: the mean of the right score minus the best wrong one.
* ``ci``: 95% bootstrap intervals of ``strict`` and ``tie_aware`` over the items (``megacxr.eval.intervals``).

``pairwise_preference(a [Q], b [Q])``: the same two accuracies for two-candidate comparisons given as two score
vectors ("the image's similarity to its report is above its similarity to the negated report").
"""

from __future__ import annotations

import torch

from megacxr.eval.intervals import bootstrap_cis

__all__ = ["choice_accuracy", "pairwise_preference"]


def choice_accuracy(
    scores: torch.Tensor, answer: torch.Tensor, *, valid: torch.Tensor | None = None, tie_tol: float = 1e-6
) -> dict:
    """Strict and tie-aware top-1 accuracy of ``scores [Q, C]`` against the right column ``answer [Q]``."""
    scores = torch.as_tensor(scores, dtype=torch.float64)
    if scores.ndim != 2:
        raise ValueError(f"scores must be [queries, candidates], got shape {tuple(scores.shape)}")
    answer = torch.as_tensor(answer, dtype=torch.long).flatten()
    q, c = scores.shape
    if answer.numel() != q:
        raise ValueError(f"answer has {answer.numel()} entries for {q} queries")
    if q == 0:
        return {"strict": float("nan"), "tie_aware": float("nan"), "chance": float("nan"), "items": 0}
    if bool(((answer < 0) | (answer >= c)).any()):
        raise ValueError(f"answer must index one of the {c} candidates")
    valid = torch.isfinite(scores) if valid is None else torch.as_tensor(valid, dtype=torch.bool)
    if not bool(valid.gather(1, answer[:, None]).all()):
        raise ValueError("the right candidate of a query is not a valid score")
    if not tie_tol >= 0:
        raise ValueError(f"tie_tol must be >= 0, got {tie_tol}")
    true = scores.gather(1, answer[:, None])
    wrong = valid.clone()
    wrong.scatter_(1, answer[:, None], False)
    better = ((scores > true + tie_tol) & wrong).sum(1)
    tied = ((scores >= true - tie_tol) & (scores <= true + tie_tol) & wrong).sum(1)
    strict = (better == 0) & (tied == 0)
    tie_aware = torch.where(better == 0, 1.0 / (1.0 + tied.double()), torch.zeros((), dtype=torch.float64))
    best_wrong = torch.where(wrong, scores, torch.full_like(scores, float("-inf"))).max(1).values
    has_wrong = wrong.any(1)
    margin = (true.squeeze(1) - best_wrong)[has_wrong]
    return {
        "strict": float(strict.double().mean()),
        "tie_aware": float(tie_aware.mean()),
        "ci": bootstrap_cis({"strict": strict.double(), "tie_aware": tie_aware}),  # 95% bootstrap over items
        "chance": float((1.0 / valid.sum(1).double()).mean()),
        "items": q,
        "margin": float(margin.mean()) if margin.numel() else float("nan"),
    }


def pairwise_preference(preferred: torch.Tensor, other: torch.Tensor, *, tie_tol: float = 1e-6) -> dict:
    """How often ``preferred[i]`` (the score the right answer gets) beats ``other[i]``; see ``choice_accuracy``."""
    a = torch.as_tensor(preferred, dtype=torch.float64).flatten()
    b = torch.as_tensor(other, dtype=torch.float64).flatten()
    if a.shape != b.shape:
        raise ValueError(f"the two score vectors differ in length: {a.numel()} and {b.numel()}")
    return choice_accuracy(torch.stack([a, b], 1), torch.zeros(a.numel(), dtype=torch.long), tie_tol=tie_tol)
