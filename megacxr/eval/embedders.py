"""Text embedders for the evaluations: a megacxr report-encoder export, or any local Hugging Face encoder.

``load_text_embedder(folder, pooling="auto")`` returns an object with ``name``, ``kind`` and
``embed(texts) -> [N, D]`` (float32, on the CPU):

* a megacxr export (``megacxr_encoder.json``, what ``mntp`` / ``supcon`` write): ``load_encoder`` with its pooling
  head, and the text settings it was trained with (its instruction prefix; no sentence shuffle);
* another Hugging Face encoder folder (the BERT family: BERT, RoBERTa, CXR-BERT, BiomedBERT ...): ``AutoModel``
  with ``cls`` (the first token's last hidden state) or ``mean`` (the mean over the attention mask) pooling;
  ``auto`` is ``cls``. This is how baselines go through the same code as our encoders.

Refused, with one line naming the folder and what to use instead: a ``clip`` export (``eval align`` and ``eval
retrieval`` take it), a decoder-only checkpoint that is not a megacxr export (its ``AutoModel`` would silently be
the causal decoder: train or export it with megacxr first), a folder without a tokenizer or a config.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import torch

from megacxr.config import from_dict
from megacxr.data.batches import collate_text
from megacxr.data.text import TextConfig, TextEncoder
from megacxr.errors import InputError
from megacxr.hf_folder import check_tokenizer, check_weights, loading, read_config
from megacxr.models.export import ENCODER_META, export_info, load_encoder

__all__ = ["HFEncoderEmbedder", "MegacxrEmbedder", "POOLINGS", "load_text_embedder"]

POOLINGS = ("auto", "cls", "mean")
DUAL_CONFIG = "dual_tower.json"


def _device(device: str | None) -> torch.device:
    return torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))


def _folder_name(folder: Path) -> str:
    """A run's export is ``<run>/export``: the run's name says more."""
    folder = folder.resolve()
    return folder.parent.name if folder.name == "export" and folder.parent.name else folder.name


class MegacxrEmbedder:
    """A megacxr report-encoder export, embedding texts with the instruction it was trained with."""

    kind = "megacxr"

    def __init__(self, folder: str | Path, device: str | None = None, batch_size: int = 32):
        self.folder = Path(folder)
        self.name = _folder_name(self.folder)
        self.device = _device(device)
        self.batch_size = int(batch_size)
        info = export_info(self.folder)
        text = info.get("text") or {}
        fields = {f.name for f in dataclasses.fields(TextConfig)}
        cfg = from_dict(TextConfig, {k: v for k, v in text.items() if k in fields})
        self.text_cfg = dataclasses.replace(cfg, sentence_shuffle=0.0)
        self.model = load_encoder(self.folder).to(self.device).eval()
        self.encoder = TextEncoder(str(self.folder), self.text_cfg)

    @torch.no_grad()
    def embed(self, texts: Sequence[str]) -> torch.Tensor:
        out = []
        for start in range(0, len(texts), self.batch_size):
            coded = self.encoder.encode_batch(list(texts[start : start + self.batch_size]))
            ids, prefix = [c.input_ids for c in coded], [c.instruction_len for c in coded]
            batch = collate_text(ids, prefix, self.encoder.pad_id, None)
            batch = {k: (v.to(self.device) if isinstance(v, torch.Tensor) else v) for k, v in batch.items()}
            out.append(self.model.embed(batch).float().cpu())
        return torch.cat(out) if out else torch.zeros(0, self.model.hidden_size)


class HFEncoderEmbedder:
    """A Hugging Face encoder (BERT family) with CLS or mean pooling."""

    kind = "hf"

    def __init__(
        self,
        folder: str | Path,
        pooling: str = "cls",
        device: str | None = None,
        batch_size: int = 32,
        max_length: int = 512,
    ):
        from transformers import AutoModel, AutoTokenizer  # start-up cost: only a baseline needs them

        self.folder = Path(folder)
        self.name = f"{_folder_name(self.folder)} ({pooling})"
        self.pooling = pooling
        self.device = _device(device)
        self.batch_size, self.max_length = int(batch_size), int(max_length)
        with loading(self.folder, "encoder"):
            self.tokenizer = AutoTokenizer.from_pretrained(str(self.folder), local_files_only=True)
            self.model = AutoModel.from_pretrained(str(self.folder), local_files_only=True).to(self.device).eval()

    @torch.no_grad()
    def embed(self, texts: Sequence[str]) -> torch.Tensor:
        out = []
        for start in range(0, len(texts), self.batch_size):
            enc = self.tokenizer(
                list(texts[start : start + self.batch_size]),
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="pt",
            ).to(self.device)
            hidden = self.model(**enc).last_hidden_state.float()
            if self.pooling == "cls":
                out.append(hidden[:, 0].cpu())
            else:
                mask = enc["attention_mask"].unsqueeze(-1).float()
                out.append(((hidden * mask).sum(1) / mask.sum(1).clamp_min(1.0)).cpu())
        return torch.cat(out) if out else torch.zeros(0, self.model.config.hidden_size)


def _check_hf_encoder(folder: Path) -> None:
    config = read_config(folder, "encoder")
    check_tokenizer(folder, "encoder")
    archs = [a for a in config.get("architectures") or [] if isinstance(a, str)]
    if config.get("is_decoder") or any(a.endswith("ForCausalLM") for a in archs):
        raise InputError(
            "a decoder-only checkpoint that is not a megacxr export: AutoModel would give the causal decoder; "
            "train it with `megacxr train` (mntp, supcon) and evaluate the export",
            file=folder,
            field="encoder",
        )
    check_weights(folder, "encoder")


def load_text_embedder(
    folder: str | Path, pooling: str = "auto", device: str | None = None, batch_size: int = 32
) -> MegacxrEmbedder | HFEncoderEmbedder:
    """The embedder for ``folder`` (see the module docstring)."""
    if pooling not in POOLINGS:
        raise InputError(f"unknown pooling {pooling!r}; choose one of {', '.join(POOLINGS)}", field="pooling")
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("no such model folder", file=folder, field="encoder")
    if (folder / DUAL_CONFIG).is_file():
        raise InputError(
            "a clip export (image-report model); `megacxr eval align` and `megacxr eval retrieval` take it, "
            "`eval text` takes a report-encoder export (mntp, supcon) or a Hugging Face encoder",
            file=folder,
            field="encoder",
        )
    if (folder / ENCODER_META).is_file():
        return MegacxrEmbedder(folder, device, batch_size)
    _check_hf_encoder(folder)
    return HFEncoderEmbedder(folder, "cls" if pooling == "auto" else pooling, device, batch_size)
