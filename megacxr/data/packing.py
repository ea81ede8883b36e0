"""Padding-free packing of token sequences for the text stages, and padded batches as the simple path.

``pack_sequences`` places variable-length sequences into rows of exactly ``token_budget`` tokens by
first-fit-decreasing (longest first, each into the first row with room; ties keep input order, so the result is
deterministic). A row is ``input_ids [1, T]``, ``position_ids [1, T]`` restarting at 0 for every sequence,
``cu_seqlens`` (int32, ``[n + 1]``: where each real sequence starts and ends), ``max_seqlen`` and ``seq_ids``
(the input index of each packed sequence). The unused tail of a row holds ``pad_id`` with positions 0, 1, ...;
it is not a sequence: ``cu_seqlens[-1]`` is the number of real tokens, and ``padded_cu_seqlens()`` adds the tail
as one more segment for kernels that must cover all ``T`` tokens (flash-attn varlen).

Attention over a packed row must stay inside each sequence:

* ``block_diagonal_mask`` gives the dense additive ``[1, 1, T, T]`` mask (0 within a sequence, -inf across;
  the padding tail attends only to itself) for torch SDPA or an eager / sdpa transformers model on CPU;
* ``document_ids`` gives the per-token segment id for a FlexAttention document mask;
* flash-attn ``flash_attn_varlen_func(causal=False)`` takes ``cu_seqlens`` / ``max_seqlen`` directly.

``pad_sequences`` builds ``[B, L]`` right-padded batches with an ``attention_mask``; ``padding_mask_4d`` turns
that into the bidirectional additive mask. ``unpack`` splits a packed ``[1, T, D]`` output back into
sequences, and ``fill_ratio`` is real tokens over token slots for packed or padded batches.

Per-sequence values (``seq_extras``, e.g. ``instruction_len``) come back as ``[n]`` tensors in pack order;
per-token values (``token_extras``, e.g. MNTP ``labels``) are packed like the ids, filled with
``token_fill`` (-100 by default) in the tail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import torch

from megacxr.tokens import document_ids  # re-exported: part of this module's API

__all__ = [
    "PackedBatch",
    "PaddedBatch",
    "block_diagonal_mask",
    "concat_texts",
    "document_ids",
    "fill_ratio",
    "pack_sequences",
    "pad_sequences",
    "padding_mask_4d",
    "unpack",
]


@dataclass
class PackedBatch:
    input_ids: torch.Tensor  # [1, T] long
    position_ids: torch.Tensor  # [1, T] long, 0.. per sequence (and for the padding tail)
    cu_seqlens: torch.Tensor  # [n + 1] int32, real sequences only
    max_seqlen: int
    seq_ids: torch.Tensor  # [n] long: index into the input list of each packed sequence
    extras: dict[str, torch.Tensor] = field(default_factory=dict)

    @property
    def total_len(self) -> int:
        return int(self.input_ids.shape[1])

    @property
    def num_tokens(self) -> int:
        """Real (non-padding) tokens."""
        return int(self.cu_seqlens[-1])

    @property
    def num_slots(self) -> int:
        return self.total_len

    @property
    def num_sequences(self) -> int:
        return int(self.cu_seqlens.numel() - 1)

    @property
    def lengths(self) -> torch.Tensor:
        return (self.cu_seqlens[1:] - self.cu_seqlens[:-1]).long()

    def padded_cu_seqlens(self) -> torch.Tensor:
        """``cu_seqlens`` with the padding tail as a last segment, so that it ends at ``T``."""
        if self.num_tokens == self.total_len:
            return self.cu_seqlens
        return torch.cat([self.cu_seqlens, torch.tensor([self.total_len], dtype=self.cu_seqlens.dtype)])

    def attention_mask(self, dtype: torch.dtype = torch.float32) -> torch.Tensor:
        return block_diagonal_mask(self.cu_seqlens, self.total_len, dtype)


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


def plan_packs(lengths: Sequence[int], token_budget: int, max_sequences: int | None = None) -> list[list[int]]:
    """First-fit-decreasing: lists of input indices, each list fitting ``token_budget`` (and ``max_sequences``)."""
    if token_budget < 1:
        raise ValueError("token_budget must be positive")
    order = sorted(range(len(lengths)), key=lambda i: (-int(lengths[i]), i))
    bins: list[list[int]] = []
    free: list[int] = []
    for i in order:
        n = int(lengths[i])
        if n > token_budget:
            raise ValueError(
                f"sequence {i} has {n} tokens, more than token_budget={token_budget}; truncate "
                f"(text.max_length) to at most the budget"
            )
        if n == 0:
            raise ValueError(f"sequence {i} is empty")
        for b, room in enumerate(free):
            if room >= n and (max_sequences is None or len(bins[b]) < max_sequences):
                bins[b].append(i)
                free[b] -= n
                break
        else:
            bins.append([i])
            free.append(token_budget - n)
    return bins


def pack_sequences(
    seqs: Sequence[Sequence[int]],
    token_budget: int,
    pad_id: int,
    *,
    seq_extras: dict[str, Sequence] | None = None,
    token_extras: dict[str, Sequence[Sequence[int]]] | None = None,
    token_fill: int | dict[str, int] = -100,
    max_sequences: int | None = None,
) -> list[PackedBatch]:
    """Pack ``seqs`` into rows of exactly ``token_budget`` tokens (first-fit-decreasing); see the module doc."""
    seqs = [_as_list(s) for s in seqs]
    token_extras = {k: [_as_list(r) for r in v] for k, v in (token_extras or {}).items()}
    _check_extras(len(seqs), seqs, seq_extras, token_extras)
    out = []
    for members in plan_packs([len(s) for s in seqs], token_budget, max_sequences):
        ids = torch.full((token_budget,), int(pad_id), dtype=torch.long)
        pos = torch.zeros(token_budget, dtype=torch.long)
        toks = {
            k: torch.full(
                (token_budget,), int(token_fill[k] if isinstance(token_fill, dict) else token_fill), dtype=torch.long
            )
            for k in token_extras
        }
        cu = [0]
        for i in members:
            a, n = cu[-1], len(seqs[i])
            ids[a : a + n] = torch.tensor(seqs[i], dtype=torch.long)
            pos[a : a + n] = torch.arange(n)
            for k, rows in token_extras.items():
                toks[k][a : a + n] = torch.tensor(rows[i], dtype=torch.long)
            cu.append(a + n)
        tail = token_budget - cu[-1]
        pos[cu[-1] :] = torch.arange(tail)
        extras = {k: torch.as_tensor([values[i] for i in members]) for k, values in (seq_extras or {}).items()}
        extras.update({k: v.unsqueeze(0) for k, v in toks.items()})
        out.append(
            PackedBatch(
                input_ids=ids.unsqueeze(0),
                position_ids=pos.unsqueeze(0),
                cu_seqlens=torch.tensor(cu, dtype=torch.int32),
                max_seqlen=max(len(seqs[i]) for i in members),
                seq_ids=torch.tensor(members, dtype=torch.long),
                extras=extras,
            )
        )
    return out


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


def block_diagonal_mask(cu_seqlens: torch.Tensor, total_len: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Additive ``[1, 1, T, T]`` mask: 0 where query and key are in the same sequence, -inf elsewhere."""
    doc = document_ids(cu_seqlens, total_len)
    same = doc[:, None] == doc[None, :]
    mask = torch.zeros((total_len, total_len), dtype=dtype, device=cu_seqlens.device)
    mask.masked_fill_(~same, float("-inf"))
    return mask[None, None]


