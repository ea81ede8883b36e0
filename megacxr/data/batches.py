"""Per-stage items and batches: the ``sample_fn`` and ``collate_fn`` that ``MegacxrLoader`` runs in its workers.

Each stage has a sample function (``ClipSample``, ``MntpSample``, ``SupconSample``: ``(raw sample, rng) ->
item``) and a collate function (``ClipCollate``, ``MntpCollate``, ``SupconCollate``: ``items -> batch dict``).
All randomness (augmentation, section choice, sentence shuffle, masking, variant choice) is drawn from the
``rng`` that the stream passes to the sample function, and the collate functions are deterministic, so a
resumed loader yields the identical tensors. A ``BatchRecipe`` (``clip_batches``, ``mntp_batches``,
``supcon_batches``) builds the pair; ``megacxr.data.pipeline.make_loader``
wraps them in a ``MegacxrLoader``. A sample function that raises (undecodable image, no report text) makes the
stream skip and count the sample.

Text layouts (``token_budget``):

* ``None``: padded. ``input_ids [B, L]`` right-padded to the longest sequence of the batch (or up to a multiple
  of ``pad_to_multiple``), ``attention_mask [B, L]``, ``instruction_len [B]``.
* an int: packed, padding-free. Batches hold a fixed number of sequences (the loader's ``batch_size``); their
  tokens are laid end to end, in batch order, in one row ``input_ids [1, T]`` with ``T = ceil(total /
  token_budget) * token_budget`` (the batch takes a whole number of ``token_budget``-token rows; the shape
  changes in steps of ``token_budget``, which keeps the number of distinct shapes small for allocators and
  compiled kernels). ``position_ids [1, T]`` restart at 0 for every sequence; ``cu_seqlens [B + 1]`` (int32)
  holds the sequence boundaries of the real tokens and ``max_seqlen`` the longest sequence; the padding tail
  (``pad_id``, positions 0, 1, ...) lies after ``cu_seqlens[-1]``, as in ``megacxr.data.packing``. Sequence
  ``i`` is item ``i`` of the batch (no reordering), so image ``i`` and text ``i`` stay paired. A row of
  ``token_budget`` is a size quantum, not an attention unit: sequences may cross row boundaries, and attention
  must follow ``cu_seqlens`` (flash-attn varlen, or ``megacxr.tokens.document_ids`` for FlexAttention and SDPA
  masks).
  Why a fixed number of sequences and not "add samples until the budget is full": the loader batches by count
  in the worker and saves the stream state after each batch; a sample drawn but not fitting would have to be
  carried in the saved state. With a fixed count nothing is carried and resume stays exact; the contrastive
  stages need a fixed batch per rank for the cross-rank gather anyway. The fill is ``total / T``, at least
  ``1 - token_budget / total``: pick ``token_budget`` well below a batch's total tokens (e.g. 256-512 for
  batches of 64+ reports).

Stages:

* ``clip``: ``pixel_values [B, C, H, W]`` (``CxrTransform``, train or eval; float32, or ``pixel_dtype``), the
  text of the report (``prepare_text`` with the instruction prefix, ``TextEncoder``) in one of the layouts above,
  ``labels [B, 14]`` float32 (CheXpert-style labels of ``json["labels"]`` in ``CHEXPERT_LABELS`` order: 1
  positive, 0 negative, -1 uncertain, NaN unknown), ``keys`` (sample keys) and ``text_keys``
  (``megacxr.data.text.text_key`` of each report: equal for reports that read alike). With ``pixel_format="uint8"``
  the images come as ``pixels [B, H, W]`` uint8 and ``pixel_lut [B, C, 256]`` float32 instead
  (``CxrTransform.encode``: the normalisation deferred to the training device, 12x fewer bytes out of the worker at 3
  channels);
  ``batch_pixels(batch, device)`` gives ``[B, C, H, W]`` from either form, identical values. With
  ``negation_negatives``, a report that states a CheXpert finding also yields a negated copy
  (``megacxr.reports.negation.negate_report``: its sentences about the finding removed, "No X." inserted), collated
  into ``negatives`` (a text dict) with ``negative_owner [N]``: extra text columns that only count as negatives.
* ``mntp``: text only, masked per sequence with ``mask_tokens`` (the ``MaskingConfig``: ratio, mask token,
  instruction and specials protected); ``input_ids`` holds the masked ids and ``labels`` the original id at the
  masked positions, -100 everywhere else (padding and packing tail included); plus ``instruction_len``, ``keys``.
* ``supcon``: ``anchor`` and ``positive`` (each a text dict in the chosen layout, row ``i`` / sequence ``i`` of both
  from the same study), ``keys``, ``text_keys`` (of the anchors), ``duplicates`` (items dropped from this batch
  because their key was already in it) and, when any item has hard negatives, ``negatives`` (a text dict) with
  ``negative_owner [N]`` (the batch index of the anchor each negative belongs to). The anchor is the report as in
  ``clip``; the positive and the hard negatives come from ``megacxr.data.variants.VariantPicker`` (``VariantConfig``):
  an external JSONL's variants of the sample, else ``json["variants"]``, else a rule variant (abbreviations,
  impression only, section reorder, sentence shuffle, style); up to ``hard_negatives`` negatives from the external
  file or ``json["hard_negatives"]``, else, when enabled, rule one-error rewrites. Variants and hard negatives may be
  strings or objects with a ``"text"`` field. No two items of one batch share a key: a repeated key is dropped
  (resampled streams can draw one study twice) and counted in ``duplicates``; the batch is then smaller than
  ``batch_size``. Across ranks and workers, epoch mode deals every sample to exactly one slot per epoch; in resampled
  mode two ranks can draw the same study, and the supcon loss masks such pairs (``sample_ids``), so a study is never
  its own negative. With ``tasks`` (``megacxr.data.tasks``), ``batch["tasks"][name]`` holds each task's ``anchor``,
  ``positive``, ``negative_owner`` (and ``negatives``), ``mask_ids`` (rows with equal ids are not each other's
  negatives), ``text_keys`` (of the queries) and ``task_fallback``; the stage picks one task per optimizer step.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch.utils.data import default_collate, get_worker_info

from megacxr.data.image_tf import CxrTransform, ImageTransformConfig, expand_pixels
from megacxr.data.masking import IGNORE, MaskingConfig, mask_tokens, resolve_mask_token
from megacxr.data.packing import pad_sequences
from megacxr.data.tasks import DEFAULT_INSTRUCTIONS, TaskConfig, check_tasks, label_text
from megacxr.data.text import TextEncoder, prepare_text, text_key
from megacxr.data.variants import VariantConfig, VariantPicker, report_parts
from megacxr.errors import ConfigError, InputError
from megacxr.reports.labels import CHEXPERT_LABELS
from megacxr.reports.negation import negate_report

__all__ = [
    "PIXEL_FORMATS",
    "BatchRecipe",
    "batch_pixels",
    "stack_arrays",
    "ClipCollate",
    "ClipSample",
    "MntpCollate",
    "MntpSample",
    "SupconCollate",
    "SupconSample",
    "clip_batches",
    "collate_text",
    "label_vector",
    "mntp_batches",
    "packed_slots",
    "stack_pixels",
    "supcon_batches",
    "TEXT_KEYS",
]

# the keys of a batch that make up its (main) text field, in either layout
TEXT_KEYS = ("input_ids", "attention_mask", "position_ids", "cu_seqlens", "max_seqlen", "instruction_len")
_IMAGE_EXTS = ("jpg", "png")


# ------------------------------------------------------------------------------------------- sample fields


def _meta(sample: dict) -> dict:
    raw = sample.get("json")
    if raw is None:
        return {}
    meta = json.loads(raw)
    if not isinstance(meta, dict):
        raise InputError("sample json is not an object", field="json")
    return meta


def _txt(sample: dict) -> str | None:
    raw = sample.get("txt")
    return raw.decode("utf-8") if isinstance(raw, (bytes, bytearray)) else raw


def label_vector(meta: dict) -> np.ndarray:
    """``json["labels"]`` as float32 ``[14]`` in ``CHEXPERT_LABELS`` order; NaN where unknown or absent."""
    labels = meta.get("labels") or {}
    out = np.full(len(CHEXPERT_LABELS), np.nan, dtype=np.float32)
    if isinstance(labels, dict):
        for i, name in enumerate(CHEXPERT_LABELS):
            v = labels.get(name)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out[i] = float(v)
    return out


# ---------------------------------------------------------------------------------------------- text layouts


def collate_text(
    seqs: list[list[int]],
    instruction_len: list[int],
    pad_id: int,
    token_budget: int | None,
    labels: list[list[int]] | None = None,
    pad_to_multiple: int = 1,
) -> dict:
    """One text field of a batch: packed (``token_budget``) or padded; see the module docstring."""
    if not seqs:
        raise ValueError("no sequences to collate")
    if token_budget is None:
        length = max(len(s) for s in seqs)
        length = -(-length // pad_to_multiple) * pad_to_multiple
        batch = pad_sequences(
            seqs,
            pad_id,
            length,
            seq_extras={"instruction_len": instruction_len},
            token_extras={"labels": labels} if labels is not None else None,
            token_fill=IGNORE,
        )
        out = {"input_ids": batch.input_ids, "attention_mask": batch.attention_mask}
        out.update(batch.extras)
        return out
    lengths = np.fromiter((len(s) for s in seqs), dtype=np.int64, count=len(seqs))
    if lengths.min() < 1:
        raise ValueError("an empty sequence cannot be packed")
    total = int(lengths.sum())
    slots = -(-total // token_budget) * token_budget
    cu = np.zeros(len(seqs) + 1, dtype=np.int64)
    np.cumsum(lengths, out=cu[1:])
    ids = np.full(slots, pad_id, dtype=np.int64)
    ids[:total] = np.fromiter((t for s in seqs for t in s), dtype=np.int64, count=total)
    pos = np.arange(slots, dtype=np.int64)
    pos[:total] -= np.repeat(cu[:-1], lengths)
    pos[total:] -= total
    out = {
        "input_ids": torch.from_numpy(ids)[None],
        "position_ids": torch.from_numpy(pos)[None],
        "cu_seqlens": torch.from_numpy(cu.astype(np.int32)),
        "max_seqlen": int(lengths.max()),
        "instruction_len": torch.as_tensor(instruction_len, dtype=torch.long),
    }
    if labels is not None:
        lab = np.full(slots, IGNORE, dtype=np.int64)
        lab[:total] = np.fromiter((t for s in labels for t in s), dtype=np.int64, count=total)
        out["labels"] = torch.from_numpy(lab)[None]
    return out


class _Collate:
    def __init__(self, pad_id: int, token_budget: int | None = None, pad_to_multiple: int = 1):
        if token_budget is not None and int(token_budget) < 1:
            raise ConfigError("must be a positive number of tokens (or None for padded batches)", field="token_budget")
        if int(pad_to_multiple) < 1:
            raise ConfigError("must be at least 1", field="pad_to_multiple")
        self.pad_id = int(pad_id)
        self.token_budget = None if token_budget is None else int(token_budget)
        self.pad_to_multiple = int(pad_to_multiple)

    def text(self, seqs, instruction_len, labels=None) -> dict:
        return collate_text(seqs, instruction_len, self.pad_id, self.token_budget, labels, self.pad_to_multiple)


# ---------------------------------------------------------------------------------------------------- clip


def _dtype(value) -> torch.dtype | None:
    if value is None or isinstance(value, torch.dtype):
        return value
    dtype = getattr(torch, str(value).replace("torch.", ""), None)
    if not isinstance(dtype, torch.dtype) or not dtype.is_floating_point:
        raise ConfigError(
            f"{value!r} is not a floating-point torch dtype (float32, bfloat16, float16)", field="pixel_dtype"
        )
    return dtype


PIXEL_FORMATS = ("float", "uint8")


class ClipSample:
    """Raw sample -> ``{key, pixel_values [C,H,W] | (pixels [H,W] uint8, pixel_lut [C,256]), input_ids,
    instruction_len, labels [14]}``; ``pixel_format="uint8"`` defers normalisation (``CxrTransform.encode``)."""

    def __init__(
        self,
        encoder: TextEncoder,
        image_cfg: ImageTransformConfig,
        train: bool = True,
        pixel_format: str = "float",
        negation_negatives: bool = False,
    ):
        if pixel_format not in PIXEL_FORMATS:
            raise ConfigError(
                f"unknown pixel format {pixel_format!r}; choose one of {', '.join(PIXEL_FORMATS)}", field="pixel_format"
            )
        self.encoder = encoder
        self.transform = CxrTransform(image_cfg, train)
        self.pixel_format = pixel_format
        self.negation_negatives = bool(negation_negatives)

    def __call__(self, sample: dict, rng: np.random.Generator) -> dict:
        data = next((sample[e] for e in _IMAGE_EXTS if e in sample), None)
        if data is None:
            raise InputError("sample has no image", field="jpg|png")
        meta = _meta(sample)
        if self.pixel_format == "uint8":
            pixels, lut = self.transform.encode(data, rng)
            item = {"pixels": pixels, "pixel_lut": lut}
        else:
            item = {"pixel_values": self.transform(data, rng)}
        text = prepare_text(meta, _txt(sample), self.encoder.cfg, rng)
        enc = self.encoder.encode(text)
        item.update(
            key=sample["__key__"],
            text_key=text_key(text),
            input_ids=enc.input_ids,
            instruction_len=enc.instruction_len,
            labels=label_vector(meta),
            negatives=[],
        )
        if self.negation_negatives:  # "Bringing CLIP to the Clinic": a finding the report states, negated
            negated = negate_report(text, rng)
            if negated is not None and negated.negated != text:
                item["negatives"] = [self.encoder.encode(negated.negated)]
        return item


def _new_tensor(shape: tuple, dtype: torch.dtype) -> torch.Tensor:
    """An empty tensor, in fresh shared memory inside a DataLoader worker (so it leaves without another copy)."""
    if get_worker_info() is None:
        return torch.empty(shape, dtype=dtype)
    proto = torch.empty(0, dtype=dtype)
    return proto.new(proto._typed_storage()._new_shared(math.prod(shape), device="cpu")).resize_(shape)


def stack_pixels(tensors: list[torch.Tensor], dtype: torch.dtype | None = None) -> torch.Tensor:
    """``[B, C, H, W]`` from the items' images, optionally cast to ``dtype``.

    Inside a DataLoader worker the batch is written straight into shared memory (as ``default_collate`` does), so
    it leaves the worker without another copy. Fresh shared pages are the main cost of handing pixels to the
    trainer (page faults on every batch); ``bfloat16`` halves it, the ``uint8`` pixel format cuts it 12x."""
    elem = tensors[0]
    if dtype is None or dtype == elem.dtype:
        return default_collate(tensors)
    out = _new_tensor((len(tensors), *elem.shape), dtype)
    for i, t in enumerate(tensors):
        out[i].copy_(t)
    return out


def stack_arrays(arrays: list[np.ndarray], dtype: torch.dtype) -> torch.Tensor:
    """``[B, ...]`` from equal-shaped numpy arrays, written once into a (shared, in a worker) tensor."""
    out = _new_tensor((len(arrays), *arrays[0].shape), dtype)
    view = out.numpy()
    for i, a in enumerate(arrays):
        view[i] = a
    return out


def batch_pixels(batch: dict, device=None, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """The normalised ``[B, C, H, W]`` images of a ``clip`` batch in either pixel format, on ``device``: uint8
    batches are moved as uint8 and expanded there (``expand_pixels``)."""
    if "pixel_values" in batch:
        return batch["pixel_values"].to(device=device, dtype=dtype, non_blocking=True)
    pixels = batch["pixels"].to(device=device, non_blocking=True)
    return expand_pixels(pixels, batch["pixel_lut"].to(device=device, non_blocking=True), dtype)


class ClipCollate(_Collate):
    def __init__(
        self,
        pad_id: int,
        token_budget: int | None = None,
        pad_to_multiple: int = 1,
        pixel_dtype: torch.dtype | None = None,
    ):
        super().__init__(pad_id, token_budget, pad_to_multiple)
        self.pixel_dtype = _dtype(pixel_dtype)

    def __call__(self, items: list[dict]) -> dict:
        out = self.text([it["input_ids"] for it in items], [it["instruction_len"] for it in items])
        if "pixels" in items[0]:
            out["pixels"] = stack_arrays([it["pixels"] for it in items], torch.uint8)
            out["pixel_lut"] = stack_arrays([it["pixel_lut"] for it in items], torch.float32)
        else:
            out["pixel_values"] = stack_pixels([it["pixel_values"] for it in items], self.pixel_dtype)
        out["labels"] = torch.from_numpy(np.stack([it["labels"] for it in items]))
        out["keys"] = [it["key"] for it in items]
        if all("text_key" in it for it in items):
            out["text_keys"] = [it["text_key"] for it in items]
        negs = [(b, e) for b, it in enumerate(items) for e in it.get("negatives", ())]
        if negs:
            out["negatives"] = self.text([e.input_ids for _, e in negs], [e.instruction_len for _, e in negs])
            out["negative_owner"] = torch.tensor([b for b, _ in negs], dtype=torch.long)
        return out


# ---------------------------------------------------------------------------------------------------- mntp


class MntpSample:
    """Raw sample -> ``{key, input_ids (masked), labels, instruction_len}``."""

    def __init__(self, encoder: TextEncoder, masking_cfg: MaskingConfig):
        self.encoder = encoder
        self.masking = resolve_mask_token(masking_cfg, encoder.tokenizer)
        self.special = encoder.special_ids

    def __call__(self, sample: dict, rng: np.random.Generator) -> dict:
        enc = self.encoder.encode(prepare_text(_meta(sample), _txt(sample), self.encoder.cfg, rng))
        ids, labels = mask_tokens(enc.input_ids, self.masking, self.special, rng, protect_prefix=enc.instruction_len)
        return {"key": sample["__key__"], "input_ids": ids, "labels": labels, "instruction_len": enc.instruction_len}


class MntpCollate(_Collate):
    def __call__(self, items: list[dict]) -> dict:
        out = self.text(
            [it["input_ids"] for it in items],
            [it["instruction_len"] for it in items],
            labels=[it["labels"] for it in items],
        )
        out["keys"] = [it["key"] for it in items]
        return out


# -------------------------------------------------------------------------------------------------- supcon


class SupconSample:
    """Raw sample -> ``{key, anchor, positive, negatives}`` (each an ``EncodedText``; negatives a list).

    The anchor is the report as in ``clip``. The positive and up to ``hard_negatives`` hard negatives come from
    ``megacxr.data.variants.VariantPicker`` under ``variants`` (a ``VariantConfig``): the external JSONL's
    variants of the sample, else ``json["variants"]``, else a rule variant (abbreviations, impression only,
    section order, sentence shuffle, style) that differs from the anchor whenever a rule applies; negatives from
    the external file, else ``json["hard_negatives"]``, else, with ``rule_hard_negatives``, one-error rewrites.
    """

    def __init__(
        self,
        encoder: TextEncoder,
        hard_negatives: int = 1,
        variants: VariantConfig | None = None,
        tasks: Sequence = (),
    ):
        if int(hard_negatives) < 0:
            raise ConfigError("must be >= 0", field="hard_negatives")
        self.encoder = encoder
        self.hard_negatives = int(hard_negatives)
        self.picker = VariantPicker(variants)
        self.tasks = check_tasks(tasks)
        self.query = {t.name: self._query_encoder(t) for t in self.tasks}

    def _query_encoder(self, task: TaskConfig) -> TextEncoder:
        instruction = task.instruction if task.instruction is not None else DEFAULT_INSTRUCTIONS[task.name]
        if instruction is None or instruction == self.encoder.cfg.instruction:
            return self.encoder
        return TextEncoder(self.encoder.tokenizer, dataclasses.replace(self.encoder.cfg, instruction=instruction))

    def __call__(self, sample: dict, rng: np.random.Generator) -> dict:
        meta, txt = _meta(sample), _txt(sample)
        anchor = prepare_text(meta, txt, self.encoder.cfg, rng)
        positive, negatives = self.picker.pick(sample["__key__"], meta, txt, anchor, self.hard_negatives, rng)
        key = sample["__key__"]
        if not self.tasks:
            enc = self.encoder.encode_batch([anchor, positive, *negatives])
            return {
                "key": key,
                "text_key": text_key(anchor),
                "anchor": enc[0],
                "positive": enc[1],
                "negatives": enc[2:],
            }
        return {
            "key": key,
            "tasks": {t.name: self._pair(t.name, key, meta, txt, anchor, positive, negatives) for t in self.tasks},
        }

    def _pair(self, task: str, key: str, meta: dict, txt, anchor: str, positive: str, negatives: list) -> dict:
        """One task's (query, candidate[, hard negatives]) of this sample (``megacxr.data.tasks``)."""
        query, fallback, mask_id = anchor, False, key
        if task == "findings_to_impression":
            parts = report_parts(meta, txt)
            if parts.findings and parts.impression:
                query, positive, negatives = parts.findings, parts.impression, []
            else:
                fallback, negatives = True, []
        elif task == "label":
            positive, negatives = label_text(meta, anchor), []
            mask_id = "label\0" + positive  # same label text: never each other's negatives
        enc = self.encoder.encode_batch([positive, *negatives])
        return {
            "anchor": self.query[task].encode(query),
            "positive": enc[0],
            "negatives": enc[1:],
            "mask_id": mask_id,
            "text_key": text_key(query),
            "fallback": fallback,
        }


