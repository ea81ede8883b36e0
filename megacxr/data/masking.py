"""MNTP masking (llm2vec convention) for stage 1: masked ids and labels at the masked positions only.

Every selected position is replaced by the mask token (llm2vec masks 100% of the selected positions, no
80/10/10 split); ``labels`` holds the original id there and -100 everywhere else. The loss (elsewhere) predicts
token ``i`` from the hidden state at ``i - 1``, so:

* the first token of every sequence is never masked (nothing precedes it to predict it from); in a packed row
  this holds for every sequence, which also means no label ever asks the last token of one sequence to predict
  the first token of the next;
* special tokens (BOS, EOS, PAD, ...) are never masked when ``never_mask_special``; the leading
  ``protect_prefix`` tokens (the instruction) are never masked when ``keep_instruction``.

Of the remaining ``maskable`` positions exactly ``round(ratio * maskable)`` (halves round up) are masked, at
least one when ``ratio > 0`` and anything is maskable. The positions come from ``rng.choice`` without
replacement (one draw per sequence with anything maskable), so the same generator state gives the same masks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch

from megacxr.errors import ConfigError

__all__ = ["MaskingConfig", "mask_packed", "mask_padded", "mask_tokens", "resolve_mask_token"]

IGNORE = -100


@dataclass
class MaskingConfig:
    ratio: float = 0.2
    mask_token_id: int | None = None  # None -> the tokenizer's mask token (resolve_mask_token)
    never_mask_special: bool = True
    keep_instruction: bool = True

    def __post_init__(self) -> None:
        if not 0.0 <= float(self.ratio) <= 1.0:
            raise ConfigError("must be in [0, 1]", field="masking.ratio")


def resolve_mask_token(cfg: MaskingConfig, tokenizer=None) -> MaskingConfig:
    """``cfg`` with ``mask_token_id`` set: its own value, else the tokenizer's mask token, else a ConfigError."""
    if cfg.mask_token_id is not None:
        return cfg
    mid = getattr(tokenizer, "mask_token_id", None) if tokenizer is not None else None
    if mid is None:
        raise ConfigError(
            "no mask token: the tokenizer has none (Llama-class tokenizers do not); set "
            "masking.mask_token_id to a token id (llm2vec uses the id of '_' for Llama)",
            field="masking.mask_token_id",
        )
    return MaskingConfig(cfg.ratio, int(mid), cfg.never_mask_special, cfg.keep_instruction)


def _num_to_mask(ratio: float, maskable: int) -> int:
    if maskable == 0 or ratio <= 0:
        return 0
    return min(maskable, max(1, math.floor(ratio * maskable + 0.5)))


def _mask_row(
    ids: np.ndarray, cfg: MaskingConfig, special: np.ndarray, rng: np.random.Generator, protect_prefix: int
) -> tuple[np.ndarray, np.ndarray]:
    """Mask one sequence (1-D int64 array) in place of a copy; returns (masked, labels)."""
    allowed = np.ones(len(ids), dtype=bool)
    allowed[:1] = False  # token 0 has no predecessor to be predicted from
    if cfg.keep_instruction:
        allowed[: max(0, int(protect_prefix))] = False
    if cfg.never_mask_special:
        allowed &= ~special
    candidates = np.flatnonzero(allowed)
    k = _num_to_mask(float(cfg.ratio), len(candidates))
    masked, labels = ids.copy(), np.full(len(ids), IGNORE, dtype=np.int64)
    if k:
        pos = rng.choice(candidates, size=k, replace=False)
        labels[pos] = ids[pos]
        masked[pos] = cfg.mask_token_id
    return masked, labels


def _check(cfg: MaskingConfig) -> None:
    if cfg.mask_token_id is None:
        raise ConfigError(
            "mask_token_id is None; call resolve_mask_token(cfg, tokenizer) first or set it",
            field="masking.mask_token_id",
        )


def _special_array(ids: np.ndarray, special_ids) -> np.ndarray:
    return (
        np.isin(ids, np.fromiter((int(s) for s in special_ids), dtype=np.int64))
        if special_ids
        else np.zeros(ids.shape, dtype=bool)
    )


