"""The ``frozen_cached`` text cache of a training run: every training report embedded once, split over a node.

``node_text_cache(folder, encoder, stream_cfg, text_cfg)``: each of a node's L processes embeds every L-th report
(on its own GPU), and the node's local rank 0 joins the parts into ``folder``; each node builds its own copy when
the folder is node-local, and on a shared folder the nodes' identical copies replace one another atomically. Every
rank decides whether to build before anyone writes, so all of them meet at the same barriers. Returns the
memory-mapped ``TextCache``; an existing cache is opened without building.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
from pathlib import Path
from typing import Callable

import torch
import torch.distributed as dist

from megacxr.data.stream import iter_shard_samples
from megacxr.data.text_cache import INDEX_FILE, TextCache, build_text_cache, merge_text_caches, sample_texts
from megacxr.train.stages.base import Progress
from megacxr.train.threads import local_ranks

__all__ = ["node_text_cache"]

log = logging.getLogger("megacxr.train")


def _barrier() -> None:
    if dist.is_available() and dist.is_initialized():
        dist.barrier()


def node_text_cache(folder: Path, encoder: Callable[[], torch.nn.Module], stream_cfg, text_cfg) -> TextCache:
    """The cache at ``folder``, built first when absent; ``encoder()`` gives the frozen text encoder (called only
    when this process builds a part)."""
    folder = Path(folder)
    rank = dist.get_rank() if dist.is_available() and dist.is_initialized() else 0
    local_size = local_ranks()
    local = int(os.environ.get("LOCAL_RANK", rank % local_size))
    work = folder.parent / f".{folder.name}.build-node{rank // local_size}"
    build = not (folder / INDEX_FILE).is_file()
    if build:
        model = encoder()
        if torch.cuda.is_available():
            model.to(torch.device("cuda", torch.cuda.current_device()))
        stream = dataclasses.replace(stream_cfg, read_exts=["txt", "json"])
        log.info(
            "text cache: embedding the training reports into %s (part %d of %d on this node)",
            folder,
            local + 1,
            local_size,
        )
        build_text_cache(
            model,
            lambda: sample_texts(iter_shard_samples(stream), text_cfg),
            work / f"part{local}",
            text_cfg=text_cfg,
            part=(local, local_size),
            progress=Progress("text cache", local == 0),
        )
        del model
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    _barrier()
    if build and local == 0:
        merge_text_caches([work / f"part{r}" for r in range(local_size)], folder)
        shutil.rmtree(work, ignore_errors=True)
        log.info("text cache: %s written", folder)
    _barrier()
    return TextCache(folder)
