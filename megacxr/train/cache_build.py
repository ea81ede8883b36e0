"""The ``frozen_cached`` text cache of a training run: every training report embedded once by the whole cluster.

``cluster_text_cache(folder, encoder, stream_cfg, text_cfg)``: when the run folder is shared by every rank (the
usual case: checkpoints live there too), each of the W ranks of every node reads the reports of every W-th
shard (text members only, through the shards' offset index) and embeds them on its own GPU, writing its part
beside ``folder``; global rank 0 joins the parts by streaming them into ``folder``. Each report is embedded
once in the whole cluster and every shard is read by one rank. Where the folder is node-local (no rank sees
another node's files), each node builds its own copy the same way over its L local ranks.

Every rank takes part in the same collectives whatever it finds on disk: whether to build at all, whether the
folder is shared, and whether every rank's part succeeded are decided together, so a rank that fails makes all
of them raise instead of leaving the others waiting at a barrier. Returns the memory-mapped ``TextCache``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

import torch
import torch.distributed as dist

from megacxr.data.stream import iter_shard_samples
from megacxr.data.text_cache import INDEX_FILE, TextCache, build_text_cache, merge_text_caches, sample_texts
from megacxr.errors import InputError
from megacxr.log import Progress
from megacxr.train import collectives
from megacxr.train.collectives import all_true, barrier
from megacxr.train.threads import local_ranks

__all__ = ["cluster_text_cache"]

log = logging.getLogger("megacxr.train")


def _sees_every_rank(work: Path, rank: int, world: int) -> bool:
    """Whether every rank sees the files every other rank writes under ``work`` (a folder shared by all nodes):
    each rank leaves a marker named by a token of this call, and all check for all of them."""
    if world == 1:
        return True
    token = [secrets.token_hex(8) if rank == 0 else None]
    dist.broadcast_object_list(token, src=0)
    marks = work / "ranks"
    marks.mkdir(parents=True, exist_ok=True)
    (marks / f"{token[0]}-{rank}").touch()
    barrier()
    seen = all((marks / f"{token[0]}-{r}").exists() for r in range(world))
    return all_true(seen)


def cluster_text_cache(folder: Path, encoder: Callable[[], torch.nn.Module], stream_cfg, text_cfg) -> TextCache:
    """The cache at ``folder``, built first when some rank lacks it; ``encoder()`` gives the frozen text encoder
    (called only on ranks that build a part)."""
    folder = Path(folder)
    rank, world = collectives.rank(), collectives.world_size()
    if all_true((folder / INDEX_FILE).is_file()):
        return TextCache(folder)
    local_size = local_ranks()
    local = int(os.environ.get("LOCAL_RANK", rank % local_size))
    work = folder.parent / f".{folder.name}.build"
    if _sees_every_rank(work, rank, world):
        part, count, merger, parts = rank, world, rank == 0, work
    else:  # node-local folders: each node builds its own copy
        part, count, merger = local, local_size, local == 0
        parts = folder.parent / f".{folder.name}.build-node{rank // local_size}"
    error = None
    try:
        model = encoder()
        if torch.cuda.is_available():
            model.to(torch.device("cuda", torch.cuda.current_device()))
        stream = dataclasses.replace(stream_cfg, read_exts=["txt", "json"])
        log.info(
            "text cache: embedding the training reports into %s (part %d of %d: every %d-th shard)",
            folder,
            part + 1,
            count,
            count,
        )
        build_text_cache(
            model,
            lambda: sample_texts(iter_shard_samples(stream, shards=(part, count)), text_cfg),
            parts / f"part{part}",
            text_cfg=text_cfg,
            progress=Progress("text cache", "reports embedded by this process", log, enabled=part == 0),
            allow_empty=True,
        )
        del model
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except Exception as exc:  # every rank learns of it below, instead of waiting at a barrier
        error = exc
    if not all_true(error is None):
        raise error or RuntimeError("text cache: another rank failed to build its part (see its log)")
    if merger:
        try:
            cache = merge_text_caches([parts / f"part{r}" for r in range(count)], folder)
            if len(TextCache(cache)) == 0:
                raise InputError("no reports to embed: the training split has no report text", file=folder)
            shutil.rmtree(parts, ignore_errors=True)
            log.info("text cache: %s written", folder)
        except Exception as exc:
            error = exc
    if not all_true(error is None):
        raise error or RuntimeError("text cache: joining the parts failed on another rank (see its log)")
    if rank == 0:
        shutil.rmtree(work, ignore_errors=True)
    return TextCache(folder)
