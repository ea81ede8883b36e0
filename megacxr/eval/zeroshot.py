"""Zero-shot classification of CheXpert-style labels from a pair of prompts per label, scored by AUROC.

* ``label_prompts(names)`` gives a positive and a negative report sentence per label ("Findings consistent with
  pleural effusion." / "No pleural effusion."), written the way reports phrase them; labels it does not know get
  a generic pair.
* ``zero_shot_scores`` scores every image for every label as ``sim(image, positive) - sim(image, negative)``
  (cosine similarities by default). With ``temperature=T`` it gives instead the probability of the positive
  prompt from a softmax over the pair, ``sigmoid((sim_pos - sim_neg) / T)``: a monotone function of the
  difference, so AUROC is the same, except where float64 saturates (|difference| / T above ~36) and distinct
  scores become equal ties. The plain difference is the default for that reason.
* ``auroc(scores, labels)``: the Mann-Whitney statistic with ties counted one half (mid-ranks), no sklearn.
  Labels: 1 positive, 0 negative, -1 (uncertain) and NaN (not mentioned) are left out; anything else is an
  error. ``None`` when the kept labels lack a class.
* ``zero_shot_auroc`` gives the per-label AUROC (``None`` for a label lacking positives or negatives), the macro
  mean over the labels that have both classes, and per-label counts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
import torch.nn.functional as F

from megacxr.reports.labels import CHEXPERT_LABELS

__all__ = ["auroc", "label_prompts", "zero_shot_auroc", "zero_shot_scores"]

# label -> (positive, negative); sentences a radiologist would write, so that a report encoder sees in-domain text
_PROMPTS = {
    "No Finding": (
        "No acute cardiopulmonary abnormality. The chest is normal.",
        "There are abnormal findings in the chest.",
    ),
    "Enlarged Cardiomediastinum": (
        "Findings consistent with an enlarged cardiomediastinal silhouette.",
        "Normal cardiomediastinal silhouette.",
    ),
    "Cardiomegaly": ("Findings consistent with cardiomegaly.", "No cardiomegaly. Heart size is normal."),
    "Lung Opacity": ("Findings consistent with lung opacity.", "No focal lung opacity. The lungs are clear."),
    "Lung Lesion": ("Findings consistent with a lung lesion, nodule or mass.", "No lung nodule or mass."),
    "Edema": ("Findings consistent with pulmonary edema.", "No pulmonary edema."),
    "Consolidation": ("Findings consistent with consolidation.", "No focal consolidation."),
    "Pneumonia": ("Findings consistent with pneumonia.", "No evidence of pneumonia."),
    "Atelectasis": ("Findings consistent with atelectasis.", "No atelectasis."),
    "Pneumothorax": ("Findings consistent with pneumothorax.", "No pneumothorax."),
    "Pleural Effusion": ("Findings consistent with pleural effusion.", "No pleural effusion."),
    "Pleural Other": (
        "Findings consistent with pleural thickening or another pleural abnormality.",
        "No pleural thickening or other pleural abnormality.",
    ),
    "Fracture": ("Findings consistent with a fracture.", "No acute fracture."),
    "Support Devices": (
        "Support devices are present, such as lines, tubes or a pacemaker.",
        "No lines, tubes or other support devices.",
    ),
}


def label_prompts(names: Sequence[str] = CHEXPERT_LABELS) -> tuple[list[str], list[str]]:
    """``(positive prompts, negative prompts)``, one of each per name, in order."""
    pos, neg = [], []
    for name in names:
        if name in _PROMPTS:
            p, n = _PROMPTS[name]
        else:
            phrase = name.strip().lower()
            p, n = f"Findings consistent with {phrase}.", f"No {phrase}."
        pos.append(p)
        neg.append(n)
    return pos, neg


# -------------------------------------------------------------------------------------------------- AUROC


def _midranks(x: torch.Tensor) -> torch.Tensor:
    """1-based ranks of ``x`` with tied values sharing the mean of their positions."""
    values, order = torch.sort(x)
    _, inverse, counts = torch.unique_consecutive(values, return_inverse=True, return_counts=True)
    ends = torch.cumsum(counts, 0).double()
    mid = ends - (counts.double() - 1) / 2
    ranks = torch.empty_like(x, dtype=torch.float64)
    ranks[order] = mid[inverse]
    return ranks


def _label_masks(labels: torch.Tensor, where: str) -> tuple[torch.Tensor, torch.Tensor]:
    """``(positive, negative)`` boolean masks; -1 and NaN are neither."""
    y = labels.double()
    pos, neg = y == 1, y == 0
    bad = ~(pos | neg | (y == -1) | torch.isnan(y))
    if bool(bad.any()):
        raise ValueError(f"{where}: labels must be 1, 0, -1 or NaN, found {float(y[bad][0])}")
    return pos, neg


def auroc(scores, labels) -> float | None:
    """Area under the ROC curve: P(score of a positive > score of a negative) + 0.5 P(equal), over the samples
    labelled 1 or 0. ``None`` when there are no positives or no negatives."""
    s = torch.as_tensor(scores).double().flatten()
    y = torch.as_tensor(labels).flatten()
    if s.shape != y.shape:
        raise ValueError(f"scores and labels differ in length: {s.numel()} vs {y.numel()}")
    pos, neg = _label_masks(y, "auroc")
    keep = pos | neg
    if not bool(torch.isfinite(s[keep]).all()):
        raise ValueError("auroc: scores hold NaN or infinite values")
    n_pos, n_neg = int(pos.sum()), int(neg.sum())
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = _midranks(s[keep])
    u = float(ranks[pos[keep]].sum()) - n_pos * (n_pos + 1) / 2
    return u / (n_pos * n_neg)


# ------------------------------------------------------------------------------------------------ zero-shot


def zero_shot_scores(
    image_emb, prompt_emb_pos, prompt_emb_neg, *, temperature: float | None = None, normalize: bool = True
) -> torch.Tensor:
    """``[N, L]`` float64 scores: ``sim(img, pos_l) - sim(img, neg_l)``, or with ``temperature`` the softmax
    probability of the positive prompt of the pair."""
    img = torch.as_tensor(image_emb).double()
    pos = torch.as_tensor(prompt_emb_pos).double().to(img.device)
    neg = torch.as_tensor(prompt_emb_neg).double().to(img.device)
    if img.dim() != 2 or pos.dim() != 2 or pos.shape != neg.shape or pos.shape[1] != img.shape[1]:
        raise ValueError(
            f"need image_emb [N, D] and prompt embeddings [L, D] of one shape, got "
            f"{tuple(img.shape)}, {tuple(pos.shape)}, {tuple(neg.shape)}"
        )
    if temperature is not None and not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    for name, t in (("image_emb", img), ("prompt_emb_pos", pos), ("prompt_emb_neg", neg)):
        if not bool(torch.isfinite(t).all()):
            raise ValueError(f"{name} holds NaN or infinite values")
    if normalize:
        img, pos, neg = F.normalize(img, dim=1), F.normalize(pos, dim=1), F.normalize(neg, dim=1)
    diff = img @ pos.T - img @ neg.T
    return diff if temperature is None else torch.sigmoid(diff / temperature)


def zero_shot_auroc(
    image_emb,
    prompt_emb_pos,
    prompt_emb_neg,
    labels,
    names: Sequence[str],
    *,
    temperature: float | None = None,
    normalize: bool = True,
) -> dict:
    """Per-label zero-shot AUROC.

    ``labels [N, L]`` holds 1 / 0 / -1 / NaN (the clip batches' ``labels`` layout); -1 and NaN are left out label
    by label. Returns ``{"auroc": {name: float | None}, "macro_auroc": float | None, "labels_scored": int,
    "counts": {name: {"positive", "negative", "excluded"}}, "score": "difference" | "softmax",
    "temperature"}``; the macro mean is over the labels with both classes present.
    """
    scores = zero_shot_scores(image_emb, prompt_emb_pos, prompt_emb_neg, temperature=temperature, normalize=normalize)
    y = torch.as_tensor(labels).to(scores.device)
    names = list(names)
    if y.shape != scores.shape:
        raise ValueError(f"labels must have shape {tuple(scores.shape)} (images x prompts), got {tuple(y.shape)}")
    if len(names) != scores.shape[1]:
        raise ValueError(f"{len(names)} names for {scores.shape[1]} prompt pairs")
    per, counts = {}, {}
    for j, name in enumerate(names):
        pos, neg = _label_masks(y[:, j], f"labels[:, {j}] ({name})")
        per[name] = auroc(scores[:, j], y[:, j])
        n_pos, n_neg = int(pos.sum()), int(neg.sum())
        counts[name] = {"positive": n_pos, "negative": n_neg, "excluded": int(y.shape[0]) - n_pos - n_neg}
    scored = [v for v in per.values() if v is not None]
    macro = math.fsum(scored) / len(scored) if scored else None
    return {
        "auroc": per,
        "macro_auroc": macro,
        "labels_scored": len(scored),
        "counts": counts,
        "score": "difference" if temperature is None else "softmax",
        "temperature": temperature,
    }
