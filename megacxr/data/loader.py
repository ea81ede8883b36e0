"""Batches from shard streams through torch's DataLoader, with exact resume and bad-data counts.

Each DataLoader worker runs one ``ShardStream`` (its slot: ``rank * num_workers + logical worker``), applies
the per-sample ``sample_fn(sample, rng)`` and batches (``batch_size``, ``collate_fn``) itself, and yields
``(batch, {"worker": logical id, "state": stream state after this batch})``; after its last batch it sends one
more message carrying only its final state (so that counts of data skipped at the very end are not lost).

``MegacxrLoader`` wraps the DataLoader: it yields the batches, keeps the latest state of every worker and the
number of batches consumed, and ``state_dict()`` returns all of it (plain JSON). ``MegacxrLoader(...,
state=saved)`` resumes: every worker reloads its saved stream state, and the logical worker ids are rotated so
that physical worker 0 of the new DataLoader is the worker that would have delivered the next batch. With
``in_order`` round-robin (batch n from worker n % num_workers, exhausted workers skipped), the batches after a
resume are identical to those of the uninterrupted run. ``num_workers=0`` runs the single stream in-process.

``state`` may also be the list of every rank's state of a checkpoint: the loader takes its own when the
checkpoint has this run's shape, and otherwise re-deals the rest of the data over this run's ranks, workers and
batch size (``megacxr.data.elastic``: elastic resume).

In epoch mode one pass over the loader is one epoch (the next pass starts the next epoch); in resampled mode
a pass never ends.
"""

from __future__ import annotations

import atexit
import functools
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

import torch
from torch.utils.data import DataLoader, IterableDataset, default_collate, get_worker_info

from megacxr.data.elastic import reshard, same_shape
from megacxr.data.plan import ShardSet, StreamConfig, load_shard_set, share
from megacxr.data.stream import COUNTERS, SampleFn, ShardStream, fresh_state
from megacxr.log import launch_env

__all__ = ["MegacxrLoader", "StreamConfig", "WORKER_IGNORED_SIGNALS", "worker_init"]

LOADER_STATE_VERSION = 1


def _identity(x):
    return x


# The main process owns preemption: a SIGTERM sent to the whole process group (SLURM, ``timeout``, ``kill -TERM
# -PGID``, Kubernetes) must not kill the workers before the trainer has written its checkpoint. Workers ignore it
# while their parent lives and is not exiting; they end through DataLoader's shutdown (or its watchdog when the
# parent dies). At interpreter exit multiprocessing terminates daemon workers with SIGTERM and joins them, so the
# parent sets an event first (an atexit hook registered after multiprocessing's, hence run before it) and a worker
# that sees it dies of the signal as usual. SIGKILL always ends them.
WORKER_IGNORED_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1)
_EXITING = None


def _exiting_event():
    global _EXITING
    if _EXITING is None:
        _EXITING = multiprocessing.Event()
        atexit.register(_EXITING.set)
    return _EXITING


def worker_init(worker_id: int, exiting=None) -> None:
    """Every DataLoader worker: leave the preemption signals to the main process and use one CPU thread (the
    trainer's processes own the cores; torch's default of one thread per core in each worker oversubscribes)."""

    busy = [False]

    def on_signal(signum, frame):
        # A signal can arrive while this handler runs (a storm of group SIGTERMs): the nested call returns at once,
        # for ``Event.is_set`` takes a lock that the interrupted call may hold, and waiting for it would hang the
        # worker (and the parent waiting for its batch). The outer call still decides.
        if busy[0]:
            return
        busy[0] = True
        try:
            try:
                parent_exiting = signum == signal.SIGTERM and exiting is not None and exiting.is_set()
            except Exception:  # noqa: BLE001 - the event torn down under a signal: ignore this one, as designed
                parent_exiting = False
            if parent_exiting:
                signal.signal(signum, signal.SIG_DFL)  # the parent is exiting: die of it as usual
                os.kill(os.getpid(), signum)
        finally:
            busy[0] = False

    for sig in WORKER_IGNORED_SIGNALS:
        signal.signal(sig, on_signal)
    # blocked by the parent around the fork (see MegacxrLoader._start): one that arrived meanwhile is handled now
    signal.pthread_sigmask(signal.SIG_UNBLOCK, WORKER_IGNORED_SIGNALS)
    torch.set_num_threads(1)


