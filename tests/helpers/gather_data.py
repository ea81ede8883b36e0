"""The scenario data of the two-rank loss tests: unequal local sizes, hard and extra negatives on one rank only,
seeded."""

from __future__ import annotations

import torch
from torch import nn

W = 2

NCE_B, NCE_N = [4, 3], [3, 0]  # anchors per rank, hard negatives per rank

CLIP_B, CLIP_M = [3, 2], [0, 2]  # pairs per rank, extra text negatives per rank


def split_rows(sizes, rank) -> slice:
    start = sum(sizes[:rank])
    return slice(start, start + sizes[rank])


def randn_seeded(*shape, seed, dtype=torch.float64):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64).to(dtype)


def linear_seeded(seed, din, dout, dtype) -> nn.Linear:
    torch.manual_seed(seed)
    return nn.Linear(din, dout).to(dtype)


def nce_data(dtype):
    xa, xp = randn_seeded(7, 6, seed=100, dtype=dtype), randn_seeded(7, 6, seed=101, dtype=dtype)
    xp[3] = xp[0]  # study 10 drawn twice on rank 0; study 11 on both ranks
    return {
        "xa": xa,
        "xp": xp,
        "xn": randn_seeded(3, 6, seed=102, dtype=dtype),
        "ids": torch.tensor([10, 11, 12, 10, 13, 14, 11]),
        "owner": torch.tensor([0, 2, 3]),
    }


def clip_data(dtype):
    nan = float("nan")
    labels = torch.tensor(
        [[1, 0, nan, -1], [1, 0, 0, nan], [0, 0, 0, 0], [nan, nan, nan, nan], [0, 1, -1, 0]], dtype=torch.float64
    )
    return {
        "xi": randn_seeded(5, 6, seed=110, dtype=dtype),
        "xt": randn_seeded(5, 7, seed=111, dtype=dtype),
        "xe": randn_seeded(2, 7, seed=112, dtype=dtype),
        "labels": labels,
    }


def mntp_data():
    """Rank 0: a padded [2, 5] batch (3 scored labels); rank 1: a packed row of 3 sequences (4 scored, and one
    label on a sequence start, dropped)."""
    h0 = randn_seeded(2, 5, 4, seed=120)
    y0 = torch.tensor([[-100, 3, -100, 1, -100], [-100, -100, 8, -100, -100]])
    h1 = randn_seeded(1, 11, 4, seed=121)
    y1 = torch.tensor([[-100, 2, 2, -100, 4, -100, -100, 6, 7, -100, -100]])
    cu1 = torch.tensor([0, 4, 6, 9], dtype=torch.int32)  # 3 sequences + a 2-token tail
    return h0, y0, h1, y1, cu1


def mntp_sequences(h0, y0, h1, y1, cu1):
    hs, ys = [h0[0], h0[1]], [y0[0], y0[1]]
    for s, e in zip(cu1[:-1].tolist(), cu1[1:].tolist(), strict=False):
        hs.append(h1[0, s:e])
        ys.append(y1[0, s:e])
    return hs, ys
