"""Fused kernels with their torch fallbacks: the tiled softmax cross-entropy behind the contrastive losses.

* ``tiled_ce``: the tiled cross-entropy of local rows against gathered columns (``tiled_cross_entropy``), its
  chunked torch implementation (a custom autograd Function, any device) and the dispatch to the Triton kernel.
* ``contrastive_triton``: the Triton kernels (forward, backward for rows, backward for columns). Triton is an
  optional import; on a machine without a GPU the kernels run under ``TRITON_INTERPRET=1`` (tests only).

The loss-level entry points (``clip_loss_tiled``, ``info_nce_tiled``, ``siglip_loss_tiled``,
``contrastive_impl``) live in ``megacxr.losses.tiled``; the fused linear cross-entropy of the MNTP head in
``megacxr.losses.linear_ce``. This package is ``megacxr.kernels``: never make it an importable top-level
``kernels`` (a PyPI package of that name exists and transformers may import it).
"""

from megacxr.kernels.tiled_ce import (IMPLS, TiledResult, TileTargets, label_features, similarity_tile,
                                      tiled_cross_entropy, triton_available, triton_interpreting)

__all__ = ["IMPLS", "TileTargets", "TiledResult", "label_features", "similarity_tile", "tiled_cross_entropy",
           "triton_available", "triton_interpreting"]