class _SlotBatches(IterableDataset):
    """What a DataLoader worker runs: its slot's stream, mapped and batched, with the state after each batch."""

    def __init__(
        self,
        config: StreamConfig,
        shard_set: ShardSet,
        sample_fn: SampleFn | None,
        batch_size: int,
        collate_fn: Callable,
        drop_last: bool,
        rank: int,
        world_size: int,
        num_workers: int,
        start_states: list[dict | None],
        rotation: int,
    ):
        super().__init__()
        self.config, self.shard_set, self.sample_fn = config, shard_set, sample_fn
        self.batch_size, self.collate_fn, self.drop_last = batch_size, collate_fn, drop_last
        self.rank, self.world_size, self.workers = rank, world_size, max(1, num_workers)
        self.start_states, self.rotation = start_states, rotation

    def __iter__(self):
        info = get_worker_info()
        physical = info.id if info is not None else 0
        logical = (physical + self.rotation) % self.workers
        stream = ShardStream(
            self.config,
            slot=self.rank * self.workers + logical,
            num_slots=self.world_size * self.workers,
            sample_fn=self.sample_fn,
            shard_set=self.shard_set,
        )
        start = self.start_states[logical]
        if start is not None:
            stream.load_state_dict(start)
        try:
            batch = []
            for item in stream:
                batch.append(item)
                if len(batch) == self.batch_size:
                    yield self.collate_fn(batch), {"worker": logical, "state": stream.state_dict()}
                    batch = []
            if batch and not self.drop_last:
                yield self.collate_fn(batch), {"worker": logical, "state": stream.state_dict()}
            yield None, {"worker": logical, "state": stream.state_dict(), "end": True}
        finally:
            stream.close()


