"""Losses of the three stages: MNTP (stage 1), supervised InfoNCE (stage 2), CLIP / SigLIP (stage 3).

Plain, exact reference implementations (fused and tiled kernels live elsewhere and are tested against these).
All of them follow the cross-rank gradient convention documented in ``megacxr.losses.gather``.
"""

from megacxr.losses.contrastive import (
    ContrastiveOutput,
    LogitScale,
    clip_loss,
    info_nce,
    label_similarity,
    mixed_soft_targets,
    siglip_loss,
    soft_target_matrix,
    text_similarity_targets,
)
from megacxr.losses.gather import (
    GATHER_BACKWARDS,
    all_gather_no_grad,
    all_gather_parts,
    all_gather_with_grad,
    all_reduce_sum,
    gather_backward,
    gather_sizes,
    world_info,
)
from megacxr.losses.mntp import IGNORE_INDEX, MntpOutput, mntp_loss, sequence_starts

__all__ = [
    "GATHER_BACKWARDS",
    "IGNORE_INDEX",
    "ContrastiveOutput",
    "LogitScale",
    "MntpOutput",
    "all_gather_no_grad",
    "all_gather_parts",
    "all_gather_with_grad",
    "all_reduce_sum",
    "clip_loss",
    "gather_backward",
    "gather_sizes",
    "info_nce",
    "label_similarity",
    "mixed_soft_targets",
    "mntp_loss",
    "sequence_starts",
    "siglip_loss",
    "soft_target_matrix",
    "text_similarity_targets",
    "world_info",
]
