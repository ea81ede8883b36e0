"""One optimizer step: ``train_step``, the function both the training loop and ``megacxr profile`` run.

A step is ``accum`` micro-batches whose global loss is finite: forward, backward and ``StepGuard.step`` (DeepSpeed's
``engine.step()``, which applies the update at the accumulation boundary, or skips it for a non-finite gradient
norm). A micro-batch whose global loss is not finite is skipped by every rank alike (the value is the same on all)
and does not count. With a ``PhaseTimer`` the wall time of each phase (data wait, forward, backward, optimizer) is
summed, synchronised with the device, so the profiler times exactly the step that trains.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch

__all__ = ["MicroBatch", "PHASES", "PhaseTimer", "batch_keys", "train_step"]

PHASES = ("data", "forward", "backward", "optimizer")


@dataclass
class MicroBatch:
    batch: dict
    result: dict  # the stage module's StepOutput
    loss: float  # its global loss (the same on every rank)


class PhaseTimer:
    """Seconds spent in each phase of ``train_step`` since the last ``take()``."""

    def __init__(self, device):
        self.cuda = torch.device(device).type == "cuda"
        self.totals = dict.fromkeys(PHASES, 0.0)
        self.t = time.perf_counter()

    def _now(self) -> float:
        if self.cuda:
            torch.cuda.synchronize()
        return time.perf_counter()

    def start(self) -> None:
        self.t = self._now()

    def mark(self, phase: str) -> None:
        now = self._now()
        self.totals[phase] += now - self.t
        self.t = now

    def take(self) -> dict[str, float]:
        out, self.totals = self.totals, dict.fromkeys(PHASES, 0.0)
        return out


class _NoTimer:
    def start(self) -> None:
        pass

    def mark(self, phase: str) -> None:
        pass


def batch_keys(batch: dict) -> list[str]:
    return list(batch.get("keys", []))


def train_step(
    engine,
    next_batch: Callable[[], dict],
    guard,
    accum: int,
    step: int,
    timer: PhaseTimer | None = None,
    prepare: Callable[[dict, int], dict] | None = None,
) -> list[MicroBatch]:
    """Run optimizer step ``step + 1``; returns its micro-batches (``guard.applied`` says whether the update was
    made). ``next_batch()`` gives this rank's next batch; ``prepare(batch, step + 1)`` (the stage's ``for_step``)
    the batch this step trains on."""
    t = timer or _NoTimer()
    micro: list[MicroBatch] = []
    keys: list[str] = []
    while len(micro) < accum:
        t.start()
        batch = next_batch()
        if prepare is not None:
            batch = prepare(batch, step + 1)
        t.mark("data")
        result = engine(batch)
        loss = float(result["global_loss"])
        t.mark("forward")
        if not math.isfinite(loss):  # identical on every rank: all skip together
            guard.bad_loss(step + 1, loss, batch_keys(batch))
            continue
        engine.backward(result["loss"])
        t.mark("backward")
        keys += batch_keys(batch)
        guard.step(step + 1, keys)
        t.mark("optimizer")
        micro.append(MicroBatch(batch, result, loss))
    return micro
