"""The ``Stage`` interface: everything the training loop, the profiler and the checkpoint exporter ask of a stage.

A stage is one module of ``megacxr.train.stages`` holding its typed config (``config_class``: the section of the
YAML named after the stage, ``mntp:`` / ``supcon:`` / ``clip:``), an ``nn.Module`` (``module(batch) ->
StepOutput``) and a ``Stage`` subclass. The stage is built once from the ``TrainConfig`` (``get_stage(cfg)``): it
holds its own section as ``self.config`` and the shared sections (``run``, ``data``, ``eval``, ...) as
``self.shared``; no method takes the whole config. It says:

* ``check()``: what must exist before the run starts (folders), and settings that do not go together;
* ``tokenizer()``: the local tokenizer folder its batches are made with;
* ``batches()``: its ``BatchRecipe`` (``megacxr.data.batches``): how shard samples become its batches;
* ``build_model()``: the module DeepSpeed wraps;
* ``model_folder()``: where ``run.init_model`` may create a random model (None: the stage trains no such model);
* ``tokens(batch)`` and ``flops(module, batch)``: real tokens and model FLOPs of a batch (tokens/s, MFU);
* ``export(module, out_dir, tokenizer)``: the artefact the next stage loads (rank 0, parameters gathered);
* ``model_name()`` and ``describe()``: what a profile row and the model card name as the model;
* ``moved_keys``: keys of the config tree before the stage sections (``data.masking``), and where they are now
  (relative to the stage's section), so an old config gets a one-line error naming the new place;
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

import torch
from torch import nn

from megacxr.config import config_section
from megacxr.data.batches import BatchRecipe
from megacxr.data.tasks import DEFAULT_INSTRUCTIONS, check_tasks
from megacxr.errors import ConfigError
from megacxr.models import ReportEncoder, TextModelConfig, export_encoder
from megacxr.train.flops import seq_lengths, text_flops, with_total

__all__ = [
    "ContrastiveLossConfig",
    "ReportEncoderConfig",
    "ReportEncoderStage",
    "Stage",
    "StepOutput",
    "key_ids",
    "text_tokens",
]

log = logging.getLogger("megacxr.train")


def StepOutput(loss: torch.Tensor, global_loss: torch.Tensor, metrics: dict[str, Any]) -> dict:
    """A module's output: ``loss`` (what this rank back-propagates), ``global_loss`` (detached, the same on every
    rank: the one-process loss over the global batch) and ``metrics``. A plain dict, which DeepSpeed's ZeRO-3
    output hooks walk without complaint."""
    return {"loss": loss, "global_loss": global_loss, "metrics": metrics}


@dataclass
class ContrastiveLossConfig:
    """What the two contrastive stages' losses share (``supcon.loss``, ``clip.loss``)."""

    mask_same_study: bool = True  # a resampled stream can draw a study twice: never use it as a negative
    # rows whose normalised report text is identical (megacxr.data.text.text_key: "No acute
    # cardiopulmonary process." written for many studies): mask (left out of each other's softmax, like a second
    # draw of a study; counted as identical_texts in the metrics) or negative (each counts as the other's negative)
    identical_text: Literal["mask", "negative"] = "mask"
    # reference (full logit matrix), chunked (tiled online log-sum-exp, never B_local x B_global), triton (the GPU
    # kernel), auto (triton on CUDA when importable, else the reference, which is faster on CPU)
    impl: Literal["auto", "reference", "chunked", "triton"] = "auto"


@dataclass
class ReportEncoderConfig:
    """The section of a stage that trains the report encoder: ``model`` (``megacxr.models.TextModelConfig``)."""

    model: TextModelConfig = field(default_factory=TextModelConfig)


