"""Text batch layouts for the text stages: ``pad_sequences`` (right-padded ``[B, L]`` batches with an
``attention_mask`` and per-sequence / per-token extras) and ``concat_texts`` (several text fields of a batch, packed
or padded, as one, for the single forward of the contrastive stages).

The packed layout itself (one row per batch, sequences end to end with ``position_ids`` restarting at 0,
``cu_seqlens`` and a padding tail) is built by ``megacxr.data.batches.collate_text``; attention stays inside each
sequence through ``cu_seqlens`` (flash-attn varlen) or ``document_ids`` (FlexAttention, SDPA masks; re-exported
here from ``megacxr.tokens``).

Per-sequence values (``seq_extras``, e.g. ``instruction_len``) come back as ``[n]`` tensors; per-token values
(``token_extras``, e.g. MNTP ``labels``) are padded with ``token_fill`` (-100 by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import torch

from megacxr.tokens import document_ids  # re-exported: part of this module's API

__all__ = ["PaddedBatch", "concat_texts", "document_ids", "pad_sequences"]


@dataclass
class PaddedBatch:
    input_ids: torch.Tensor  # [B, L] long, right-padded
    attention_mask: torch.Tensor  # [B, L] long, 1 for real tokens
    extras: dict[str, torch.Tensor] = field(default_factory=dict)

    @property
    def num_tokens(self) -> int:
        return int(self.attention_mask.sum())

    @property
    def num_slots(self) -> int:
        return int(self.input_ids.numel())

    @property
    def lengths(self) -> torch.Tensor:
        return self.attention_mask.sum(1)


def _as_list(seq) -> list[int]:
    if isinstance(seq, torch.Tensor):
        return [int(x) for x in seq.reshape(-1).tolist()]
    return [int(x) for x in seq]


def _check_extras(n: int, seqs: list[list[int]], seq_extras, token_extras) -> None:
    for name, values in (seq_extras or {}).items():
        if len(values) != n:
            raise ValueError(f"seq_extras[{name!r}] has {len(values)} values for {n} sequences")
    for name, values in (token_extras or {}).items():
        if len(values) != n:
            raise ValueError(f"token_extras[{name!r}] has {len(values)} rows for {n} sequences")
        for i, (row, s) in enumerate(zip(values, seqs, strict=False)):
            if len(row) != len(s):
                raise ValueError(f"token_extras[{name!r}][{i}] has {len(row)} values for a sequence of {len(s)}")


def pad_sequences(
    seqs: Sequence[Sequence[int]],
    pad_id: int,
    max_length: int | None = None,
    *,
    seq_extras: dict[str, Sequence] | None = None,
    token_extras: dict[str, Sequence[Sequence[int]]] | None = None,
    token_fill: int | dict[str, int] = -100,
) -> PaddedBatch:
    """Right-pad ``seqs`` to the longest (or to ``max_length``, which no sequence may exceed)."""
    seqs = [_as_list(s) for s in seqs]
    if not seqs:
        raise ValueError("no sequences to pad")
    token_extras = {k: [_as_list(r) for r in v] for k, v in (token_extras or {}).items()}
    _check_extras(len(seqs), seqs, seq_extras, token_extras)
    longest = max(len(s) for s in seqs)
    length = longest if max_length is None else int(max_length)
    if longest > length:
        raise ValueError(f"a sequence has {longest} tokens, more than max_length={length}")
    ids = torch.full((len(seqs), length), int(pad_id), dtype=torch.long)
    mask = torch.zeros((len(seqs), length), dtype=torch.long)
    toks = {
        k: torch.full(
            (len(seqs), length), int(token_fill[k] if isinstance(token_fill, dict) else token_fill), dtype=torch.long
        )
        for k in token_extras
    }
    for b, s in enumerate(seqs):
        ids[b, : len(s)] = torch.tensor(s, dtype=torch.long)
        mask[b, : len(s)] = 1
        for k, rows in token_extras.items():
            toks[k][b, : len(s)] = torch.tensor(rows[b], dtype=torch.long)
    extras = {k: torch.as_tensor(list(v)) for k, v in (seq_extras or {}).items()}
    extras.update(toks)
    return PaddedBatch(input_ids=ids, attention_mask=mask, extras=extras)


def concat_texts(texts: Sequence[dict], pad_id: int) -> dict:
    """One text dict (the layouts of ``megacxr.data.batches``) holding the sequences of ``texts`` in order.

    The contrastive stages run anchors, positives and negatives through ONE forward (two forwards reorder the
    modules and invalidate ZeRO-3's prefetch trace). Packed inputs: the real tokens of each part laid end to end,
    one padding tail at the end (the total slot count is kept); padded inputs: right-padded to the longest row."""
    texts = [t for t in texts if t is not None]
    if not texts:
        raise ValueError("no text to concatenate")
    packed = ["cu_seqlens" in t for t in texts]
    if any(packed) != all(packed):
        raise ValueError("cannot concatenate packed and padded text")
    instr = torch.cat([t["instruction_len"] for t in texts])
    if not packed[0]:
        length = max(t["input_ids"].shape[1] for t in texts)

        def pad(x, value):
            return torch.nn.functional.pad(x, (0, length - x.shape[1]), value=value)

        return {
            "input_ids": torch.cat([pad(t["input_ids"], pad_id) for t in texts]),
            "attention_mask": torch.cat([pad(t["attention_mask"], 0) for t in texts]),
            "instruction_len": instr,
        }
    slots = sum(t["input_ids"].shape[1] for t in texts)
    ids, pos, cus, offset = [], [], [torch.zeros(1, dtype=torch.int32)], 0
    for t in texts:
        real = int(t["cu_seqlens"][-1])
        ids.append(t["input_ids"][0, :real])
        pos.append(t["position_ids"][0, :real])
        cus.append(t["cu_seqlens"][1:].to(torch.int32) + offset)
        offset += real
    tail = slots - offset
    ids.append(torch.full((tail,), pad_id, dtype=ids[0].dtype))
    pos.append(torch.arange(tail, dtype=pos[0].dtype))
    return {
        "input_ids": torch.cat(ids)[None],
        "position_ids": torch.cat(pos)[None],
        "cu_seqlens": torch.cat(cus),
        "max_seqlen": max(int(t["max_seqlen"]) for t in texts),
        "instruction_len": instr,
    }
