"""The ``mntp`` batch: one text dict whose masked positions carry their labels (``megacxr.data.batches``'s
``mntp_batches`` collates it; ``megacxr.data.masking`` masks it)."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from megacxr.data.recipes.text import text_inputs

__all__ = ["MntpBatch", "prepare"]


@dataclass
class MntpBatch:
    text: dict  # the encoder's inputs (input_ids with the masked tokens replaced, mask or packed positions)
    labels: torch.Tensor  # the original token at each masked position, -100 elsewhere (same layout as input_ids)

    @property
    def cu_seqlens(self) -> torch.Tensor | None:
        """Sequence boundaries of a packed batch (None: padded rows)."""
        return self.text.get("cu_seqlens")


def prepare(batch: dict, device, dtype: torch.dtype | None = None) -> MntpBatch:
    """``batch`` ready for the model on ``device`` (``dtype`` is unused: token ids and labels stay integers)."""
    return MntpBatch(text=text_inputs(batch, device), labels=batch["labels"].to(device, non_blocking=True))
