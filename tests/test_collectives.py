"""``megacxr.train.collectives`` (the trainer's own collectives, written once) and ``megacxr.log.Progress``:
without a process group every collective returns the local value; under two gloo ranks each reduces as named."""

from __future__ import annotations

import logging

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from megacxr.log import Progress
from megacxr.train import collectives


def test_without_a_process_group_every_collective_is_local():
    assert not collectives.distributed()
    assert (collectives.rank(), collectives.world_size()) == (0, 1)
    assert collectives.all_reduce([3, 2.5], "max") == [3.0, 2.5]
    assert collectives.all_true(True) and not collectives.all_true(False)
    assert collectives.any_true(True) and not collectives.any_true(False)
    assert collectives.all_gather_objects({"a": 1}) == [{"a": 1}]
    collectives.barrier()
    with pytest.raises(ValueError, match="op must be one of"):
        collectives.all_reduce([1], "mean")


def _worker(rank: int, init: str, out) -> None:
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=init, rank=rank, world_size=2)
    try:
        collectives.barrier()
        out.put(
            (
                rank,
                collectives.rank(),
                collectives.world_size(),
                collectives.all_reduce([rank + 1, 2**40 + rank], "sum"),
                collectives.all_reduce([rank + 1], "min"),
                collectives.all_reduce([rank + 1], "max"),
                collectives.all_true(rank == 0),
                collectives.any_true(rank == 0),
                collectives.all_gather_objects(f"r{rank}"),
            )
        )
    finally:
        dist.destroy_process_group()


def test_two_gloo_ranks_reduce_as_named(tmp_path):
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    init = f"file://{tmp_path / 'store'}"
    procs = [ctx.Process(target=_worker, args=(r, init, out)) for r in range(2)]
    for p in procs:
        p.start()
    results = sorted(out.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    for r, got_rank, world, total, low, high, every, some, gathered in results:
        assert (got_rank, world) == (r, 2)
        assert total == [3.0, float(2**41 + 1)]  # integer counts stay exact in float64
        assert (low, high) == ([1.0], [2.0])
        assert (every, some) == (False, True)
        assert gathered == ["r0", "r1"]


def test_progress_logs_at_most_every_interval(caplog):
    logger = logging.getLogger("megacxr.test.progress")
    progress = Progress("text cache", "reports embedded", logger, every_s=0.0)
    silent = Progress("text cache", "reports embedded", logger, enabled=False, every_s=0.0)
    slow = Progress("text cache", "reports embedded", logger, every_s=3600.0)
    with caplog.at_level(logging.INFO, logger="megacxr.test.progress"):
        progress(10)
        silent(10)
        slow(10)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and lines[0].startswith("text cache: 10 reports embedded (")
