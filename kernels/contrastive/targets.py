"""What each row of the tiled contrastive cross-entropy scores (``TileTargets``), the label features its soft
targets are computed from tile by tile (``label_features``, ``similarity_tile``), the text-similarity logits of
its textual soft targets (``text_logits_tile``), and whether Triton is there.

Shared by the chunked torch path (``tiled_ce``) and the Triton kernels (``triton_kernel``), which import this
module and never each other (``tiled_ce`` loads the Triton backend only when asked for it).
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass

import torch

__all__ = [
    "TileTargets",
    "label_features",
    "same_id_tile",
    "similarity_tile",
    "text_logits_tile",
    "triton_available",
    "triton_interpreting",
]


def triton_available() -> bool:
    try:
        importlib.import_module("triton")
    except Exception:  # not installed, or a broken install: the torch paths serve
        return False
    return True


def triton_interpreting() -> bool:
    """``TRITON_INTERPRET`` is on: Triton kernels run on CPU tensors through its interpreter (tests)."""
    return os.environ.get("TRITON_INTERPRET", "").strip().lower() in ("1", "true", "yes", "on")


# ------------------------------------------------------------------------------------------ targets and labels


@dataclass
class TileTargets:
    """What each row scores: its positive column, optional same-study masking, optional soft targets (label
    similarity of weight ``soft_weight``, textual similarity of weight ``text_weight``; see ``tiled_ce``)."""

    target: torch.Tensor  # [B] int64: the column of each row's positive
    # masking: [B] int64 ids of the rows (study ids), or [B, K] (K kinds of id: study, identical text); a column
    # is masked when ANY of its K ids equals the row's
    row_ids: torch.Tensor | None = None
    col_ids: torch.Tensor | None = None  # [Nm] or [Nm, K] int64 ids of columns 0..Nm-1
    soft_weight: float = 0.0
    row_features: torch.Tensor | None = None  # [B, F] ``label_features`` of the rows' labels
    col_features: torch.Tensor | None = None  # [Ns, F] of columns 0..Ns-1
    similarity: torch.Tensor | None = None  # or a given dense [B, Ns] similarity (clamped at 0)
    # textual soft targets: row i's softmax over columns 0..Nt-1 of <row_text_i, col_text_j> / text_temperature
    text_weight: float = 0.0
    row_text: torch.Tensor | None = None  # [B, E] the rows' report embeddings (unit vectors, detached)
    col_text: torch.Tensor | None = None  # [Nt, E] of columns 0..Nt-1
    text_temperature: float = 1.0

    @property
    def text_soft(self) -> bool:
        return self.text_weight > 0 and self.col_text is not None

    @property
    def n_text(self) -> int:
        return 0 if self.col_text is None else int(self.col_text.shape[0])

    @property
    def masked(self) -> bool:
        return self.row_ids is not None

    @property
    def soft(self) -> bool:
        return self.soft_weight > 0 and (self.col_features is not None or self.similarity is not None)

    @property
    def n_id_kinds(self) -> int:
        return 0 if self.row_ids is None else (1 if self.row_ids.ndim == 1 else int(self.row_ids.shape[1]))

    @property
    def n_mask(self) -> int:
        return 0 if self.col_ids is None else int(self.col_ids.shape[0])

    @property
    def n_sim(self) -> int:
        if self.similarity is not None:
            return int(self.similarity.shape[1])
        return 0 if self.col_features is None else int(self.col_features.shape[0])

    def check(self, b: int, n: int) -> None:
        if tuple(self.target.shape) != (b,):
            raise ValueError(f"target must be [{b}], got {tuple(self.target.shape)}")
        if b and not (0 <= int(self.target.min()) and int(self.target.max()) < n):
            raise ValueError(f"target values must index the {n} columns")
        if (self.row_ids is None) != (self.col_ids is None):
            raise ValueError("row_ids and col_ids go together")
        if self.row_ids is not None:
            r, c = self.row_ids, self.col_ids
            same_kinds = r.ndim == c.ndim and r.shape[1:] == c.shape[1:]
            if r.ndim not in (1, 2) or r.shape[0] != b or not same_kinds or self.n_mask > n or r.shape[1:] == (0,):
                raise ValueError(
                    f"row_ids must be [{b}] or [{b}, K] and col_ids [<= {n}] or [<= {n}, K], got {tuple(r.shape)} "
                    f"and {tuple(c.shape)}"
                )
        if not 0.0 <= float(self.soft_weight) <= 1.0:
            raise ValueError(f"soft_weight must be in [0, 1], got {self.soft_weight}")
        if self.similarity is not None and (self.col_features is not None or self.row_features is not None):
            raise ValueError("give label features or a similarity matrix, not both")
        if self.col_features is not None:
            rf, cf = self.row_features, self.col_features
            if rf is None or rf.ndim != 2 or cf.ndim != 2 or rf.shape[0] != b or rf.shape[1] != cf.shape[1]:
                raise ValueError("row_features [B, F] and col_features [Ns, F] must come together")
        if self.n_sim > n or (self.similarity is not None and self.similarity.shape[0] != b):
            raise ValueError(f"the similarity covers at most the {n} columns of the {b} rows")
        if self.soft and self.masked:
            raise ValueError("same-study masking and soft targets do not combine")
        if not 0.0 <= float(self.text_weight) <= 1.0 or float(self.soft_weight) + float(self.text_weight) > 1 + 1e-12:
            raise ValueError(
                f"soft_weight + text_weight must be in [0, 1], got {self.soft_weight} + {self.text_weight}"
            )
        if self.col_text is not None:
            rt, ct = self.row_text, self.col_text
            if rt is None or rt.ndim != 2 or ct.ndim != 2 or rt.shape[0] != b or rt.shape[1] != ct.shape[1]:
                raise ValueError("row_text [B, E] and col_text [Nt, E] must come together")
            if self.n_text > n:
                raise ValueError(f"the text similarity covers at most the {n} columns")
            if not float(self.text_temperature) > 0:
                raise ValueError(f"text_temperature must be > 0, got {self.text_temperature}")
        if self.text_soft and self.masked:
            raise ValueError("same-study masking and soft targets do not combine")


def same_id_tile(row_ids: torch.Tensor, col_ids: torch.Tensor) -> torch.Tensor:
    """``[B, W]`` True where column ``j`` shares any kind of id with row ``i`` (ids ``[B]`` / ``[W]`` or
    ``[B, K]`` / ``[W, K]``)."""
    if row_ids.ndim == 1:
        return row_ids[:, None] == col_ids[None, :]
    return (row_ids[:, None, :] == col_ids[None, :, :]).any(-1)


def label_features(labels: torch.Tensor) -> torch.Tensor:
    """``[n, K]`` CheXpert-style labels (1, 0, -1 uncertain, NaN unknown) -> ``[n, 3 * P]`` float32 features.

    ``v | v * v | known`` with ``v`` = 1, 0, 0.5 (for -1) and 0 for unknown; ``P`` = K rounded up to a multiple
    of 16 (zero padding, the width of a tensor-core dot). Every entry is a multiple of 1/4, so the dot
    products of ``similarity_tile`` over 16 findings are exact in float32.
    """
    if labels.ndim != 2:
        raise ValueError(f"labels must be [n, K], got {tuple(labels.shape)}")
    x = labels.detach().double()
    known = ~torch.isnan(x)
    if bool((known & (x != 1) & (x != 0) & (x != -1)).any()):
        raise ValueError("label values must be 1, 0, -1 or NaN")
    v = torch.where(known, torch.where(x == -1, torch.full_like(x, 0.5), x), torch.zeros_like(x))
    n, k = x.shape
    p = max(16, -(-k // 16) * 16)
    out = torch.zeros((n, 3 * p), dtype=torch.float32, device=labels.device)
    out[:, :k], out[:, p : p + k], out[:, 2 * p : 2 * p + k] = v, v * v, known.double()
    return out


def similarity_tile(fa: torch.Tensor, fb: torch.Tensor, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """``label_similarity`` of the studies behind features ``fa`` [A, F] and ``fb`` [C, F], as [A, C]."""
    p = fa.shape[1] // 3
    fa, fb = fa.to(dtype), fb.to(dtype)
    va, va2, ka = fa[:, :p], fa[:, p : 2 * p], fa[:, 2 * p :]
    vb, vb2, kb = fb[:, :p], fb[:, p : 2 * p], fb[:, 2 * p :]
    dot, na2, nb2, shared = va @ vb.T, va2 @ kb.T, ka @ vb2.T, ka @ kb.T
    denom = (na2 * nb2).sqrt_()
    cos = torch.where(denom > 0, dot / denom.clamp(min=torch.finfo(dtype).tiny), torch.zeros_like(dot))
    both_zero = (na2 == 0) & (nb2 == 0) & (shared > 0)
    return torch.where(both_zero, torch.ones_like(cos), cos).clamp_(0.0, 1.0)


def text_logits_tile(spec: TileTargets, c0: int, c1: int, dtype: torch.dtype) -> torch.Tensor | None:
    """``<row_text_i, col_text_j> / text_temperature`` of all rows and columns ``c0 .. min(c1, Nt)`` as [B, w]
    in ``dtype``, or None when no text column falls there."""
    stop = min(c1, spec.n_text)
    if not spec.text_soft or stop <= c0:
        return None
    return (spec.row_text.to(dtype) @ spec.col_text[c0:stop].to(dtype).T) / float(spec.text_temperature)
