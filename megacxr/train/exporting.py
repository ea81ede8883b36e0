"""Writing a trained module as an export folder: every parameter gathered (ZeRO-3 partitions them) and the stage's
export written on rank 0, with its model card. Used at the end of a run (``megacxr.train.loop``) and by
``megacxr export`` for a chosen checkpoint (``megacxr.train.export_run``)."""

from __future__ import annotations

import logging
from pathlib import Path

from megacxr.train.collectives import barrier
from megacxr.train.model_card import write_model_card

log = logging.getLogger("megacxr.train")

__all__ = ["export_engine"]


def export_engine(
    cfg, stage, engine, folder: Path, rank: int, tokenizer, step: int, metrics: dict, checkpoint: str | None = None
) -> Path:
    """Gather every parameter and write the export and its model card to ``folder`` on rank 0."""
    import deepspeed  # start-up cost: imported where an engine exists already

    module = engine.module
    with deepspeed.zero.GatheredParameters(list(module.parameters()), modifier_rank=None):
        if rank == 0:
            stage.export(module, folder, tokenizer)
    barrier()
    if rank == 0:
        write_model_card(folder, cfg, stage, step, metrics, checkpoint=checkpoint)
        log.info("exported the %s model to %s", cfg.stage, folder)
    return folder
