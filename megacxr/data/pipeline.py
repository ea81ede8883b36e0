"""One call from configs to a resumable batch loader of a stage: ``make_loader``.

``make_loader(stage, stream_cfg, text_cfg, image_cfg, tokenizer_path, batch_size=..., token_budget=...,
masking_cfg=..., rank=..., world_size=..., num_workers=..., state=...)`` loads the tokenizer from its local path,
builds the stage's ``sample_fn`` / ``collate_fn`` (``megacxr.data.batches``) and returns a ``MegacxrLoader``
whose DataLoader workers read, transform, tokenize, mask and pack, so that the training process only receives
finished batches. ``token_budget=None`` gives padded text, an int packed text (see ``batches``). Unless the
stream config names ``read_exts`` itself, a stage reads only the members it needs (``clip``: image, txt, json;
``mntp`` / ``supcon``: txt and json, so image bytes are never read); the text stages need only ``txt`` or ``json``
in a sample unless the stream config's ``require`` was changed from its default. ``train`` (default: the
stream's split is ``train``) picks the train or the deterministic eval image transform; ``pixel_dtype="bfloat16"``
ships images at half the bytes (for a bf16 model: the cast it does anyway, done in the worker);
``pixel_format="uint8"`` ships
gray levels plus a per-sample table, 12x fewer bytes, and ``batches.batch_pixels`` expands them on the device.
Save ``loader.state_dict()`` with each checkpoint and pass it back as ``state`` to resume with identical batches
(same shards, seed, world size, workers and batch size).
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any, Optional

from megacxr.data.batches import STAGES, make_stage, stage_read_exts
from megacxr.data.image_tf import ImageTransformConfig
from megacxr.data.loader import MegacxrLoader
from megacxr.data.masking import MaskingConfig
from megacxr.data.plan import StreamConfig
from megacxr.data.text import TextConfig, TextEncoder
from megacxr.errors import ConfigError

__all__ = ["make_loader"]


def make_loader(stage: str, stream_cfg: StreamConfig, text_cfg: Optional[TextConfig] = None,
                image_cfg: Optional[ImageTransformConfig] = None, tokenizer_path: Any = None, *,
                batch_size: int, token_budget: Optional[int] = None, masking_cfg: Optional[MaskingConfig] = None,
                rank: Optional[int] = None, world_size: Optional[int] = None, num_workers: int = 0,
                state: Optional[dict] = None, train: Optional[bool] = None, hard_negatives: int = 1,
                pad_to_multiple: int = 1, pixel_dtype=None, pixel_format: str = "float",
                variants=None, negation_negatives: bool = False, **loader_kwargs) -> MegacxrLoader:
    """A ``MegacxrLoader`` of ``stage`` batches; see the module docstring. ``tokenizer_path``: a local folder
    (or a tokenizer object); ``variants``: the supcon ``VariantConfig``; ``loader_kwargs`` go to ``MegacxrLoader``
    (drop_last, pin_memory, ...)."""
    if stage not in STAGES:
        raise ConfigError(f"unknown stage {stage!r}; choose one of {', '.join(STAGES)}", field="stage")
    if tokenizer_path is None:
        raise ConfigError("a tokenizer (local folder) is needed", field="tokenizer")
    if stage == "mntp" and masking_cfg is None:
        masking_cfg = MaskingConfig()
    if stream_cfg.read_exts is None:
        stream_cfg = dataclasses.replace(stream_cfg, read_exts=stage_read_exts(stage))
    if stage != "clip" and stream_cfg.require == StreamConfig().require:
        stream_cfg = dataclasses.replace(stream_cfg, require=["txt|json"])  # text corpora without images count
    if num_workers > 0:
        # the tokenizer is used once per sample in each worker; Rust-side threads would only oversubscribe
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    encoder = TextEncoder(tokenizer_path, text_cfg or TextConfig())
    if train is None:
        train = stream_cfg.split == "train"
    sample_fn, collate_fn = make_stage(stage, encoder, image_cfg=image_cfg, masking_cfg=masking_cfg,
                                       token_budget=token_budget, pad_to_multiple=pad_to_multiple, train=train,
                                       hard_negatives=hard_negatives, pixel_dtype=pixel_dtype,
                                       pixel_format=pixel_format, variants=variants,
                                       negation_negatives=negation_negatives)
    return MegacxrLoader(stream_cfg, sample_fn, batch_size=batch_size, collate_fn=collate_fn,
                         num_workers=num_workers, rank=rank, world_size=world_size, state=state, **loader_kwargs)
