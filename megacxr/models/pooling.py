"""Pooling heads: token states of a text batch -> one embedding per sequence, the same for packed and padded.

Kinds (``PoolingConfig.kind``):

* ``mean``: mean of the pooled tokens.
* ``weighted_mean``: position-weighted mean, weights 1..n over the n pooled tokens (later tokens weigh more, as
  in llm2vec).
* ``eos``: the state of the last real token of each sequence (instruction or not).
* ``latent_attention``: NV-Embed's head. ``latents`` learned vectors ``[latents, hidden]`` are the keys and values
  of a multi-head cross-attention (``heads``) whose queries are the token states (pre-norm, residual), then a GELU
  MLP (pre-norm, residual, width ``mlp_ratio * hidden``), then the mean over the pooled tokens. Each token attends
  to the latents only, never to other tokens, so only the pooled tokens are run through the head.

Pooled tokens are the real tokens of each sequence after its first ``instruction_len`` (the instruction prefix);
padding and the tail of a packed row are never pooled. ``token_layout`` turns either text layout (see
``megacxr.data.batches``) into one flat description: which sequence each token belongs to, its position in the
sequence and whether it is pooled, so that every head is written once and gives the same embedding for a sequence
whether it came padded or packed. Sums accumulate in float32 and embeddings are returned as float32.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from megacxr.errors import ConfigError
from megacxr.tokens import document_ids

__all__ = ["POOLING_KINDS", "LatentAttentionPooler", "Pooler", "PoolingConfig", "TokenLayout", "token_layout"]

POOLING_KINDS = ("mean", "weighted_mean", "eos", "latent_attention")


@dataclass
class PoolingConfig:
    kind: str = "mean"
    latents: int = 512  # latent_attention: number of learned latents (keys / values)
    heads: int = 8  # latent_attention: attention heads (must divide the hidden size)
    mlp_ratio: float = 1.0  # latent_attention: MLP width / hidden size

    def __post_init__(self) -> None:
        if self.kind not in POOLING_KINDS:
            raise ConfigError(
                f"unknown pooling {self.kind!r}; choose one of {', '.join(POOLING_KINDS)}", field="pooling.kind"
            )
        if int(self.latents) < 1:
            raise ConfigError("must be at least 1", field="pooling.latents")
        if int(self.heads) < 1:
            raise ConfigError("must be at least 1", field="pooling.heads")
        if not float(self.mlp_ratio) > 0:
            raise ConfigError("must be positive", field="pooling.mlp_ratio")


# ------------------------------------------------------------------------------------------------ token layout


@dataclass
class TokenLayout:
    """Flat view of a text batch's tokens (``N = B * L`` padded or ``T`` packed)."""

    num_sequences: int
    seq: torch.Tensor  # [N] long, sequence of each token (clamped to a valid index for padding)
    pos: torch.Tensor  # [N] long, position of the token among its sequence's real tokens
    pooled: torch.Tensor  # [N] bool, real and after the instruction
    last: torch.Tensor  # [B] long, flat index of each sequence's last real token
    instruction_len: torch.Tensor  # [B] long


def token_layout(text: dict, device=None) -> TokenLayout:
    """The ``TokenLayout`` of a padded ``{input_ids, attention_mask}`` or packed ``{input_ids, cu_seqlens}`` dict."""
    ids = text["input_ids"]
    device = device if device is not None else ids.device
    if "cu_seqlens" in text:
        cu = text["cu_seqlens"].to(device=device, dtype=torch.long)
        batch, total = cu.numel() - 1, ids.shape[-1]
        seq = document_ids(cu, total)
        real = seq < batch
        seq = seq.clamp(max=batch - 1)
        pos = torch.arange(total, device=device) - cu[seq]
        last = cu[1:] - 1
    else:
        mask = text["attention_mask"].to(device).bool()
        batch, length = mask.shape
        real = mask.reshape(-1)
        seq = torch.arange(batch, device=device).repeat_interleave(length)
        pos = (mask.long().cumsum(1) - 1).clamp(min=0).reshape(-1)
        flat = torch.arange(batch * length, device=device).reshape(batch, length)
        last = torch.where(mask, flat, torch.full_like(flat, -1)).amax(1)
    instr = text.get("instruction_len")
    instr = (
        torch.zeros(batch, dtype=torch.long, device=device)
        if instr is None
        else torch.as_tensor(instr, device=device).long().reshape(batch)
    )
    pooled = real & (pos >= instr[seq])
    return TokenLayout(batch, seq, pos, pooled, last, instr)


