"""Fused linear cross-entropy (the MNTP head without its ``[K, V]`` logits); see README.md beside this file."""

from megacxr.kernels.linear_ce.chunked import IGNORE_INDEX, LINEAR_CE_IMPLS, liger_available, linear_cross_entropy

__all__ = ["IGNORE_INDEX", "LINEAR_CE_IMPLS", "linear_cross_entropy", "liger_available"]
