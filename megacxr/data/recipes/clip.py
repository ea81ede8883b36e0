"""The ``clip`` batch: images (uint8 out of the workers, expanded and normalised on the device: 12x fewer bytes
through the loader), the reports (and, with ``clip.loss.negation_negatives``, the negated reports joined after them for
one forward), the keys and the CheXpert labels soft targets read."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from megacxr.data.batches import batch_pixels
from megacxr.data.recipes.text import joined_text, text_inputs

__all__ = ["ClipBatch", "prepare"]


@dataclass
class ClipBatch:
    pixels: torch.Tensor  # [B, C, H, W], normalised, in the tower's dtype, on the device
    text: dict | None  # reports[, negated reports] end to end on the device; None when the text is cached
    sizes: list[int]  # rows of each text part (reports first)
    keys: list[str]  # per pair: the sample key (the cache's index, the same-study mask)
    text_keys: list[str] | None  # per pair: the normalised report text's key
    labels: torch.Tensor | None  # [B, 14] CheXpert labels (1, 0, -1 uncertain, nan unknown), on the device


def prepare(
    batch: dict, device, dtype: torch.dtype = torch.float32, *, pad_id: int | None = None, text: bool = True
) -> ClipBatch:
    """``batch`` ready for the model on ``device``. ``text=False``: the reports are not moved (a frozen tower
    reads cached embeddings by key). With ``pad_id`` the reports and any negated reports are joined; without it
    (evaluation: no negatives) the reports are moved as they are."""
    fields, sizes = None, []
    if text and pad_id is not None:
        parts = [batch] + ([batch["negatives"]] if "negatives" in batch else [])
        fields, sizes = joined_text(parts, pad_id, device)
    elif text:
        fields = text_inputs(batch, device)
        sizes = [int(fields["instruction_len"].shape[0])]
    labels = batch.get("labels")
    return ClipBatch(
        pixels=batch_pixels(batch, device, dtype),
        text=fields,
        sizes=sizes,
        keys=batch["keys"],
        text_keys=batch.get("text_keys"),
        labels=labels.to(device, non_blocking=True) if labels is not None else None,
    )