class MegacxrLoader:
    """Batches of one rank from a ``StreamConfig``; ``state_dict()`` / ``state=`` for exact resume.

    ``sample_fn(sample, rng) -> item`` maps a raw sample (``{"__key__", "__url__", "__source__", "__shard__",
    "__index__", ext: bytes, ...}``) to a training item, drawing any randomness from ``rng`` (the slot's
    generator). If it raises, the sample is skipped and counted as corrupt. ``rank`` / ``world_size`` default to
    the RANK / WORLD_SIZE environment variables."""

    def __init__(
        self,
        config: StreamConfig,
        sample_fn: SampleFn | None = None,
        *,
        batch_size: int,
        collate_fn: Callable | None = None,
        num_workers: int = 0,
        rank: int | None = None,
        world_size: int | None = None,
        drop_last: bool = False,
        state: dict | None = None,
        pin_memory: bool = False,
        prefetch_factor: int | None = None,
        multiprocessing_context: Any = None,
        timeout: float = 0,
    ):
        self.config = config.validate()
        env_rank, env_world, _ = launch_env() if rank is None or world_size is None else (0, 1, 0)
        self.rank = env_rank if rank is None else int(rank)
        self.world_size = env_world if world_size is None else int(world_size)
        if not (0 <= self.rank < self.world_size):
            raise ValueError(f"rank {self.rank} is not in [0, world_size={self.world_size})")
        if int(batch_size) < 1:
            raise ValueError("batch_size must be at least 1")
        self.sample_fn, self.batch_size = sample_fn, int(batch_size)
        self.collate_fn = collate_fn or default_collate
        self.num_workers, self.drop_last = int(num_workers), bool(drop_last)
        self._dl_kwargs = {
            "pin_memory": pin_memory,
            "timeout": timeout,
            "multiprocessing_context": multiprocessing_context,
        }
        if self.num_workers > 0 and prefetch_factor is not None:
            self._dl_kwargs["prefetch_factor"] = prefetch_factor
        self.shard_set = load_shard_set(self.config)
        self._slots = max(1, self.num_workers)
        self.epoch = 0
        self.batches_in_epoch = 0
        self.batches_total = 0
        self._next_worker = 0
        self._workers: list[dict | None] = [None] * self._slots
        self.resharded_from: str | None = None
        if isinstance(state, (list, tuple)):
            state = self._own_state(list(state))
        if state is not None:
            self.load_state_dict(state)

    def _own_state(self, states: list[dict]) -> dict:
        """This rank's state out of the states of every rank of a checkpoint: its own when the run has the same
        shape, else the rest of the data re-dealt over this run's ranks and workers (``megacxr.data.elastic``)."""
        if same_shape(states, self.world_size, self.num_workers, self.batch_size):
            return states[self.rank]
        state = reshard(
            states,
            self.shard_set,
            self.config,
            rank=self.rank,
            world_size=self.world_size,
            num_workers=self.num_workers,
            batch_size=self.batch_size,
            version=LOADER_STATE_VERSION,
        )
        self.resharded_from = state.pop("resharded_from")
        return state

    # ------------------------------------------------------------------ iteration
    def __iter__(self):
        """The rest of the current epoch (epoch mode; a completed pass moves on to the next epoch), or batches
        for ever (resampled). Breaking out keeps the position: the next pass continues after the last batch
        consumed."""
        starts = [s if s is not None else fresh_state(self.epoch) for s in self._workers]
        dataset = _SlotBatches(
            self.config,
            self.shard_set,
            self.sample_fn,
            self.batch_size,
            self.collate_fn,
            self.drop_last,
            self.rank,
            self.world_size,
            self.num_workers,
            starts,
            self._next_worker,
        )
        loader = DataLoader(
            dataset,
            batch_size=None,
            collate_fn=_identity,
            num_workers=self.num_workers,
            persistent_workers=False,
            in_order=True,
            worker_init_fn=functools.partial(worker_init, exiting=_exiting_event()) if self.num_workers > 0 else None,
            **self._dl_kwargs,
        )
        for batch, info in self._start(loader):
            worker = int(info["worker"])
            self._workers[worker] = info["state"]
            self._next_worker = (worker + 1) % self._slots
            if info.get("end"):
                continue
            self.batches_in_epoch += 1
            self.batches_total += 1
            yield batch
        if self.config.mode == "epoch":
            self.set_epoch(self.epoch + 1)

    def _start(self, loader: DataLoader):
        """``iter(loader)``, which forks the workers, with the preemption signals blocked meanwhile: a new worker
        inherits the mask and unblocks them only once ``worker_init`` has installed its handlers, so a group
        SIGTERM during the start-up of an epoch's workers cannot kill one (it stays pending, then is ignored; the
        main process receives its own copy when the mask is restored)."""
        if self.num_workers == 0 or threading.current_thread() is not threading.main_thread():
            return iter(loader)
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, WORKER_IGNORED_SIGNALS)
        try:
            return iter(loader)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def set_epoch(self, epoch: int) -> None:
        """Start epoch ``epoch`` from its beginning at the next pass (counters are kept). Setting the current
        epoch again keeps the position, so a training loop that calls ``set_epoch`` every epoch (as with
        DistributedSampler) still resumes mid-epoch."""
        if int(epoch) == self.epoch:
            return
        self._workers = [fresh_state(epoch, self._counters(s)) for s in self._workers]
        self.epoch = int(epoch)
        self.batches_in_epoch = 0
        self._next_worker = 0

    def planned_batches(self) -> int | None:
        """Batches of this rank in one epoch if no sample is skipped (epoch mode; None in resampled mode).

        Ranks differ by at most a few batches (the last partial batch of each worker): a data-parallel training
        loop must stop every rank at the same step (e.g. the minimum over ranks), or use resampled mode."""
        if self.config.mode != "epoch":
            return None
        ss, slots = self.shard_set, self.world_size * self._slots
        sizes = [min(ss.total(n), ss.caps[n] if ss.caps[n] is not None else 1 << 62) for n in ss.sources]
        total = 0
        for worker in range(self._slots):
            n = sum(share(t, slots, self.rank * self._slots + worker) for t in sizes)
            total += n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        return total

    # ------------------------------------------------------------------ state and stats
    def state_dict(self) -> dict:
        return {
            "version": LOADER_STATE_VERSION,
            "mode": self.config.mode,
            "rank": self.rank,
            "world_size": self.world_size,
            "num_workers": self.num_workers,
            "batch_size": self.batch_size,
            "fingerprint": self.shard_set.fingerprint,
            "epoch": self.epoch,
            "batches_in_epoch": self.batches_in_epoch,
            "batches_total": self.batches_total,
            "next_worker": self._next_worker,
            "workers": list(self._workers),
        }

    def load_state_dict(self, state: dict) -> None:
        if state.get("version") != LOADER_STATE_VERSION:
            raise ValueError(f"unsupported loader state version {state.get('version')!r}")
        for key, mine in (
            ("mode", self.config.mode),
            ("rank", self.rank),
            ("world_size", self.world_size),
            ("num_workers", self.num_workers),
            ("batch_size", self.batch_size),
            ("fingerprint", self.shard_set.fingerprint),
        ):
            if state.get(key) != mine:
                raise ValueError(
                    f"loader state does not match this loader: {key} is {state.get(key)!r} in the state, {mine!r} here"
                )
        self.epoch = int(state["epoch"])
        self.batches_in_epoch = int(state["batches_in_epoch"])
        self.batches_total = int(state["batches_total"])
        self._next_worker = int(state["next_worker"])
        self._workers = list(state["workers"])

    @staticmethod
    def _counters(state: dict | None) -> dict:
        counters = (state or {}).get("counters", {})
        return {k: int(counters.get(k, 0)) for k in COUNTERS}

    def stats(self) -> dict:
        """Counts over this rank's workers as of the last batch consumed: samples, skipped_corrupt,
        skipped_truncated_shards, skipped_truncated_samples, and batches."""
        out = dict.fromkeys(COUNTERS, 0)
        for s in self._workers:
            for k, v in self._counters(s).items():
                out[k] += v
        out["batches"] = self.batches_total
        return out
