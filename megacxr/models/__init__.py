"""Models: the bidirectional report encoder (``encoder``; its attention backends live in
``megacxr.kernels.attention``), pooling heads (``pooling``), named model shapes and random initialisation
(``shapes``), a local tokenizer trainer (``tokenizer``), Hugging Face export (``export``, with the files of
``hub`` that travel in the exported folder), the vision tower (``vision``) and the dual image-text model with
its save and load (``dual``, ``dual_io``); activation checkpointing of either tower (``checkpointing``).

Names are imported lazily, so that ``megacxr.models.tokenizer`` does not pull in torch and transformers.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "ReportEncoder": "encoder",
    "TextModelConfig": "encoder",
    "LoraSettings": "encoder",
    "PoolingConfig": "pooling",
    "Pooler": "pooling",
    "POOLING_KINDS": "pooling",
    "ATTENTION_BACKENDS": "attention",
    "SHAPES": "shapes",
    "FAMILIES": "shapes",
    "init_model": "shapes",
    "shape_config": "shapes",
    "parameter_count": "shapes",
    "train_tokenizer": "tokenizer",
    "export_encoder": "export",
    "load_encoder": "export",
    "merged_state_dict": "export",
    "VisionConfig": "vision",
    "VisionTower": "vision",
    "VISION_SHAPES": "vision",
    "init_vision": "vision",
    "vision_shape_config": "vision",
    "vision_parameter_count": "vision",
    "DualTower": "dual",
    "DualTowerConfig": "dual",
    "TEXT_MODES": "dual",
    "load_frozen_text": "dual",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'megacxr.models' has no attribute {name!r}")
    return getattr(importlib.import_module(f"megacxr.models.{module}"), name)
