"""Bad steps: micro-batches whose loss is not finite and optimizer steps whose gradient norm is not finite.

Both are skipped on every rank together (the global loss and the global gradient norm are identical on every
rank), counted, and after ``run.max_bad_steps`` of them in a row the run aborts with ``TrainingAborted``, naming
the step and the sample keys of the batch (all of them in ``<out_dir>/bad_batch-rank<R>.json``).

Who declines the update: DeepSpeed's ZeRO-1/2/3, bf16 and fp16 optimizers already refuse a step whose gradient
norm is not finite (their ``overflow`` flag; the learning-rate schedule does not advance). Without ZeRO in fp32
the engine calls the plain optimizer directly, so the guard computes the gradient norm itself (the gradients are
already all-reduced, hence whole on every rank) and, when it is not finite, drops the gradients (a torch optimizer
leaves parameters without a gradient untouched, moments included) and raises the same ``overflow`` flag, so the
engine skips the schedule and counts the step as it does for the others. ``engine.was_step_applied()`` then says
uniformly whether the update happened.

In fp16 a skipped step is usually the dynamic loss scale probing downwards: those are counted apart
(``skipped_overflow``) and do not count towards the abort (DeepSpeed itself stops at the minimum scale).
"""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import torch

from megacxr.errors import TrainingAborted

log = logging.getLogger("megacxr.train")

__all__ = ["StepGuard", "grad_norm"]

_KEYS_IN_MESSAGE = 16


def grad_norm(module: torch.nn.Module) -> float:
    """The L2 norm of every gradient of ``module`` (0 when none)."""
    norms = [torch.linalg.vector_norm(p.grad.detach().float()) for p in module.parameters() if p.grad is not None]
    return float(torch.linalg.vector_norm(torch.stack(norms))) if norms else 0.0


class StepGuard:
    """Wraps ``engine.step()`` for the training loop: skips, counts and aborts as the module docstring says."""

    def __init__(self, engine, max_bad: int, precision: str, zero_stage: int, out_dir: Path, rank: int):
        self.engine = engine
        self.max_bad = int(max_bad)
        self.fp16 = precision == "fp16"
        self.out_dir, self.rank = Path(out_dir), int(rank)
        # ZeRO-0 in fp32: the engine's optimizer is the plain torch one, which checks nothing
        self.plain = (
            int(zero_stage) == 0 and precision == "fp32" and isinstance(engine.optimizer, torch.optim.Optimizer)
        )
        if self.plain:
            optimizer, inner = engine.optimizer, engine.optimizer.step
            optimizer.overflow = False

            def step(*args, **kwargs):  # declined while ``overflow`` is raised, as DeepSpeed's own optimizers do
                return None if optimizer.overflow else inner(*args, **kwargs)

            optimizer.step = step
        self.in_row = 0
        self.loss_skips = self.grad_skips = self.overflows = 0
        self.applied = True  # whether the last optimizer step updated the weights
        self.lr = float("nan")  # the learning rate of the last optimizer step

    def counts(self) -> dict[str, int]:
        return {
            "skipped_nonfinite": self.loss_skips,
            "skipped_nonfinite_grad": self.grad_skips,
            "skipped_overflow": self.overflows,
        }

    def bad_loss(self, step: int, value: float, keys: list[str]) -> None:
        """A micro-batch whose global loss is ``value`` (not finite): it is skipped (no backward)."""
        self.loss_skips += 1
        self._bad(step, f"non-finite loss ({value})", "micro-batch skipped", keys)

    def step(self, step: int, keys: list[str]) -> None:
        """``engine.step()`` after a backward; at an accumulation boundary, records whether the update was made."""
        engine = self.engine
        boundary = engine.is_gradient_accumulation_boundary()
        if boundary:
            self.lr = float(engine.get_lr()[0])  # the rate this update uses (the schedule moves on after it)
        if boundary and self.plain:
            norm = grad_norm(engine.module)
            engine.optimizer._global_grad_norm = norm  # the engine reports it (get_global_grad_norm)
            if not math.isfinite(norm):
                for p in engine.module.parameters():
                    if p.grad is not None:  # zeros keep the engine's gradient clipping finite; no update follows
                        p.grad.zero_()
                engine.optimizer.overflow = True
        engine.step()
        if not boundary:
            return
        if self.plain:
            engine.optimizer.overflow = False
        self.applied = bool(engine.was_step_applied())
        if self.applied:
            self.in_row = 0
        elif self.fp16:
            self.overflows += 1
            log.info("step %d: fp16 overflow, loss scale lowered; optimizer step skipped", step)
        else:
            self.grad_skips += 1
            self._bad(
                step, f"non-finite gradient norm ({engine.get_global_grad_norm()})", "optimizer step skipped", keys
            )

    def _bad(self, step: int, what: str, action: str, keys: list[str]) -> None:
        self.in_row += 1
        log.warning("step %d: %s; %s (%d in a row, abort at %d)", step, what, action, self.in_row, self.max_bad)
        if self.in_row < self.max_bad:
            return
        shown = ", ".join(keys[:_KEYS_IN_MESSAGE]) + (
            f", ... ({len(keys)} in all)" if len(keys) > _KEYS_IN_MESSAGE else ""
        )
        where = self.out_dir / f"bad_batch-rank{self.rank}.json"
        try:
            where.parent.mkdir(parents=True, exist_ok=True)
            where.write_text(json.dumps({"step": step, "reason": what, "rank": self.rank, "keys": keys}, indent=1))
        except OSError as exc:
            where = Path(f"(not written: {exc.strerror})")
        raise TrainingAborted(
            f"{self.in_row} non-finite steps in a row at step {step} (the last: {what}); sample "
            f"keys of that batch on rank {self.rank}: [{shown}] (all in {where}). The last "
            "checkpoint is intact: lower optim.lr or check these samples, then run again to resume"
        )
