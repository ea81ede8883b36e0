"""Plain one-process references of the losses (written from their formulas), shared by the loss, gather and tiled
tests."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F


def ref_info_nce(a, p, n, scale, sample_ids=None, normalize=True, text_ids=None):
    if normalize:
        a, p = F.normalize(a, dim=-1), F.normalize(p, dim=-1)
        n = F.normalize(n, dim=-1) if n is not None else None
    cand = p if n is None else torch.cat([p, n])
    logits = scale * a @ cand.T
    b = a.shape[0]
    if sample_ids is not None or text_ids is not None:
        mask = torch.zeros_like(logits, dtype=torch.bool)
        for i in range(b):
            for j in range(b):
                mask[i, j] = shares_id(i, j, sample_ids, text_ids)
        logits = logits.masked_fill(mask, float("-inf"))
    return F.cross_entropy(logits, torch.arange(b))


def ref_label_similarity(la, lb):
    """Loop version of the documented rule: cosine over jointly known entries, -1 -> 0.5."""
    out = torch.zeros(la.shape[0], lb.shape[0], dtype=torch.float64)
    for i in range(la.shape[0]):
        for j in range(lb.shape[0]):
            pairs = [
                (float(x), float(y)) for x, y in zip(la[i], lb[j], strict=False) if not (math.isnan(x) or math.isnan(y))
            ]
            if not pairs:
                continue
            m = [(0.5 if x == -1 else x, 0.5 if y == -1 else y) for x, y in pairs]
            na = math.sqrt(sum(x * x for x, _ in m))
            nb = math.sqrt(sum(y * y for _, y in m))
            if na == 0 and nb == 0:
                out[i, j] = 1.0
            elif na > 0 and nb > 0:
                out[i, j] = sum(x * y for x, y in m) / (na * nb)
    return out


def ref_clip(img, txt, scale, extra=None, labels=None, w=0.0, sample_ids=None, text_ids=None):
    b = img.shape[0]
    cols = txt if extra is None else torch.cat([txt, extra])
    li, lt = scale * img @ cols.T, scale * txt @ img.T
    if sample_ids is not None or text_ids is not None:  # the same study or text: out of both softmaxes
        mask = torch.zeros(b, b, dtype=torch.bool)
        for i in range(b):
            for j in range(b):
                mask[i, j] = shares_id(i, j, sample_ids, text_ids)
        lt = lt.masked_fill(mask, -math.inf)
        li = li.masked_fill(torch.cat([mask, torch.zeros(b, cols.shape[0] - b, dtype=torch.bool)], 1), -math.inf)
    if labels is None or w == 0:
        return 0.5 * (F.cross_entropy(li, torch.arange(b)) + F.cross_entropy(lt, torch.arange(b)))
    t = ref_soft_targets(ref_label_similarity(labels, labels), w)
    t_i = torch.cat([t, torch.zeros(b, cols.shape[0] - b, dtype=t.dtype)], dim=1)
    ce_i = -(t_i * F.log_softmax(li, dim=1)).sum(1).mean()
    ce_t = -(t * F.log_softmax(lt, dim=1)).sum(1).mean()
    return 0.5 * (ce_i + ce_t)


def ref_siglip(img, txt, scale, bias):
    logits = scale * img @ txt.T + bias
    z = 2 * torch.eye(img.shape[0], dtype=logits.dtype) - 1
    return -F.logsigmoid(z * logits).sum() / img.shape[0]


def ref_mntp(seqs_hidden, seqs_labels, head):
    """Per sequence: label at i (i >= 1) from hidden at i - 1; mean over all scored labels."""
    total, count = 0.0, 0
    for h, y in zip(seqs_hidden, seqs_labels, strict=False):
        for i in range(1, len(y)):
            if int(y[i]) != -100:
                total = total + F.cross_entropy(head(h[i - 1][None]), y[i][None], reduction="sum")
                count += 1
    return total / count


def plain_mixed_clip(img, txt, extra, labels, scale, wl, wt, tau):
    """``(1 - wl - wt) I + wl L / rowsum(L) + wt softmax(T T^T / tau)``, written out."""
    b = img.shape[0]
    sim = ref_label_similarity(labels, labels).to(img.dtype)
    rows = sim.sum(1, keepdim=True)
    eye = torch.eye(b, dtype=img.dtype)
    lab = torch.where(rows > 0, sim / rows.clamp(min=1e-300), eye)
    t = txt.detach()
    text = torch.softmax(t @ t.T / tau, dim=1)
    target = (1 - wl - wt) * eye + wl * lab + wt * text
    li = scale * img @ torch.cat([txt, extra]).T
    lt = scale * txt @ img.T
    ce_i = -(F.pad(target, (0, extra.shape[0])) * F.log_softmax(li, 1)).sum(1).mean()
    ce_t = -(target * F.log_softmax(lt, 1)).sum(1).mean()
    return 0.5 * (ce_i + ce_t)


def shares_id(i, j, sample_ids, text_ids) -> bool:
    """Pair (i, j), j != i, is left out of the softmax: the same study, or identical report text."""
    study = sample_ids is not None and int(sample_ids[j]) == int(sample_ids[i])
    text = text_ids is not None and int(text_ids[j]) == int(text_ids[i])
    return j != i and (study or text)


def ref_soft_targets(sim, w):
    b = sim.shape[0]
    t = torch.zeros_like(sim)
    for i in range(b):
        row = sim[i] / sim[i].sum() if sim[i].sum() > 0 else F.one_hot(torch.tensor(i), b).to(sim.dtype)
        t[i] = w * row
        t[i, i] += 1 - w
    return t
