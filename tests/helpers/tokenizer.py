"""Test helpers: train and save a tiny Hugging Face tokenizer locally, and read the demo data's report texts.

``train_tokenizer(texts, out_dir)`` is ``megacxr.models.tokenizer.train_tokenizer`` on ``texts`` plus a few
built-in report sentences (``DEFAULT_TEXTS``): a word-level (default) or byte-level BPE tokenizer with the special
tokens ``<pad> <unk> <s> </s> <mask>`` (ids 0-4) and ``<s>`` first, saved so that
``transformers.AutoTokenizer.from_pretrained(out_dir)`` loads it without any network access.

``demo_report_texts(tmp, studies)`` generates the synthetic MIMIC-CXR demo data and returns each study's
cleaned training text (what the shard builder writes to ``txt``), for tests about report-length statistics.
"""

from __future__ import annotations

from pathlib import Path

from megacxr.models.tokenizer import BOS, EOS, MASK, PAD, SPECIAL_TOKENS, UNK
from megacxr.models.tokenizer import train_tokenizer as _train

__all__ = [
    "BOS",
    "DEFAULT_TEXTS",
    "EOS",
    "MASK",
    "PAD",
    "SPECIAL_TOKENS",
    "UNK",
    "demo_report_texts",
    "train_tokenizer",
]

DEFAULT_TEXTS = [
    "Retrieve the image that best matches the following report: No acute cardiopulmonary process.",
    "The lungs are clear. There is no pleural effusion or pneumothorax. Heart size is normal.",
    "Mild cardiomegaly, e.g. 2.5 cm enlargement. Small left pleural effusion. No. 3 tube in place.",
    "1. Right lower lobe consolidation. 2. Endotracheal tube terminates 4 cm above the carina.",
]


def train_tokenizer(
    texts: list[str] | None,
    out_dir: str | Path,
    kind: str = "wordlevel",
    vocab_size: int = 2000,
    add_bos: bool = True,
    lowercase: bool = False,
) -> Path:
    """Train a tokenizer on ``texts`` (plus a few built-in report sentences) and save it to ``out_dir``."""
    return _train(
        list(texts or []) + DEFAULT_TEXTS,
        out_dir,
        kind=kind,
        vocab_size=vocab_size,
        add_bos=add_bos,
        lowercase=lowercase,
    )


def demo_report_texts(tmp: str | Path, studies: int = 400, seed: int = 0) -> list[str]:
    """Cleaned training texts of a synthetic MIMIC-CXR dataset of ``studies`` studies (generated under ``tmp``)."""
    from megacxr.reports.textclean import CleaningConfig, clean_study_text
    from megacxr.synth import generate

    root = Path(tmp) / "mimic"
    meta = generate("mimic-cxr", root, studies=studies, seed=seed, image_size=32)
    cfg = CleaningConfig()
    texts = []
    for path in sorted((root / meta["reports"]).rglob("s*.txt")):
        clean = clean_study_text(path.read_text(), {}, cfg, "mimic-cxr")
        if clean.problem is None:
            texts.append(clean.text)
    return texts
