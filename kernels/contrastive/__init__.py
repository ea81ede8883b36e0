"""Tiled softmax cross-entropy of local rows against gathered columns (the contrastive losses' core), in chunked
torch and in Triton; see README.md beside this file."""

from megacxr.kernels.contrastive.targets import (
    TileTargets,
    label_features,
    similarity_tile,
    triton_available,
    triton_interpreting,
)
from megacxr.kernels.contrastive.tiled_ce import (
    CPU_AUTO,
    IMPLS,
    TiledResult,
    resolve_impl,
    tile_size,
    tiled_cross_entropy,
)

__all__ = [
    "CPU_AUTO",
    "IMPLS",
    "TileTargets",
    "TiledResult",
    "label_features",
    "resolve_impl",
    "similarity_tile",
    "tile_size",
    "tiled_cross_entropy",
    "triton_available",
    "triton_interpreting",
]
