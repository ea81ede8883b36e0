"""``megacxr.train.collectives`` (the trainer's own collectives, written once), ``megacxr.log.Progress`` and
``megacxr.log.launch_env``: without a process group every collective returns the local value; under two gloo
ranks each reduces as named; a bad launch environment or count argument is a one-line error."""

from __future__ import annotations

import logging
import re

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from megacxr.cli import main as cli_main
from megacxr.errors import ConfigError
from megacxr.log import Progress, eta, format_duration, launch_env
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


@pytest.mark.parametrize(
    "env,message",
    [
        ({"WORLD_SIZE": "0", "RANK": "0"}, "WORLD_SIZE=0"),
        ({"WORLD_SIZE": "abc"}, "WORLD_SIZE='abc'"),
        ({"WORLD_SIZE": "2", "RANK": "2"}, "RANK=2"),
        ({"WORLD_SIZE": "2", "RANK": "-1"}, "RANK=-1"),
        ({"LOCAL_RANK": "-3"}, "LOCAL_RANK=-3"),
    ],
)
def test_a_bad_launch_environment_is_a_one_line_config_error(monkeypatch, env, message):
    """Issue 28: WORLD_SIZE=0 ended in a traceback; every reader of the launch variables checks them once."""
    for var in ("RANK", "WORLD_SIZE", "LOCAL_RANK"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError, match=re.escape(message)):
        launch_env()


def test_an_unset_launch_environment_is_one_process(monkeypatch):
    for var in ("RANK", "WORLD_SIZE", "LOCAL_RANK"):
        monkeypatch.delenv(var, raising=False)
    assert launch_env() == (0, 1, 0)
    monkeypatch.setenv("WORLD_SIZE", "4")
    monkeypatch.setenv("RANK", "3")
    assert launch_env() == (3, 4, 0)


@pytest.mark.parametrize(
    "argv,message",
    [
        (["eval", "text", "x", "--batch-size", "0"], "--batch-size: must be 1 or more, got 0"),
        (["eval", "retrieval", "x", "--batch-size", "-1"], "--batch-size: must be 1 or more, got -1"),
        (["shards", "build", "--workers", "-2"], "--workers: must be 0 or more, got -2"),
        (["synth", "--studies", "zero"], "--studies: not a whole number"),
    ],
)
def test_counts_below_their_minimum_are_usage_errors(capsys, argv, message):
    """Issue 28: ``--batch-size 0`` and ``-1`` passed silently (or failed later with a traceback)."""
    with pytest.raises(SystemExit) as exc:
        cli_main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_eta_is_the_time_left_at_the_rate_so_far():
    assert eta(0, 10.0, 100) is None and eta(5, 0.0, 10) is None
    assert eta(10, 20.0, 90) == pytest.approx(180.0)  # 2 s a step, 90 to go
    assert [format_duration(s) for s in (None, 0, 12.4, 249, 3900, 90061)] == [
        "?",
        "0s",
        "12s",
        "4m09s",
        "1h05m",
        "25h01m",
    ]