def padding_mask_4d(attention_mask: torch.Tensor, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Bidirectional additive ``[B, 1, L, L]`` mask from a ``[B, L]`` padding mask: every query sees the real keys.

    Padding queries see the real keys too (their outputs are ignored), so no row is entirely masked.
    """
    keep = attention_mask.bool()[:, None, None, :].expand(-1, 1, attention_mask.shape[1], -1)
    mask = torch.zeros(keep.shape, dtype=dtype, device=attention_mask.device)
    return mask.masked_fill_(~keep, float("-inf"))


def unpack(hidden: torch.Tensor, cu_seqlens: torch.Tensor) -> list[torch.Tensor]:
    """Per-sequence ``[L_i, D]`` views of a packed ``[1, T, D]`` (or ``[T, D]``) tensor; the tail is dropped."""
    if hidden.dim() == 3:
        if hidden.shape[0] != 1:
            raise ValueError(f"packed hidden states must have batch size 1, got {tuple(hidden.shape)}")
        hidden = hidden[0]
    cu = [int(c) for c in cu_seqlens.tolist()]
    return [hidden[cu[i] : cu[i + 1]] for i in range(len(cu) - 1)]


def fill_ratio(batches) -> float:
    """Real tokens / token slots over packed or padded batches (one batch or a list)."""
    if isinstance(batches, (PackedBatch, PaddedBatch)):
        batches = [batches]
    slots = sum(b.num_slots for b in batches)
    return sum(b.num_tokens for b in batches) / slots if slots else 0.0


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
