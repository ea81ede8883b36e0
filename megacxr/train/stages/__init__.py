"""The stages of training, one module each behind the ``Stage`` interface (``base.py``), and their registry.

``STAGES`` maps a stage name (``TrainConfig.stage``) to its class; nothing else in megacxr lists stage names. To add
a stage: write ``megacxr/train/stages/<name>.py`` with an ``torch.nn.Module`` returning ``StepOutput`` and a ``Stage``
subclass, then add one line below (README, "Adding a stage").
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


def get_stage(name: str) -> Stage:
    """The stage registered under ``name``; a ``ConfigError`` naming the registered ones otherwise."""
    if name not in STAGES:
        raise ConfigError(f"stage {name!r} is not available (have: {', '.join(STAGES)})", field="stage")
    return STAGES[name]()
