"""Every kernel of megacxr with its torch reference: the top-level ``kernels/`` folder of the repository, installed
as ``megacxr.kernels`` (pyproject.toml: ``package-dir``). Never an importable top-level ``kernels``: a PyPI package
of that name exists and transformers may import it.

* ``contrastive``: the tiled softmax cross-entropy of local rows against gathered columns behind the CLIP and
  InfoNCE losses (chunked torch on any device, Triton on CUDA or under ``TRITON_INTERPRET=1``);
* ``linear_ce``: the fused linear cross-entropy of the MNTP head (chunked torch, liger-kernel on CUDA);
* ``attention``: the bidirectional attention backends (flash varlen, flex, sdpa, eager) registered with
  transformers.

Each folder's README.md says what the kernel computes, its reference, its equivalence test and its benchmark. The
loss-level entry points live in ``megacxr.losses``; kernels import nothing of megacxr beyond its leaf modules.
"""

from megacxr.kernels.contrastive import (
    IMPLS,
    TiledResult,
    TileTargets,
    label_features,
    similarity_tile,
    tiled_cross_entropy,
    triton_available,
    triton_interpreting,
)

__all__ = [
    "IMPLS",
    "TileTargets",
    "TiledResult",
    "label_features",
    "similarity_tile",
    "tiled_cross_entropy",
    "triton_available",
    "triton_interpreting",
]
