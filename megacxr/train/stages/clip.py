"""Stage 3, ``clip``: the dual tower (``megacxr.models.dual``) and the image-report loss.

Symmetric InfoNCE over negatives gathered from every rank (optionally with soft targets from label and textual
similarity, ``loss.soft``, and negated reports as extra text negatives), or SigLIP's sigmoid loss. The text side
runs live (``frozen_lora``, ``full``) or from cached embeddings (``frozen_cached``: every training report embedded
once, ``megacxr.train.cache_build``). Config it owns: ``clip.*`` (towers), ``loss.kind``, ``loss.soft_weight``,
``loss.soft``, ``loss.negation_negatives``, ``data.image`` and ``data.text_cache``. With hard targets, a second draw
of a study (``loss.mask_same_study``) and another study whose report reads the same (``loss.identical_text``) are
left out of the softmax instead of counted as negatives."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from megacxr.config import config_section
from megacxr.data.batches import BatchRecipe, clip_batches
from megacxr.data.recipes import prepare_clip
from megacxr.data.text import TextEncoder
from megacxr.errors import ConfigError
from megacxr.losses.tiled import contrastive_impl
from megacxr.models.dual import DualTower, DualTowerConfig
from megacxr.models.dual_io import save_dual
from megacxr.train.cache_build import cluster_text_cache
from megacxr.train.flops import linear_flops, linear_params, text_flops, vision_flops, with_total
from megacxr.train.stages.base import Stage, StepOutput, key_ids, text_tokens

__all__ = ["ClipModule", "ClipStage"]


class ClipModule(nn.Module):
    """Dual tower + the image-report loss: symmetric InfoNCE over the gathered batch (optionally with label soft
    targets and negated reports as extra text negatives) or SigLIP's sigmoid loss."""

    def __init__(self, tower: nn.Module, loss_cfg, pad_id: int, cache=None):
        super().__init__()
        self.tower = tower
        self.losses = contrastive_impl(loss_cfg.impl)
        self.kind = loss_cfg.kind
        self.soft_weight = loss_cfg.label_weight
        self.text_weight, self.text_temperature = float(loss_cfg.soft.text), float(loss_cfg.soft.text_temperature)
        # a resampled stream can draw a study twice in one global batch: with hard targets that second pair is left
        # out of the softmax (with soft targets its similarity of 1 already makes it a positive)
        hard = self.soft_weight == 0 and self.text_weight == 0
        self.mask_same_study = bool(loss_cfg.mask_same_study) and hard
        # two studies whose reports read alike: with hard targets, neither is the other's negative
        self.mask_identical_text = loss_cfg.identical_text == "mask" and hard
        self.pad_id = int(pad_id)
        self.__dict__["cache"] = cache  # frozen_cached: a memory-mapped TextCache, not a submodule

    def forward(self, batch: dict) -> dict:
        clip_loss, siglip_loss = self.losses.clip_loss, self.losses.siglip_loss
        tower = self.tower
        weight = tower.vision_proj.weight
        b = prepare_clip(batch, weight.device, weight.dtype, pad_id=self.pad_id, text=self.cache is None)
        image = tower.encode_image(b.pixels)
        negatives = None
        if self.cache is not None:
            text = tower.encode_cached_text(self.cache.lookup(b.keys).to(weight.device))
        else:
            chunks = torch.split(tower.encode_text(b.text), b.sizes)
            text = chunks[0]
            negatives = chunks[1] if len(chunks) > 1 else None
        scale = tower.logit_scale()
        if self.kind == "siglip":
            out = siglip_loss(image, text, scale, tower.logit_bias)
        else:
            ids = key_ids(b.keys, weight.device) if self.mask_same_study else None
            texts = b.text_keys if self.mask_identical_text else None
            texts = key_ids(texts, weight.device) if texts else None
            labels = b.labels if self.soft_weight > 0 else None
            # label and text soft targets: the tiled losses compute both tile by tile (label vectors, the
            # reports' embeddings), the reference one dense [B, B_global] matrix
            soft: dict = {}
            if self.soft_weight > 0:
                soft.update(labels=labels, soft_weight=self.soft_weight)
            if self.text_weight > 0:
                soft.update(text_weight=self.text_weight, text_temperature=self.text_temperature)
            out = clip_loss(image, text, scale, extra_text_negatives=negatives, sample_ids=ids, text_ids=texts, **soft)
        metrics = {k: float(v) for k, v in out.info.items() if torch.as_tensor(v).numel() == 1}
        metrics["logit_scale"] = float(scale.detach())
        metrics["text_negatives"] = 0 if negatives is None else int(negatives.shape[0])
        return StepOutput(out.loss, out.global_loss, metrics)


