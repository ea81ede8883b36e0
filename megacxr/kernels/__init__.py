"""Every kernel of megacxr with its torch reference. The kernel sources live in the repository's top-level
``kernels/`` folder, one subpackage each, installed as ``megacxr.kernels.<name>`` (pyproject.toml:
``package-dir``); this file is their package. ``kernels/`` has no ``__init__.py``, so ``import kernels`` from the
repository root never imports our code nor shadows the PyPI package of that name (transformers probes for it).

* ``contrastive``: the tiled softmax cross-entropy of local rows against gathered columns behind the CLIP and
  InfoNCE losses (chunked torch on any device, Triton on CUDA or under ``TRITON_INTERPRET=1``);
* ``linear_ce``: the fused linear cross-entropy of the MNTP head (chunked torch, liger-kernel on CUDA);
* ``attention``: the bidirectional attention backends (flash varlen, flex, sdpa, eager) registered with
  transformers.

Each folder's README.md says what the kernel computes, its reference, its equivalence test and its benchmark. The
loss-level entry points live in ``megacxr.losses``; kernels import nothing of megacxr beyond its leaf modules.
"""

from pathlib import Path

# From a checkout that was not installed (PYTHONPATH=<checkout>, as on a lent GPU machine whose image cannot install
# it), the kernel folders sit two levels up: they join this package's path. An install's mapping finds the same
# folders, and a wheel has no such folder beside it.
_SOURCES = Path(__file__).resolve().parents[2] / "kernels"
if (_SOURCES / "contrastive").is_dir() and str(_SOURCES) not in __path__:
    __path__.append(str(_SOURCES))

from megacxr.kernels.contrastive import (  # noqa: E402 - after the path above
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
