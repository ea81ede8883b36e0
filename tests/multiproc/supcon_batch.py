"""A fixed supcon batch and config shared by the distributed script and its one-process reference."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from megacxr.data.batches import SupconCollate
from megacxr.data.text import TextConfig, TextEncoder, text_key
from megacxr.reports.sentences import shuffle_sentences

INSTRUCTION = "Retrieve the image that best matches the following report"
GLOBAL_BATCH = 12


def train_config(workdir: Path, zero_stage: int = 3, precision: str = "fp32"):
    from megacxr.train.config import load_train_config

    return load_train_config(
        None,
        [
            "stage=supcon",
            f"supcon.model.path={workdir / 'model'}",
            "supcon.model.attention=sdpa",
            "supcon.model.lora.dropout=0.0",
            "supcon.model.pooling.kind=latent_attention",
            "supcon.model.pooling.latents=8",
            "supcon.model.pooling.heads=2",
            f"engine.zero_stage={zero_stage}",
            f"engine.precision={precision}",
            "optim.name=torch_adamw",
            f"data.stream.manifests=[{workdir}]",
            f"data.micro_batch={GLOBAL_BATCH // 2}",
            f"run.out_dir={workdir / 'run'}",
        ],
    )


def build_module(cfg):
    import torch

    from megacxr.train.stages import get_stage

    torch.manual_seed(cfg.run.seed)
    return get_stage(cfg).build_model()


def global_items(workdir: Path) -> list[dict]:
    """GLOBAL_BATCH (anchor, positive) items; one anchor has a hard negative."""
    texts = json.loads((workdir / "texts.json").read_text())[:GLOBAL_BATCH]
    enc = TextEncoder(str(workdir / "model"), TextConfig(instruction=INSTRUCTION))
    rng = np.random.default_rng(0)
    items = []
    for i, t in enumerate(texts):
        a, p = enc.encode(t), enc.encode(shuffle_sentences(t, rng) + " Unchanged.")
        negs = [enc.encode("Large right pneumothorax. Severe pulmonary edema.")] if i == 3 else []
        items.append({"key": f"study{i:03d}", "text_key": text_key(t), "anchor": a, "positive": p, "negatives": negs})
    return items


def rank_batch(workdir: Path, items: list[dict], token_budget: int = 64) -> dict:
    enc = TextEncoder(str(workdir / "model"), TextConfig(instruction=INSTRUCTION))
    return SupconCollate(enc.pad_id, token_budget)(items)
