"""Attention backends of the bidirectional report encoder (flash varlen, flex, sdpa, eager) behind transformers'
public attention interface; see README.md beside this file and ``backends.py``."""

from megacxr.kernels.attention.backends import (
    ATTENTION_BACKENDS,
    FLASH_NAME,
    HF_IMPLEMENTATION,
    additive_mask,
    block_mask,
    dense_mask,
    flash_attention_forward,
    packed_mask_mod,
    padded_mask_mod,
    resolve_backend,
    varlen_attention_reference,
    varlen_kernel,
)

__all__ = [
    "ATTENTION_BACKENDS",
    "FLASH_NAME",
    "HF_IMPLEMENTATION",
    "additive_mask",
    "block_mask",
    "dense_mask",
    "flash_attention_forward",
    "packed_mask_mod",
    "padded_mask_mod",
    "resolve_backend",
    "varlen_attention_reference",
    "varlen_kernel",
]
