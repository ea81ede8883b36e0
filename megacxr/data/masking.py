"""MNTP masking (llm2vec convention) for stage 1: masked ids and labels at the masked positions only.

By default every selected position is replaced by the mask token (``mask_fraction=1``: what llm2vec's code
path for decoder models does). BERT-style replacement, which the published llm2vec Llama MNTP configurations
use through Hugging Face's MLM collator, is ``mask_fraction=0.8, random_fraction=0.1``: each selected position
independently becomes the mask token (80%), a random ordinary token of the vocabulary (10%, never a special
token) or stays unchanged (10%). ``labels`` holds the original id at every selected position (replaced or not)
and -100 everywhere else. The extra draws happen only when ``mask_fraction < 1``, so the default consumes the
generator exactly as before. The loss (elsewhere) predicts token ``i`` from the hidden state at ``i - 1``, so:

* the first token of every sequence is never masked (nothing precedes it to predict it from); in a packed row
  this holds for every sequence, which also means no label ever asks the last token of one sequence to predict
  the first token of the next;
* special tokens (BOS, EOS, PAD, ...) are never masked when ``never_mask_special``; the leading
  ``protect_prefix`` tokens (the instruction) are never masked when ``keep_instruction``.

Of the remaining ``maskable`` positions exactly ``round(ratio * maskable)`` (halves round up) are masked, at
least one when ``ratio > 0`` and anything is maskable. The positions come from ``rng.choice`` without
replacement (one draw per sequence with anything maskable), so the same generator state gives the same masks.

The mask token, in this order: ``mask_token_id``; ``mask_token`` (a token's text, looked up in the tokenizer);
the tokenizer's own mask token. Decoder tokenizers (Llama, Mistral, Qwen2, Gemma) have none; llm2vec then uses
``_`` (``masking.mask_token="_"``), a frequent ordinary token the model learns to read as "masked" during MNTP.
Adding a new special token instead would need a new, untrained embedding row, which a LoRA-only run never
trains.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from megacxr.errors import ConfigError

__all__ = ["MaskingConfig", "mask_packed", "mask_padded", "mask_tokens", "resolve_mask_token"]

IGNORE = -100


@dataclass
class MaskingConfig:
    ratio: float = 0.2
    mask_token_id: int | None = None  # None -> mask_token, else the tokenizer's mask token (resolve_mask_token)
    never_mask_special: bool = True
    keep_instruction: bool = True
    mask_token: str | None = None  # a token's text, e.g. "_" (llm2vec's choice for tokenizers without a mask token)
    # of the selected positions: this fraction -> the mask token, random_fraction -> a random ordinary token, the
    # rest unchanged (BERT / the llm2vec Llama configs: 0.8 and 0.1); the default 1.0 masks every one
    mask_fraction: float = 1.0
    random_fraction: float = 0.0
    vocab_size: int | None = None  # random replacements are drawn below this; resolve_mask_token sets it

    def __post_init__(self) -> None:
        for name in ("ratio", "mask_fraction", "random_fraction"):
            if not 0.0 <= float(getattr(self, name)) <= 1.0:
                raise ConfigError("must be in [0, 1]", field=f"masking.{name}")
        if float(self.mask_fraction) + float(self.random_fraction) > 1.0 + 1e-9:
            raise ConfigError(
                f"mask_fraction + random_fraction = {self.mask_fraction + self.random_fraction:g} exceeds 1 "
                "(the rest of the selected positions stays unchanged)",
                field="masking.random_fraction",
            )


def resolve_mask_token(cfg: MaskingConfig, tokenizer=None) -> MaskingConfig:
    """``cfg`` with ``mask_token_id`` set (module docstring: the order) and, for random replacement,
    ``vocab_size`` (the tokenizer's length); a ConfigError when either cannot be found."""
    mid = cfg.mask_token_id
    if mid is None and cfg.mask_token is not None:
        mid = _token_id(tokenizer, cfg.mask_token)
    if mid is None:
        mid = getattr(tokenizer, "mask_token_id", None) if tokenizer is not None else None
    if mid is None:
        raise ConfigError(
            "no mask token: the tokenizer has none (decoder tokenizers such as Llama's do not); set "
            'masking.mask_token="_" (llm2vec\'s choice) or masking.mask_token_id to a token id',
            field="masking.mask_token",
        )
    vocab = cfg.vocab_size
    if vocab is None and cfg.random_fraction > 0:
        if tokenizer is None:
            raise ConfigError("random replacement needs the vocabulary size", field="masking.vocab_size")
        vocab = len(tokenizer)
    return dataclasses.replace(cfg, mask_token_id=int(mid), vocab_size=vocab)


def _token_id(tokenizer, token: str) -> int:
    """The id of ``token`` as one token of ``tokenizer`` (its text, or its text encoded to exactly one id)."""
    if tokenizer is None:
        raise ConfigError("masking.mask_token needs the tokenizer", field="masking.mask_token")
    unk = getattr(tokenizer, "unk_token_id", None)
    tid = tokenizer.convert_tokens_to_ids(token)
    if tid is not None and tid != unk:
        return int(tid)
    ids = tokenizer(token, add_special_tokens=False)["input_ids"]
    if len(ids) == 1:
        return int(ids[0])
    raise ConfigError(
        f"{token!r} is not one token of this tokenizer (it encodes to {len(ids)} ids)", field="masking.mask_token"
    )


def _num_to_mask(ratio: float, maskable: int) -> int:
    if maskable == 0 or ratio <= 0:
        return 0
    return min(maskable, max(1, math.floor(ratio * maskable + 0.5)))


def _mask_row(
    ids: np.ndarray,
    cfg: MaskingConfig,
    special: np.ndarray,
    rng: np.random.Generator,
    protect_prefix: int,
    banned: np.ndarray | None = None,
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
        if cfg.mask_fraction >= 1.0:
            masked[pos] = cfg.mask_token_id
        else:
            u = rng.random(k)
            masked[pos[u < cfg.mask_fraction]] = cfg.mask_token_id
            rand = pos[(u >= cfg.mask_fraction) & (u < cfg.mask_fraction + cfg.random_fraction)]
            masked[rand] = _random_tokens(len(rand), cfg.vocab_size, banned, rng)
    return masked, labels


def _random_tokens(n: int, vocab: int | None, banned: np.ndarray | None, rng) -> np.ndarray:
    """``n`` token ids drawn uniformly below ``vocab``, none of them in ``banned`` (the special ids; redrawn)."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if vocab is None:
        raise ConfigError("random replacement needs masking.vocab_size (resolve_mask_token sets it)")
    banned = np.zeros(0, dtype=np.int64) if banned is None else banned
    out = rng.integers(0, vocab, size=n)
    for _ in range(100):  # special ids are a handful among thousands: one redraw is almost always enough
        bad = np.isin(out, banned)
        if not bad.any():
            return out
        out[bad] = rng.integers(0, vocab, size=int(bad.sum()))
    raise ConfigError("could not draw a non-special random token", field="masking.vocab_size")


def _check(cfg: MaskingConfig) -> None:
    if cfg.mask_token_id is None:
        raise ConfigError(
            "mask_token_id is None; call resolve_mask_token(cfg, tokenizer) first or set it",
            field="masking.mask_token_id",
        )


def _banned(special_ids) -> np.ndarray:
    return np.fromiter((int(s) for s in special_ids or ()), dtype=np.int64)


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
        ban = _banned(special_ids)
        out = [_mask_row(r, cfg, _special_array(r, special_ids), rng, protect_prefix, ban) for r in rows]
        masked = torch.from_numpy(np.stack([m for m, _ in out]).reshape(arr.shape)).to(input_ids.device)
        labels = torch.from_numpy(np.stack([lab for _, lab in out]).reshape(arr.shape)).to(input_ids.device)
        return masked, labels
    arr = np.asarray(list(input_ids), dtype=np.int64)
    masked, labels = _mask_row(arr, cfg, _special_array(arr, special_ids), rng, protect_prefix, _banned(special_ids))
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

    ``protect_prefix``: one int for all sequences or one per sequence (e.g. a packed batch's
    ``instruction_len``).
    """
    _check(cfg)
    arr = input_ids.detach().cpu().long().numpy().reshape(-1)
    cu = [int(c) for c in cu_seqlens.tolist()]
    prefixes = _prefixes(protect_prefix, len(cu) - 1)
    masked, labels = arr.copy(), np.full(arr.shape, IGNORE, dtype=np.int64)
    ban = _banned(special_ids)
    for i in range(len(cu) - 1):
        a, b = cu[i], cu[i + 1]
        seg = arr[a:b]
        masked[a:b], labels[a:b] = _mask_row(seg, cfg, _special_array(seg, special_ids), rng, prefixes[i], ban)
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
    ban = _banned(special_ids)
    for b, n in enumerate(lengths):
        seg = arr[b, :n]
        masked[b, :n], labels[b, :n] = _mask_row(seg, cfg, _special_array(seg, special_ids), rng, prefixes[b], ban)
    return torch.from_numpy(masked).to(input_ids.device), torch.from_numpy(labels).to(input_ids.device)
