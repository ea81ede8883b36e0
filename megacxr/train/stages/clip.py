"""Stage 3, ``clip``: the dual tower (``megacxr.models.dual``) and the image-report loss.

Symmetric InfoNCE over negatives gathered from every rank (optionally with soft targets from label and textual
similarity, ``clip.loss.soft``, and negated reports as extra text negatives), or SigLIP's sigmoid loss. The text side
runs live (``frozen_lora``, ``full``) or from cached embeddings (``frozen_cached``: every training report embedded
once, ``megacxr.train.cache_build``). Its config, ``clip.*`` (``ClipConfig``): ``tower`` (the dual tower,
``megacxr.models.dual.DualTowerConfig``), ``loss`` (``kind``, ``soft`` targets, ``negation_negatives``, ``impl``),
``image`` (the image transform) and ``text_cache``. With hard targets, a second draw of a study
(``clip.loss.mask_same_study``) and another study whose report reads the same (``clip.loss.identical_text``) are
left out of the softmax instead of counted as negatives."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import torch
from torch import nn

from megacxr.config import config_section
from megacxr.data.batches import BatchRecipe, clip_batches
from megacxr.data.image_tf import ImageTransformConfig
from megacxr.data.recipes import prepare_clip
from megacxr.data.text import TextEncoder
from megacxr.errors import ConfigError
from megacxr.losses.tiled import contrastive_impl
from megacxr.models.dual import DualTower, DualTowerConfig
from megacxr.models.dual_io import save_dual
from megacxr.train.cache_build import cluster_text_cache
from megacxr.train.flops import linear_flops, linear_params, text_flops, vision_flops, with_total
from megacxr.train.stages.base import ContrastiveLossConfig, Stage, StepOutput, key_ids, text_tokens

__all__ = ["ClipConfig", "ClipLossConfig", "ClipModule", "ClipStage", "SoftTargetConfig"]


@dataclass
class SoftTargetConfig:
    """``clip.loss.soft``: the soft-label family (README): label similarity (CheXpert labels) and textual
    similarity (a softmax of the reports' embedding similarity in the global batch, detached, at its own
    temperature), mixed into the one-hot targets with these weights."""

    label: float = 0.0
    text: float = 0.0
    temperature: float = 0.05  # of the text-similarity softmax

    def __post_init__(self) -> None:
        for name in ("label", "text"):
            if not 0.0 <= float(getattr(self, name)) <= 1.0:
                raise ConfigError("must be in [0, 1]", field=f"soft.{name}")
        if float(self.label) + float(self.text) > 1.0 + 1e-12:
            raise ConfigError("the soft weights (label + text) must add up to at most 1", field="soft.text")
        if not float(self.temperature) > 0:
            raise ConfigError("must be > 0", field="soft.temperature")


@dataclass
class ClipLossConfig(ContrastiveLossConfig):
    """``clip.loss``: symmetric InfoNCE (optionally with soft targets) or SigLIP's sigmoid loss."""

    kind: Literal["infonce", "siglip"] = "infonce"
    soft: SoftTargetConfig = field(default_factory=SoftTargetConfig)
    negation_negatives: bool = False  # negated reports as extra text columns (negatives only)


@dataclass
class ClipConfig:
    """``clip.*``: the dual tower, its loss, the image transform and the frozen text cache."""

    tower: DualTowerConfig = field(default_factory=DualTowerConfig)
    loss: ClipLossConfig = field(default_factory=ClipLossConfig)
    image: ImageTransformConfig = field(default_factory=ImageTransformConfig)
    text_cache: str | None = None  # frozen_cached: cache folder (default <out_dir>/text_cache, built once)

    def __post_init__(self) -> None:
        if self.loss.kind == "siglip" and (self.loss.soft.label > 0 or self.loss.soft.text > 0):
            raise ConfigError("soft targets go with kind=infonce (SigLIP's sigmoid loss has none)", field="loss.soft")
        if self.tower.text_mode == "frozen_cached" and self.loss.negation_negatives:
            raise ConfigError(
                "negated reports need a live text tower; tower.text_mode=frozen_cached embeds each report once",
                field="loss.negation_negatives",
            )


