"""Stages: how a batch becomes a loss. The one training loop (``megacxr.train.loop``) runs any of them.

A stage is a small object with

* ``build_model(cfg) -> nn.Module``: the module DeepSpeed wraps; ``module(batch) -> dict`` (``StepOutput``: the loss to
  back-propagate, a detached global loss identical on every rank, and metrics);
* ``loader_kwargs(cfg)``: what ``make_loader`` needs beyond the stream (layout, masking, hard negatives);
* ``tokens(batch) -> int``: real (non-padding) tokens of a batch, for tokens/s;
* ``export(module, out_dir, cfg, tokenizer)``: the artefact the next stage loads, called on rank 0 with every
  parameter gathered (ZeRO-3).

``mntp`` (stage 1): masked next-token prediction, token i predicted from the hidden state at i-1, the LM head run
only at the masked positions; the loss is the mean over every masked token of the global batch.
``supcon`` (stage 2): InfoNCE over (report, variant) pairs with in-batch and cross-rank negatives, optional hard
negatives, a study never its own negative; anchors, positives and negatives go through ONE forward.
"""

from __future__ import annotations

import hashlib
from typing import Any

import torch
from torch import nn

from megacxr.data.packing import concat_texts

__all__ = ["STAGES", "MntpModule", "MntpStage", "StepOutput", "SupconModule", "SupconStage", "get_stage",
           "key_ids"]


def StepOutput(loss: torch.Tensor, global_loss: torch.Tensor, metrics: dict[str, Any]) -> dict:
    """A module's output: ``loss`` (what this rank back-propagates), ``global_loss`` (detached, the same on every
    rank: the one-process loss over the global batch) and ``metrics``. A plain dict, which DeepSpeed's ZeRO-3
    output hooks walk without complaint."""
    return {"loss": loss, "global_loss": global_loss, "metrics": metrics}


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
    def __init__(self, encoder: nn.Module):
        super().__init__()
        self.encoder = encoder

    def forward(self, batch: dict) -> dict:
        from megacxr.losses import mntp_loss

        device = next(self.encoder.parameters()).device
        text = _to({k: batch[k] for k in ("input_ids", "attention_mask", "position_ids", "cu_seqlens",
                                          "max_seqlen", "instruction_len") if k in batch}, device)
        hidden = self.encoder.hidden_states(text)
        out = mntp_loss(hidden, batch["labels"].to(device), self.encoder.lm_head, cu_seqlens=text.get("cu_seqlens"),
                        logit_softcap=self.encoder.logit_softcap, global_mean=True)
        return StepOutput(out.loss, out.global_loss, {"masked_tokens": int(out.info["global_num_masked"])})


class MntpStage:
    name = "mntp"

    def build_model(self, cfg) -> nn.Module:
        from megacxr.models import ReportEncoder

        return MntpModule(ReportEncoder.from_config(cfg.model))

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
    def __init__(self, encoder: nn.Module, temperature: float, pad_id: int, mask_same_study: bool = True):
        super().__init__()
        self.encoder = encoder
        self.temperature = float(temperature)
        self.pad_id = int(pad_id)
        self.mask_same_study = bool(mask_same_study)

    def forward(self, batch: dict) -> dict:
        from megacxr.losses import info_nce

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

    def build_model(self, cfg) -> nn.Module:
        from megacxr.models import ReportEncoder

        enc = ReportEncoder.from_config(cfg.model)
        pad = enc.load_tokenizer()
        pad_id = next((i for i in (pad.pad_token_id, pad.eos_token_id, 0) if i is not None))
        return SupconModule(enc, cfg.loss.temperature, pad_id, cfg.loss.mask_same_study)

    def loader_kwargs(self, cfg) -> dict:
        return {"hard_negatives": cfg.data.hard_negatives, "variants": cfg.data.variants}

    def tokens(self, batch: dict) -> int:
        return sum(_text_tokens(batch[k]) for k in ("anchor", "positive", "negatives") if k in batch)

    def encoder(self, module: nn.Module) -> nn.Module:
        return module.encoder

    def export(self, module: nn.Module, out_dir, cfg, tokenizer) -> None:
        from megacxr.models import export_encoder

        export_encoder(module.encoder, out_dir, tokenizer=tokenizer, text=cfg.data.text)


STAGES = {"mntp": MntpStage, "supcon": SupconStage}


def get_stage(name: str):
    if name not in STAGES:
        from megacxr.errors import ConfigError

        raise ConfigError(f"stage {name!r} is not available (have: {', '.join(STAGES)})", field="stage")
    return STAGES[name]()
