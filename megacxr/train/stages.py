"""Stages: how a batch becomes a loss. The one training loop (``megacxr.train.loop``) runs any of them.

A stage is a small object with

* ``build_model(cfg) -> nn.Module``: the module DeepSpeed wraps; ``module(batch) -> dict`` (``StepOutput``: the loss to
  back-propagate, a detached global loss identical on every rank, and metrics);
* ``loader_kwargs(cfg)``: what ``make_loader`` needs beyond the stream (layout, masking, hard negatives);
* ``tokens(batch) -> int``: real (non-padding) tokens of a batch, for tokens/s;
* ``tokenizer(cfg)``: the local tokenizer folder its batches are made with;
* ``export(module, out_dir, cfg, tokenizer)``: the artefact the next stage loads, called on rank 0 with every
  parameter gathered (ZeRO-3).

``mntp`` (stage 1): masked next-token prediction, token i predicted from the hidden state at i-1, the LM head run
only at the masked positions; the loss is the mean over every masked token of the global batch.
``supcon`` (stage 2): InfoNCE over (report, variant) pairs with in-batch and cross-rank negatives, optional hard
negatives, a study never its own negative; anchors, positives and negatives go through ONE forward.
``clip`` (stage 3): the dual tower (``megacxr.models.dual``) and the symmetric image-report loss over negatives
gathered from every rank; the text side runs live (``frozen_lora``, ``full``) or from cached embeddings
(``frozen_cached``).
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

import torch
from torch import nn

from megacxr.data.batches import TEXT_KEYS
from megacxr.data.packing import concat_texts
from megacxr.data.stream import iter_shard_samples

__all__ = ["STAGES", "MntpModule", "MntpStage", "StepOutput", "SupconModule", "SupconStage", "get_stage",
           "key_ids"]


def StepOutput(loss: torch.Tensor, global_loss: torch.Tensor, metrics: dict[str, Any]) -> dict:
    """A module's output: ``loss`` (what this rank back-propagates), ``global_loss`` (detached, the same on every
    rank: the one-process loss over the global batch) and ``metrics``. A plain dict, which DeepSpeed's ZeRO-3
    output hooks walk without complaint."""
    return {"loss": loss, "global_loss": global_loss, "metrics": metrics}


log = logging.getLogger("megacxr.train")


class _Progress:
    """A ``progress(done)`` callback that logs the count and rate at most every ``every_s`` seconds."""

    def __init__(self, what: str, enabled: bool, every_s: float = 30.0):
        self.what, self.enabled, self.every_s = what, enabled, float(every_s)
        self.t0 = self.last = time.monotonic()

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if self.enabled and now - self.last >= self.every_s:
            self.last = now
            log.info("%s: %d reports embedded by this process (%.1f/s)", self.what, done, done / (now - self.t0))


def key_ids(keys: list[str], device=None) -> torch.Tensor:
    """int64 ids of sample keys (the same key gives the same id on every rank)."""
    vals = [int.from_bytes(hashlib.blake2b(k.encode(), digest_size=8).digest(), "little", signed=True) for k in keys]
    return torch.tensor(vals, dtype=torch.int64, device=device)


def _to(text: dict, device) -> dict:
    return {k: (v.to(device, non_blocking=True) if isinstance(v, torch.Tensor) else v) for k, v in text.items()}


def _text_tokens(text: dict) -> int:
    if "cu_seqlens" in text:
        return int(text["cu_seqlens"][-1])
    return int(text["attention_mask"].sum())


# --------------------------------------------------------------------------------------------------- mntp

class MntpModule(nn.Module):
    def __init__(self, encoder: nn.Module, head: str = "auto"):
        super().__init__()
        self.encoder = encoder
        self.head = head

    def forward(self, batch: dict) -> dict:
        from megacxr.losses import mntp_loss
        from megacxr.losses.linear_ce import mntp_loss_fused

        device = next(self.encoder.parameters()).device
        text = _to({k: batch[k] for k in TEXT_KEYS if k in batch}, device)
        hidden = self.encoder.hidden_states(text)
        fused = self.head == "fused" or (self.head == "auto" and device.type == "cuda")
        out = (mntp_loss_fused if fused else mntp_loss)(
            hidden, batch["labels"].to(device), self.encoder.lm_head, cu_seqlens=text.get("cu_seqlens"),
            logit_softcap=self.encoder.logit_softcap, global_mean=True)
        return StepOutput(out.loss, out.global_loss, {"masked_tokens": int(out.info["global_num_masked"])})


class MntpStage:
    name = "mntp"

    def tokenizer(self, cfg) -> str:
        return cfg.model.path

    def build_model(self, cfg) -> nn.Module:
        from megacxr.models import ReportEncoder

        return MntpModule(ReportEncoder.from_config(cfg.model), cfg.loss.mntp_head)

    def loader_kwargs(self, cfg) -> dict:
        return {"masking_cfg": cfg.data.masking}

    def tokens(self, batch: dict) -> int:
        return _text_tokens(batch)

    def encoder(self, module: nn.Module) -> nn.Module:
        return module.encoder

    def export(self, module: nn.Module, out_dir, cfg, tokenizer) -> None:
        from megacxr.models import export_encoder

        export_encoder(module.encoder, out_dir, tokenizer=tokenizer, text=cfg.data.text)


# ------------------------------------------------------------------------------------------------- supcon

class SupconModule(nn.Module):
    def __init__(self, encoder: nn.Module, temperature: float, pad_id: int, mask_same_study: bool = True,
                 impl: str = "reference"):
        from megacxr.losses.tiled import contrastive_impl

        super().__init__()
        self.encoder = encoder
        self.losses = contrastive_impl(impl)
        self.temperature = float(temperature)
        self.pad_id = int(pad_id)
        self.mask_same_study = bool(mask_same_study)

    def forward(self, batch: dict) -> dict:
        info_nce = self.losses.info_nce
        device = next(self.encoder.parameters()).device
        parts = [batch["anchor"], batch["positive"]] + ([batch["negatives"]] if "negatives" in batch else [])
        sizes = [int(p["instruction_len"].shape[0]) for p in parts]
        emb = self.encoder.embed(_to(concat_texts(parts, self.pad_id), device)).float()
        chunks = torch.split(emb, sizes)
        negatives = chunks[2] if len(chunks) > 2 else None
        ids = key_ids(batch["keys"], device) if self.mask_same_study else None
        out = info_nce(chunks[0], chunks[1], negatives, temperature=self.temperature, sample_ids=ids,
                       negative_owner=batch.get("negative_owner"))
        metrics = {k: (float(v) if isinstance(v, (int, float, torch.Tensor)) and torch.as_tensor(v).numel() == 1
                       else v) for k, v in out.info.items()}
        return StepOutput(out.loss, out.global_loss, metrics)


class SupconStage:
    name = "supcon"

    def tokenizer(self, cfg) -> str:
        return cfg.model.path

    def build_model(self, cfg) -> nn.Module:
        from megacxr.models import ReportEncoder

        enc = ReportEncoder.from_config(cfg.model)
        pad = enc.load_tokenizer()
        pad_id = next((i for i in (pad.pad_token_id, pad.eos_token_id, 0) if i is not None))
        return SupconModule(enc, cfg.loss.temperature, pad_id, cfg.loss.mask_same_study, cfg.loss.impl)

    def loader_kwargs(self, cfg) -> dict:
        return {"hard_negatives": cfg.data.hard_negatives, "variants": cfg.data.variants}

    def tokens(self, batch: dict) -> int:
        return sum(_text_tokens(batch[k]) for k in ("anchor", "positive", "negatives") if k in batch)

    def encoder(self, module: nn.Module) -> nn.Module:
        return module.encoder

    def export(self, module: nn.Module, out_dir, cfg, tokenizer) -> None:
        from megacxr.models import export_encoder

        export_encoder(module.encoder, out_dir, tokenizer=tokenizer, text=cfg.data.text)


# --------------------------------------------------------------------------------------------------- clip

class ClipModule(nn.Module):
    """Dual tower + the image-report loss: symmetric InfoNCE over the gathered batch (optionally with label soft
    targets and negated reports as extra text negatives) or SigLIP's sigmoid loss."""

    def __init__(self, tower: nn.Module, loss_cfg, pad_id: int, cache=None):
        from megacxr.losses.tiled import contrastive_impl

        super().__init__()
        self.tower = tower
        self.losses = contrastive_impl(loss_cfg.impl)
        self.kind = loss_cfg.kind
        self.soft_weight = float(loss_cfg.soft_weight)
        # a resampled stream can draw a study twice in one global batch: with hard targets that second pair is left
        # out of the softmax (with soft targets its label similarity of 1 already makes it a positive)
        self.mask_same_study = bool(loss_cfg.mask_same_study) and self.soft_weight == 0
        self.pad_id = int(pad_id)
        self.__dict__["cache"] = cache     # frozen_cached: a memory-mapped TextCache, not a submodule

    def forward(self, batch: dict) -> dict:
        from megacxr.data.batches import batch_pixels

        clip_loss, siglip_loss = self.losses.clip_loss, self.losses.siglip_loss
        tower = self.tower
        weight = tower.vision_proj.weight
        image = tower.encode_image(batch_pixels(batch, weight.device, weight.dtype))
        negatives = None
        if self.cache is not None:
            text = tower.encode_cached_text(self.cache.lookup(batch["keys"]).to(weight.device))
        else:
            parts = [{k: batch[k] for k in TEXT_KEYS if k in batch}]
            if "negatives" in batch:
                parts.append(batch["negatives"])
            sizes = [int(p["instruction_len"].shape[0]) for p in parts]
            emb = tower.encode_text(_to(concat_texts(parts, self.pad_id), weight.device))
            chunks = torch.split(emb, sizes)
            text = chunks[0]
            negatives = chunks[1] if len(chunks) > 1 else None
        scale = tower.logit_scale()
        if self.kind == "siglip":
            out = siglip_loss(image, text, scale, tower.logit_bias)
        else:
            soft = self.soft_weight > 0
            ids = key_ids(batch["keys"], weight.device) if self.mask_same_study else None
            out = clip_loss(image, text, scale, labels=batch["labels"].to(weight.device) if soft else None,
                            soft_weight=self.soft_weight if soft else None, extra_text_negatives=negatives,
                            sample_ids=ids)
        metrics = {k: float(v) for k, v in out.info.items() if torch.as_tensor(v).numel() == 1}
        metrics["logit_scale"] = float(scale.detach())
        metrics["text_negatives"] = 0 if negatives is None else int(negatives.shape[0])
        return StepOutput(out.loss, out.global_loss, metrics)



