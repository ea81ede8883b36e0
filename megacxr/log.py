"""Logging set-up: one format for the CLI and training; only rank 0 logs at INFO under a distributed launch.
``Progress``: a progress callback for long work that logs its count and rate at most every few seconds;
``eta``: the time left at the rate so far, as the training log line prints it."""

from __future__ import annotations

import logging
import os
import sys
import time

from megacxr.errors import ConfigError


def rank() -> int:
    for var in ("RANK", "SLURM_PROCID", "OMPI_COMM_WORLD_RANK"):
        if var in os.environ:
            try:
                return int(os.environ[var])
            except ValueError:
                pass
    return 0


def launch_env() -> tuple[int, int, int]:
    """``(rank, world_size, local_rank)`` of a distributed launch from the environment (``RANK``, ``WORLD_SIZE``,
    ``LOCAL_RANK``; 0, 1, 0 when unset), checked: a value that is no number, ``WORLD_SIZE=0`` or a rank outside
    the world is a ``ConfigError`` naming the variable, not a traceback or a division by zero later."""
    values = {}
    for var, default in (("RANK", 0), ("WORLD_SIZE", 1), ("LOCAL_RANK", 0)):
        raw = os.environ.get(var)
        try:
            values[var] = default if raw in (None, "") else int(raw)
        except ValueError:
            raise ConfigError(f"{var}={raw[:20]!r} in the environment is not a whole number") from None
    rank_, world, local = values["RANK"], values["WORLD_SIZE"], values["LOCAL_RANK"]
    if world < 1:
        raise ConfigError(f"WORLD_SIZE={world} in the environment: a launch has at least one process")
    if not 0 <= rank_ < world:
        raise ConfigError(f"RANK={rank_} in the environment is not in [0, WORLD_SIZE={world})")
    if local < 0:
        raise ConfigError(f"LOCAL_RANK={local} in the environment: must be 0 or more")
    return rank_, world, local


def setup_logging(verbose: bool = False) -> None:
    level = logging.DEBUG if verbose else logging.INFO
    if rank() != 0:
        level = logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
    root = logging.getLogger("megacxr")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


class Progress:
    """A ``progress(done)`` callback that logs ``what: <done> <unit> (<rate>/s)`` to ``logger`` at most every
    ``every_s`` seconds (never when ``enabled`` is false: on ranks other than the one that reports)."""

    def __init__(self, what: str, unit: str, logger: logging.Logger, enabled: bool = True, every_s: float = 30.0):
        self.what, self.unit, self.logger, self.enabled, self.every_s = what, unit, logger, enabled, float(every_s)
        self.t0 = self.last = time.monotonic()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if self.enabled and now - self.last >= self.every_s:
            self.last = now
            rate = done / max(now - self.t0, 1e-9)
            self.logger.info("%s: %d %s (%.1f/s)", self.what, done, self.unit, rate)


def eta(done: int, elapsed_s: float, left: int) -> float | None:
    """Seconds left for ``left`` more units at the rate of the ``done`` units that took ``elapsed_s`` (None
    before the first unit is done)."""
    if done < 1 or elapsed_s <= 0:
        return None
    return left * elapsed_s / done


def format_duration(seconds: float | None) -> str:
    """``1h05m``, ``4m09s``, ``12s``; ``?`` for None."""
    if seconds is None:
        return "?"
    s = int(round(max(0.0, float(seconds))))
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    return f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"