def _flat(hidden: torch.Tensor) -> torch.Tensor:
    return hidden.reshape(-1, hidden.shape[-1])


def weighted_sum(states: torch.Tensor, seq: torch.Tensor, weights: torch.Tensor, batch: int) -> torch.Tensor:
    """``[B, H]`` float32: sum of ``weights * states`` per sequence divided by the sum of the weights."""
    w = weights.float()
    num = torch.zeros(batch, states.shape[-1], dtype=torch.float32, device=states.device)
    num.index_add_(0, seq, states.float() * w[:, None])
    den = torch.zeros(batch, dtype=torch.float32, device=states.device).index_add_(0, seq, w)
    return num / den.clamp(min=1e-6)[:, None]


# ---------------------------------------------------------------------------------------------------- heads


class LatentAttentionPooler(nn.Module):
    """NV-Embed latent attention over token states ``[N, H]`` -> ``[N, H]`` (the mean is taken by ``Pooler``)."""

    def __init__(self, hidden: int, latents: int = 512, heads: int = 8, mlp_ratio: float = 1.0):
        super().__init__()
        if hidden % heads:
            raise ConfigError(f"heads={heads} does not divide the model's hidden size {hidden}", field="pooling.heads")
        self.heads = heads
        self.latents = nn.Parameter(torch.randn(latents, hidden))
        self.norm_q = nn.LayerNorm(hidden)
        self.norm_kv = nn.LayerNorm(hidden)
        self.to_q = nn.Linear(hidden, hidden, bias=False)
        self.to_kv = nn.Linear(hidden, 2 * hidden, bias=False)
        self.to_out = nn.Linear(hidden, hidden, bias=False)
        width = max(1, int(round(hidden * mlp_ratio)))
        self.norm_mlp = nn.LayerNorm(hidden)
        self.mlp = nn.Sequential(nn.Linear(hidden, width), nn.GELU(), nn.Linear(width, hidden))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, hidden = x.shape
        d = hidden // self.heads
        q = self.to_q(self.norm_q(x)).view(n, self.heads, d).transpose(0, 1)  # [h, N, d]
        k, v = self.to_kv(self.norm_kv(self.latents)).view(-1, 2, self.heads, d).permute(1, 2, 0, 3)  # [h, M, d]
        attn = F.scaled_dot_product_attention(q[None], k[None], v[None])[0]  # [h, N, d]
        x = x + self.to_out(attn.transpose(0, 1).reshape(n, hidden))
        return x + self.mlp(self.norm_mlp(x))


class Pooler(nn.Module):
    """``(hidden [B, L, H] or [1, T, H], text dict) -> [B, H]`` float32 under a ``PoolingConfig``."""

    def __init__(self, cfg: PoolingConfig, hidden: int):
        super().__init__()
        self.cfg = cfg
        self.hidden = hidden
        self.head = (
            LatentAttentionPooler(hidden, cfg.latents, cfg.heads, cfg.mlp_ratio)
            if cfg.kind == "latent_attention"
            else None
        )

    @property
    def output_dim(self) -> int:
        return self.hidden

    def forward(self, hidden: torch.Tensor, text: dict) -> torch.Tensor:
        lay = token_layout(text, hidden.device)
        states = _flat(hidden)
        if states.shape[0] != lay.seq.numel():
            raise ValueError(
                f"hidden states {tuple(hidden.shape)} do not match the text batch's {lay.seq.numel()} token slots"
            )
        kind = self.cfg.kind
        if kind == "eos":
            return states[lay.last].float()
        idx = lay.pooled.nonzero().squeeze(1)
        seq = lay.seq[idx]
        picked = states[idx]
        if kind == "latent_attention":
            first = next(self.head.parameters())
            picked = self.head(picked.to(first.dtype))
        if kind == "weighted_mean":
            weights = (lay.pos[idx] - lay.instruction_len[seq] + 1).float()
        else:
            weights = torch.ones(idx.numel(), dtype=torch.float32, device=states.device)
        return weighted_sum(picked, seq, weights, lay.num_sequences)
