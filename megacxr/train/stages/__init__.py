"""The stages of training, one module each behind the ``Stage`` interface (``base.py``), and their registry.

``STAGES`` maps a stage name (``TrainConfig.stage``, and the name of the stage's section of the YAML) to its class;
nothing else in megacxr lists stage names. To add a stage: write ``megacxr/train/stages/<name>.py`` with its typed
config, a ``torch.nn.Module`` returning ``StepOutput`` and a ``Stage`` subclass, a batch recipe in
``megacxr/data/recipes/``, then add one line below (README, "Adding a stage").
"""

from __future__ import annotations

from megacxr.errors import ConfigError
from megacxr.train.stages.base import Stage, StepOutput, key_ids
from megacxr.train.stages.clip import ClipModule, ClipStage
from megacxr.train.stages.mntp import MntpModule, MntpStage
from megacxr.train.stages.supcon import SupconModule, SupconStage

__all__ = [
    "STAGES",
    "ClipModule",
    "ClipStage",
    "MntpModule",
    "MntpStage",
    "Stage",
    "StepOutput",
    "SupconModule",
    "SupconStage",
    "get_stage",
    "key_ids",
]

STAGES: dict[str, type[Stage]] = {
    "mntp": MntpStage,
    "supcon": SupconStage,
    "clip": ClipStage,
}


def get_stage(cfg) -> Stage:
    """The stage of a ``TrainConfig``, built once from it (it holds its own section and the shared ones); a
    ``ConfigError`` naming the registered stages for an unknown one."""
    if cfg.stage not in STAGES:
        raise ConfigError(f"stage {cfg.stage!r} is not available (have: {', '.join(STAGES)})", field="stage")
    return STAGES[cfg.stage](cfg)
