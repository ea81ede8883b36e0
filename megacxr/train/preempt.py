"""Preemption: SIGTERM / SIGUSR1 or a stop file end the run cleanly at the next step boundary.

The handler only records the request; the training loop asks ``StopRequest.requested()`` after every optimizer
step, which all-reduces the flag (one scalar) so that every rank stops at the same step even when the signal
reached only some of them. The loop then writes a checkpoint and exits 0; launching the same command again
resumes from it (``run.resume=auto``).

Stop files: ``<run.out_dir>/STOP`` and, when set, the path in ``$MEGACXR_STOP_FILE`` (``launchers/slurm.sbatch``
traps SLURM's warning signal in the batch shell and creates it, since DeepSpeed's launcher does not forward
SIGUSR1 to its ranks). A stop file is removed once the checkpoint is written, so the next launch trains on.
"""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

from megacxr.train.collectives import any_true

log = logging.getLogger("megacxr.train")

__all__ = ["StopRequest"]

SIGNALS = (signal.SIGTERM, signal.SIGUSR1)


class StopRequest:
    def __init__(self, out_dir: str | Path, rank: int = 0):
        self.rank = int(rank)
        self.files = [Path(out_dir) / "STOP"]
        if os.environ.get("MEGACXR_STOP_FILE"):
            self.files.append(Path(os.environ["MEGACXR_STOP_FILE"]))
        self.signal: int | None = None
        self._previous = {}
        for sig in SIGNALS:
            try:
                self._previous[sig] = signal.signal(sig, self._handle)
            except ValueError:  # not the main thread (an embedding application): files still work
                pass

    def _handle(self, signum, frame) -> None:
        if self.signal is None:
            self.signal = signum
            log.warning("received %s: stopping after the current step with a checkpoint", signal.Signals(signum).name)

    def _file(self) -> Path | None:
        return next((f for f in self.files if f.exists()), None)

    def requested(self) -> bool:
        """True on every rank when any rank got a signal or sees a stop file (a collective: call on all ranks)."""
        return any_true(self.signal is not None or self._file() is not None)

    def reason(self) -> str:
        if self.signal is not None:
            return signal.Signals(self.signal).name
        f = self._file()
        return f"stop file {f}" if f is not None else "another rank's request"

    def clear_files(self) -> None:
        for f in self.files:
            try:
                f.unlink()
            except FileNotFoundError:
                pass

    def restore(self) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