class ClipModule(nn.Module):
    """Dual tower + the image-report loss: symmetric InfoNCE over the gathered batch (optionally with label soft
    targets and negated reports as extra text negatives) or SigLIP's sigmoid loss."""

    def __init__(self, tower: nn.Module, loss_cfg, pad_id: int, cache=None):
        super().__init__()
        self.tower = tower
        self.losses = contrastive_impl(loss_cfg.impl)
        self.kind = loss_cfg.kind
        self.soft_weight = float(loss_cfg.soft.label)
        self.text_weight, self.text_temperature = float(loss_cfg.soft.text), float(loss_cfg.soft.temperature)
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
    config_class = ClipConfig
    config: ClipConfig
    export_kind = "clip"
    moved_keys = {
        **{f"clip.{f.name}": f"tower.{f.name}" for f in dataclasses.fields(DualTowerConfig)},
        "loss.soft_weight": "loss.soft.label",
        "loss.soft.text_temperature": "loss.soft.temperature",
        **{f"loss.{k}": f"loss.{k}" for k in ("kind", "soft", "negation_negatives")},
        **{f"loss.{k}": f"loss.{k}" for k in ("mask_same_study", "identical_text", "impl")},
        "data.image": "image",
        "data.text_cache": "text_cache",
    }

    def check(self) -> None:
        tower = self.config.tower
        if not (Path(tower.text_path) / "config.json").is_file():
            raise ConfigError(
                "no stage-2 export there (train supcon first, or set clip.tower.text_path=DIR)",
                file=tower.text_path,
                field="clip.tower.text_path",
            )
        if tower.text_mode == "frozen_cached" and self.shared.eval.every:
            raise ConfigError(
                "validation embeds the validation reports live; frozen_cached holds the training reports only "
                "(validate the export with `megacxr eval retrieval` instead)",
                field="eval.every",
            )

    def tokenizer(self) -> str:
        return self.config.tower.text_path

    def attention(self) -> str:
        return self.config.tower.text_attention

    def model_name(self) -> str:
        tower = self.config.tower
        return f"{tower.vision.shape} + {Path(tower.text_path).name or 'text'}"

    def describe(self) -> str:
        tower = self.config.tower
        vision = Path(tower.vision.path).name or tower.vision.shape or "random"
        text = f"report encoder `{Path(tower.text_path).name}` ({tower.text_mode})"
        return f"vision `{tower.vision.kind}` ({vision}), {text}"

    def batches(self) -> BatchRecipe:
        # uint8 pixels: 12x fewer bytes out of the workers; normalised on the device (batch_pixels)
        return clip_batches(
            self.config.image, pixel_format="uint8", negation_negatives=bool(self.config.loss.negation_negatives)
        )

    def build_model(self) -> nn.Module:
        cfg, shared = self.config, self.shared
        with config_section("clip.tower", DualTowerConfig):  # the model library names vision.path
            tower = DualTower.from_config(cfg.tower)
        pad_id = TextEncoder(shared.data.tokenizer or cfg.tower.text_path, shared.data.text).pad_id
        cache = None
        if cfg.tower.text_mode == "frozen_cached":
            folder = Path(cfg.text_cache or Path(shared.run.out_dir) / "text_cache")
            cache = cluster_text_cache(folder, tower.frozen_text_encoder, shared.data.stream, shared.data.text)
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

    def export(self, module: nn.Module, out_dir, tokenizer) -> None:
        save_dual(module.tower, out_dir, self.shared.data.text, self.config.image)

    def validation_pairs(self, module: nn.Module, batch: dict):
        tower = module.tower
        weight = tower.vision_proj.weight
        b = prepare_clip(batch, weight.device, weight.dtype)  # validation: the reports alone, no negatives
        return tower.encode_image(b.pixels), tower.encode_text(b.text)