class SupconCollate(_Collate):
    def __call__(self, items: list[dict]) -> dict:
        seen: set[str] = set()
        kept = []
        for it in items:
            if it["key"] not in seen:
                seen.add(it["key"])
                kept.append(it)
        out: dict[str, Any] = {"keys": [it["key"] for it in kept], "duplicates": len(items) - len(kept)}
        if kept and "tasks" in kept[0]:
            out["tasks"] = {}
            for task in kept[0]["tasks"]:
                pairs = [it["tasks"][task] for it in kept]
                sub = self._pairs(pairs)
                sub["mask_ids"] = [p["mask_id"] for p in pairs]
                if all("text_key" in p for p in pairs):
                    sub["text_keys"] = [p["text_key"] for p in pairs]
                sub["task_fallback"] = sum(p["fallback"] for p in pairs)
                out["tasks"][task] = sub
            return out
        out.update(self._pairs(kept))
        if all("text_key" in it for it in kept):  # items made by hand may come without (nothing is then masked)
            out["text_keys"] = [it["text_key"] for it in kept]
        return out

    def _pairs(self, items: list[dict]) -> dict:
        out: dict[str, Any] = {}
        for name in ("anchor", "positive"):
            out[name] = self.text([it[name].input_ids for it in items], [it[name].instruction_len for it in items])
        negs = [(b, e) for b, it in enumerate(items) for e in it["negatives"]]
        out["negative_owner"] = torch.tensor([b for b, _ in negs], dtype=torch.long)
        if negs:
            out["negatives"] = self.text([e.input_ids for _, e in negs], [e.instruction_len for _, e in negs])
        return out