class ClipStage:
    name = "clip"

    def tokenizer(self, cfg) -> str:
        return cfg.clip.text_path

    def build_model(self, cfg) -> nn.Module:
        from megacxr.data.text import TextEncoder
        from megacxr.models.dual import DualTower

        tower = DualTower.from_config(cfg.clip)
        pad_id = TextEncoder(cfg.data.tokenizer or cfg.clip.text_path, cfg.data.text).pad_id
        cache = self._text_cache(cfg, tower) if cfg.clip.text_mode == "frozen_cached" else None
        return ClipModule(tower, cfg.loss, pad_id, cache)

    @staticmethod
    def _text_cache(cfg, tower):
        """frozen_cached: embed every report of the training shards once, then memory-map the cache.

        The build is split over a node's processes (each embeds every L-th report on its own GPU; L local ranks)
        and the node's local rank 0 joins the parts; each node builds its own copy when the folder is node-local,
        and on a shared folder the nodes' identical copies replace one another atomically. The frozen LLM then
        leaves the GPU: the training step never runs it."""
        import dataclasses
        import os
        import shutil
        from pathlib import Path

        import torch.distributed as dist

        from megacxr.data.text_cache import INDEX_FILE, TextCache, build_text_cache, merge_text_caches, sample_texts

        folder = Path(cfg.data.text_cache or Path(cfg.run.out_dir) / "text_cache")
        distributed = dist.is_available() and dist.is_initialized()
        local = int(os.environ.get("LOCAL_RANK", 0))
        local_size = int(os.environ.get("LOCAL_WORLD_SIZE") or os.environ.get("LOCAL_SIZE") or 1)
        node = int(os.environ.get("RANK", 0)) // max(local_size, 1)
        work = folder.parent / f".{folder.name}.build-node{node}"
        # decided by every rank before anyone writes: all of them then meet at the same barriers
        build = not (folder / INDEX_FILE).is_file()
        if build:
            encoder = tower.frozen_text_encoder()
            if torch.cuda.is_available():
                encoder.to(torch.device("cuda", torch.cuda.current_device()))
            stream = dataclasses.replace(cfg.data.stream, read_exts=["txt", "json"])
            log.info("text cache: embedding the training reports into %s (part %d of %d on this node)", folder,
                     local + 1, local_size)
            build_text_cache(encoder, lambda: sample_texts(iter_shard_samples(stream), cfg.data.text),
                             work / f"part{local}", text_cfg=cfg.data.text, part=(local, local_size),
                             progress=_Progress("text cache", local == 0))
            tower.__dict__["_frozen_text"] = None          # the step never runs the LLM: free its memory
            del encoder
            if torch.cuda.is_available():
                torch.cuda.empty_cache()
        if distributed:
            dist.barrier()
        if build and local == 0:
            merge_text_caches([work / f"part{r}" for r in range(local_size)], folder)
            shutil.rmtree(work, ignore_errors=True)
            log.info("text cache: %s written", folder)
        if distributed:
            dist.barrier()
        return TextCache(folder)

    def loader_kwargs(self, cfg) -> dict:
        cached = cfg.clip.text_mode == "frozen_cached"
        if cached and cfg.loss.negation_negatives:
            from megacxr.errors import ConfigError

            raise ConfigError("negated reports need a live text tower; frozen_cached embeds each report once",
                              field="loss.negation_negatives")
        return {"pixel_format": "uint8", "negation_negatives": bool(cfg.loss.negation_negatives)}

    def tokens(self, batch: dict) -> int:
        return _text_tokens(batch) + (_text_tokens(batch["negatives"]) if "negatives" in batch else 0)

    def export(self, module: nn.Module, out_dir, cfg, tokenizer) -> None:
        from megacxr.models.dual_io import save_dual

        save_dual(module.tower, out_dir, cfg.data.text, cfg.data.image)


STAGES = {"mntp": MntpStage, "supcon": SupconStage, "clip": ClipStage}


def get_stage(name: str):
    if name not in STAGES:
        from megacxr.errors import ConfigError

        raise ConfigError(f"stage {name!r} is not available (have: {', '.join(STAGES)})", field="stage")
    return STAGES[name]()
