"""CPU threads per process: each rank takes its share of the cores unless the user chose.

PyTorch starts one intra-op thread per core in every process. With several ranks on one machine (and their
DataLoader workers) that oversubscribes the cores many times over: on a 2-core host a 2-rank run went 13x slower
under the ``deepspeed`` launcher than under ``torchrun`` (which sets ``OMP_NUM_THREADS=1``). ``set_cpu_threads``
decides once per rank, before the model is built:

* ``engine.cpu_threads > 0``: that many;
* else ``OMP_NUM_THREADS`` when set (by the user, SLURM's ``--cpus-per-task`` wrappers or torchrun);
* else the cores this process may run on (``sched_getaffinity``: a SLURM or container CPU set) divided by the
  ranks on this node (``LOCAL_WORLD_SIZE`` from torchrun, ``LOCAL_SIZE`` from the deepspeed launcher,
  ``SLURM_NTASKS_PER_NODE``), at least one.

DataLoader workers run one thread each (``megacxr.data.loader.worker_init``). When threads x ranks exceed the
cores, one warning line says so.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import torch

log = logging.getLogger("megacxr.train")

__all__ = ["ThreadPlan", "cpu_cores", "local_ranks", "plan_threads", "set_cpu_threads"]

LOCAL_SIZE_VARS = ("LOCAL_WORLD_SIZE", "LOCAL_SIZE", "SLURM_NTASKS_PER_NODE")


def cpu_cores() -> int:
    """Cores this process may run on (its affinity mask; all cores where the platform has none)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS
        return max(1, os.cpu_count() or 1)


def local_ranks(env: dict | None = None) -> int:
    """Processes of this run on this node, as the launcher tells it (1 when launched alone)."""
    env = os.environ if env is None else env
    for var in LOCAL_SIZE_VARS:
        value = env.get(var, "")
        # SLURM writes e.g. "4(x2)" when nodes differ; the leading number is this node's count
        digits = value.split("(")[0].strip()
        if digits.isdigit() and int(digits) > 0:
            return int(digits)
    return 1


@dataclass(frozen=True)
class ThreadPlan:
    threads: int
    source: str  # "engine.cpu_threads", "OMP_NUM_THREADS" or "cores/ranks"
    cores: int
    ranks: int

    @property
    def oversubscribed(self) -> bool:
        return self.threads * self.ranks > self.cores


def plan_threads(requested: int = 0, env: dict | None = None, cores: int | None = None) -> ThreadPlan:
    env = os.environ if env is None else env
    cores = cpu_cores() if cores is None else int(cores)
    ranks = local_ranks(env)
    if int(requested) > 0:
        return ThreadPlan(int(requested), "engine.cpu_threads", cores, ranks)
    omp = env.get("OMP_NUM_THREADS", "").strip()
    if omp.isdigit() and int(omp) > 0:
        return ThreadPlan(int(omp), "OMP_NUM_THREADS", cores, ranks)
    return ThreadPlan(max(1, cores // ranks), "cores/ranks", cores, ranks)


def set_cpu_threads(requested: int = 0, rank: int = 0) -> ThreadPlan:
    """Apply ``plan_threads`` to this process (``torch.set_num_threads``); rank 0 logs it, and warns once when
    the node is oversubscribed."""
    plan = plan_threads(requested)
    torch.set_num_threads(plan.threads)
    if rank == 0:
        log.info(
            "CPU threads per rank: %d (%s; %d cores, %d ranks on this node)",
            plan.threads,
            plan.source,
            plan.cores,
            plan.ranks,
        )
        if plan.oversubscribed:
            log.warning(
                "%d threads x %d ranks exceed the %d cores of this node: expect a slow run (unset "
                "OMP_NUM_THREADS or set engine.cpu_threads=%d)",
                plan.threads,
                plan.ranks,
                plan.cores,
                max(1, plan.cores // plan.ranks),
            )
    return plan
