"""The text an encoder reads, moved to its device once: ``text_inputs`` picks the encoder's fields of a collated
text dict (``TEXT_KEYS``: ids, mask or packed positions and boundaries, instruction lengths); ``joined_text`` lays
several text dicts end to end for one forward (anchors, positives, negatives: two forwards would reorder the modules
and invalidate ZeRO-3's prefetch trace) and says where each part's rows are."""

from __future__ import annotations

from collections.abc import Sequence

import torch

from megacxr.data.batches import TEXT_KEYS
from megacxr.data.packing import concat_texts

__all__ = ["joined_text", "text_inputs", "to_device"]


def to_device(text: dict, device) -> dict:
    """A text dict's tensors on ``device`` (non-tensor entries such as ``max_seqlen`` as they are)."""
    return {k: (v.to(device, non_blocking=True) if isinstance(v, torch.Tensor) else v) for k, v in text.items()}


def text_inputs(batch: dict, device) -> dict:
    """The encoder's fields of ``batch`` (a collated text dict, or a batch holding one at its top level), on
    ``device``; every other entry (labels, keys, pixels) is left behind."""
    return to_device({k: batch[k] for k in TEXT_KEYS if k in batch}, device)


def joined_text(parts: Sequence[dict], pad_id: int, device) -> tuple[dict, list[int]]:
    """``parts`` as one text dict on ``device`` and the number of rows of each part (``torch.split`` of the
    embeddings by these gives the parts back)."""
    parts = [{k: p[k] for k in TEXT_KEYS if k in p} for p in parts]
    sizes = [int(p["instruction_len"].shape[0]) for p in parts]
    return to_device(concat_texts(parts, pad_id), device), sizes
