"""Stage 2, ``supcon``: supervised contrastive training of the report encoder on (report, variant) pairs.

InfoNCE with in-batch and cross-rank negatives, optional hard negatives, a study never its own negative; anchors,
positives and negatives go through ONE forward. Its config, ``supcon.*`` (``SupconConfig``): ``model`` (the
report encoder, the stage-1 export), ``loss`` (temperature, masking of repeated studies and identical reports),
``hard_negatives``, ``variants`` (where positives and hard negatives come from) and ``tasks`` (instruction tasks,
one per optimizer step: ``megacxr.data.tasks``). With tasks, ``for_step`` hands the module the step's task (the
metrics carry ``task``; the loop logs ``loss_<task>``); validation uses the first listed task.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

from megacxr.data.batches import BatchRecipe, supcon_batches
from megacxr.data.recipes import prepare_supcon, text_inputs
from megacxr.data.recipes.supcon import PARTS
from megacxr.data.tasks import TaskConfig, check_tasks, task_for_step
from megacxr.data.variants import VariantConfig
from megacxr.errors import ConfigError
from megacxr.losses.tiled import contrastive_impl
from megacxr.train.stages.base import (
    ContrastiveLossConfig,
    ReportEncoderConfig,
    ReportEncoderStage,
    StepOutput,
    key_ids,
    text_tokens,
)

__all__ = ["SupconConfig", "SupconLossConfig", "SupconModule", "SupconStage"]


@dataclass
class SupconLossConfig(ContrastiveLossConfig):
    """``supcon.loss``: InfoNCE over (report, variant) pairs."""

    temperature: float = 0.05

    def __post_init__(self) -> None:
        if not float(self.temperature) > 0:
            raise ConfigError("must be > 0", field="loss.temperature")


@dataclass
class SupconConfig(ReportEncoderConfig):
    """``supcon.*``: the report encoder (``model``), its loss, and where positives and negatives come from."""

    loss: SupconLossConfig = field(default_factory=SupconLossConfig)
    hard_negatives: int = 0  # hard negatives per anchor (external / shard / rule one-error)
    variants: VariantConfig = field(default_factory=VariantConfig)  # positives and hard negatives
    # instruction tasks, one per optimizer step (megacxr.data.tasks); entries are a task's name or
    # {name, weight, instruction}; empty: the single paraphrase task
    tasks: list[TaskConfig | str] = field(default_factory=list)

    def __post_init__(self) -> None:
        check_tasks(self.tasks)  # an unknown or repeated task is refused when the config loads


class SupconModule(nn.Module):
    def __init__(
        self,
        encoder: nn.Module,
        temperature: float,
        pad_id: int,
        mask_same_study: bool = True,
        impl: str = "reference",
        mask_identical_text: bool = True,
    ):
        super().__init__()
        self.encoder = encoder
        self.losses = contrastive_impl(impl)
        self.temperature = float(temperature)
        self.pad_id = int(pad_id)
        self.mask_same_study = bool(mask_same_study)
        self.mask_identical_text = bool(mask_identical_text)  # anchors that read alike: not each other's negatives

    def forward(self, batch: dict) -> dict:
        device = next(self.encoder.parameters()).device
        b = prepare_supcon(batch, device, pad_id=self.pad_id)
        chunks = torch.split(self.encoder.embed(b.text).float(), b.sizes)
        negatives = chunks[2] if len(chunks) > 2 else None
        ids = key_ids(b.sample_keys, device) if self.mask_same_study else None
        texts = b.text_keys if self.mask_identical_text else None
        texts = key_ids(texts, device) if texts else None
        out = self.losses.info_nce(
            chunks[0],
            chunks[1],
            negatives,
            temperature=self.temperature,
            sample_ids=ids,
            negative_owner=b.negative_owner,
            text_ids=texts,
        )
        metrics = {
            k: (float(v) if isinstance(v, (int, float, torch.Tensor)) and torch.as_tensor(v).numel() == 1 else v)
            for k, v in out.info.items()
        }
        if b.task is not None:
            metrics.update(task=b.task, task_fallback=b.task_fallback)
        return StepOutput(out.loss, out.global_loss, metrics)


class SupconStage(ReportEncoderStage):
    name = "supcon"
    config_class = SupconConfig
    config: SupconConfig
    moved_keys = {
        "model": "model",
        "data.hard_negatives": "hard_negatives",
        "data.variants": "variants",
        "data.tasks": "tasks",
        **{f"loss.{k}": f"loss.{k}" for k in ("temperature", "mask_same_study", "identical_text", "impl")},
    }

    def __init__(self, cfg) -> None:
        super().__init__(cfg)
        self.tasks = check_tasks(self.config.tasks)
        self.seed = int(cfg.run.seed)

    def instruction_tasks(self) -> list:
        return self.config.tasks

    def batches(self) -> BatchRecipe:
        return supcon_batches(self.config.hard_negatives, self.config.variants, self.tasks)

    def for_step(self, batch: dict, step: int | None) -> dict:
        if "tasks" not in batch:
            return batch
        name = self.tasks[0].name if step is None else task_for_step(self.tasks, self.seed, step)
        return {"keys": batch["keys"], "duplicates": batch["duplicates"], "task": name, **batch["tasks"][name]}

    def build_model(self) -> nn.Module:
        enc = self.build_encoder()
        tok = enc.load_tokenizer()
        pad_id = next(i for i in (tok.pad_token_id, tok.eos_token_id, 0) if i is not None)
        loss = self.config.loss
        return SupconModule(
            enc,
            loss.temperature,
            pad_id,
            loss.mask_same_study,
            loss.impl,
            mask_identical_text=loss.identical_text == "mask",
        )

    def tokens(self, batch: dict) -> int:
        return sum(text_tokens(batch[k]) for k in PARTS if k in batch)

    def flops(self, module: nn.Module, batch: dict) -> dict:
        return self.encoder_flops(module, [batch[k] for k in PARTS if k in batch])

    def validation_pairs(self, module: nn.Module, batch: dict):
        device = next(module.encoder.parameters()).device
        return tuple(module.encoder.embed(text_inputs(batch[k], device)) for k in ("anchor", "positive"))
