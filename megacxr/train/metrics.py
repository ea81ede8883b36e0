"""Training metrics on rank 0: one JSON line per logged step in ``<out_dir>/metrics.jsonl`` and, when enabled
and installed, Weights & Biases (offline by default: no network needed; ``wandb sync`` uploads later)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

log = logging.getLogger("megacxr.train")

__all__ = ["MetricsLogger", "SampleLog"]


class MetricsLogger:
    def __init__(self, out_dir: str | Path, enabled: bool, cfg=None, config_dict: dict | None = None):
        self.enabled = bool(enabled)
        self.path = Path(out_dir) / "metrics.jsonl"
        self._wandb = None
        if not self.enabled:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if cfg is not None and cfg.jsonl is False:
            self.path = None
        if cfg is not None and cfg.wandb != "disabled":
            try:
                import wandb
            except ImportError:
                log.info("wandb is not installed: metrics go to %s only (pip install wandb to add it)", self.path)
            else:
                os.environ.setdefault("WANDB_MODE", cfg.wandb)
                self._wandb = wandb.init(
                    project=cfg.wandb_project,
                    name=cfg.run_name or Path(out_dir).resolve().name,  # not a random wandb name
                    config=config_dict,
                    dir=str(Path(out_dir)),
                    mode=cfg.wandb,
                )

    def log(self, record: dict[str, Any]) -> None:
        if not self.enabled:
            return
        if self.path is not None:
            with open(self.path, "a") as fh:
                fh.write(json.dumps(record) + "\n")
        if self._wandb is not None:
            step = record.get("step")
            self._wandb.log({k: v for k, v in record.items() if isinstance(v, (int, float))}, step=step)

    def close(self) -> None:
        if self._wandb is not None:
            self._wandb.finish()
            self._wandb = None


class SampleLog:
    """``run.sample_log``: each rank appends ``{"step", "epoch", "keys"[, "task"]}`` per trained micro-batch to
    ``<out_dir>/samples/rank<R>.jsonl`` (shard keys are opaque hashes: no patient data). Lines are flushed as
    written, so a preempted or killed run leaves a complete record of what it trained on."""

    def __init__(self, out_dir: str | Path, rank: int):
        self.path = Path(out_dir) / "samples" / f"rank{int(rank)}.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "a", buffering=1)

    def write(self, step: int, epoch: int, keys: list[str], task: str | None = None) -> None:
        line = {"step": int(step), "epoch": int(epoch), "keys": list(keys)}
        if task is not None:  # a multi-task stage: which task the micro-batch trained
            line["task"] = task
        self._fh.write(json.dumps(line) + "\n")

    def close(self) -> None:
        self._fh.close()
