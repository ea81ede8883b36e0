"""One call from configs to a resumable batch loader: ``make_loader``.

``make_loader(recipe, stream_cfg, text_cfg, tokenizer_path, batch_size=..., token_budget=..., rank=...,
world_size=..., num_workers=..., state=...)`` loads the tokenizer from its local path, builds the ``sample_fn`` /
``collate_fn`` pair of a ``BatchRecipe`` (``megacxr.data.batches``: ``clip_batches``, ``mntp_batches``,
``supcon_batches``) and returns a ``MegacxrLoader`` whose DataLoader workers read, transform, tokenize, mask and
pack, so that the training process only receives finished batches. ``token_budget=None`` gives padded text, an int
packed text (see ``batches``). Unless the stream config names ``read_exts`` itself, only the members the recipe
needs are read (clip: image, txt, json; the text recipes: txt and json, so image bytes are never read); a text
recipe needs only ``txt`` or ``json`` in a sample unless the stream config's ``require`` was changed from its
default. ``train`` (default: the stream's split is ``train``) picks the train or the deterministic eval image
transform. ``key_seeded=True`` draws each sample's randomness (a supcon variant, MNTP's masks) from a generator
seeded by its key instead of the slot's stream, so that a sample looks the same whatever the world size and the
worker count (validation: two processes must see what one does). Save ``loader.state_dict()`` with each
checkpoint and pass it back as ``state`` to resume with identical batches (same shards, seed, world size,
workers and batch size).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from typing import Any

import numpy as np

from megacxr.data.batches import BatchRecipe
from megacxr.data.loader import MegacxrLoader
from megacxr.data.plan import StreamConfig
from megacxr.data.text import TextConfig, TextEncoder
from megacxr.errors import ConfigError

__all__ = ["KeySeeded", "make_loader"]


class KeySeeded:
    """``sample_fn`` with its generator seeded by the sample's key (see the module docstring); a class, not a
    closure, so that it pickles into DataLoader workers."""

    def __init__(self, sample_fn):
        self.sample_fn = sample_fn

    def __call__(self, sample: dict, rng: np.random.Generator):
        digest = hashlib.blake2b(str(sample["__key__"]).encode(), digest_size=8).digest()
        return self.sample_fn(sample, np.random.default_rng(int.from_bytes(digest, "little")))


def make_loader(
    recipe: BatchRecipe,
    stream_cfg: StreamConfig,
    text_cfg: TextConfig | None = None,
    tokenizer_path: Any = None,
    *,
    batch_size: int,
    token_budget: int | None = None,
    rank: int | None = None,
    world_size: int | None = None,
    num_workers: int = 0,
    state: dict | None = None,
    train: bool | None = None,
    pad_to_multiple: int = 1,
    key_seeded: bool = False,
    **loader_kwargs,
) -> MegacxrLoader:
    """A ``MegacxrLoader`` of ``recipe``'s batches; see the module docstring. ``tokenizer_path``: a local folder
    (or a tokenizer object); ``loader_kwargs`` go to ``MegacxrLoader`` (drop_last, pin_memory, ...)."""
    if not isinstance(recipe, BatchRecipe):
        raise ConfigError(
            f"expected a BatchRecipe (clip_batches(), mntp_batches(), supcon_batches()), got {type(recipe).__name__}",
            field="recipe",
        )
    if tokenizer_path is None:
        raise ConfigError("a tokenizer (local folder) is needed", field="tokenizer")
    if stream_cfg.read_exts is None:
        stream_cfg = dataclasses.replace(stream_cfg, read_exts=list(recipe.read_exts))
    if recipe.text_only and stream_cfg.require == StreamConfig().require:
        stream_cfg = dataclasses.replace(stream_cfg, require=["txt|json"])  # text corpora without images count
    if num_workers > 0:
        # the tokenizer is used once per sample in each worker; Rust-side threads would only oversubscribe
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    encoder = TextEncoder(tokenizer_path, text_cfg or TextConfig())
    if train is None:
        train = stream_cfg.split == "train"
    sample_fn, collate_fn = recipe.make(encoder, train, token_budget, pad_to_multiple)
    if key_seeded:
        sample_fn = KeySeeded(sample_fn)
    return MegacxrLoader(
        stream_cfg,
        sample_fn,
        batch_size=batch_size,
        collate_fn=collate_fn,
        num_workers=num_workers,
        rank=rank,
        world_size=world_size,
        state=state,
        **loader_kwargs,
    )
