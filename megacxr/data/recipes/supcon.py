"""The ``supcon`` batch: anchors, their positives and (with hard negatives) the negatives, joined into one text
dict for ONE forward, with what the loss masks by: the studies' keys (a resampled stream can draw a study twice),
the reports' text keys (reports that read alike), which anchor owns each negative, and the step's task."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from megacxr.data.recipes.text import joined_text

__all__ = ["PARTS", "SupconBatch", "prepare"]

PARTS = ("anchor", "positive", "negatives")


@dataclass
class SupconBatch:
    text: dict  # anchors, positives[, negatives] end to end, on the device
    sizes: list[int]  # rows of each part, in PARTS order
    sample_keys: list[str]  # per anchor: the study (or mask id) a second draw of the same study shares
    text_keys: list[str] | None  # per anchor: the normalised report text's key
    negative_owner: torch.Tensor | list | None  # per negative: the anchor it was drawn for
    task: str | None = None  # the instruction task of this step (several tasks: one per step)
    task_fallback: object = None


def prepare(batch: dict, device, dtype: torch.dtype | None = None, *, pad_id: int) -> SupconBatch:
    """``batch`` ready for the model on ``device`` (``dtype`` is unused: the encoder casts its own embeddings)."""
    text, sizes = joined_text([batch[k] for k in PARTS if k in batch], pad_id, device)
    return SupconBatch(
        text=text,
        sizes=sizes,
        sample_keys=batch.get("mask_ids") or batch["keys"],
        text_keys=batch.get("text_keys"),
        negative_owner=batch.get("negative_owner"),
        task=batch.get("task"),
        task_fallback=batch.get("task_fallback"),
    )
