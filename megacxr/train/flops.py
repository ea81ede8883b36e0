"""Model FLOPs of a training step from the model's shape and the batch's real lengths (for TFLOP/s and MFU).

Each stage's ``flops(module, batch)`` adds up these parts (``text_flops``, ``vision_flops``, ``linear_flops``).

Matmul FLOPs of a linear layer with ``P`` weights applied to ``R`` rows: ``2 P R`` forward, ``2 P R`` for the
input gradient and ``2 P R`` for the weight gradient when the weight trains, so ``6 P R`` for trained weights and
``4 P R`` for frozen ones (a LoRA run: the frozen base is ~4N per token, the adapters 6N). Rows are the REAL tokens
(padding and packing tails are not useful work), the masked tokens for the MNTP head (it runs only there), and
patches (+ class token) for a vision tower. Attention adds ``12 x layers x d_attn x sum_i L_i^2`` per step (QK^T and
AV, 2 x 2 x L^2 x d forward, twice that backward). Embedding lookups, norms and softmax are not counted, as is the
convention for MFU. Parameter counts read ``ds_numel`` under ZeRO-3, where local tensors are empty.
"""

from __future__ import annotations

import torch
from torch import nn

__all__ = ["linear_params", "linear_flops", "seq_lengths", "text_flops", "vision_flops", "with_total"]


def _numel(p: torch.Tensor) -> int:
    return int(getattr(p, "ds_numel", p.numel()))


def linear_params(module: nn.Module | None, exclude: tuple = ()) -> tuple[int, int]:
    """(trained, frozen) weight counts of the ``nn.Linear`` layers under ``module`` (``exclude``: modules to skip)."""
    if module is None:
        return 0, 0
    skip = {id(m) for e in exclude if e is not None for m in e.modules()}
    trained = frozen = 0
    for m in module.modules():
        if isinstance(m, nn.Linear) and id(m) not in skip:
            n = _numel(m.weight) + (_numel(m.bias) if m.bias is not None else 0)
            if m.weight.requires_grad:
                trained += n
            else:
                frozen += n
    return trained, frozen


def seq_lengths(text: dict) -> torch.Tensor:
    """Real length of every sequence of a padded or packed text dict."""
    if "cu_seqlens" in text:
        return text["cu_seqlens"].long().diff()
    return text["attention_mask"].long().sum(1)


def linear_flops(trained: int, frozen: int, rows: int) -> int:
    return 6 * trained * rows + 4 * frozen * rows


def _attention(layers: int, d_attn: int, lengths: torch.Tensor) -> int:
    return 12 * int(layers) * int(d_attn) * int((lengths.double() ** 2).sum())


def text_flops(encoder, texts: list[dict], head_rows: int = 0) -> dict:
    """A ``ReportEncoder`` run on ``texts`` (text dicts); ``head_rows``: rows its LM head runs on (0: none)."""
    cfg = encoder.causal_lm.config
    d_attn = int(cfg.num_attention_heads) * int(
        getattr(cfg, "head_dim", None) or cfg.hidden_size // cfg.num_attention_heads
    )
    lengths = torch.cat([seq_lengths(t) for t in texts])
    tokens = int(lengths.sum())
    head = encoder.lm_head
    body_t, body_f = linear_params(encoder, exclude=(head,))
    out = {
        "text_linear": linear_flops(body_t, body_f, tokens),
        "text_attention": _attention(cfg.num_hidden_layers, d_attn, lengths),
        "tokens": tokens,
    }
    if head_rows:
        head_t, head_f = linear_params(head)
        out["lm_head"] = linear_flops(head_t, head_f, head_rows)
    return out


def vision_flops(vision, images: int) -> dict:
    """A ``VisionTower`` run on ``images`` images (patches + class token each)."""
    cfg = getattr(vision.model, "config", None)
    layers = int(getattr(cfg, "num_hidden_layers", 0) or len(getattr(vision.model, "blocks", [])))
    rows = (int(vision.image_size) // int(vision.patch_size)) ** 2 + 1  # patches + class token
    t, f = linear_params(vision)
    lengths = torch.full((images,), rows)
    return {
        "vision_linear": linear_flops(t, f, rows * images),
        "vision_attention": _attention(layers, int(vision.hidden), lengths),
    }


def with_total(parts: dict) -> dict:
    """``parts`` plus ``total``: the sum of every FLOP count (``tokens`` is a count of tokens, not FLOPs)."""
    parts["total"] = sum(v for k, v in parts.items() if k != "tokens")
    return parts
