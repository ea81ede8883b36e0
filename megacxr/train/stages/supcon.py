"""Stage 2, ``supcon``: supervised contrastive training of the report encoder on (report, variant) pairs.

InfoNCE with in-batch and cross-rank negatives, optional hard negatives, a study never its own negative; anchors,
positives and negatives go through ONE forward. Config it owns: ``data.hard_negatives``, ``data.variants`` (where
positives and hard negatives come from), ``data.tasks`` (instruction tasks, one per optimizer step:
``megacxr.data.tasks``) and ``loss.temperature``. With tasks, ``for_step`` hands the module the step's task (the
metrics carry ``task``; the loop logs ``loss_<task>``); validation uses the first listed task.
"""

from __future__ import annotations

import torch
from torch import nn

from megacxr.data.batches import BatchRecipe, supcon_batches
from megacxr.data.recipes import prepare_supcon, text_inputs
from megacxr.data.recipes.supcon import PARTS
from megacxr.data.tasks import check_tasks, task_for_step
from megacxr.losses.tiled import contrastive_impl
from megacxr.train.stages.base import ReportEncoderStage, StepOutput, key_ids, text_tokens

__all__ = ["SupconModule", "SupconStage"]


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
    owns = ("data.hard_negatives", "data.variants", "data.tasks", "loss.temperature")

    def __init__(self) -> None:
        self.tasks: list = []
        self.seed = 0

    def batches(self, cfg) -> BatchRecipe:
        self.tasks, self.seed = check_tasks(cfg.data.tasks), int(cfg.run.seed)
        return supcon_batches(cfg.data.hard_negatives, cfg.data.variants, self.tasks)

    def for_step(self, batch: dict, step: int | None) -> dict:
        if "tasks" not in batch:
            return batch
        if not self.tasks:
            raise RuntimeError("SupconStage.for_step before batches(cfg): the stage does not know its tasks")
        name = self.tasks[0].name if step is None else task_for_step(self.tasks, self.seed, step)
        return {"keys": batch["keys"], "duplicates": batch["duplicates"], "task": name, **batch["tasks"][name]}

    def build_model(self, cfg) -> nn.Module:
        enc = self.build_encoder(cfg)
        tok = enc.load_tokenizer()
        pad_id = next(i for i in (tok.pad_token_id, tok.eos_token_id, 0) if i is not None)
        return SupconModule(
            enc,
            cfg.loss.temperature,
            pad_id,
            cfg.loss.mask_same_study,
            cfg.loss.impl,
            mask_identical_text=cfg.loss.identical_text == "mask",
        )

    def tokens(self, batch: dict) -> int:
        return sum(text_tokens(batch[k]) for k in PARTS if k in batch)

    def flops(self, module: nn.Module, batch: dict) -> dict:
        return self.encoder_flops(module, [batch[k] for k in PARTS if k in batch])

    def validation_pairs(self, module: nn.Module, batch: dict):
        device = next(module.encoder.parameters()).device
        return tuple(module.encoder.embed(text_inputs(batch[k], device)) for k in ("anchor", "positive"))
