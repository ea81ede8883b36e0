"""``megacxr export RUN --checkpoint best|latest|stepN``: the export of any checkpoint a run kept, not only its
last step: ``best`` is the one validation chose (``checkpoints/best.json``, ``eval.every`` > 0), ``latest`` the
newest complete one, ``stepN`` (or ``N``) the one at step N.

The run's own ``config.yaml`` rebuilds the stage's module and its DeepSpeed engine in one process (a checkpoint of
several ranks under ZeRO loads through DeepSpeed's universal format, as an elastic resume does); every parameter
is then gathered and written by the stage's export, with a model card naming the checkpoint and the metrics
logged at its step. The folder defaults to ``<run>/export-<tag>``; the run's ``export/`` is never touched.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from megacxr.errors import InputError
from megacxr.train.checkpoint import Checkpointer
from megacxr.train.config import load_run_config
from megacxr.train.engine import init_distributed
from megacxr.train.exporting import export_engine
from megacxr.train.loop import build_engine
from megacxr.train.threads import set_cpu_threads
from megacxr.train.validate import BEST_FILE

log = logging.getLogger("megacxr.train")

__all__ = ["checkpoint_tag", "export_checkpoint"]


def checkpoint_tag(ckpt: Checkpointer, which: str) -> tuple[str, str]:
    """(tag, description) of ``which`` (``best``, ``latest``, ``stepN`` or ``N``) among ``ckpt``'s checkpoints."""
    if which == "latest":
        tag = ckpt.latest()
        if tag is None:
            raise InputError("no complete checkpoint (no 'latest')", file=ckpt.root, field="--checkpoint")
        return tag, f"the latest checkpoint ({tag})"
    if which == "best":
        path = ckpt.root / BEST_FILE
        if not path.is_file():
            raise InputError(
                "no best.json: the run did not validate (eval.every=0); use --checkpoint latest or stepN",
                file=ckpt.root,
                field="--checkpoint",
            )
        record = json.loads(path.read_text())
        return record[
            "tag"
        ], f"validation's best checkpoint ({record['tag']}, {record['metric']} {record['value']:.4f})"
    m = re.fullmatch(r"(?:step)?(\d+)", which)
    if m is None:
        raise InputError(f"--checkpoint takes best, latest or stepN, not {which!r}", field="--checkpoint")
    tag = ckpt.tag(int(m.group(1)))
    if not (ckpt.root / tag).is_dir():
        kept = sorted(p.name for p in ckpt.root.glob("step*") if p.is_dir() and not p.name.endswith(".partial"))
        raise InputError(
            f"no checkpoint at step {int(m.group(1))}; kept: {', '.join(kept) or 'none'}",
            file=ckpt.root,
            field="--checkpoint",
        )
    return tag, f"checkpoint {tag}"


def _metrics_at(run: Path, step: int) -> dict:
    """Every metric logged at ``step`` (the training window's line and validation's), merged."""
    merged: dict = {}
    path = run / "metrics.jsonl"
    if path.is_file():
        for line in path.read_text().splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a killed run
            if row.get("step") == step:
                merged.update(row)
    return merged


def export_checkpoint(run: str | Path, which: str = "best", out: str | Path | None = None) -> Path:
    """Export checkpoint ``which`` of the run in ``run`` (module docstring); returns the export folder."""
    run = Path(run)
    if not (run / "config.yaml").is_file():
        raise InputError("no config.yaml: not a megacxr run's out_dir", file=run, field="run")
    cfg = load_run_config(run / "config.yaml")
    rank, world, local = init_distributed(cfg.engine.backend, None)
    set_cpu_threads(cfg.engine.cpu_threads, rank)
    ckpt = Checkpointer(run / "checkpoints", cfg.run.keep_last, rank, local)
    tag, described = checkpoint_tag(ckpt, which)
    universal = ckpt.universal_tag(tag, world, cfg.engine.zero_stage)
    stage, engine, _ = build_engine(cfg, world, local, universal=universal is not None)
    step = ckpt.load(engine, universal or tag)
    log.info("loaded %s at step %d", ckpt.root / tag, step)
    folder = Path(out) if out is not None else run / f"export-{tag}"
    tokenizer = cfg.data.tokenizer or stage.tokenizer()
    return export_engine(cfg, stage, engine, folder, rank, tokenizer, step, _metrics_at(run, step), described)
