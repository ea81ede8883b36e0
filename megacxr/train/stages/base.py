"""The ``Stage`` interface: everything the training loop, the profiler and the checkpoint exporter ask of a stage.

A stage is one module of ``megacxr.train.stages`` holding an ``nn.Module`` (``module(batch) -> StepOutput``) and a
``Stage`` subclass that says, from the ``TrainConfig``:

* ``owns``: the config keys only this stage reads (a stage file setting another stage's key is refused);
* ``check(cfg)``: what must exist before the run starts (folders), and settings that do not go together;
* ``tokenizer(cfg)``: the local tokenizer folder its batches are made with;
* ``batches(cfg)``: its ``BatchRecipe`` (``megacxr.data.batches``): how shard samples become its batches;
* ``build_model(cfg)``: the module DeepSpeed wraps;
* ``tokens(batch)`` and ``flops(module, batch)``: real tokens and model FLOPs of a batch (tokens/s, MFU);
* ``export(module, out_dir, cfg, tokenizer)``: the artefact the next stage loads (rank 0, parameters gathered);
* ``model_name(cfg)``: what a profile row names as the model;
* ``validation_pairs(module, batch)``: (query, candidate) embeddings whose retrieval validation reports (clip:
  image -> report; supcon: report -> variant); None (the default) for a stage validated by its loss alone;
* ``for_step(batch, step)``: the batch optimizer step ``step`` trains on, from the loader's batch (the default:
  the batch itself; supcon with several tasks: the step's task, the same on every rank); ``step=None`` for
  validation.

Nothing outside a stage's module branches on its name: the registry (``megacxr.train.stages.STAGES``) maps names
to classes, and adding a stage is one new module plus one registry line.
"""

from __future__ import annotations

import hashlib
import logging
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

import torch
from torch import nn

from megacxr.config import config_section
from megacxr.data.batches import BatchRecipe
from megacxr.data.tasks import DEFAULT_INSTRUCTIONS, check_tasks
from megacxr.errors import ConfigError
from megacxr.models import ReportEncoder, TextModelConfig, export_encoder
from megacxr.train.flops import seq_lengths, text_flops, with_total

__all__ = ["ReportEncoderStage", "Stage", "StepOutput", "key_ids", "text_tokens"]

log = logging.getLogger("megacxr.train")


def StepOutput(loss: torch.Tensor, global_loss: torch.Tensor, metrics: dict[str, Any]) -> dict:
    """A module's output: ``loss`` (what this rank back-propagates), ``global_loss`` (detached, the same on every
    rank: the one-process loss over the global batch) and ``metrics``. A plain dict, which DeepSpeed's ZeRO-3
    output hooks walk without complaint."""
    return {"loss": loss, "global_loss": global_loss, "metrics": metrics}


class Stage(ABC):
    """How a batch becomes a loss, and what the loop needs around it; see the module docstring."""

    name: ClassVar[str]
    owns: ClassVar[tuple[str, ...]] = ()

    def check(self, cfg) -> None:  # noqa: B027 - a hook with a default that does nothing, not an abstract method
        """Raise ``ConfigError`` (naming the setting) for a missing input or settings that do not go together."""

    @abstractmethod
    def tokenizer(self, cfg) -> str: ...

    @abstractmethod
    def batches(self, cfg) -> BatchRecipe: ...

    @abstractmethod
    def build_model(self, cfg) -> nn.Module: ...

    @abstractmethod
    def tokens(self, batch: dict) -> int: ...

    @abstractmethod
    def flops(self, module: nn.Module, batch: dict) -> dict: ...

    @abstractmethod
    def export(self, module: nn.Module, out_dir, cfg, tokenizer) -> None: ...

    @abstractmethod
    def model_name(self, cfg) -> str: ...

    def for_step(self, batch: dict, step: int | None) -> dict:
        """The batch that optimizer step ``step`` (1-based; None: validation) trains on."""
        return batch

    def validation_pairs(self, module: nn.Module, batch: dict) -> tuple[torch.Tensor, torch.Tensor] | None:
        """Row i of the first tensor should retrieve row i of the second among all the split's rows."""
        return None


class ReportEncoderStage(Stage):
    """A stage that trains the report encoder of ``model.*`` (its module holds it as ``.encoder``) and exports it
    as a Hugging Face folder."""

    def check(self, cfg) -> None:
        if not cfg.run.init_model and not (Path(cfg.model.path) / "config.json").is_file():
            raise ConfigError(
                "no model there (a local Hugging Face folder; or run.init_model=tiny for a random one)",
                file=cfg.model.path,
                field="model.path",
            )

    def tokenizer(self, cfg) -> str:
        return cfg.model.path

    def build_encoder(self, cfg) -> ReportEncoder:
        """The report encoder of ``model.*``; the model library's errors name their key under ``model``."""
        with config_section("model", TextModelConfig):
            return ReportEncoder.from_config(cfg.model)

    def model_name(self, cfg) -> str:
        return cfg.preset or Path(cfg.model.path).name or "model"

    def export(self, module: nn.Module, out_dir, cfg, tokenizer) -> None:
        # each trained instruction task becomes a named prompt of the export (sentence-transformers' prompt_name)
        tasks = check_tasks(getattr(cfg.data, "tasks", None) or [])
        prompts = {
            t.name: t.instruction or DEFAULT_INSTRUCTIONS.get(t.name) or cfg.data.text.instruction for t in tasks
        }
        export_encoder(module.encoder, out_dir, tokenizer=tokenizer, text=cfg.data.text, prompts=prompts)

    def encoder_flops(self, module: nn.Module, texts: list[dict], head_rows: int = 0) -> dict:
        return with_total(text_flops(module.encoder, texts, head_rows))


def key_ids(keys: list[str], device=None) -> torch.Tensor:
    """int64 ids of sample keys (the same key gives the same id on every rank)."""
    vals = [int.from_bytes(hashlib.blake2b(k.encode(), digest_size=8).digest(), "little", signed=True) for k in keys]
    return torch.tensor(vals, dtype=torch.int64, device=device)


def text_tokens(text: dict) -> int:
    """Real (non-padding) tokens of a padded or packed text dict."""
    return int(seq_lengths(text).sum())
