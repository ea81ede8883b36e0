"""The metric window of a training run: what the steps since the last log line add up to, and the line itself.

``MetricWindow`` owns the policy the loop used to hold inline: which steps are logged (every ``run.log_every``,
the last one, and the first of every invocation, so a progress line comes at once), the sums over the window
(samples, real tokens, loss per micro-batch and per task), the cross-rank sums of throughput and skip counts, the
record written to ``metrics.jsonl`` / wandb (``MetricsLogger``) and the progress line with its ETA. A window
shorter than ``log_every`` (the first line, the last, the first after a resume) says so in the line and in
``window_steps``.
"""

from __future__ import annotations

import logging
import time

from megacxr.log import eta, format_duration
from megacxr.train.collectives import all_reduce

log = logging.getLogger("megacxr.train")

__all__ = ["MetricWindow"]


class MetricWindow:
    def __init__(self, metrics, log_every: int, max_steps: int, stop: int, step: int):
        self.metrics, self.log_every, self.max_steps, self.stop = metrics, int(log_every), int(max_steps), int(stop)
        self.resumed_at = self.first_step = int(step)
        self.first_step += 1
        self.started = time.perf_counter()  # of this invocation's steps: the ETA is at their rate
        self.last: dict = {}
        self._reset()

    def _reset(self) -> None:
        self.samples = self.tokens = self.loss = 0.0
        self.micro = self.steps = 0
        self.by_task: dict[str, tuple[float, int]] = {}
        self.t0 = time.perf_counter()

    def add(self, loss: float, samples: int, tokens: int, task: str | None) -> None:
        """One micro-batch: its global loss, its samples and real tokens on this rank, its task (if the stage
        names one; the loss is the same on every rank, so per-task sums need no reduction)."""
        if task is not None:
            total, n = self.by_task.get(task, (0.0, 0))
            self.by_task[task] = (total + loss, n + 1)
        self.samples += samples
        self.tokens += tokens
        self.loss += loss
        self.micro += 1

    def due(self, step: int) -> bool:
        """An applied update: counted; True when this step ends a window (a collective follows: all ranks agree)."""
        self.steps += 1
        return step % self.log_every == 0 or step == self.stop or step == self.first_step

    def emit(self, step: int, engine, guard, loader_stats: dict, dropped: int, stage_metrics: dict) -> dict:
        """Reduce over ranks, write the record and the progress line, start a new window; returns the record."""
        samples, tokens = all_reduce([self.samples, self.tokens])
        dt = max(time.perf_counter() - self.t0, 1e-9)
        skips = ("skipped_corrupt", "skipped_truncated_shards", "skipped_truncated_samples")
        counts = all_reduce([loader_stats[k] for k in skips] + [dropped])
        norm = engine.get_global_grad_norm()
        record = {
            "step": step,
            "loss": self.loss / max(self.micro, 1),
            "lr": guard.lr,
            "grad_norm": float(norm) if norm is not None else None,
            "samples_per_s": samples / dt,
            "tokens_per_s": tokens / dt,
            **{k: int(c) for k, c in zip(skips, counts[:3], strict=True)},
            "dropped_epoch_end_batches": int(counts[3]),
            "window_steps": int(self.steps),
            **guard.counts(),
        }
        record.update({k: v for k, v in stage_metrics.items() if isinstance(v, (int, float))})
        record.update({f"loss_{t}": total / n for t, (total, n) in sorted(self.by_task.items())})
        record["eta_s"] = eta(step - self.resumed_at, time.perf_counter() - self.started, self.max_steps - step)
        self.metrics.log(record)
        log.info(
            "step %d/%d loss %.4f%s lr %.2e grad-norm %s %.1f samples/s %.0f tokens/s eta %s",
            step,
            self.max_steps,
            record["loss"],
            self._partial(step),
            record["lr"],
            "n/a" if record["grad_norm"] is None else f"{record['grad_norm']:.3f}",
            record["samples_per_s"],
            record["tokens_per_s"],
            format_duration(record["eta_s"]),
        )
        self.last = record
        self._reset()
        return record

    def _partial(self, step: int) -> str:
        """The line's note when the window is shorter than ``log_every``."""
        if self.steps == self.log_every:
            return ""
        since = " since the resume)" if self.resumed_at and step - self.steps == self.resumed_at else ")"
        return f" (mean of {self.steps} step{'s' if self.steps > 1 else ''}" + since