class Stage(ABC):
    """How a batch becomes a loss, and what the loop needs around it; see the module docstring."""

    name: ClassVar[str]
    config_class: ClassVar[type]
    moved_keys: ClassVar[dict[str, str]] = {}
    export_kind: ClassVar[str] = "text"  # the model card's loading recipe: text (sentence-transformers) or clip

    def __init__(self, cfg) -> None:
        self.shared = cfg  # the TrainConfig, read for its shared sections (run, data, eval, ...)
        self.config = cfg.stage_config  # this stage's own section, typed as config_class

    def check(self) -> None:  # noqa: B027 - a hook with a default that does nothing, not an abstract method
        """Raise ``ConfigError`` (naming the setting) for a missing input or settings that do not go together."""

    def attention(self) -> str:
        """The attention backend its text model is set to (a profile row names it)."""
        return "n/a"

    def model_folder(self) -> str | None:
        """The folder ``run.init_model`` creates a random model in when it holds none (None: no such model)."""
        return None

    @abstractmethod
    def tokenizer(self) -> str: ...

    @abstractmethod
    def batches(self) -> BatchRecipe: ...

    @abstractmethod
    def build_model(self) -> nn.Module: ...

    @abstractmethod
    def tokens(self, batch: dict) -> int: ...

    @abstractmethod
    def flops(self, module: nn.Module, batch: dict) -> dict: ...

    @abstractmethod
    def export(self, module: nn.Module, out_dir, tokenizer) -> None: ...

    @abstractmethod
    def model_name(self) -> str: ...

    @abstractmethod
    def describe(self) -> str:
        """The model card's line on what was trained (markdown)."""

    def for_step(self, batch: dict, step: int | None) -> dict:
        """The batch that optimizer step ``step`` (1-based; None: validation) trains on."""
        return batch

    def validation_pairs(self, module: nn.Module, batch: dict) -> tuple[torch.Tensor, torch.Tensor] | None:
        """Row i of the first tensor should retrieve row i of the second among all the split's rows."""
        return None


class ReportEncoderStage(Stage):
    """A stage that trains the report encoder of ``<stage>.model`` (its module holds it as ``.encoder``) and
    exports it as a Hugging Face folder. Its config is a ``ReportEncoderConfig``."""

    config: ReportEncoderConfig

    def model_key(self, key: str = "") -> str:
        """The dotted key of ``<stage>.model[.key]`` (errors name it)."""
        return f"{self.name}.model" + (f".{key}" if key else "")

    def check(self) -> None:
        if not self.shared.run.init_model and not (Path(self.config.model.path) / "config.json").is_file():
            raise ConfigError(
                "no model there (a local Hugging Face folder; or run.init_model=tiny for a random one)",
                file=self.config.model.path,
                field=self.model_key("path"),
            )

    def model_folder(self) -> str | None:
        return self.config.model.path

    def attention(self) -> str:
        return self.config.model.attention

    def tokenizer(self) -> str:
        return self.config.model.path

    def build_encoder(self) -> ReportEncoder:
        """The report encoder of ``<stage>.model``; the model library's errors name their key there."""
        with config_section(self.model_key(), TextModelConfig):
            return ReportEncoder.from_config(self.config.model)

    def model_name(self) -> str:
        return self.shared.preset or Path(self.config.model.path).name or "model"

    def describe(self) -> str:
        preset = self.shared.preset
        return f"`{Path(self.config.model.path).name}`" + (f" (preset `{preset}`)" if preset else "")

    def instruction_tasks(self) -> list:
        """The instruction tasks trained (each becomes a named prompt of the export); none by default."""
        return []

    def export(self, module: nn.Module, out_dir, tokenizer) -> None:
        # each trained instruction task becomes a named prompt of the export (sentence-transformers' prompt_name)
        text = self.shared.data.text
        tasks = check_tasks(self.instruction_tasks())
        prompts = {t.name: t.instruction or DEFAULT_INSTRUCTIONS.get(t.name) or text.instruction for t in tasks}
        export_encoder(module.encoder, out_dir, tokenizer=tokenizer, text=text, prompts=prompts)

    def encoder_flops(self, module: nn.Module, texts: list[dict], head_rows: int = 0) -> dict:
        return with_total(text_flops(module.encoder, texts, head_rows))


def key_ids(keys: list[str], device=None) -> torch.Tensor:
    """int64 ids of sample keys (the same key gives the same id on every rank)."""
    vals = [int.from_bytes(hashlib.blake2b(k.encode(), digest_size=8).digest(), "little", signed=True) for k in keys]
    return torch.tensor(vals, dtype=torch.int64, device=device)


def text_tokens(text: dict) -> int:
    """Real (non-padding) tokens of a padded or packed text dict."""
    return int(seq_lengths(text).sum())
