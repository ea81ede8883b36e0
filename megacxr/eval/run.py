"""``megacxr eval retrieval``: embed a shard split with a trained ``clip`` export and score retrieval.

``evaluate_retrieval(checkpoint, shards, split=...)`` loads the dual tower (``megacxr.models.dual_io``), streams
the split once in order (epoch mode, no shuffle, the deterministic eval image transform, the training text
settings without sentence shuffle), embeds every study's frontal image and report, and returns study-level
retrieval metrics (``megacxr.eval.retrieval``: Recall@1/5/10 both ways, mean / median rank, chance levels),
optionally after merging identical report strings, plus zero-shot label AUROC from CheXpert label prompts. It can
write the metrics as JSON and each image's top-k retrieved reports next to its own (JSONL, the input of
report-level scorers such as GREEN). Keys are the shards' opaque keys; no patient identifier is written.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import torch

from megacxr.config import from_dict
from megacxr.data.batches import clip_batches, collate_text
from megacxr.data.image_tf import ImageTransformConfig
from megacxr.data.pipeline import make_loader
from megacxr.data.plan import StreamConfig
from megacxr.data.recipes import prepare_clip
from megacxr.data.stream import iter_shard_samples
from megacxr.data.text import TextConfig, TextEncoder
from megacxr.data.text_cache import sample_texts
from megacxr.errors import InputError
from megacxr.eval.report import write_json, write_topk_jsonl
from megacxr.eval.retrieval import retrieval_ranks, summarize_ranks, topk_reports
from megacxr.eval.zeroshot import label_prompts, zero_shot_auroc
from megacxr.models.dual_io import load_dual
from megacxr.reports.labels import CHEXPERT_LABELS

log = logging.getLogger("megacxr.eval")

__all__ = ["embed_split", "embed_texts", "eval_text_config", "evaluate_retrieval"]


def eval_text_config(text_cfg):
    """The training text settings for evaluation: no sentence shuffle, a fixed section choice."""
    sections = "findings_impression" if text_cfg.sections == "random" else text_cfg.sections
    return dataclasses.replace(text_cfg, sentence_shuffle=0.0, sections=sections)


@torch.no_grad()
def embed_split(
    tower,
    text_cfg,
    image_cfg,
    shards: list[str],
    split: str,
    batch_size: int = 64,
    num_workers: int = 0,
    progress: bool = True,
) -> dict:
    """``{"image", "text", "labels", "keys", "reports"}`` for every sample of ``split`` (in stream order)."""
    from tqdm import tqdm

    stream = StreamConfig(manifests=list(shards), split=split, mode="epoch", shuffle=False)
    reports = dict(sample_texts(iter_shard_samples(dataclasses.replace(stream, read_exts=["txt", "json"])), text_cfg))
    recipe = clip_batches(dataclasses.replace(image_cfg, augment=False), pixel_format="uint8")
    loader = make_loader(
        recipe,
        stream,
        text_cfg,
        str(tower.text_tokenizer_path),
        batch_size=batch_size,
        token_budget=None,
        rank=0,
        world_size=1,
        num_workers=num_workers,
        train=False,
    )
    device = tower.vision_proj.weight.device
    images, texts, labels, keys = [], [], [], []
    for batch in tqdm(loader, desc=f"embedding {split}", unit="batch", disable=not progress):
        b = prepare_clip(batch, device)  # float32 pixels, the reports alone
        images.append(tower.encode_image(b.pixels).cpu())
        texts.append(tower.encode_text(b.text).cpu())
        labels.append(batch["labels"])
        keys.extend(batch["keys"])
    stats = loader.stats()
    if stats["skipped_corrupt"] or stats["skipped_truncated_samples"]:
        log.warning(
            "evaluation skipped %d corrupt and %d truncated samples of split %s",
            stats["skipped_corrupt"],
            stats["skipped_truncated_samples"],
            split,
        )
    if not keys:
        raise InputError(f"split {split!r} has no samples", file=shards[0], field="split")
    return {
        "image": torch.cat(images),
        "text": torch.cat(texts),
        "labels": torch.cat(labels),
        "keys": keys,
        "reports": [reports[k] for k in keys],
    }


def _source_names(shards: list[str]) -> list[str]:
    """A short name per shard folder (its last component, or more of its path where those collide)."""
    paths = [Path(d).resolve() for d in shards]
    for depth in range(1, max(len(p.parts) for p in paths) + 1):
        names = ["/".join(p.parts[-depth:]) for p in paths]
        if len(set(names)) == len(names):
            return names
    return [str(p) for p in paths]


def _per_source(emb: dict, shards: list[str], split: str, text_cfg, merge_identical: bool) -> dict:
    """Retrieval within each shard folder's studies (queries and candidates from that folder only): how the model
    does per dataset when several are evaluated together."""
    position = {k: i for i, k in enumerate(emb["keys"])}
    out = {}
    for name, folder in zip(_source_names(shards), shards, strict=False):
        stream = StreamConfig(manifests=[folder], split=split, mode="epoch", shuffle=False, read_exts=["txt", "json"])
        try:
            keys = [k for k, _ in sample_texts(iter_shard_samples(stream), text_cfg)]
        except Exception as exc:  # noqa: BLE001 - e.g. a folder without this split: no row, the pooled row stands
            log.warning("no per-source row for %s (%s)", folder, type(exc).__name__)
            continue
        idx = torch.tensor([position[k] for k in keys if k in position], dtype=torch.long)
        if idx.numel() == 0:
            continue
        reports = [emb["reports"][i] for i in idx.tolist()]
        ranks = retrieval_ranks(
            emb["image"][idx],
            emb["text"][idx],
            torch.arange(idx.numel()),
            merge_identical=reports if merge_identical else None,
        )
        out[name] = summarize_ranks(ranks, (1, 5, 10))
    return out


@torch.no_grad()
def embed_texts(tower, text_cfg, texts: list[str], batch_size: int = 64) -> torch.Tensor:
    """The dual tower's embeddings ``[N, E]`` of ``texts`` (prompts, rewritten reports) under ``text_cfg``."""
    enc = TextEncoder(str(tower.text_tokenizer_path), text_cfg)
    device = tower.vision_proj.weight.device
    out = []
    for start in range(0, len(texts), batch_size):
        coded = enc.encode_batch(list(texts[start : start + batch_size]))
        text = collate_text([c.input_ids for c in coded], [c.instruction_len for c in coded], enc.pad_id, None)
        out.append(tower.encode_text({k: v.to(device) for k, v in text.items()}).cpu())
    return torch.cat(out)


