"""The build's worker processes: forked before the plan exists, fed one unit at a time.

A forked child shares its parent's memory until it writes to it, and a Python child writes to far more than its
own objects: its allocator fills free slots of the pages it inherited and its garbage collector touches every
tracked object. Forked after planning, each worker would copy a share of the plan, a few KB per study of the
whole build (measured: 2 GB per worker at a million studies). So ``UnitPool.start()`` forks every worker
*before* the source is scanned, while the parent holds only its imports and the configuration; the workers then
receive their units pickled, and their memory depends on a unit, never on the build. (Forking, not spawning: a
worker starts in milliseconds with the decoders already imported.)

A worker that dies (killed for memory, a decoder's abort) breaks the pool: its units are rebuilt one at a time
in fresh one-worker pools (forked late, with the parent's objects frozen for the collector), and the study the
dead worker's marker names is quarantined as ``decode_error``.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing as mp
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from tqdm import tqdm

from megacxr.shards.config import ShardBuildConfig
from megacxr.shards.phi import load_vocabularies, phi_enabled
from megacxr.shards.plan import Unit
from megacxr.shards.worker import UnitJob, build_unit, init_worker, marker_path, read_marker, wait_for_workers

log = logging.getLogger("megacxr.shards")


class UnitPool:
    """``with UnitPool(cfg) as pool: pool.start(); ...plan...; pool.run(units, out, salt)``."""

    def __init__(self, cfg: ShardBuildConfig):
        self.cfg = cfg
        self.workers = max(1, cfg.workers or os.cpu_count() or 1)
        self.ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
        self.counter = self.ctx.Value("q", 0)
        self._pool: ProcessPoolExecutor | None = None
        self._frozen = False

    def _executor(self, workers: int) -> ProcessPoolExecutor:
        started = self.ctx.Value("i", 0)
        pool = ProcessPoolExecutor(
            workers, mp_context=self.ctx, initializer=init_worker, initargs=(self.counter, started, os.getpid())
        )
        for fut in [pool.submit(wait_for_workers, workers) for _ in range(workers)]:
            fut.result()
        return pool

    def start(self) -> None:
        """Fork every worker now (call before the scan). The objects that exist now are frozen for the
        collector until ``close()``: otherwise the parent's collections during the scan, and the workers',
        write to every inherited object's header, and each such page ends up copied."""
        if self._pool is None:
            if phi_enabled(self.cfg.phi, self.cfg.source):
                load_vocabularies()  # one copy shared by every worker, not a second of loading in each
            gc.freeze()
            self._frozen = True
            self._pool = self._executor(self.workers)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def __enter__(self) -> UnitPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, todo: list[Unit], out: Path, salt: bytes) -> None:
        total = sum(len(u.studies) for u in todo)
        if not total:
            return
        self.start()
        bar = tqdm(
            total=total,
            desc="building shards",
            unit=" studies",
            disable=not self.cfg.progress,
            mininterval=0.5,
            smoothing=0.1,
        )
        # Largest units first (the partly filled last unit of each split goes last): every core busy to the end.
        todo = sorted(todo, key=lambda u: -len(u.studies))
        failed = self._run_on(self._pool, todo, out, salt, bar, {})
        if failed:
            self._pool.shutdown(wait=True, cancel_futures=True)  # broken as a whole
            self._pool = None
            self._recover(failed, out, salt, bar)
        bar.update(self.counter.value - bar.n)
        bar.close()

    def _recover(self, failed: list[Unit], out: Path, salt: bytes, bar) -> None:
        poisoned: dict[str, set[int]] = {}
        gc.freeze()  # these pools fork after planning: keep the collector off the inherited plan (close() thaws)
        self._frozen = True
        for unit in failed:  # alone now: when a worker dies, its marker names the study it was decoding
            while True:
                with self._executor(1) as pool:
                    if not self._run_on(pool, [unit], out, salt, bar, poisoned):
                        break
                index = read_marker(marker_path(out, unit.name))
                if index is None or index in poisoned.get(unit.name, ()):
                    raise RuntimeError(f"a shard-build worker died outside any study's decode (unit {unit.name})")
                poisoned.setdefault(unit.name, set()).add(index)
                log.warning(
                    "a worker died while decoding study %d of unit %s: quarantined as decode_error", index, unit.name
                )

    def _run_on(self, pool, units: list[Unit], out: Path, salt: bytes, bar, poisoned) -> list[Unit]:
        """Run ``units`` on ``pool``; returns those whose worker died (the pool breaks as a whole)."""
        failed = []
        futures = {
            pool.submit(build_unit, UnitJob(u, self.cfg, str(out), salt, frozenset(poisoned.get(u.name, ())))): u
            for u in units
        }
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for fut in done:
                try:
                    fut.result()
                except BrokenProcessPool:
                    failed.append(futures[fut])
            bar.update(self.counter.value - bar.n)
        return failed