class ClipStage(Stage):
    name = "clip"
    owns = (
        "clip",
        "loss.kind",
        "loss.soft_weight",
        "loss.soft",
        "loss.negation_negatives",
        "data.image",
        "data.text_cache",
    )

    def check(self, cfg) -> None:
        if not (Path(cfg.clip.text_path) / "config.json").is_file():
            raise ConfigError(
                "no stage-2 export there (train supcon first, or set clip.text_path=DIR)",
                file=cfg.clip.text_path,
                field="clip.text_path",
            )
        if cfg.clip.text_mode == "frozen_cached" and cfg.eval.every:
            raise ConfigError(
                "validation embeds the validation reports live; frozen_cached holds the training reports only "
                "(validate the export with `megacxr eval retrieval` instead)",
                field="eval.every",
            )
        if cfg.loss.kind == "siglip" and (cfg.loss.label_weight > 0 or cfg.loss.soft.text > 0):
            raise ConfigError(
                "soft targets go with loss.kind=infonce (SigLIP's sigmoid loss has none)", field="loss.soft"
            )
        if cfg.clip.text_mode == "frozen_cached" and cfg.loss.negation_negatives:
            raise ConfigError(
                "negated reports need a live text tower; frozen_cached embeds each report once",
                field="loss.negation_negatives",
            )

    def tokenizer(self, cfg) -> str:
        return cfg.clip.text_path

    def model_name(self, cfg) -> str:
        return f"{cfg.clip.vision.shape} + {Path(cfg.clip.text_path).name or 'text'}"

    def batches(self, cfg) -> BatchRecipe:
        # uint8 pixels: 12x fewer bytes out of the workers; normalised on the device (batch_pixels)
        return clip_batches(cfg.data.image, pixel_format="uint8", negation_negatives=bool(cfg.loss.negation_negatives))

    def build_model(self, cfg) -> nn.Module:
        with config_section("clip", DualTowerConfig):  # the model library names vision.path; the tree clip.vision.path
            tower = DualTower.from_config(cfg.clip)
        pad_id = TextEncoder(cfg.data.tokenizer or cfg.clip.text_path, cfg.data.text).pad_id
        cache = None
        if cfg.clip.text_mode == "frozen_cached":
            folder = Path(cfg.data.text_cache or Path(cfg.run.out_dir) / "text_cache")
            cache = cluster_text_cache(folder, tower.frozen_text_encoder, cfg.data.stream, cfg.data.text)
            tower.release_frozen_text()
        return ClipModule(tower, cfg.loss, pad_id, cache)

    def tokens(self, batch: dict) -> int:
        return text_tokens(batch) + (text_tokens(batch["negatives"]) if "negatives" in batch else 0)

    def flops(self, module: nn.Module, batch: dict) -> dict:
        tower = module.tower
        parts = vision_flops(tower.vision, len(batch["keys"]))
        if tower.text is not None:
            texts = [batch] + ([batch["negatives"]] if "negatives" in batch else [])
            parts.update(text_flops(tower.text, texts))
        heads_t, heads_f = linear_params(tower, exclude=(tower.vision, tower.text))
        parts["heads"] = linear_flops(heads_t, heads_f, len(batch["keys"]))
        return with_total(parts)

    def export(self, module: nn.Module, out_dir, cfg, tokenizer) -> None:
        save_dual(module.tower, out_dir, cfg.data.text, cfg.data.image)

    def validation_pairs(self, module: nn.Module, batch: dict):
        tower = module.tower
        weight = tower.vision_proj.weight
        b = prepare_clip(batch, weight.device, weight.dtype)  # validation: the reports alone, no negatives
        return tower.encode_image(b.pixels), tower.encode_text(b.text)