def evaluate_retrieval(
    checkpoint: str | Path,
    shards: list[str],
    split: str = "test",
    *,
    batch_size: int = 64,
    num_workers: int = 0,
    merge_identical: bool = False,
    zero_shot: bool = True,
    topk: int = 5,
    topk_out: str | Path | None = None,
    json_out: str | Path | None = None,
    device: str | None = None,
    tower=None,
    progress: bool = True,
) -> dict:
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    if tower is None:
        tower, text_cfg, image_cfg = load_dual(checkpoint, device=device)
    else:  # an in-memory tower (tests, training-time evaluation) with the checkpoint's settings
        _, text_cfg, image_cfg = load_dual(checkpoint, device=device)
    text_cfg, image_cfg = from_dict(TextConfig, text_cfg), from_dict(ImageTransformConfig, image_cfg)
    tower.eval()
    text_cfg = eval_text_config(text_cfg)
    emb = embed_split(tower, text_cfg, image_cfg, shards, split, batch_size, num_workers, progress)
    n = len(emb["keys"])
    merge = emb["reports"] if merge_identical else None
    ranks = retrieval_ranks(emb["image"], emb["text"], torch.arange(n), merge_identical=merge)
    metrics = summarize_ranks(ranks, (1, 5, 10))
    metrics.update(split=split, checkpoint=str(checkpoint))
    if len(shards) > 1:
        metrics["per_source"] = _per_source(emb, shards, split, text_cfg, merge_identical)
    if zero_shot:
        pos, neg = label_prompts(CHEXPERT_LABELS)
        metrics["zero_shot"] = zero_shot_auroc(
            emb["image"],
            embed_texts(tower, text_cfg, pos),
            embed_texts(tower, text_cfg, neg),
            emb["labels"],
            CHEXPERT_LABELS,
        )
    if topk_out:
        idx, val = topk_reports(emb["image"], emb["text"], topk, merge_identical=merge)
        write_topk_jsonl(topk_out, emb["keys"], emb["reports"], emb["reports"], idx, val, true_ranks=ranks.i2t.tolist())
    if json_out:
        write_json(json_out, metrics)
    return metrics