def mask_tokens(
    input_ids: Sequence[int] | torch.Tensor,
    cfg: MaskingConfig,
    special_ids: set[int],
    rng: np.random.Generator,
    protect_prefix: int = 0,
):
    """Mask one sequence; returns ``(masked_ids, labels)`` of the input's kind (list, or tensor of its shape).

    A 2-D tensor ``[B, L]`` is treated as B separate sequences (no padding in it is assumed other than special
    tokens; use ``mask_padded`` for padded batches and ``mask_packed`` for packed rows).
    """
    _check(cfg)
    if isinstance(input_ids, torch.Tensor):
        arr = input_ids.detach().cpu().long().numpy()
        rows = arr.reshape(-1, arr.shape[-1]) if arr.ndim > 1 else arr[None]
        out = [_mask_row(r, cfg, _special_array(r, special_ids), rng, protect_prefix) for r in rows]
        masked = torch.from_numpy(np.stack([m for m, _ in out]).reshape(arr.shape)).to(input_ids.device)
        labels = torch.from_numpy(np.stack([lab for _, lab in out]).reshape(arr.shape)).to(input_ids.device)
        return masked, labels
    arr = np.asarray(list(input_ids), dtype=np.int64)
    masked, labels = _mask_row(arr, cfg, _special_array(arr, special_ids), rng, protect_prefix)
    return masked.tolist(), labels.tolist()


def _prefixes(protect_prefix, n: int) -> list[int]:
    if protect_prefix is None:
        return [0] * n
    if isinstance(protect_prefix, int):
        return [protect_prefix] * n
    values = [int(p) for p in (protect_prefix.tolist() if isinstance(protect_prefix, torch.Tensor) else protect_prefix)]
    if len(values) != n:
        raise ValueError(f"protect_prefix has {len(values)} values for {n} sequences")
    return values


def mask_packed(
    input_ids: torch.Tensor,
    cu_seqlens: torch.Tensor,
    cfg: MaskingConfig,
    special_ids: set[int],
    rng: np.random.Generator,
    protect_prefix=None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Mask a packed ``[1, T]`` row sequence by sequence (``cu_seqlens``); the padding tail is left alone.

    ``protect_prefix``: one int for all sequences or one per sequence (e.g. ``PackedBatch.extras
    ['instruction_len']``).
    """
    _check(cfg)
    arr = input_ids.detach().cpu().long().numpy().reshape(-1)
    cu = [int(c) for c in cu_seqlens.tolist()]
    prefixes = _prefixes(protect_prefix, len(cu) - 1)
    masked, labels = arr.copy(), np.full(arr.shape, IGNORE, dtype=np.int64)
    for i in range(len(cu) - 1):
        a, b = cu[i], cu[i + 1]
        seg = arr[a:b]
        masked[a:b], labels[a:b] = _mask_row(seg, cfg, _special_array(seg, special_ids), rng, prefixes[i])
    shape = input_ids.shape
    return (
        torch.from_numpy(masked).reshape(shape).to(input_ids.device),
        torch.from_numpy(labels).reshape(shape).to(input_ids.device),
    )


def mask_padded(
    input_ids: torch.Tensor,
    attention_mask: torch.Tensor,
    cfg: MaskingConfig,
    special_ids: set[int],
    rng: np.random.Generator,
    protect_prefix=None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Mask a right-padded ``[B, L]`` batch row by row over its real tokens; padding gets label -100."""
    _check(cfg)
    arr = input_ids.detach().cpu().long().numpy()
    lengths = attention_mask.detach().cpu().long().sum(1).tolist()
    prefixes = _prefixes(protect_prefix, arr.shape[0])
    masked, labels = arr.copy(), np.full(arr.shape, IGNORE, dtype=np.int64)
    for b, n in enumerate(lengths):
        seg = arr[b, :n]
        masked[b, :n], labels[b, :n] = _mask_row(seg, cfg, _special_array(seg, special_ids), rng, prefixes[b])
    return torch.from_numpy(masked).to(input_ids.device), torch.from_numpy(labels).to(input_ids.device)
