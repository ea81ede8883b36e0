"""CPU threads per rank (``megacxr.train.threads``): cores / ranks on the node unless the user chose, what each
launcher tells about the node, the oversubscription warning, and that the setting reaches torch in a real
process. The multi-rank runs in tests/test_train_elastic.py check the log line under a 2-rank launch."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from megacxr.train.threads import local_ranks, plan_threads


@pytest.mark.parametrize(
    "env,ranks",
    [
        ({}, 1),
        ({"LOCAL_WORLD_SIZE": "4"}, 4),
        ({"LOCAL_SIZE": "8"}, 8),
        ({"SLURM_NTASKS_PER_NODE": "4(x2)"}, 4),
        ({"LOCAL_WORLD_SIZE": "x"}, 1),
    ],
)
def test_ranks_on_the_node_come_from_the_launcher(env, ranks):
    assert local_ranks(env) == ranks


def test_threads_are_cores_over_ranks_unless_the_user_chose():
    assert plan_threads(0, {"LOCAL_WORLD_SIZE": "4"}, cores=16).threads == 4
    assert plan_threads(0, {"LOCAL_SIZE": "2"}, cores=2).threads == 1
    assert plan_threads(0, {"LOCAL_WORLD_SIZE": "8"}, cores=4).threads == 1  # never 0
    omp = plan_threads(0, {"LOCAL_WORLD_SIZE": "2", "OMP_NUM_THREADS": "3"}, cores=16)
    assert (omp.threads, omp.source) == (3, "OMP_NUM_THREADS")
    cfg = plan_threads(5, {"OMP_NUM_THREADS": "3"}, cores=16)
    assert (cfg.threads, cfg.source) == (5, "engine.cpu_threads")
    assert plan_threads(4, {"LOCAL_WORLD_SIZE": "2"}, cores=4).oversubscribed
    assert not plan_threads(0, {"LOCAL_WORLD_SIZE": "2"}, cores=4).oversubscribed


@pytest.mark.parametrize("extra,want", [({"LOCAL_WORLD_SIZE": "2"}, None), ({"OMP_NUM_THREADS": "1"}, 1)])
def test_a_rank_process_sets_torch_threads_and_warns_when_oversubscribed(extra, want):
    code = (
        "import logging, torch; from megacxr.log import setup_logging; setup_logging(); "
        "from megacxr.train.threads import set_cpu_threads, cpu_cores; "
        "p = set_cpu_threads(0); print(torch.get_num_threads(), cpu_cores()); set_cpu_threads(64)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "LOCAL_WORLD_SIZE")}
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env={**env, **extra}
    )
    assert res.returncode == 0, res.stderr[-2000:]
    threads, cores = map(int, res.stdout.split())
    assert threads == (want if want is not None else max(1, cores // 2))
    assert "CPU threads per rank:" in res.stderr
    assert "64 threads x" in res.stderr and "exceed the" in res.stderr