# ------------------------------------------------------------------------------------------------- recipes


@dataclass(frozen=True)
class BatchRecipe:
    """How one kind of sample becomes batches, for ``megacxr.data.pipeline.make_loader``: the shard members it
    reads (``read_exts``), whether a sample without an image counts (``text_only``), and ``make(encoder, train,
    token_budget, pad_to_multiple) -> (sample_fn, collate_fn)``. A stage (``megacxr.train.stages``) picks its recipe
    with ``clip_batches``, ``mntp_batches`` or ``supcon_batches``; a new kind of batch is one more such function."""

    read_exts: tuple[str, ...]
    text_only: bool
    make: Callable[..., tuple]


def _clip_pair(
    encoder, train, token_budget, pad_to_multiple, *, image_cfg, pixel_format, negation_negatives, pixel_dtype
):
    return (
        ClipSample(encoder, image_cfg or ImageTransformConfig(), train, pixel_format, negation_negatives),
        ClipCollate(encoder.pad_id, token_budget, pad_to_multiple, pixel_dtype=pixel_dtype),
    )


def _mntp_pair(encoder, train, token_budget, pad_to_multiple, *, masking_cfg):
    return MntpSample(encoder, masking_cfg or MaskingConfig()), MntpCollate(
        encoder.pad_id, token_budget, pad_to_multiple
    )


def _supcon_pair(encoder, train, token_budget, pad_to_multiple, *, hard_negatives, variants, tasks):
    return (
        SupconSample(encoder, hard_negatives, variants, tasks),
        SupconCollate(encoder.pad_id, token_budget, pad_to_multiple),
    )


def clip_batches(
    image_cfg: ImageTransformConfig | None = None,
    pixel_format: str = "float",
    negation_negatives: bool = False,
    pixel_dtype=None,
) -> BatchRecipe:
    """Image + report batches (``ClipSample`` / ``ClipCollate``); ``pixel_dtype``: the dtype of ``pixel_values``
    (None: float32; ``"bfloat16"`` halves what workers ship); ``pixel_format="uint8"``: gray levels + a table."""
    if pixel_format not in PIXEL_FORMATS:
        raise ConfigError(
            f"unknown pixel format {pixel_format!r}; choose one of {', '.join(PIXEL_FORMATS)}", field="pixel_format"
        )
    return BatchRecipe(
        ("jpg", "png", "txt", "json"),
        False,
        functools.partial(
            _clip_pair,
            image_cfg=image_cfg,
            pixel_format=pixel_format,
            negation_negatives=negation_negatives,
            pixel_dtype=_dtype(pixel_dtype),
        ),
    )


def mntp_batches(masking_cfg: MaskingConfig | None = None) -> BatchRecipe:
    """Masked report batches (``MntpSample`` / ``MntpCollate``); text members only."""
    return BatchRecipe(("txt", "json"), True, functools.partial(_mntp_pair, masking_cfg=masking_cfg))


def supcon_batches(hard_negatives: int = 1, variants: VariantConfig | None = None, tasks: Sequence = ()) -> BatchRecipe:
    """(report, variant[, hard negatives]) batches (``SupconSample`` / ``SupconCollate``); text members only.
    ``tasks`` (``megacxr.data.tasks``): every listed task's pair under ``batch["tasks"][name]``."""
    if int(hard_negatives) < 0:
        raise ConfigError("must be >= 0", field="hard_negatives")
    return BatchRecipe(
        ("txt", "json"),
        True,
        functools.partial(
            _supcon_pair, hard_negatives=int(hard_negatives), variants=variants, tasks=tuple(check_tasks(tasks))
        ),
    )


def packed_slots(total_tokens: int, token_budget: int) -> int:
    """Token slots a packed batch of ``total_tokens`` real tokens takes."""
    return math.ceil(total_tokens / token_budget) * token_budget
